// One-pass JSON record scanner: validates a whole record as strict JSON (RFC 8259), captures the
// values of the keys and nested paths the log formats read, then fills an Event from them
// (normalize.ts). No recursion, no allocation.
//
//   scanRecord(ptr, len, ev, scan, arena, refMs)
//     ev     ← the normalised event (fields, format, kind hints), strings decoded into `arena`
//     scan   ← validity, error code/position, '{' and '}' offsets, spans of our own output keys
//     refMs  ← the reference time a yearless syslog timestamp takes its year from (NaN: none)
//
// Rules (the contract other modules rely on):
// - Only bytes in [ptr, ptr+len) are read; every load sits behind a length check (`// bounds:`).
// - Nesting is tracked with an explicit depth counter and a bit stack (object or array per
//   level) that grows on the heap past STATIC_DEPTH levels: any depth is validated exactly,
//   without recursion, so a deep record keeps its top-level members like any other. The stack
//   takes one bit per level, an eighth of the bytes that open the levels.
// - Member keys are looked up in the field table (field-table.ts) under the node of the object
//   they are in. An object value whose key has a child node is scanned in place, member by
//   member (at most MAX_PATH_DEPTH levels below the record, a node per level on PATH_STACK);
//   every other value is validated and skipped. Either way the record is read once.
// - Raw control bytes (< 0x20, including NUL) are invalid anywhere; inside strings they must be
//   escaped. Bytes >= 0x80 inside strings are taken as they are (invalid UTF-8 is not rejected).
// - A captured value: a non-empty string, a number, or true/false; an array only for F_ARRAY
//   keys. null, "", objects and other arrays are absent (and then a lower-priority key may still
//   supply the field). When the same key repeats, its first usable occurrence is captured.
// - Decoding (escapes → UTF-8, lone surrogates → U+FFFD) and the caps FIELD_CAP / MESSAGE_CAP
//   happen when a format takes a capture into the Event (event-fill.ts).
// - On any error, `ev` is reset (no partial events), `scan.valid` is false and no own spans are
//   reported.

import { Event } from "./event";
import { ValueKind, capture, gEvidence, newRecord } from "./captures";
import {
  CAP_NONE, EV_ALL, F_ARRAY, F_EV_OBJECT_ONLY, F_OWN, MAX_KEY_LEN, MAX_PATH_DEPTH, ROOT, entryInfo, infoCapture,
  infoChild, infoFlags, lookupKey,
} from "./field-table";
import {
  CH_COMMA, CH_CR, CH_LBRACE, CH_LBRACKET, CH_LF, CH_MINUS, CH_N, CH_QUOTE, CH_RBRACE, CH_RBRACKET, CH_SPACE, CH_TAB,
  CH_0, CH_COLON, CH_DOT, CH_E_LOWER, CH_E_UPPER, CH_F, CH_T, ERR_INVALID, decodeString, gErrPos, gEscaped, gTruncated,
  scanString,
} from "./json-string";
import { gArenaBase, gArenaCap, gArenaPos, gEvent, gRec, gRefMs, gSet } from "./event-fill";
import { mapRecord } from "./normalize";

export { FIELD_CAP, MESSAGE_CAP, Field } from "./event-fill";
export { MAX_KEY_LEN, rejectedKeys } from "./field-table";

// ---- limits ----

/** Levels skipValue tracks in its static bit stack; deeper values grow it on the heap. */
// @ts-ignore: decorator
@inline export const STATIC_DEPTH: i32 = 4096;
/** Spans of own output keys recorded per record; further ones set `ownOverflow`. */
// @ts-ignore: decorator
@inline export const OWN_SPAN_CAPACITY: i32 = 32;
/** Scratch bytes for decoded field values, allocated once per Arena. */
// @ts-ignore: decorator
@inline export const ARENA_CAPACITY: i32 = 64 * 1024;

