// Serialises a ModelData into the model file format (docs/model-format.md).

import { crc32 } from "./crc32.ts";
import { averagePathLength } from "../detectors/iforest/model.ts";
import {
  ACTIVATIONS, FIELD_NAMES, HEADER_SIZE, LOG_FORMAT_NAMES, MODEL_MAGIC, MODEL_MAJOR, SECTION, SECTION_ALIGN,
  TRAILER_SIZE, minorVersionOf, type AllowNames, type Allowlist, type InputSettings, type ModelData,
} from "./format.ts";

/** Little-endian append-only byte buffer. */
class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.length, v, true);
    this.length += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
  }
  i16(v: number): void {
    this.ensure(2);
    this.view.setInt16(this.length, v, true);
    this.length += 2;
  }
  f32(v: number): void {
    this.ensure(4);
    this.view.setFloat32(this.length, v, true);
    this.length += 4;
  }
  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
  }
  f32s(a: ArrayLike<number>): void {
    for (let i = 0; i < a.length; i++) this.f32(a[i]);
  }
  u32s(a: ArrayLike<number>): void {
    for (let i = 0; i < a.length; i++) this.u32(a[i]);
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  pad(align: number): void {
    while (this.length % align !== 0) {
      this.ensure(1);
      this.buf[this.length++] = 0;
    }
  }
  setU32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, true);
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

type SectionWriter = (w: ByteWriter) => void;

function sectionsOf(m: ModelData): Array<[number, SectionWriter]> {
  const out: Array<[number, SectionWriter]> = [];
  out.push([
    SECTION.META,
    (w) => {
      w.f64(m.meta.trainedAtMs);
      w.f64(m.meta.baselineStartMs);
      w.f64(m.meta.baselineEndMs);
      w.u32(m.meta.baselineEvents);
      w.u32(m.meta.nFeatures);
      w.f32(m.meta.contamination);
      w.u32(m.meta.randomState);
    },
  ]);
  const norm = m.normalization;
  if (norm) {
    out.push([
      SECTION.NORMALIZATION,
      (w) => {
        w.u32(norm.mean.length);
        w.u32(0);
        w.f32s(norm.mean);
        w.f32s(norm.invStd);
        w.f32s(norm.rawP99);
      },
    ]);
  }
  const forest = m.iforest;
  if (forest) {
    out.push([
      SECTION.IFOREST,
      (w) => {
        w.u32(forest.trees.length);
        w.u32(forest.maxSamples);
        w.f32(averagePathLength(forest.maxSamples));
        w.u32(0);
        for (const t of forest.trees) {
          w.u32(t.feature.length);
          w.u32(0);
          for (let i = 0; i < t.feature.length; i++) {
            w.f32(t.threshold[i]);
            w.i16(t.feature[i]);
            w.u16(t.right[i]);
          }
        }
      },
    ]);
  }
  const ae = m.autoencoder;
  if (ae) {
    out.push([
      SECTION.AUTOENCODER,
      (w) => {
        w.u32(ae.layers.length);
        w.u32(0);
        for (const l of ae.layers) {
          w.u32(l.inSize);
          w.u32(l.outSize);
          w.u32(ACTIVATIONS.indexOf(l.activation));
          w.u32(0);
          w.f32s(l.weights);
          w.f32s(l.bias);
        }
      },
    ]);
  }
  const rules = m.rules;
  if (rules) {
    out.push([
      SECTION.RULES,
      (w) => {
        w.u32(rules.length);
        w.u32(0);
        w.f32s(rules);
      },
    ]);
  }
  const b = m.baselines;
  if (b) {
    out.push([
      SECTION.BASELINES,
      (w) => {
        w.u32(b.sets.length);
        w.u32(0);
        b.sets.forEach((set, id) => {
          w.u32(id);
          w.u32(set.length);
          w.u32s(set);
          w.pad(SECTION_ALIGN);
        });
        const p = b.profiles;
        w.u32(p.hash.length);
        w.u32(0);
        for (let i = 0; i < p.hash.length; i++) {
          w.u32(p.hash[i]);
          w.u32(p.hourMask[i]);
          w.f32(p.bytesP99[i]);
          w.u32(p.events[i]);
        }
      },
    ]);
  }
  const cal = m.calibration;
  if (cal) {
    out.push([
      SECTION.CALIBRATION,
      (w) => {
        w.u32(cal.length);
        w.u32(0);
        for (const c of cal) {
          w.f32(c.low);
          w.f32(c.threshold);
          w.f32(c.high);
        }
      },
    ]);
  }
  const cuts = m.severityCuts;
  if (cuts) {
    out.push([
      SECTION.SEVERITY,
      (w) => {
        w.u32(cuts.length);
        w.u32(0);
        w.f32s(cuts);
      },
    ]);
  }
  const state = m.state;
  if (state) {
    out.push([
      SECTION.STATE,
      (w) => {
        w.u32(state.userCapacity);
        w.u32(state.ipCapacity);
      },
    ]);
  }
  const input = m.input;
  if (input) out.push([SECTION.FIELD_MAP, (w) => writeInput(w, input)]);
  const info = m.trainingInfo;
  if (info) {
    out.push([SECTION.TRAINING_INFO, (w) => w.bytes(new TextEncoder().encode(JSON.stringify(info)))]);
  }
  const allow = m.allowlist;
  if (allow) out.push([SECTION.ALLOWLIST, (w) => writeAllowlist(w, allow)]);
  const cover = m.coverage;
  if (cover) out.push([SECTION.COVERAGE, (w) => w.u32s([cover.hourMask, cover.weekdayMask, cover.days, 0])]);
  const names = allow?.names;
  if (names) out.push([SECTION.ALLOWLIST_NAMES, (w) => writeAllowNames(w, names)]);
  return out;
}

