// One-pass JSON record scanner: validates a whole record as strict JSON (RFC 8259) and fills an
// Event from the record's top-level members, without recursion and without allocating.
//
//   scanRecord(ptr, len, ev, scan, arena)
//     ev     ← aliased top-level fields (see ALIASES below), strings decoded into `arena`
//     scan   ← validity, error code/position, '{' and '}' offsets, spans of our own output keys
//
// Rules (the contract other modules rely on):
// - Only bytes in [ptr, ptr+len) are read; every load sits behind a length check (`// bounds:`).
// - Nesting is tracked with an explicit depth counter and a byte stack of MAX_DEPTH levels
//   (the top-level object is depth 1); deeper input is TOO_DEEP.
// - Raw control bytes (< 0x20, including NUL) are invalid anywhere; inside strings they must be
//   escaped. Bytes >= 0x80 inside strings are taken as they are (invalid UTF-8 is not rejected).
// - Field values: a string is decoded (escapes → UTF-8, lone surrogates → U+FFFD); a number,
//   `true` or `false` is taken as its raw text; `null`, "", objects and arrays count as absent
//   (and then a lower-priority alias may still supply the field).
// - When several aliases of one field are present, the alias listed first wins; when the same
//   key repeats, its first usable occurrence wins.
// - Each decoded field is capped (FIELD_CAP, MESSAGE_CAP) and truncated at a UTF-8 boundary;
//   so is everything that would not fit in the arena.
// - On any error, `ev` is reset (no partial events), `scan.valid` is false and no own spans are
//   reported.

import { Event, Slice } from "./event";
import { epochToMs, parseDecimal, parseTimestamp } from "./timestamp";

// ---- limits ----

/** Maximum nesting depth, the top-level object counting as 1; deeper input is TOO_DEEP. */
// @ts-ignore: decorator
@inline export const MAX_DEPTH: i32 = 512;
/** Spans of own output keys recorded per record; further ones set `ownOverflow`. */
// @ts-ignore: decorator
@inline export const OWN_SPAN_CAPACITY: i32 = 32;
/** Scratch bytes for decoded field values, allocated once per Arena. */
// @ts-ignore: decorator
@inline export const ARENA_CAPACITY: i32 = 64 * 1024;
/** Cap on one decoded field (bytes). */
// @ts-ignore: decorator
@inline export const FIELD_CAP: i32 = 1024;
/** Cap on the decoded message (bytes). */
// @ts-ignore: decorator
@inline export const MESSAGE_CAP: i32 = 4096;
/** Longest key the alias table can hold; longer keys never match. Must stay < 32 (bucket index). */
// @ts-ignore: decorator
@inline export const MAX_KEY_LEN: i32 = 31;

/** Why a record was rejected. 0 = accepted. */
export const enum ScanError {
  NONE = 0,
  EMPTY = 1, // zero length or only whitespace
  NOT_OBJECT = 2, // valid JSON, but the top level is not an object
  INVALID_JSON = 3,
  TOO_DEEP = 4, // nesting over MAX_DEPTH
  TRAILING_DATA = 5, // a complete value followed by something other than whitespace
  BAD_RANGE = 6, // [ptr, ptr+len) is not inside linear memory
}

// ---- field aliases: the one place that maps input keys onto Event fields ----

/** Event field ids; index into ALIASES. */
export const enum Field {
  TIMESTAMP = 0,
  USER = 1,
  SOURCE_IP = 2,
  HOST = 3,
  EVENT_TYPE = 4,
  ACTION = 5,
  MESSAGE = 6,
  PATH = 7,
  BYTES = 8,
  COUNT = 9,
}

/** Per field, its input keys in priority order (first wins). Keys are ASCII. */
export const ALIASES: StaticArray<StaticArray<string>> = [
  /* TIMESTAMP  */ ["timestamp", "time", "@timestamp", "datetime", "date"],
  /* USER       */ ["user", "username", "uid", "account", "identity", "user_name"],
  /* SOURCE_IP  */ ["source_ip", "src_ip", "ip", "client_ip", "remote_addr", "src"],
  /* HOST       */ ["host", "hostname", "dest_host", "destination_host", "computer"],
  /* EVENT_TYPE */ ["event_type", "type", "event", "category"],
  /* ACTION     */ ["action", "result", "status", "outcome"],
  /* MESSAGE    */ ["message", "msg", "description", "text", "log"],
  /* PATH       */ ["path", "file", "file_path", "resource", "object"],
  /* BYTES      */ ["bytes", "size", "bytes_out", "bytes_sent", "bytes_transferred", "length"],
];

/** Keys this scorer writes into its output; their spans are recorded so they can be replaced. */
export const OWN_KEYS: StaticArray<string> = [
  "anomaly_score",
  "threat_type",
  "severity",
  "anomaly_reasons",
  "anomaly_error",
  "mitre_technique",
  "incident_id",
];

// ---- public types ----