/** Why a record was rejected. 0 = accepted. */
export const enum ScanError {
  NONE = 0,
  EMPTY = 1, // zero length or only whitespace
  NOT_OBJECT = 2, // valid JSON, but the top level is not an object
  INVALID_JSON = 3,
  TRAILING_DATA = 5, // a complete value followed by something other than whitespace
  BAD_RANGE = 6, // [ptr, ptr+len) is not inside linear memory
}

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
  /** Spans [keyOpeningQuote, endOfValue) of top-level members whose key is an own output key. */
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

// ---- literals ----

/** Little-endian ASCII words for the literals: "true", "null", "alse" (after 'f'). */
// @ts-ignore: decorator
@inline const WORD_TRUE: u32 = 0x65757274;
// @ts-ignore: decorator
@inline const WORD_NULL: u32 = 0x6c6c756e;
// @ts-ignore: decorator
@inline const WORD_ALSE: u32 = 0x65736c61;

// ---- static scratch (allocated once, in the data segment) ----

/** Container stack for skipValue: bit set = object, clear = array, one bit per level (STATIC_DEPTH / 8 bytes). */
// @ts-ignore: decorator
@lazy const STATIC_STACK: usize = memory.data(STATIC_DEPTH >> 3);
// @ts-ignore: decorator
@lazy let gStack: usize = STATIC_STACK;
// @ts-ignore: decorator
@lazy let gStackLevels: i32 = STATIC_DEPTH;
/** Field-table node of each object being scanned member by member (MAX_PATH_DEPTH bytes). */
// @ts-ignore: decorator
@lazy const PATH_STACK: usize = memory.data(MAX_PATH_DEPTH);
/** Decoded bytes of a key that contains escapes (MAX_KEY_LEN bytes; longer keys never match). */
// @ts-ignore: decorator
@lazy const KEY_SCRATCH: usize = memory.data(MAX_KEY_LEN);
/** Entry info of a key the table does not hold: no capture, no child, no flags. */
// @ts-ignore: decorator
@inline const INFO_NONE: u32 = <u32>CAP_NONE;

// ---- per-record context ----
// The hot path works on raw addresses only: under the incremental runtime every function that
// holds a managed reference (Event, Slice, Arena, string) spills it to the shadow stack, which
// cost more than the scanning itself. scanRecord copies what it needs into globals (these and
// event-fill.ts's).

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
 * Validates the record at [ptr, ptr+len), captures its values and fills `ev` and `scan`.
 * Resets `ev`, `scan` and `arena` first; slices in `ev` stay valid until the arena is reset.
 * On error `ev` is left reset, `scan.ownCount` is 0 and only error, errorPos, objStart and
 * objEnd are meaningful. `refMs` is the reference time for yearless timestamps (NaN: none).
 */
