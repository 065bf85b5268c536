// Checks a model file (docs/model-format.md) and maps views onto it. The bytes
// are copied once into an aligned heap block owned by the Model, so every f32
// and u32 below is read in place with load<T>. Nothing here traps on hostile
// input: every count is checked against the bytes that hold it before use.
//
// File layout (all little-endian, offsets from the start of the file):
//   +0   u32 magic "LADM"     +4 u16 major   +6 u16 minor
//   +8   u32 flags            +12 u32 schema hash
//   +16  u32 section count    +20 u32 reserved
//   +24  sections: u16 id, u16 reserved, u32 payload length, payload padded to 8
//   end-4  u32 CRC-32 of every byte before it

import {
  Activation,
  FIRST_OPTIONAL_SECTION,
  HEADER_SIZE,
  MAX_LAYER_WIDTH,
  MAX_LAYERS,
  MAX_TREES,
  MODEL_MAGIC,
  MODEL_MAJOR,
  N_CALIBRATORS,
  N_SEVERITY_CUTS,
  NODE_BYTES,
  PROFILE_BYTES,
  SECTION_ALIGN,
  SECTION_HEADER_SIZE,
  Section,
  TRAILER_SIZE,
  MAX_AUTOENCODER_WEIGHTS,
  MAX_CALIBRATION_RAW,
  MAX_MODEL_BYTES,
} from "../../contract/model-format.ts";
import { DEFAULT_IP_CAPACITY, DEFAULT_USER_CAPACITY, MAX_ENTITY_CAPACITY, MIN_ENTITY_CAPACITY } from "../../contract/bounds.ts";
import { ALERT_SCORE } from "../constants";
import { crc32 } from "./crc32";
import { ascending } from "./sorted-keys";
import { checkInputConfig } from "../event/input-config";
import { checkAllowNames, checkAllowlist } from "./allowlist-view";
import { Err } from "../../contract/errors.ts";
import { BaselineSet, N_FEATURES, N_RULE_PARAMS, schemaHash } from "../features/schema";
import { ForestLayout, layOutForest } from "../detect/forest-layout";

/** Coverage masks of a baseline that saw every hour and every weekday (and of a model without COVERAGE). */
// @ts-ignore: decorator
@inline const ALL_HOURS: u32 = 0xffffff;
// @ts-ignore: decorator
@inline const ALL_WEEKDAYS: u32 = 0x7f;

export class Model {
  /** Owned copy of the file. */
  bytes: usize = 0;
  length: i32 = 0;

  hasNormalization: bool = false;
  mean: usize = 0; // f32[N_FEATURES]
  invStd: usize = 0; // f32[N_FEATURES]
  rawP99: usize = 0; // f32[N_FEATURES]

  nTrees: i32 = 0;
  cPsi: f32 = 1;
  forest: ForestLayout = new ForestLayout(); // the trees as iforest.ts walks them

  nLayers: i32 = 0;
  layerIn: StaticArray<i32> = new StaticArray<i32>(0);
  layerOut: StaticArray<i32> = new StaticArray<i32>(0);
  layerAct: StaticArray<i32> = new StaticArray<i32>(0);
  layerW: StaticArray<usize> = new StaticArray<usize>(0);
  layerB: StaticArray<usize> = new StaticArray<usize>(0);

  hasRules: bool = false;
  rules: usize = 0; // f32[N_RULE_PARAMS]

  setPtr: StaticArray<usize> = new StaticArray<usize>(BaselineSet.COUNT);
  setCount: StaticArray<i32> = new StaticArray<i32>(BaselineSet.COUNT);
  profiles: usize = 0;
  profileCount: i32 = 0;

  hasCalibration: bool = false;
  calibration: usize = 0; // f32[N_CALIBRATORS][3]: low, threshold, high
  severityCuts: usize = 0; // f32[N_SEVERITY_CUTS]

  userCapacity: i32 = DEFAULT_USER_CAPACITY;
  ipCapacity: i32 = DEFAULT_IP_CAPACITY;

  /** FIELD_MAP payload (input-config.ts): the log format and field map to read records with; 0 = defaults. */
  inputConfig: usize = 0;
  inputConfigLen: i32 = 0;

  /** ALLOWLIST payload (allowlist-view.ts): entities whose alerts are suppressed; 0 = none. */
  allowlist: usize = 0;
  /** ALLOWLIST_NAMES payload: the names behind the allowlist's keys; 0 = none (keys alone decide). */
  allowNames: usize = 0;
  allowNamesSize: i32 = 0;

  /** COVERAGE: bit h set: the baseline has events in UTC hour h; bit d: on weekday d (Monday = 0). */
  coverHours: u32 = ALL_HOURS;
  coverWeekdays: u32 = ALL_WEEKDAYS;
  /** Some hour or weekday is missing from the baseline (features/coverage.ts holds it). */
  get partialCoverage(): bool {
    return this.coverHours != ALL_HOURS || this.coverWeekdays != ALL_WEEKDAYS;
  }