/** ALLOWLIST payload: four u32 counts, the three key lists, then (network, prefix) per range. */
function writeAllowlist(w: ByteWriter, a: Allowlist): void {
  w.u32(a.users.length);
  w.u32(a.ips.length);
  w.u32(a.pairs.length);
  w.u32(a.ranges.length);
  w.u32s(a.users);
  w.u32s(a.ips);
  w.u32s(a.pairs);
  for (const r of a.ranges) {
    w.u32(r.network);
    w.u32(r.prefix);
  }
}

/** ALLOWLIST_NAMES payload: u32 counts (users, IPs, pairs), u32 text length, u32 start offsets (and the end) of every name, the names' bytes. */
function writeAllowNames(w: ByteWriter, n: AllowNames): void {
  const texts = [...n.users, ...n.ips, ...n.pairs.flat()].map((t) => new TextEncoder().encode(t));
  const offsets = [0];
  for (const t of texts) offsets.push(offsets.at(-1)! + t.length);
  w.u32(n.users.length);
  w.u32(n.ips.length);
  w.u32(n.pairs.length);
  w.u32(offsets.at(-1)!);
  w.u32s(offsets);
  for (const t of texts) w.bytes(t);
}

/** FIELD_MAP payload: u32 log format, u32 n, then per entry u32 field, u32 length, path bytes padded to 4. */
function writeInput(w: ByteWriter, input: InputSettings): void {
  const format = LOG_FORMAT_NAMES.indexOf(input.logFormat);
  if (format < 0) throw new Error(`unknown log format ${input.logFormat}`);
  w.u32(format);
  w.u32(input.fieldMap.length);
  for (const e of input.fieldMap) {
    const field = FIELD_NAMES.indexOf(e.field);
    if (field < 0) throw new Error(`unknown field ${e.field}`);
    const path = new TextEncoder().encode(e.path);
    w.u32(field);
    w.u32(path.length);
    w.bytes(path);
    w.pad(4);
  }
}

/** The FIELD_MAP payload alone, as the scorer's set_input takes it. */
export function inputPayload(input: InputSettings): Uint8Array {
  const w = new ByteWriter();
  writeInput(w, input);
  return w.result();
}

export function writeModel(m: ModelData): Uint8Array {
  const w = new ByteWriter();
  const sections = sectionsOf(m);
  w.u32(MODEL_MAGIC);
  w.u16(MODEL_MAJOR);
  w.u16(minorVersionOf(m));
  w.u32(0); // flags: none defined in 1.0
  w.u32(m.schemaHash);
  w.u32(sections.length);
  w.u32(0);
  if (w.length !== HEADER_SIZE) throw new Error("model header size drifted from the format");
  for (const [id, write] of sections) {
    w.u16(id);
    w.u16(0);
    const sizeAt = w.length;
    w.u32(0);
    const start = w.length;
    write(w);
    w.setU32(sizeAt, w.length - start);
    w.pad(SECTION_ALIGN);
  }
  const body = w.result();
  w.u32(crc32(body));
  const out = w.result();
  if (out.length !== body.length + TRAILER_SIZE) throw new Error("model trailer size drifted from the format");
  return out;
}