/** Result of scanning one record (offsets relative to the record start). Allocated once. */
export class RecordScan {
  valid: bool = false;
  /** ScanError code, 0 = ok. */
  error: i32 = ScanError.NONE;
  /** Offset of the byte where the error was detected, -1 when none. */
  errorPos: i32 = -1;
  /** Offsets of the top-level '{' and its matching '}', -1 when not reached. */
  objStart: i32 = -1;
  objEnd: i32 = -1;
  /** Spans [keyOpeningQuote, endOfValue) of top-level members whose key is in OWN_KEYS. */
  ownCount: i32 = 0;
  ownOverflow: bool = false;
  ownStart: StaticArray<i32> = new StaticArray<i32>(OWN_SPAN_CAPACITY);
  ownEnd: StaticArray<i32> = new StaticArray<i32>(OWN_SPAN_CAPACITY);

  reset(): void {
    this.valid = false;
    this.error = ScanError.NONE;
    this.errorPos = -1;
    this.objStart = -1;
    this.objEnd = -1;
    this.ownCount = 0;
    this.ownOverflow = false;
  }
}

/** Fixed-capacity scratch buffer for decoded strings; allocated once, rewound per record. */
export class Arena {
  readonly buf: StaticArray<u8>;
  readonly base: usize;
  readonly capacity: i32;
  pos: i32 = 0;

  constructor(capacity: i32 = ARENA_CAPACITY) {
    this.buf = new StaticArray<u8>(capacity);
    this.base = changetype<usize>(this.buf);
    this.capacity = capacity;
  }

  reset(): void {
    this.pos = 0;
  }

  // @ts-ignore: decorator
  @inline get remaining(): i32 {
    return this.capacity - this.pos;
  }
}

// ---- byte constants ----

// @ts-ignore: decorator
@inline const CH_TAB: u32 = 0x09;
// @ts-ignore: decorator
@inline const CH_LF: u32 = 0x0a;
// @ts-ignore: decorator
@inline const CH_CR: u32 = 0x0d;
// @ts-ignore: decorator
@inline const CH_SPACE: u32 = 0x20;
// @ts-ignore: decorator
@inline const CH_QUOTE: u32 = 0x22;
// @ts-ignore: decorator
@inline const CH_COMMA: u32 = 0x2c;
// @ts-ignore: decorator
@inline const CH_MINUS: u32 = 0x2d;
// @ts-ignore: decorator
@inline const CH_DOT: u32 = 0x2e;
// @ts-ignore: decorator
@inline const CH_SLASH: u32 = 0x2f;
// @ts-ignore: decorator
@inline const CH_0: u32 = 0x30;
// @ts-ignore: decorator
@inline const CH_COLON: u32 = 0x3a;
// @ts-ignore: decorator
@inline const CH_LBRACKET: u32 = 0x5b;
// @ts-ignore: decorator
@inline const CH_BACKSLASH: u32 = 0x5c;
// @ts-ignore: decorator
@inline const CH_RBRACKET: u32 = 0x5d;
// @ts-ignore: decorator
@inline const CH_LBRACE: u32 = 0x7b;
// @ts-ignore: decorator
@inline const CH_RBRACE: u32 = 0x7d;
// @ts-ignore: decorator
@inline const CH_E_UPPER: u32 = 0x45;
// @ts-ignore: decorator
@inline const CH_E_LOWER: u32 = 0x65;
// @ts-ignore: decorator
@inline const CH_B: u32 = 0x62;
// @ts-ignore: decorator
@inline const CH_F: u32 = 0x66;
// @ts-ignore: decorator
@inline const CH_N: u32 = 0x6e;
// @ts-ignore: decorator
@inline const CH_R: u32 = 0x72;
// @ts-ignore: decorator
@inline const CH_T: u32 = 0x74;
// @ts-ignore: decorator
@inline const CH_U: u32 = 0x75;

/** Little-endian ASCII words for the literals: "true", "null", "alse" (after 'f'). */
// @ts-ignore: decorator
@inline const WORD_TRUE: u32 = 0x65757274;
// @ts-ignore: decorator
@inline const WORD_NULL: u32 = 0x6c6c756e;
// @ts-ignore: decorator
@inline const WORD_ALSE: u32 = 0x65736c61;

// SWAR constants for 8-byte string scanning.
// @ts-ignore: decorator
@inline const SWAR_ONES: u64 = 0x0101010101010101;
// @ts-ignore: decorator
@inline const SWAR_HIGH: u64 = 0x8080808080808080;
// @ts-ignore: decorator
@inline const SWAR_QUOTE: u64 = 0x2222222222222222;
// @ts-ignore: decorator
@inline const SWAR_BACKSLASH: u64 = 0x5c5c5c5c5c5c5c5c;
// @ts-ignore: decorator
@inline const SWAR_CONTROL: u64 = 0x2020202020202020;

// ---- errors as negative positions ----
// Internal scanners return the next position (>= 0) or -(ScanError); the failing offset is kept
// in gErrPos.

// @ts-ignore: decorator
@inline const ERR_INVALID: i32 = -ScanError.INVALID_JSON;
// @ts-ignore: decorator
@inline const ERR_TOO_DEEP: i32 = -ScanError.TOO_DEEP;

// ---- static scratch (allocated once, in the data segment) ----