  /** Every detector, the calibration and the severity bands are present: the model can score. */
  get complete(): bool {
    return this.hasNormalization && this.nTrees > 0 && this.nLayers > 0 && this.hasRules && this.hasCalibration && this.severityCuts != 0;
  }

  dispose(): void {
    if (this.bytes != 0) heap.free(this.bytes);
    this.bytes = 0;
    this.forest.dispose();
  }
}

/** Result of the last parse; a failed parse leaves the previous model in service. */
export let parseError: Err = Err.NONE;

// @ts-ignore: decorator
@inline function pad(n: i32): i32 {
  return (n + SECTION_ALIGN - 1) & ~(SECTION_ALIGN - 1);
}

function isPowerOfTwo(n: u32): bool {
  return n != 0 && (n & (n - 1)) == 0;
}

/** Each calibrator's low <= threshold <= high, within [0, MAX_CALIBRATION_RAW]: raw scores are never negative. */
function calibrationInRange(p: usize): bool {
  for (let i = 0; i < N_CALIBRATORS; i++) {
    const c = p + 12 * <usize>i;
    const low = load<f32>(c);
    const threshold = load<f32>(c, 4);
    const high = load<f32>(c, 8);
    if (!(low >= 0 && threshold >= low && high >= threshold && high <= MAX_CALIBRATION_RAW)) return false; // also NaN
  }
  return true;
}

function finiteArray(p: usize, n: i32): bool {
  for (let i = 0; i < n; i++) if (!isFinite(load<f32>(p + 4 * i))) return false; // bounds: n checked by caller
  return true;
}

/** Parses `len` bytes at `src`. Returns a new Model, or null with `parseError` set. */
export function parseModel(src: usize, len: i32): Model | null {
  parseError = Err.NONE;
  if (len < HEADER_SIZE + TRAILER_SIZE) return fail(Err.MODEL_TOO_SHORT);
  if (<u32>len > MAX_MODEL_BYTES) return fail(Err.MODEL_OVER_BUDGET);
  if (load<u32>(src) != MODEL_MAGIC) return fail(Err.MODEL_BAD_MAGIC);
  if (load<u16>(src, 4) != MODEL_MAJOR) return fail(Err.MODEL_BAD_VERSION);
  if (load<u32>(src, 8) != 0) return fail(Err.MODEL_BAD_FLAGS);
  const body = len - TRAILER_SIZE;
  if (crc32(src, body) != load<u32>(src + <usize>body)) return fail(Err.MODEL_BAD_CHECKSUM);
  if (load<u32>(src, 12) != schemaHash()) return fail(Err.MODEL_SCHEMA_MISMATCH);

  const m = new Model();
  m.bytes = heap.alloc(len);
  m.length = len;
  memory.copy(m.bytes, src, len);
  const base = m.bytes;
  const sections = load<u32>(base, 16);
  let off = HEADER_SIZE;
  for (let s: u32 = 0; s < sections; s++) {
    if (off + SECTION_HEADER_SIZE > body) return failWith(m, Err.MODEL_BAD_SECTION);
    const id = load<u16>(base + off);
    const size = load<u32>(base + off + 4);
    const payload = off + SECTION_HEADER_SIZE;
    if (size > <u32>(body - payload)) return failWith(m, Err.MODEL_BAD_SECTION);
    const err = readSection(m, id, base + payload, <i32>size);
    if (err != Err.NONE) return failWith(m, err);
    off = payload + pad(<i32>size);
  }
  if (off != body) return failWith(m, Err.MODEL_BAD_SECTION);
  // Checked once every section is read: the names must name exactly the allowlist's keys.
  if (m.allowNames != 0 && !checkAllowNames(m.allowNames, m.allowNamesSize, m.allowlist)) return failWith(m, Err.MODEL_BAD_ALLOWLIST);
  return m;
}

function fail(e: Err): Model | null {
  parseError = e;
  return null;
}

function failWith(m: Model, e: Err): Model | null {
  m.dispose();
  return fail(e);
}

