// Which log format the scanner reads records as, and the user's field map: the FIELD_MAP section of
// a model (docs/model-format.md §5.10), so the filter reads the fields training read. Installing a
// model applies its section, or the defaults (auto, no map) when it has none; the Node hosts can
// also set one before any model exists (index.ts set_input). Applying rebuilds the field table's
// user entries: once per model, never per record.
//
// Payload (little-endian):
//   +0  u32  log_format   LogFormat below
//   +4  u32  n            entries, at most MAX_FIELD_MAP
//   +8  entry[n]          u32 field (event-fill.ts Field), u32 length, u8[length] dotted path,
//                         zero padding to a multiple of 4
// A path is 1..MAX_PATH_BYTES bytes of 1..MAX_PATH_DEPTH segments split at '.', each segment
// 1..MAX_KEY_LEN bytes.

import { Cap, MAX_KEY_LEN, MAX_PATH_DEPTH, addUserPath, resetUserPaths } from "./field-table";
import { MAX_FIELD_MAP, MAX_PATH_BYTES } from "../../contract/model-format.ts";
import { Field } from "./event-fill";

export const enum LogFormat {
  AUTO = 0,
  AUTH = 1,
  SYSLOG = 2,
  SECURITY = 3,
  ECS = 4,
  CLOUDTRAIL = 5,
  COUNT = 6,
}

// @ts-ignore: decorator
@inline const ENTRY_HEADER: i32 = 8;
// @ts-ignore: decorator
@inline const PAYLOAD_HEADER: i32 = 8;

/** The format records are read as; AUTO decides per record. */
export let gLogFormat: i32 = LogFormat.AUTO;
/** Field-map entries in force: entry i fills capture Cap.USER_MAP + i, read into USER_FIELD[i]. */
export let gUserMapCount: i32 = 0;
// @ts-ignore: decorator
@lazy const USER_FIELD: usize = memory.data(MAX_FIELD_MAP);

// @ts-ignore: decorator
@inline export function userMapField(i: i32): Field {
  return <Field>load<u8>(USER_FIELD + <usize>i); // bounds: i < gUserMapCount <= MAX_FIELD_MAP
}

// @ts-ignore: decorator
@inline function pad4(n: u32): u32 {
  return (n + 3) & ~3;
}

/** Whether [p, p+size) is a well-formed payload (every count and length checked against size). */
export function checkInputConfig(p: usize, size: i32): bool {
  if (size < PAYLOAD_HEADER) return false;
  if (load<u32>(p) >= <u32>LogFormat.COUNT) return false;
  const n = load<u32>(p, 4);
  if (n > <u32>MAX_FIELD_MAP) return false;
  let off = PAYLOAD_HEADER;
  for (let i: u32 = 0; i < n; i++) {
    if (off + ENTRY_HEADER > size) return false;
    const field = load<u32>(p + <usize>off);
    const len = load<u32>(p + <usize>off, 4);
    if (field >= <u32>Field.COUNT || len < 1 || len > <u32>MAX_PATH_BYTES) return false;
    if (<u32>(size - off - ENTRY_HEADER) < pad4(len)) return false;
    if (!checkPath(p + <usize>(off + ENTRY_HEADER), <i32>len)) return false;
    off += ENTRY_HEADER + <i32>pad4(len);
  }
  return true;
}

/** Installs a payload that passed checkInputConfig. */
export function applyInputConfig(p: usize, size: i32): void {
  resetUserPaths();
  gLogFormat = <i32>load<u32>(p);
  const n = <i32>load<u32>(p, 4);
  let off = PAYLOAD_HEADER;
  gUserMapCount = 0;
  for (let i = 0; i < n; i++) {
    const field = load<u32>(p + <usize>off);
    const len = <i32>load<u32>(p + <usize>off, 4);
    store<u8>(USER_FIELD + <usize>i, <u8>field);
    addUserPath(p + <usize>(off + ENTRY_HEADER), len, <i32>Cap.USER_MAP + i);
    gUserMapCount = i + 1;
    off += ENTRY_HEADER + <i32>pad4(<u32>len);
  }
}

/** Back to the defaults: auto-detection, no field map. */
export function applyDefaultInput(): void {
  resetUserPaths();
  gLogFormat = LogFormat.AUTO;
  gUserMapCount = 0;
}

// --- internal ---

function checkPath(p: usize, len: i32): bool {
  let start = 0;
  let segments = 0;
  for (let i = 0; i <= len; i++) {
    if (i < len && load<u8>(p + <usize>i) != 0x2e) continue; // bounds: i < len
    const seg = i - start;
    if (seg < 1 || seg > MAX_KEY_LEN || ++segments > MAX_PATH_DEPTH) return false;
    start = i + 1;
  }
  return true;
}