/** Container stack for skipValue: 1 = object, 0 = array, one byte per level (MAX_DEPTH bytes). */
// @ts-ignore: decorator
@lazy const DEPTH_STACK: usize = memory.data(MAX_DEPTH);
/** Decoded bytes of a key that contains escapes (MAX_KEY_LEN bytes; longer keys never match). */
// @ts-ignore: decorator
@lazy const KEY_SCRATCH: usize = memory.data(MAX_KEY_LEN);
/** Best alias rank seen per field in the current record (Field.COUNT bytes; RANK_NONE = none). */
// @ts-ignore: decorator
@lazy const FIELD_RANK: usize = memory.data(Field.COUNT);
// @ts-ignore: decorator
@inline const RANK_NONE: u8 = 0xff;

// @ts-ignore: decorator
@lazy let gErrPos: i32 = -1;
/** Set by scanString: whether the string just scanned contained a backslash escape. */
// @ts-ignore: decorator
@lazy let gEscaped: bool = false;
/** Set by decodeString: whether the output was cut at `limit`. */
// @ts-ignore: decorator
@lazy let gTruncated: bool = false;

// ---- key lookup table ----
//
// Key codes: (field << KEY_FIELD_SHIFT) | rank, or KEY_OWN; KEY_NONE = not ours.
// Buckets are indexed by (length << 5) | (first byte & 31) and chain through KEY_NEXT; the
// compare against the candidate's bytes happens only after length and first byte agree.

// @ts-ignore: decorator
@inline const KEY_FIELD_SHIFT: i32 = 4;
// @ts-ignore: decorator
@inline const KEY_RANK_MASK: i32 = (1 << KEY_FIELD_SHIFT) - 1;
// @ts-ignore: decorator
@inline const KEY_OWN: i32 = 0x100;
// @ts-ignore: decorator
@inline const KEY_NONE: i32 = -1;
// @ts-ignore: decorator
@inline const KEY_BUCKETS: i32 = 32 * 32;
/** Upper bound on table entries (entry ids are u8, 0 = end of chain). */
// @ts-ignore: decorator
@inline const KEY_TABLE_MAX: i32 = 255;

// @ts-ignore: decorator
@lazy const KEY_HEAD: usize = memory.data(KEY_BUCKETS); // u8 entry id + 1 per bucket
// @ts-ignore: decorator
@lazy const KEY_NEXT: usize = memory.data(KEY_TABLE_MAX + 1); // u8 next id + 1 per entry
// @ts-ignore: decorator
@lazy const KEY_CODE: usize = memory.data(<i32>((KEY_TABLE_MAX + 1) << 1), 2); // u16 per entry
// @ts-ignore: decorator
@lazy const KEY_ADDR: usize = memory.data(<i32>((KEY_TABLE_MAX + 1) << 2), 4); // u32 UTF-16 text address
// @ts-ignore: decorator
@lazy const KEY_LEN: usize = memory.data(KEY_TABLE_MAX + 1); // u8 length per entry
/** Keeps the key strings alive; the hot path reads KEY_ADDR/KEY_LEN instead. */
const KEY_TEXT = new StaticArray<string>(KEY_TABLE_MAX);
let keyCount: i32 = 0;
let keysRejected: i32 = 0;

/** Keys that could not be added to the lookup table (too long, or table full); tests pin this to 0. */
export function rejectedKeys(): i32 {
  return keysRejected;
}

function addKey(key: string, code: i32): void {
  const len = key.length;
  if (len == 0 || len > MAX_KEY_LEN || keyCount >= KEY_TABLE_MAX) {
    keysRejected++;
    return;
  }
  const bucket = (len << 5) | (<i32>key.charCodeAt(0) & 31);
  const id = keyCount++;
  unchecked((KEY_TEXT[id] = key));
  store<u16>(KEY_CODE + (<usize>id << 1), <u16>code);
  store<u32>(KEY_ADDR + (<usize>id << 2), <u32>changetype<usize>(key));
  store<u8>(KEY_LEN + <usize>id, <u8>len);
  // Append at the chain's tail so earlier keys are tried first.
  let slot = KEY_HEAD + <usize>bucket;
  while (load<u8>(slot) != 0) slot = KEY_NEXT + <usize>(load<u8>(slot) - 1);
  store<u8>(slot, <u8>(id + 1));
}

function buildKeyTable(): void {
  for (let f = 0; f < Field.COUNT; f++) {
    const names = unchecked(ALIASES[f]);
    for (let r = 0; r < names.length; r++) addKey(unchecked(names[r]), (f << KEY_FIELD_SHIFT) | r);
  }
  for (let i = 0; i < OWN_KEYS.length; i++) addKey(unchecked(OWN_KEYS[i]), KEY_OWN);
}
buildKeyTable();