function readSection(m: Model, id: u16, p: usize, size: i32): Err {
  switch (<i32>id) {
    case Section.META:
      return size >= 40 && load<u32>(p, 28) == <u32>N_FEATURES ? Err.NONE : Err.MODEL_SCHEMA_MISMATCH;
    case Section.NORMALIZATION:
      return readNormalization(m, p, size);
    case Section.IFOREST:
      return readForest(m, p, size);
    case Section.AUTOENCODER:
      return readAutoencoder(m, p, size);
    case Section.RULES:
      if (size < 8 + 4 * N_RULE_PARAMS || load<u32>(p) != <u32>N_RULE_PARAMS) return Err.MODEL_SCHEMA_MISMATCH;
      if (!finiteArray(p + 8, N_RULE_PARAMS)) return Err.MODEL_BAD_VALUES;
      m.rules = p + 8;
      m.hasRules = true;
      return Err.NONE;
    case Section.BASELINES:
      return readBaselines(m, p, size);
    case Section.CALIBRATION:
      if (size < 8 + 12 * N_CALIBRATORS || load<u32>(p) != <u32>N_CALIBRATORS) return Err.MODEL_BAD_VALUES;
      if (!calibrationInRange(p + 8)) return Err.MODEL_BAD_VALUES;
      m.calibration = p + 8;
      m.hasCalibration = true;
      return Err.NONE;
    case Section.SEVERITY: {
      if (size < 8 + 4 * N_SEVERITY_CUTS || load<u32>(p) != <u32>N_SEVERITY_CUTS) return Err.MODEL_BAD_VALUES;
      // Strictly ascending from the alert threshold: cuts of 0,0,0,0 would make every record CRITICAL.
      let prev: f32 = ALERT_SCORE;
      for (let i = 0; i < N_SEVERITY_CUTS; i++) {
        const c = load<f32>(p + 8 + 4 * i);
        if (!(i == 0 ? c >= prev : c > prev) || !(c <= 1)) return Err.MODEL_BAD_VALUES;
        prev = c;
      }
      m.severityCuts = p + 8;
      return Err.NONE;
    }
    case Section.STATE: {
      if (size < 8) return Err.MODEL_BAD_SECTION;
      const users = load<u32>(p);
      const ips = load<u32>(p, 4);
      if (!isPowerOfTwo(users) || !isPowerOfTwo(ips) || users < <u32>MIN_ENTITY_CAPACITY || ips < <u32>MIN_ENTITY_CAPACITY) return Err.MODEL_BAD_VALUES;
      if (users > <u32>MAX_ENTITY_CAPACITY || ips > <u32>MAX_ENTITY_CAPACITY) return Err.MODEL_OVER_BUDGET;
      m.userCapacity = <i32>users;
      m.ipCapacity = <i32>ips;
      return Err.NONE;
    }
    case Section.FIELD_MAP:
      if (!checkInputConfig(p, size)) return Err.MODEL_BAD_VALUES;
      m.inputConfig = p;
      m.inputConfigLen = size;
      return Err.NONE;
    case Section.ALLOWLIST:
      // Optional (an older scorer skips it and alerts on the listed entities), but once read it must be sound.
      if (!checkAllowlist(p, size)) return Err.MODEL_BAD_ALLOWLIST;
      m.allowlist = p;
      return Err.NONE;
    case Section.COVERAGE: {
      // Optional (an older scorer skips it and judges unseen hours and weekdays as unusual), but once read it must be sound.
      if (size < 16) return Err.MODEL_BAD_SECTION;
      const hours = load<u32>(p);
      const weekdays = load<u32>(p, 4);
      if (hours == 0 || hours > ALL_HOURS || weekdays == 0 || weekdays > ALL_WEEKDAYS) return Err.MODEL_BAD_VALUES;
      m.coverHours = hours;
      m.coverWeekdays = weekdays;
      return Err.NONE;
    }
    case Section.ALLOWLIST_NAMES:
      m.allowNames = p;
      m.allowNamesSize = size;
      return Err.NONE;
    default:
      return id >= FIRST_OPTIONAL_SECTION ? Err.NONE : Err.MODEL_UNKNOWN_SECTION;
  }
}

function readNormalization(m: Model, p: usize, size: i32): Err {
  if (size < 8 + 12 * N_FEATURES || load<u32>(p) != <u32>N_FEATURES) return Err.MODEL_SCHEMA_MISMATCH;
  if (!finiteArray(p + 8, 3 * N_FEATURES)) return Err.MODEL_BAD_VALUES;
  m.mean = p + 8;
  m.invStd = m.mean + 4 * N_FEATURES;
  m.rawP99 = m.invStd + 4 * N_FEATURES;
  m.hasNormalization = true;
  return Err.NONE;
}