export function scanRecord(ptr: usize, len: i32, ev: Event, scan: RecordScan, arena: Arena, refMs: f64 = NaN): void {
  ev.reset();
  scan.reset();
  arena.reset();
  gOwnStart = changetype<usize>(scan.ownStart);
  gOwnEnd = changetype<usize>(scan.ownEnd);
  gOwnCount = 0;
  gOwnOverflow = false;
  gObjStart = -1;
  gObjEnd = -1;
  gErrPos = -1;
  newRecord();

  const error = scanTop(ptr, len);

  scan.objStart = gObjStart;
  scan.objEnd = gObjEnd;
  if (error == ScanError.NONE) {
    gEvent = changetype<usize>(ev);
    gRec = ptr;
    gArenaBase = arena.base;
    gArenaCap = arena.capacity;
    gArenaPos = 0;
    gRefMs = refMs;
    gSet = 0;
    mapRecord();
    gEvent = 0;
    scan.valid = true;
    scan.ownCount = gOwnCount;
    scan.ownOverflow = gOwnOverflow;
    arena.pos = gArenaPos;
  } else {
    scan.error = error;
    scan.errorPos = gErrPos;
  }
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

  // The object being scanned member by member: its field-table node and how many such objects
  // enclose it below the record (its JSON depth is level + 1).
  let node = ROOT;
  let level = 0;
  while (true) {
    // key
    if (p >= end || <u32>load<u8>(ptr + <usize>p) != CH_QUOTE) return fail(ScanError.INVALID_JSON, p); // bounds: p < end
    const keyStart = p;
    const keyClose = scanString(ptr, end, p + 1);
    if (keyClose < 0) return -keyClose;
    const k = gEscaped
      ? lookupEscapedKey(node, ptr, p + 1, keyClose)
      : lookupKey(node, ptr + <usize>(p + 1), keyClose - p - 1);
    const info = k >= 0 ? entryInfo(k) : INFO_NONE;
    p = skipWs(ptr, end, keyClose + 1);
    if (p >= end || <u32>load<u8>(ptr + <usize>p) != CH_COLON) return fail(ScanError.INVALID_JSON, p); // bounds: p < end
    p = skipWs(ptr, end, p + 1);
    if (p >= end) return fail(ScanError.INVALID_JSON, p);

    // value
    const cap = infoCapture(info);
    const flags = infoFlags(info);
    const c = <u32>load<u8>(ptr + <usize>p); // bounds: p < end
    let q: i32;
    if (c == CH_QUOTE) {
      q = scanString(ptr, end, p + 1);
      if (q < 0) return -q;
      if (cap != CAP_NONE && q > p + 1) {
        capture(cap, p + 1, q, gEscaped ? ValueKind.ESCAPED : ValueKind.STRING);
        if ((flags & F_EV_OBJECT_ONLY) == 0) gEvidence |= flags & EV_ALL;
      }
      q++;
    } else if (c == CH_LBRACE) {
      const child = infoChild(info);
      if (child != 0 && level < MAX_PATH_DEPTH) {
        // Scan the object member by member under its node.
        gEvidence |= flags & EV_ALL;
        store<u8>(PATH_STACK + <usize>level, <u8>node); // bounds: level < MAX_PATH_DEPTH
        level++;
        node = child;
        p = skipWs(ptr, end, p + 1);
        if (p >= end || <u32>load<u8>(ptr + <usize>p) != CH_RBRACE) continue; // bounds: p < end; a key follows
        // empty object: back to the enclosing one
        level--;
        node = <i32>load<u8>(PATH_STACK + <usize>level); // bounds: 0 <= level < MAX_PATH_DEPTH
        q = p + 1;
      } else {
        q = skipValue(ptr, end, p, level + 1);
        if (q < 0) return -q;
      }
    } else if (c == CH_LBRACKET) {
      q = skipValue(ptr, end, p, level + 1);
      if (q < 0) return -q;
      if (cap != CAP_NONE && (flags & F_ARRAY) != 0) {
        capture(cap, p, q, ValueKind.ARRAY);
        gEvidence |= flags & EV_ALL;
      }
    } else if (c == CH_MINUS || c - CH_0 <= 9) {
      q = scanNumber(ptr, end, p);
      if (q < 0) return -q;
      if (cap != CAP_NONE) {
        capture(cap, p, q, ValueKind.NUMBER);
        if ((flags & F_EV_OBJECT_ONLY) == 0) gEvidence |= flags & EV_ALL;
      }
    } else {
      q = scanLiteral(ptr, end, p);
      if (q < 0) return -q;
      // true/false are taken as text; null (c == 'n') is absent.
      if (cap != CAP_NONE && c != CH_N) {
        capture(cap, p, q, ValueKind.LITERAL);
        if ((flags & F_EV_OBJECT_ONLY) == 0) gEvidence |= flags & EV_ALL;
      }
    }
    if ((flags & F_OWN) != 0 && level == 0) {
      const n = gOwnCount;
      if (n < OWN_SPAN_CAPACITY) {
        store<i32>(gOwnStart + (<usize>n << 2), keyStart); // bounds: n < OWN_SPAN_CAPACITY
        store<i32>(gOwnEnd + (<usize>n << 2), q);
        gOwnCount = n + 1;
      } else {
        gOwnOverflow = true;
      }
    }

    // separator; '}' closes the object, and maybe the objects around it
    while (true) {
      p = skipWs(ptr, end, q);
      if (p >= end) return fail(ScanError.INVALID_JSON, p);
      const s = <u32>load<u8>(ptr + <usize>p); // bounds: p < end
      if (s == CH_COMMA) {
        p = skipWs(ptr, end, p + 1);
        break;
      }
      if (s != CH_RBRACE) return fail(ScanError.INVALID_JSON, p);
      if (level == 0) {
        gObjEnd = p;
        return afterObject(ptr, end, p + 1);
      }
      level--;
      node = <i32>load<u8>(PATH_STACK + <usize>level); // bounds: 0 <= level < MAX_PATH_DEPTH
      q = p + 1;
    }
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
      if (depth >= gStackLevels) growStack();
      const isObject = c == CH_LBRACE;
      setKind(depth, isObject);
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
      const inObject = kindAt(depth - 1);
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

// @ts-ignore: decorator
@inline function setKind(depth: i32, isObject: bool): void {
  const at = gStack + <usize>(depth >>> 3); // bounds: depth < gStackLevels
  const bit = <u32>1 << (<u32>depth & 7);
  const b = <u32>load<u8>(at);
  store<u8>(at, <u8>(isObject ? b | bit : b & ~bit));
}

// @ts-ignore: decorator
@inline function kindAt(depth: i32): bool {
  return ((<u32>load<u8>(gStack + <usize>(depth >>> 3)) >> (<u32>depth & 7)) & 1) != 0; // bounds: depth < gStackLevels
}

/** Doubles the bit stack. A record `depth` levels deep holds at least `depth` bytes, so this stays an eighth of it. */
function growStack(): void {
  const bytes = <usize>(gStackLevels >>> 3);
  const grown = heap.alloc(bytes << 1);
  memory.copy(grown, gStack, bytes);
  if (gStack != STATIC_STACK) heap.free(gStack);
  gStack = grown;
  gStackLevels <<= 1;
}

/** Whether the last member memberEnd walked has one of our own output keys. */
// @ts-ignore: decorator
@lazy export let gMemberOwn: bool = false;

/**
 * The offset after the value of the top-level member whose key opens at p, in a record
 * scanRecord accepted (so nothing here can fail; a failure returns `end`). Sets gMemberOwn.
 * The emitter strips any number of copies of our keys with it in one pass.
 */
export function memberEnd(base: usize, end: i32, p: i32): i32 {
  const keyClose = scanString(base, end, p + 1);
  if (keyClose < 0) return end;
  const k = gEscaped ? lookupEscapedKey(ROOT, base, p + 1, keyClose) : lookupKey(ROOT, base + <usize>(p + 1), keyClose - p - 1);
  gMemberOwn = k >= 0 && (infoFlags(entryInfo(k)) & F_OWN) != 0;
  const v = skipMemberKey(base, end, p);
  if (v < 0) return end;
  const q = skipValue(base, end, v, 1);
  return q < 0 ? end : q;
}

/** The offset of the first member's key at or after p, the byte after '{' (end = the '}': none). */
export function firstMember(base: usize, end: i32, p: i32): i32 {
  return skipWs(base, end, p);
}

/** The offset of the next member's key after the value ending at q, or `end` after the last. */
export function nextMember(base: usize, end: i32, q: i32): i32 {
  const p = skipWs(base, end, q);
  return p < end && <u32>load<u8>(base + <usize>p) == CH_COMMA ? skipWs(base, end, p + 1) : end; // bounds: p < end
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
function lookupEscapedKey(node: i32, base: usize, start: i32, stop: i32): i32 {
  const n = decodeString(base, start, stop, KEY_SCRATCH, MAX_KEY_LEN);
  if (gTruncated) return -1;
  return lookupKey(node, KEY_SCRATCH, n);
}