/** Looks up raw key bytes (no escapes). */
function lookupKey(p: usize, len: i32): i32 {
  if (<u32>(len - 1) >= <u32>MAX_KEY_LEN) return KEY_NONE;
  let id = <i32>load<u8>(KEY_HEAD + <usize>((len << 5) | (<i32>load<u8>(p) & 31))); // bounds: len >= 1
  while (id != 0) {
    const k = id - 1;
    if (<i32>load<u8>(KEY_LEN + <usize>k) == len) {
      const text = <usize>load<u32>(KEY_ADDR + (<usize>k << 2));
      let i: i32 = 0;
      // Table keys are ASCII: compare each UTF-16 unit with one input byte.
      while (i < len && <u32>load<u16>(text + (<usize>i << 1)) == <u32>load<u8>(p + <usize>i)) i++; // bounds: i < len
      if (i == len) return <i32>load<u16>(KEY_CODE + (<usize>k << 1));
    }
    id = <i32>load<u8>(KEY_NEXT + <usize>k);
  }
  return KEY_NONE;
}

// ---- per-record context ----
// The hot path works on raw addresses only: under the incremental runtime every function that
// holds a managed reference (Event, Slice, Arena, string) spills it to the shadow stack, which
// cost more than the scanning itself. scanRecord copies what it needs into these globals.

// @ts-ignore: decorator
@lazy let gEvent: usize = 0; // the Event being filled (fields written through offsetof)
// @ts-ignore: decorator
@lazy let gArenaBase: usize = 0;
// @ts-ignore: decorator
@lazy let gArenaCap: i32 = 0;
// @ts-ignore: decorator
@lazy let gArenaPos: i32 = 0;
// @ts-ignore: decorator
@lazy let gOwnStart: usize = 0; // data of RecordScan.ownStart
// @ts-ignore: decorator
@lazy let gOwnEnd: usize = 0; // data of RecordScan.ownEnd
// @ts-ignore: decorator
@lazy let gOwnCount: i32 = 0;
// @ts-ignore: decorator
@lazy let gOwnOverflow: bool = false;
// @ts-ignore: decorator
@lazy let gObjStart: i32 = -1;
// @ts-ignore: decorator
@lazy let gObjEnd: i32 = -1;

// ---- entry point ----

/**
 * Validates the record at [ptr, ptr+len) and fills `ev` and `scan` from its top-level members.
 * Resets `ev`, `scan` and `arena` first; slices in `ev` stay valid until the arena is reset.
 * On error `ev` is left reset, `scan.ownCount` is 0 and only error, errorPos, objStart and
 * objEnd are meaningful.
 */
export function scanRecord(ptr: usize, len: i32, ev: Event, scan: RecordScan, arena: Arena): void {
  ev.reset();
  scan.reset();
  arena.reset();
  gEvent = changetype<usize>(ev);
  gArenaBase = arena.base;
  gArenaCap = arena.capacity;
  gArenaPos = 0;
  gOwnStart = changetype<usize>(scan.ownStart);
  gOwnEnd = changetype<usize>(scan.ownEnd);
  gOwnCount = 0;
  gOwnOverflow = false;
  gObjStart = -1;
  gObjEnd = -1;
  gErrPos = -1;
  memory.fill(FIELD_RANK, RANK_NONE, Field.COUNT);

  const error = scanTop(ptr, len);

  scan.objStart = gObjStart;
  scan.objEnd = gObjEnd;
  if (error == ScanError.NONE) {
    scan.valid = true;
    scan.ownCount = gOwnCount;
    scan.ownOverflow = gOwnOverflow;
    arena.pos = gArenaPos;
  } else {
    ev.reset(); // no partial events
    scan.error = error;
    scan.errorPos = gErrPos;
  }
  gEvent = 0;
}

// --- internal ---

/** Records the error position and returns the code. */
function fail(error: i32, pos: i32): i32 {
  gErrPos = pos;
  return error;
}