function readForest(m: Model, p: usize, size: i32): Err {
  if (size < 16) return Err.MODEL_BAD_FOREST;
  const nTrees = load<u32>(p);
  const cPsi = load<f32>(p, 8);
  if (nTrees == 0 || nTrees > <u32>MAX_TREES || !(cPsi > 0) || !isFinite(cPsi)) return Err.MODEL_BAD_FOREST;
  const starts = new StaticArray<usize>(<i32>nTrees);
  const counts = new StaticArray<u32>(<i32>nTrees);
  const end = p + <usize>size;
  let q = p + 16;
  for (let t = 0; t < <i32>nTrees; t++) {
    if (q + 8 > end) return Err.MODEL_BAD_FOREST;
    const count = load<u32>(q);
    const nodes = q + 8;
    if (count == 0 || count > 65535 || <usize>count * NODE_BYTES > end - nodes) return Err.MODEL_BAD_FOREST;
    // Every internal node must point strictly forward so a walk always ends at a leaf.
    for (let i: u32 = 0; i < count; i++) {
      const n = nodes + <usize>i * NODE_BYTES;
      const thr = load<f32>(n);
      const feature = load<i16>(n, 4);
      const right = <u32>load<u16>(n, 6);
      if (!isFinite(thr)) return Err.MODEL_BAD_FOREST;
      if (feature < 0) continue;
      if (<i32>feature >= N_FEATURES || i + 1 >= count || right <= i + 1 || right >= count) return Err.MODEL_BAD_FOREST;
    }
    unchecked((starts[t] = nodes));
    unchecked((counts[t] = count));
    q = nodes + <usize>count * NODE_BYTES;
  }
  m.forest.dispose();
  m.forest = layOutForest(starts, counts);
  m.nTrees = <i32>nTrees;
  m.cPsi = cPsi;
  return Err.NONE;
}

function readAutoencoder(m: Model, p: usize, size: i32): Err {
  if (size < 8) return Err.MODEL_BAD_AUTOENCODER;
  const n = <i32>load<u32>(p);
  if (n < 1 || n > MAX_LAYERS) return Err.MODEL_BAD_AUTOENCODER;
  const ins = new StaticArray<i32>(n);
  const outs = new StaticArray<i32>(n);
  const acts = new StaticArray<i32>(n);
  const ws = new StaticArray<usize>(n);
  const bs = new StaticArray<usize>(n);
  const end = p + <usize>size;
  let q = p + 8;
  let width = N_FEATURES;
  let weights: u32 = 0;
  for (let l = 0; l < n; l++) {
    if (q + 16 > end) return Err.MODEL_BAD_AUTOENCODER;
    const a = <i32>load<u32>(q);
    const b = <i32>load<u32>(q, 4);
    const act = <i32>load<u32>(q, 8);
    if (a != width || b < 1 || b > MAX_LAYER_WIDTH || <u32>act > <u32>Activation.TANH) return Err.MODEL_BAD_AUTOENCODER;
    weights += <u32>a * <u32>b; // a, b <= MAX_LAYER_WIDTH and n <= 16: no wrap
    if (weights > MAX_AUTOENCODER_WEIGHTS) return Err.MODEL_BAD_AUTOENCODER;
    const floats = <usize>a * <usize>b + <usize>b;
    if (floats * 4 > end - (q + 16)) return Err.MODEL_BAD_AUTOENCODER;
    if (!finiteArray(q + 16, <i32>floats)) return Err.MODEL_BAD_VALUES;
    unchecked((ins[l] = a));
    unchecked((outs[l] = b));
    unchecked((acts[l] = act));
    unchecked((ws[l] = q + 16));
    unchecked((bs[l] = q + 16 + <usize>a * <usize>b * 4));
    q += 16 + floats * 4;
    width = b;
  }
  if (width != N_FEATURES) return Err.MODEL_BAD_AUTOENCODER;
  m.nLayers = n;
  m.layerIn = ins;
  m.layerOut = outs;
  m.layerAct = acts;
  m.layerW = ws;
  m.layerB = bs;
  return Err.NONE;
}

function readBaselines(m: Model, p: usize, size: i32): Err {
  const end = p + <usize>size;
  if (size < 8) return Err.MODEL_BAD_BASELINES;
  const nSets = load<u32>(p);
  let q = p + 8;
  for (let s: u32 = 0; s < nSets; s++) {
    if (q + 8 > end) return Err.MODEL_BAD_BASELINES;
    const id = load<u32>(q);
    const count = load<u32>(q, 4);
    const items = q + 8;
    if (count > <u32>((end - items) / 4)) return Err.MODEL_BAD_BASELINES; // divide: count * 4 could wrap
    if (!ascending(items, <i32>count, 4)) return Err.MODEL_BAD_BASELINES;
    if (id < <u32>BaselineSet.COUNT) {
      unchecked((m.setPtr[id] = items));
      unchecked((m.setCount[id] = <i32>count));
    }
    q = items + <usize>pad(<i32>count * 4);
  }
  if (q + 8 > end) return Err.MODEL_BAD_BASELINES;
  const nProfiles = load<u32>(q);
  const items = q + 8;
  if (nProfiles > <u32>((end - items) / PROFILE_BYTES)) return Err.MODEL_BAD_BASELINES; // divide: n * 16 could wrap
  if (!ascending(items, <i32>nProfiles, PROFILE_BYTES)) return Err.MODEL_BAD_BASELINES;
  m.profiles = items;
  m.profileCount = <i32>nProfiles;
  return Err.NONE;
}
