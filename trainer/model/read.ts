// Decodes a model file into ModelData (for inspect, drift reports and tests).
// It checks the envelope (magic, version, flags, checksum, section bounds) with
// messages a user can act on; the scorer re-checks everything it relies on.

import { crc32 } from "./crc32.ts";
import {
  ACTIVATIONS, CALIBRATORS, FIELD_NAMES, FIRST_OPTIONAL_SECTION, HEADER_SIZE, LOG_FORMAT_NAMES, MODEL_MAGIC, MODEL_MAJOR,
  NODE_BYTES, PROFILE_BYTES, SECTION, SECTION_ALIGN, SECTION_HEADER_SIZE, TRAILER_SIZE, type ModelData,
  type CalibratorParams, type FieldMapEntry, type Ipv4Range,
} from "./format.ts";
import type { DenseLayer } from "../detectors/autoencoder/model.ts";
import type { IForestTree } from "../detectors/iforest/model.ts";

export class ModelFormatError extends Error {
  override name = "ModelFormatError";
}

class ByteReader {
  private view: DataView;
  constructor(
    private bytes: Uint8Array,
    public pos: number,
    private end: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number): void {
    if (this.pos + n > this.end) throw new ModelFormatError("model section overruns its declared size (corrupted file)");
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  i16(): number {
    this.need(2);
    const v = this.view.getInt16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  f32(): number {
    this.need(4);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  f32s(n: number): Float32Array {
    this.need(4 * n);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.f32();
    return out;
  }
  u32s(n: number): Uint32Array {
    this.need(4 * n);
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32();
    return out;
  }
  bytesOf(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  align(): void {
    this.pos = Math.ceil(this.pos / SECTION_ALIGN) * SECTION_ALIGN;
  }
}

export interface SectionExtent {
  id: number;
  offset: number;
  size: number;
}

/** Checks the envelope and lists the sections without decoding them. */
export function modelSections(bytes: Uint8Array): SectionExtent[] {
  if (bytes.length < HEADER_SIZE + TRAILER_SIZE) throw new ModelFormatError(`model file is truncated (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MODEL_MAGIC) throw new ModelFormatError("not a log-anomaly model file (bad magic)");
  const major = view.getUint16(4, true);
  if (major !== MODEL_MAJOR) {
    const remedy = major > MODEL_MAJOR ? "it comes from a newer log-anomaly: upgrade log-anomaly to read it" : "it comes from an older log-anomaly: retrain it with this version";
    throw new ModelFormatError(`model format version ${major}.${view.getUint16(6, true)} is not supported (this version reads ${MODEL_MAJOR}.x): ${remedy}`);
  }
  if (view.getUint32(8, true) !== 0) throw new ModelFormatError("model uses a format flag this version does not know");
  const body = bytes.length - TRAILER_SIZE;
  if (crc32(bytes.subarray(0, body)) !== view.getUint32(body, true)) {
    throw new ModelFormatError("model checksum mismatch: the file is corrupted or truncated");
  }
  const count = view.getUint32(16, true);
  const out: SectionExtent[] = [];
  let off = HEADER_SIZE;
  for (let s = 0; s < count; s++) {
    if (off + SECTION_HEADER_SIZE > body) throw new ModelFormatError("model section table overruns the file");
    const id = view.getUint16(off, true);
    const size = view.getUint32(off + 4, true);
    const payload = off + SECTION_HEADER_SIZE;
    if (size > body - payload) throw new ModelFormatError(`model section ${id} overruns the file`);
    out.push({ id, offset: payload, size });
    off = payload + Math.ceil(size / SECTION_ALIGN) * SECTION_ALIGN;
  }
  if (off !== body) throw new ModelFormatError("model has bytes after its last section");
  return out;
}

export function readModel(bytes: Uint8Array): ModelData {
  const sections = modelSections(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const m: ModelData = {
    schemaHash: view.getUint32(12, true),
    meta: { trainedAtMs: 0, baselineStartMs: 0, baselineEndMs: 0, baselineEvents: 0, nFeatures: 0, contamination: 0, randomState: 0 },
  };
  for (const s of sections) {
    const r = new ByteReader(bytes, s.offset, s.offset + s.size);
    switch (s.id) {
      case SECTION.META:
        m.meta = {
          trainedAtMs: r.f64(),
          baselineStartMs: r.f64(),
          baselineEndMs: r.f64(),
          baselineEvents: r.u32(),
          nFeatures: r.u32(),
          contamination: r.f32(),
          randomState: r.u32(),
        };
        break;
      case SECTION.NORMALIZATION: {
        const n = r.u32();
        r.u32();
        m.normalization = { mean: r.f32s(n), invStd: r.f32s(n), rawP99: r.f32s(n) };
        break;
      }
      case SECTION.IFOREST: {
        const nTrees = r.u32();
        const maxSamples = r.u32();
        r.f32();
        r.u32();
        const trees: IForestTree[] = [];
        for (let t = 0; t < nTrees; t++) {
          const count = r.u32();
          r.u32();
          r.need(NODE_BYTES * count); // before allocating: a corrupted count must not allocate gigabytes
          const tree: IForestTree = { feature: new Int16Array(count), threshold: new Float32Array(count), right: new Uint16Array(count) };
          for (let i = 0; i < count; i++) {
            tree.threshold[i] = r.f32();
            tree.feature[i] = r.i16();
            tree.right[i] = r.u16();
          }
          trees.push(tree);
        }
        m.iforest = { nFeatures: m.meta.nFeatures, maxSamples, trees };
        break;
      }
      case SECTION.AUTOENCODER: {
        const n = r.u32();
        r.u32();
        const layers: DenseLayer[] = [];
        for (let l = 0; l < n; l++) {
          const inSize = r.u32();
          const outSize = r.u32();
          const activation = ACTIVATIONS[r.u32()];
          if (!activation) throw new ModelFormatError("model autoencoder has an unknown activation");
          r.u32();
          layers.push({ inSize, outSize, activation, weights: r.f32s(inSize * outSize), bias: r.f32s(outSize) });
        }
        m.autoencoder = { nFeatures: layers[0]?.inSize ?? 0, layers };
        break;
      }
      case SECTION.RULES: {
        const n = r.u32();
        r.u32();
        m.rules = r.f32s(n);
        break;
      }
      case SECTION.BASELINES: {
        const nSets = r.u32();
        r.u32();
        const sets: Uint32Array[] = [];
        for (let i = 0; i < nSets; i++) {
          const id = r.u32();
          sets[id] = r.u32s(r.u32());
          r.align();
        }
        const n = r.u32();
        r.u32();
        r.need(PROFILE_BYTES * n);
        const profiles = { hash: new Uint32Array(n), hourMask: new Uint32Array(n), bytesP99: new Float32Array(n), events: new Uint32Array(n) };
        for (let i = 0; i < n; i++) {
          profiles.hash[i] = r.u32();
          profiles.hourMask[i] = r.u32();
          profiles.bytesP99[i] = r.f32();
          profiles.events[i] = r.u32();
        }
        m.baselines = { sets, profiles };
        break;
      }
      case SECTION.CALIBRATION: {
        const n = r.u32();
        r.u32();
        const cal: CalibratorParams[] = [];
        for (let i = 0; i < n; i++) cal.push({ low: r.f32(), threshold: r.f32(), high: r.f32() });
        if (n !== CALIBRATORS.length) throw new ModelFormatError("model calibration section has the wrong number of calibrators");
        m.calibration = cal;
        break;
      }
      case SECTION.SEVERITY: {
        const n = r.u32();
        r.u32();
        m.severityCuts = Array.from(r.f32s(n));
        break;
      }
      case SECTION.STATE:
        m.state = { userCapacity: r.u32(), ipCapacity: r.u32() };
        break;
      case SECTION.FIELD_MAP: {
        const logFormat = LOG_FORMAT_NAMES[r.u32()];
        if (!logFormat) throw new ModelFormatError("model field map has an unknown log format");
        const n = r.u32();
        r.need(8 * n); // before allocating
        const fieldMap: FieldMapEntry[] = [];
        for (let i = 0; i < n; i++) {
          const field = FIELD_NAMES[r.u32()];
          if (!field) throw new ModelFormatError("model field map names an unknown field");
          const path = new TextDecoder().decode(r.bytesOf(r.u32()));
          r.pos = Math.ceil((r.pos - s.offset) / 4) * 4 + s.offset;
          fieldMap.push({ field, path });
        }
        m.input = { logFormat, fieldMap };
        break;
      }
      case SECTION.TRAINING_INFO:
        m.trainingInfo = JSON.parse(new TextDecoder().decode(r.bytesOf(s.size)));
        break;
      case SECTION.ALLOWLIST: {
        const [users, ips, pairs, nRanges] = [r.u32(), r.u32(), r.u32(), r.u32()];
        const lists = { users: r.u32s(users), ips: r.u32s(ips), pairs: r.u32s(pairs) };
        r.need(8 * nRanges); // before allocating
        const ranges: Ipv4Range[] = [];
        for (let i = 0; i < nRanges; i++) ranges.push({ network: r.u32(), prefix: r.u32() });
        m.allowlist = { ...lists, ranges };
        break;
      }
      case SECTION.COVERAGE:
        m.coverage = { hourMask: r.u32(), weekdayMask: r.u32(), days: r.u32() };
        break;
      case SECTION.ALLOWLIST_NAMES: {
        const [users, ips, pairs, textLength] = [r.u32(), r.u32(), r.u32(), r.u32()];
        const offsets = r.u32s(users + ips + 2 * pairs + 1);
        const text = r.bytesOf(textLength);
        const at = (i: number) => new TextDecoder().decode(text.subarray(offsets[i], offsets[i + 1]));
        const names = {
          users: Array.from({ length: users }, (_, i) => at(i)),
          ips: Array.from({ length: ips }, (_, i) => at(users + i)),
          pairs: Array.from({ length: pairs }, (_, i): [string, string] => [at(users + ips + 2 * i), at(users + ips + 2 * i + 1)]),
        };
        if (m.allowlist) m.allowlist.names = names;
        else throw new ModelFormatError("model has ALLOWLIST_NAMES without an ALLOWLIST section");
        break;
      }
      default:
        if (s.id < FIRST_OPTIONAL_SECTION) throw new ModelFormatError(`model has required section ${s.id}, unknown to this version: it comes from a newer log-anomaly, upgrade log-anomaly to read it`);
    }
  }
  return m;
}