/** The whole record; returns a ScanError code. */
function scanTop(ptr: usize, len: i32): i32 {
  if (len <= 0) return fail(ScanError.EMPTY, 0);
  if (<u64>ptr + <u64>len > (<u64>memory.size() << 16)) return fail(ScanError.BAD_RANGE, 0);

  const end = len;
  let p = skipWs(ptr, end, 0);
  if (p >= end) return fail(ScanError.EMPTY, p);

  if (<u32>load<u8>(ptr + <usize>p) != CH_LBRACE) { // bounds: p < end
    const q = skipValue(ptr, end, p, 0);
    if (q < 0) return -q;
    const r = skipWs(ptr, end, q);
    return r < end ? fail(ScanError.TRAILING_DATA, r) : fail(ScanError.NOT_OBJECT, p);
  }

  gObjStart = p;
  p = skipWs(ptr, end, p + 1);
  if (p < end && <u32>load<u8>(ptr + <usize>p) == CH_RBRACE) { // bounds: p < end
    gObjEnd = p;
    return afterObject(ptr, end, p + 1);
  }

  while (true) {
    // key
    if (p >= end || <u32>load<u8>(ptr + <usize>p) != CH_QUOTE) return fail(ScanError.INVALID_JSON, p); // bounds: p < end
    const keyStart = p;
    const keyClose = scanString(ptr, end, p + 1);
    if (keyClose < 0) return -keyClose;
    const code = gEscaped
      ? lookupEscapedKey(ptr, p + 1, keyClose)
      : lookupKey(ptr + <usize>(p + 1), keyClose - p - 1);
    p = skipWs(ptr, end, keyClose + 1);
    if (p >= end || <u32>load<u8>(ptr + <usize>p) != CH_COLON) return fail(ScanError.INVALID_JSON, p); // bounds: p < end
    p = skipWs(ptr, end, p + 1);
    if (p >= end) return fail(ScanError.INVALID_JSON, p);

    // value
    let field: i32 = -1;
    if (code >= 0 && code < KEY_OWN) {
      const f = code >> KEY_FIELD_SHIFT;
      // Only a strictly better alias (lower rank) may replace what the field already holds.
      if (<u32>(code & KEY_RANK_MASK) < <u32>load<u8>(FIELD_RANK + <usize>f)) field = f;
    }
    const rank = code & KEY_RANK_MASK;
    const c = <u32>load<u8>(ptr + <usize>p); // bounds: p < end
    let q: i32;
    if (c == CH_QUOTE) {
      q = scanString(ptr, end, p + 1);
      if (q < 0) return -q;
      if (field >= 0) takeString(field, rank, ptr, p + 1, q, gEscaped);
      q++;
    } else if (c == CH_LBRACE || c == CH_LBRACKET) {
      q = skipValue(ptr, end, p, 1);
      if (q < 0) return -q;
    } else if (c == CH_MINUS || c - CH_0 <= 9) {
      q = scanNumber(ptr, end, p);
      if (q < 0) return -q;
      if (field >= 0) takeScalar(field, rank, ptr, p, q, true);
    } else {
      q = scanLiteral(ptr, end, p);
      if (q < 0) return -q;
      // true/false are taken as text; null (c == 'n') is absent.
      if (field >= 0 && c != CH_N) takeScalar(field, rank, ptr, p, q, false);
    }
    if (code == KEY_OWN) {
      const n = gOwnCount;
      if (n < OWN_SPAN_CAPACITY) {
        store<i32>(gOwnStart + (<usize>n << 2), keyStart); // bounds: n < OWN_SPAN_CAPACITY
        store<i32>(gOwnEnd + (<usize>n << 2), q);
        gOwnCount = n + 1;
      } else {
        gOwnOverflow = true;
      }
    }

    // separator
    p = skipWs(ptr, end, q);
    if (p >= end) return fail(ScanError.INVALID_JSON, p);
    const s = <u32>load<u8>(ptr + <usize>p); // bounds: p < end
    if (s == CH_COMMA) {
      p = skipWs(ptr, end, p + 1);
      continue;
    }
    if (s == CH_RBRACE) {
      gObjEnd = p;
      return afterObject(ptr, end, p + 1);
    }
    return fail(ScanError.INVALID_JSON, p);
  }
  return ScanError.INVALID_JSON; // unreachable: the loop only exits through return
}

function afterObject(base: usize, end: i32, p: i32): i32 {
  const r = skipWs(base, end, p);
  return r < end ? fail(ScanError.TRAILING_DATA, r) : ScanError.NONE;
}

// @ts-ignore: decorator
@inline function isWs(c: u32): bool {
  return c == CH_SPACE || c == CH_LF || c == CH_CR || c == CH_TAB;
}

function skipWs(base: usize, end: i32, p: i32): i32 {
  while (p < end && isWs(<u32>load<u8>(base + <usize>p))) p++; // bounds: p < end
  return p;
}

// @ts-ignore: decorator
@inline function hexVal(c: u32): i32 {
  if (c - CH_0 <= 9) return <i32>(c - CH_0);
  const l = (c | 0x20) - 0x61; // 'a'..'f' in either case
  return l <= 5 ? <i32>l + 10 : -1;
}

/** Four hex digits at base+p (caller checked p + 4 <= end), or -1. */
function hex4(base: usize, p: i32): i32 {
  const a = hexVal(<u32>load<u8>(base + <usize>p)); // bounds: caller checked p + 4 <= end
  const b = hexVal(<u32>load<u8>(base + <usize>p, 1));
  const c = hexVal(<u32>load<u8>(base + <usize>p, 2));
  const d = hexVal(<u32>load<u8>(base + <usize>p, 3));
  if ((a | b | c | d) < 0) return -1;
  return (a << 12) | (b << 8) | (c << 4) | d;
}

/**
 * p is just past an opening quote. Returns the offset of the closing quote, or an error.
 * Sets gEscaped. Eight bytes at a time while no quote, backslash or control byte is in sight.
 */
