// build-filter: a copy of the scorer module with a model baked in, one file to
// deploy. The model goes into a new active data segment at the reserved region
// below the module's static data (assembly/constants.ts EMBED_REGION_*), where
// the scorer looks for it on its first call. No recompilation, no host support.

import { CliError } from "../util/errors.ts";
import { concat } from "../wasm/scorer.ts";

const SECTION_DATA = 11;
const SECTION_DATA_COUNT = 12;
const WASM_HEADER = 8;
const EMBED_MAGIC = 0x424d454c; // "LEMB"
const EMBED_PREFIX = 8;
const OP_I32_CONST = 0x41;
const OP_END = 0x0b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function readUleb(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return { value, next: at };
  }
}

interface RawSection {
  id: number;
  body: Uint8Array;
}

function sections(wasm: Uint8Array): RawSection[] {
  const out: RawSection[] = [];
  let at = WASM_HEADER;
  while (at < wasm.length) {
    const id = wasm[at];
    const { value: size, next } = readUleb(wasm, at + 1);
    out.push({ id, body: wasm.subarray(next, next + size) });
    at = next + size;
  }
  return out;
}

function encode(id: number, body: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(id, ...uleb(body.length)), body]);
}

/** Replaces the leading count of a vector-shaped section body with count + 1 and appends `extra`. */
function appendToVector(body: Uint8Array, extra: Uint8Array): Uint8Array {
  const { value: count, next } = readUleb(body, 0);
  return concat([Uint8Array.from(uleb(count + 1)), body.subarray(next), extra]);
}

export interface EmbedRegion {
  start: number;
  end: number;
}

/** The scorer module with `model` embedded; `region` is where the module reads it (its embed_region_* exports). */
export function embedModel(wasm: Uint8Array, model: Uint8Array, region: EmbedRegion): Uint8Array {
  const capacity = region.end - region.start - EMBED_PREFIX;
  if (model.length > capacity) {
    throw new CliError("E_MODEL_TOO_LARGE", `model is ${model.length} bytes; an embedded model may be at most ${capacity}`, "train with fewer --iso-forest-estimators");
  }
  const payload = new Uint8Array(EMBED_PREFIX + model.length);
  const view = new DataView(payload.buffer);
  view.setUint32(0, EMBED_MAGIC, true);
  view.setUint32(4, model.length, true);
  payload.set(model, EMBED_PREFIX);
  // Active segment for memory 0: flags 0, offset expression (i32.const start; end), byte vector.
  const segment = concat([Uint8Array.of(0, OP_I32_CONST, ...sleb(region.start), OP_END, ...uleb(payload.length)), payload]);
  const out: Uint8Array[] = [wasm.subarray(0, WASM_HEADER)];
  let placed = false;
  for (const s of sections(wasm)) {
    if (s.id === SECTION_DATA) {
      out.push(encode(s.id, appendToVector(s.body, segment)));
      placed = true;
    } else if (s.id === SECTION_DATA_COUNT) {
      out.push(encode(s.id, Uint8Array.from(uleb(readUleb(s.body, 0).value + 1))));
    } else {
      out.push(encode(s.id, s.body));
    }
  }
  if (!placed) throw new Error("scorer module has no data section to extend");
  return concat(out);
}