function scanString(base: usize, end: i32, p: i32): i32 {
  let escaped = false;
  while (true) {
    while (p + 8 <= end) {
      const w = load<u64>(base + <usize>p); // bounds: p + 8 <= end
      const q = w ^ SWAR_QUOTE;
      const b = w ^ SWAR_BACKSLASH;
      // A byte is special if it equals '"' or '\\' or is below 0x20. The lowest flagged byte is
      // always a true hit (false positives only appear above a true one), so ctz finds it.
      const t = (((q - SWAR_ONES) & ~q) | ((b - SWAR_ONES) & ~b) | ((w - SWAR_CONTROL) & ~w)) & SWAR_HIGH;
      if (t != 0) {
        p += <i32>(ctz(t) >> 3);
        break;
      }
      p += 8;
    }
    let c: u32 = 0;
    while (p < end) {
      c = <u32>load<u8>(base + <usize>p); // bounds: p < end
      if (c == CH_QUOTE || c == CH_BACKSLASH || c < CH_SPACE) break;
      p++;
    }
    if (p >= end) {
      gErrPos = end;
      return ERR_INVALID; // unterminated
    }
    if (c == CH_QUOTE) {
      gEscaped = escaped;
      return p;
    }
    if (c != CH_BACKSLASH || p + 1 >= end) {
      gErrPos = p;
      return ERR_INVALID; // raw control byte, or a backslash at the very end
    }
    escaped = true;
    const e = <u32>load<u8>(base + <usize>p, 1); // bounds: p + 1 < end
    if (e == CH_U) {
      if (p + 6 > end || hex4(base, p + 2) < 0) {
        gErrPos = p;
        return ERR_INVALID;
      }
      p += 6;
    } else if (
      e == CH_QUOTE || e == CH_BACKSLASH || e == CH_SLASH ||
      e == CH_B || e == CH_F || e == CH_N || e == CH_R || e == CH_T
    ) {
      p += 2;
    } else {
      gErrPos = p;
      return ERR_INVALID;
    }
  }
  return ERR_INVALID; // unreachable
}

/** JSON number starting at p. Returns the offset after it, or an error. */
function scanNumber(base: usize, end: i32, p: i32): i32 {
  const start = p;
  if (<u32>load<u8>(base + <usize>p) == CH_MINUS) p++; // bounds: caller checked p < end
  if (p >= end) return numberError(start);
  let c = <u32>load<u8>(base + <usize>p); // bounds: p < end
  if (c == CH_0) {
    p++;
  } else if (c - CH_0 <= 9) {
    p = skipDigits(base, end, p + 1);
  } else {
    return numberError(p);
  }
  if (p < end && <u32>load<u8>(base + <usize>p) == CH_DOT) { // bounds: p < end
    const q = skipDigits(base, end, p + 1);
    if (q == p + 1) return numberError(q);
    p = q;
  }
  if (p < end) {
    c = <u32>load<u8>(base + <usize>p); // bounds: p < end
    if (c == CH_E_LOWER || c == CH_E_UPPER) {
      p++;
      if (p < end) {
        c = <u32>load<u8>(base + <usize>p); // bounds: p < end
        if (c == CH_MINUS || c == 0x2b /* '+' */) p++;
      }
      const q = skipDigits(base, end, p);
      if (q == p) return numberError(q);
      p = q;
    }
  }
  return p;
}

function numberError(p: i32): i32 {
  gErrPos = p;
  return ERR_INVALID;
}

function skipDigits(base: usize, end: i32, p: i32): i32 {
  while (p < end && <u32>load<u8>(base + <usize>p) - CH_0 <= 9) p++; // bounds: p < end
  return p;
}

/** true / false / null at p. Returns the offset after it, or an error. */
function scanLiteral(base: usize, end: i32, p: i32): i32 {
  const c = <u32>load<u8>(base + <usize>p); // bounds: caller checked p < end
  if (c == CH_F) {
    // bounds: p + 5 <= end
    if (p + 5 <= end && load<u32>(base + <usize>p, 1) == WORD_ALSE) return p + 5;
  } else if (c == CH_T || c == CH_N) {
    // bounds: p + 4 <= end
    if (p + 4 <= end && load<u32>(base + <usize>p) == (c == CH_T ? WORD_TRUE : WORD_NULL)) return p + 4;
  }
  gErrPos = p;
  return ERR_INVALID;
}

/**
 * Validates one complete value at p (no leading whitespace) and returns the offset after it.
 * `depth` is the nesting depth of the container holding the value (0 at top level).
 * Iterative: containers are pushed on DEPTH_STACK.
 */
function skipValue(base: usize, end: i32, p: i32, depth: i32): i32 {
  const floor = depth;
  while (true) {
    // -- one value starts at p --
    if (p >= end) return numberError(p);
    let c = <u32>load<u8>(base + <usize>p); // bounds: p < end
    if (c == CH_LBRACE || c == CH_LBRACKET) {
      if (depth >= MAX_DEPTH) {
        gErrPos = p;
        return ERR_TOO_DEEP;
      }
      const isObject = c == CH_LBRACE;
      store<u8>(DEPTH_STACK + <usize>depth, isObject ? 1 : 0); // bounds: depth < MAX_DEPTH
      depth++;
      p = skipWs(base, end, p + 1);
      if (p >= end) return numberError(p);
      c = <u32>load<u8>(base + <usize>p); // bounds: p < end
      if (c != (isObject ? CH_RBRACE : CH_RBRACKET)) {
        if (isObject) {
          p = skipMemberKey(base, end, p);
          if (p < 0) return p;
        }
        continue; // parse the first element / member value
      }
      depth--; // empty container
      p++;
    } else if (c == CH_QUOTE) {
      p = scanString(base, end, p + 1);
      if (p < 0) return p;
      p++;
    } else if (c == CH_MINUS || c - CH_0 <= 9) {
      p = scanNumber(base, end, p);
      if (p < 0) return p;
    } else {
      p = scanLiteral(base, end, p);
      if (p < 0) return p;
    }

    // -- after a value: close containers until one continues with ',' --
    while (true) {
      if (depth == floor) return p;
      p = skipWs(base, end, p);
      if (p >= end) return numberError(p);
      c = <u32>load<u8>(base + <usize>p); // bounds: p < end
      const inObject = load<u8>(DEPTH_STACK + <usize>(depth - 1)) != 0; // bounds: 0 < depth <= MAX_DEPTH
      if (c == CH_COMMA) {
        p = skipWs(base, end, p + 1);
        if (inObject) {
          p = skipMemberKey(base, end, p);
          if (p < 0) return p;
        }
        break;
      }
      if (c != (inObject ? CH_RBRACE : CH_RBRACKET)) return numberError(p);
      depth--;
      p++;
    }
  }
  return ERR_INVALID; // unreachable
}

/** `"key" ws ':' ws` at p; returns the offset of the member's value. */
function skipMemberKey(base: usize, end: i32, p: i32): i32 {
  if (p >= end || <u32>load<u8>(base + <usize>p) != CH_QUOTE) return numberError(p); // bounds: p < end
  p = scanString(base, end, p + 1);
  if (p < 0) return p;
  p = skipWs(base, end, p + 1);
  if (p >= end || <u32>load<u8>(base + <usize>p) != CH_COLON) return numberError(p); // bounds: p < end
  return skipWs(base, end, p + 1);
}

/** Looks up a key whose raw bytes [start, stop) contain escapes, by decoding it first. */
function lookupEscapedKey(base: usize, start: i32, stop: i32): i32 {
  const n = decodeString(base, start, stop, KEY_SCRATCH, MAX_KEY_LEN);
  if (gTruncated) return KEY_NONE;
  return lookupKey(KEY_SCRATCH, n);
}

/** Largest k <= avail such that cutting src at k does not split a UTF-8 sequence. */
function utf8Cut(src: usize, avail: i32): i32 {
  let k = avail;
  // The first excluded byte must not be a continuation byte (10xxxxxx); back off at most 3.
  let steps = 0;
  while (k > 0 && steps < 3 && (<u32>load<u8>(src + <usize>k) & 0xc0) == 0x80) { // bounds: k <= avail < run length
    k--;
    steps++;
  }
  return k;
}

/** Copies raw bytes [src, src+n) into dst, at most `limit`, cut at a UTF-8 boundary. */
function copyCapped(src: usize, n: i32, dst: usize, limit: i32): i32 {
  if (n > limit) n = utf8Cut(src, limit);
  memory.copy(dst, src, <usize>n);
  return n;
}

/**
 * Decodes the validated string body [start, stop) into dst (at most `limit` bytes).
 * Returns the number of bytes written; output is cut at a code point boundary (gTruncated).
 */
function decodeString(base: usize, start: i32, stop: i32, dst: usize, limit: i32): i32 {
  gTruncated = true; // cleared on the one path that decodes everything
  let w: i32 = 0;
  let p = start;
  while (p < stop) {
    if (<u32>load<u8>(base + <usize>p) != CH_BACKSLASH) { // bounds: p < stop
      let q = p + 1;
      while (q < stop && <u32>load<u8>(base + <usize>q) != CH_BACKSLASH) q++; // bounds: q < stop
      const n = q - p;
      const room = limit - w;
      if (n > room) return w + copyCapped(base + <usize>p, n, dst + <usize>w, room);
      memory.copy(dst + <usize>w, base + <usize>p, <usize>n);
      w += n;
      p = q;
      continue;
    }
    // Escapes were validated by scanString: "\\X" or "\\uXXXX" lies entirely before stop.
    const e = <u32>load<u8>(base + <usize>p, 1); // bounds: validated escape
    let cp: u32;
    if (e == CH_U) {
      cp = <u32>hex4(base, p + 2);
      p += 6;
      if (cp - 0xd800 < 0x400) {
        // High surrogate: combine with a following low surrogate, else U+FFFD.
        let lo: u32 = 0;
        if (
          p + 6 <= stop &&
          <u32>load<u8>(base + <usize>p) == CH_BACKSLASH && // bounds: p + 6 <= stop
          <u32>load<u8>(base + <usize>p, 1) == CH_U
        ) lo = <u32>hex4(base, p + 2);
        if (lo - 0xdc00 < 0x400) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          p += 6;
        } else {
          cp = 0xfffd;
        }
      } else if (cp - 0xdc00 < 0x400) {
        cp = 0xfffd; // lone low surrogate
      }
    } else {
      p += 2;
      cp = e == CH_N ? CH_LF
        : e == CH_T ? CH_TAB
        : e == CH_R ? CH_CR
        : e == CH_B ? 0x08
        : e == CH_F ? 0x0c
        : e; // '"', '\\', '/'
    }
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (w + n > limit) return w;
    const d = dst + <usize>w; // bounds: w + n <= limit
    if (n == 1) {
      store<u8>(d, <u8>cp);
    } else if (n == 2) {
      store<u8>(d, <u8>(0xc0 | (cp >> 6)));
      store<u8>(d, <u8>(0x80 | (cp & 0x3f)), 1);
    } else if (n == 3) {
      store<u8>(d, <u8>(0xe0 | (cp >> 12)));
      store<u8>(d, <u8>(0x80 | ((cp >> 6) & 0x3f)), 1);
      store<u8>(d, <u8>(0x80 | (cp & 0x3f)), 2);
    } else {
      store<u8>(d, <u8>(0xf0 | (cp >> 18)));
      store<u8>(d, <u8>(0x80 | ((cp >> 12) & 0x3f)), 1);
      store<u8>(d, <u8>(0x80 | ((cp >> 6) & 0x3f)), 2);
      store<u8>(d, <u8>(0x80 | (cp & 0x3f)), 3);
    }
    w += n;
  }
  gTruncated = false;
  return w;
}

/** Address of the Slice object behind a string field of the current Event. */
function sliceAddr(field: i32): usize {
  let off: usize;
  switch (field) {
    case Field.USER: { off = offsetof<Event>("user"); break; }
    case Field.SOURCE_IP: { off = offsetof<Event>("sourceIp"); break; }
    case Field.HOST: { off = offsetof<Event>("host"); break; }
    case Field.EVENT_TYPE: { off = offsetof<Event>("eventType"); break; }
    case Field.ACTION: { off = offsetof<Event>("action"); break; }
    case Field.PATH: { off = offsetof<Event>("path"); break; }
    default: off = offsetof<Event>("message");
  }
  return load<usize>(gEvent + off);
}

/** Arena address for a new value of the slice at `s`, rewinding over its old value if on top. */
function fieldDest(s: usize): usize {
  const oldPtr = load<usize>(s + offsetof<Slice>("ptr"));
  const oldLen = load<i32>(s + offsetof<Slice>("len"));
  if (oldLen > 0 && oldPtr + <usize>oldLen == gArenaBase + <usize>gArenaPos) {
    gArenaPos = <i32>(oldPtr - gArenaBase);
  }
  return gArenaBase + <usize>gArenaPos;
}

/** Points the slice at `s` to n bytes at dst (just written at the arena top) and claims them. */
function commitSlice(field: i32, rank: i32, s: usize, dst: usize, n: i32): void {
  if (n == 0) return;
  store<usize>(s + offsetof<Slice>("ptr"), dst);
  store<i32>(s + offsetof<Slice>("len"), n);
  gArenaPos += n;
  store<u8>(FIELD_RANK + <usize>field, <u8>rank);
}

/** A string value [start, stop) (raw body, maybe with escapes) for `field`. */
function takeString(field: i32, rank: i32, base: usize, start: i32, stop: i32, escaped: bool): void {
  const raw = base + <usize>start;
  const rawLen = stop - start;
  const room = gArenaCap - gArenaPos;
  if (field == Field.TIMESTAMP || field == Field.BYTES) {
    // Parse from the raw bytes, or from a decoded copy at the arena top that is not kept.
    let src = raw;
    let n = rawLen;
    if (escaped) {
      src = gArenaBase + <usize>gArenaPos;
      n = decodeString(base, start, stop, src, min(FIELD_CAP, room));
    }
    takeNumber(field, rank, field == Field.TIMESTAMP ? parseTimestamp(src, n) : parseDecimal(src, n));
    return;
  }
  if (rawLen == 0) return; // "" is absent
  const s = sliceAddr(field);
  const dst = fieldDest(s);
  const limit = min(field == Field.MESSAGE ? MESSAGE_CAP : FIELD_CAP, gArenaCap - gArenaPos);
  const n = escaped ? decodeString(base, start, stop, dst, limit) : copyCapped(raw, rawLen, dst, limit);
  commitSlice(field, rank, s, dst, n);
}

/** A number or true/false value [start, stop) for `field`, as text or as a number. */
function takeScalar(field: i32, rank: i32, base: usize, start: i32, stop: i32, isNumber: bool): void {
  if (field == Field.TIMESTAMP || field == Field.BYTES) {
    if (!isNumber) return;
    const v = parseDecimal(base + <usize>start, stop - start);
    takeNumber(field, rank, field == Field.TIMESTAMP ? epochToMs(v) : v);
    return;
  }
  const s = sliceAddr(field);
  const dst = fieldDest(s);
  const n = copyCapped(base + <usize>start, stop - start, dst, min(FIELD_CAP, gArenaCap - gArenaPos));
  commitSlice(field, rank, s, dst, n);
}

/** Stores a usable timestamp (not NaN) or byte count (finite, >= 0); ignores anything else. */
function takeNumber(field: i32, rank: i32, v: f64): void {
  if (field == Field.TIMESTAMP) {
    if (isNaN(v)) return;
    store<f64>(gEvent + offsetof<Event>("timeMs"), v);
  } else {
    if (!(v >= 0 && isFinite(v))) return;
    store<f64>(gEvent + offsetof<Event>("bytes"), v);
  }
  store<u8>(FIELD_RANK + <usize>field, <u8>rank);
}
