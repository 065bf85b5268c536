// Writes Event fields from captured values (captures.ts). The format modules call `take` with
// capture slots in their priority order: the first slot that yields a usable value sets the field,
// and later calls for a field that is set do nothing, so a chain `take(f, a) || take(f, b)` reads
// like the alias list it implements.
//
// Values: a string with escapes is decoded (escapes → UTF-8) into the scratch arena; one without
// escapes, a number or true/false (its raw text) is pointed at where it lies in the record, which
// outlives the Event as the arena does; either is capped (FIELD_CAP, MESSAGE_CAP) at a UTF-8
// boundary. An array (only captured for F_ARRAY keys) gives its first string element. Timestamps
// and byte counts are parsed instead; a value that does not parse leaves the field to the next slot.
//
// Like the scanner, everything here works on raw addresses held in globals: no managed reference
// on the per-record path (see json-scan.ts).

import { Event, Slice } from "./event";
import { ValueKind, capKind, capStart, capStop, has } from "./captures";
import { CH_QUOTE, copyCapped, decodeString, gEscaped, gTruncated, scanString, utf8Cut } from "./json-string";
import { epochToMs, parseDecimal, parseTimestampRef } from "./timestamp";

/** Cap on one decoded field (bytes). */
// @ts-ignore: decorator
@inline export const FIELD_CAP: i32 = 1024;
/** Cap on the decoded message (bytes). */
// @ts-ignore: decorator
@inline export const MESSAGE_CAP: i32 = 4096;
/** Scratch for values that are compared, not kept (e.g. an escaped EventID): TEXT_CAP bytes. */
// @ts-ignore: decorator
@inline const TEXT_CAP: i32 = 256;
// @ts-ignore: decorator
@lazy const TEXT_SCRATCH: usize = memory.data(TEXT_CAP);

/** Normalised fields; the ids are also the field-map ids of the model format (docs/model-format.md). */
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

// ---- per-record context (set by json-scan.ts scanRecord) ----
// @ts-ignore: decorator
@lazy export let gEvent: usize = 0; // the Event being filled (fields written through offsetof)
// @ts-ignore: decorator
@lazy export let gRec: usize = 0; // the record's first byte; capture offsets are relative to it
// @ts-ignore: decorator
@lazy export let gArenaBase: usize = 0;
// @ts-ignore: decorator
@lazy export let gArenaCap: i32 = 0;
// @ts-ignore: decorator
@lazy export let gArenaPos: i32 = 0;
/** Reference time for timestamps without a year (epoch ms, NaN = none). */
// @ts-ignore: decorator
@lazy export let gRefMs: f64 = NaN;
/** Bit f set: Field f has a value. */
// @ts-ignore: decorator
@lazy export let gSet: u32 = 0;
/** Text of the last capText/arrayText call. */
// @ts-ignore: decorator
@lazy export let gTextPtr: usize = 0;
// @ts-ignore: decorator
@lazy export let gTextLen: i32 = 0;

// @ts-ignore: decorator
@inline export function isSet(f: Field): bool {
  return (gSet & (1 << <u32>f)) != 0;
}

/** Address of the Slice object behind a string field of the current Event. */
export function sliceAddr(f: Field): usize {
  let off: usize;
  switch (f) {
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

// @ts-ignore: decorator
@inline export function sliceLen(f: Field): i32 {
  return load<i32>(sliceAddr(f) + offsetof<Slice>("len"));
}

// @ts-ignore: decorator
@inline export function slicePtr(f: Field): usize {
  return load<usize>(sliceAddr(f) + offsetof<Slice>("ptr"));
}

/** Points string field f at n bytes at ptr (bytes that stay valid for the record) and marks it set. */
export function setSlice(f: Field, ptr: usize, n: i32): bool {
  if (isSet(f)) return true;
  if (n <= 0) return false;
  const s = sliceAddr(f);
  store<usize>(s + offsetof<Slice>("ptr"), ptr);
  store<i32>(s + offsetof<Slice>("len"), n);
  gSet |= 1 << <u32>f;
  return true;
}

/** Re-points a field that is already set (used to trim a raw syslog line to its message). */
export function resetSlice(f: Field, ptr: usize, n: i32): void {
  const s = sliceAddr(f);
  store<usize>(s + offsetof<Slice>("ptr"), ptr);
  store<i32>(s + offsetof<Slice>("len"), n);
  if (n > 0) gSet |= 1 << <u32>f;
  else gSet &= ~(1 << <u32>f);
}

/** Stores a usable timestamp (not NaN). */
export function setTime(ms: f64): bool {
  if (isSet(Field.TIMESTAMP)) return true;
  if (isNaN(ms)) return false;
  store<f64>(gEvent + offsetof<Event>("timeMs"), ms);
  gSet |= 1 << <u32>Field.TIMESTAMP;
  return true;
}

/** Stores a usable byte count (finite, >= 0). */
export function setBytes(v: f64): bool {
  if (isSet(Field.BYTES)) return true;
  if (!(v >= 0 && isFinite(v))) return false;
  store<f64>(gEvent + offsetof<Event>("bytes"), v);
  gSet |= 1 << <u32>Field.BYTES;
  return true;
}

/** Room at the arena top for a field of kind f. */
// @ts-ignore: decorator
@inline function roomFor(f: Field): i32 {
  return min(f == Field.MESSAGE ? MESSAGE_CAP : FIELD_CAP, gArenaCap - gArenaPos);
}

/** Claims n bytes just written at the arena top for string field f. */
function commit(f: Field, n: i32): bool {
  if (n <= 0) return false;
  const dst = gArenaBase + <usize>gArenaPos;
  gArenaPos += n;
  const sl = sliceAddr(f);
  store<usize>(sl + offsetof<Slice>("ptr"), dst);
  store<i32>(sl + offsetof<Slice>("len"), n);
  gSet |= 1 << <u32>f;
  return true;
}

/**
 * The first string element of the validated array text [start, stop): sets (start, stop) of its
 * body in gElemStart/gElemStop and returns whether it had escapes; -1 when the first element is
 * not a non-empty string.
 */
// @ts-ignore: decorator
@lazy let gElemStart: i32 = 0;
// @ts-ignore: decorator
@lazy let gElemStop: i32 = 0;
function firstElement(start: i32, stop: i32): i32 {
  let p = start + 1;
  while (p < stop) {
    const c = <u32>load<u8>(gRec + <usize>p); // bounds: p < stop
    if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) break;
    p++;
  }
  if (p >= stop || <u32>load<u8>(gRec + <usize>p) != CH_QUOTE) return -1; // bounds: p < stop
  const q = scanString(gRec, stop, p + 1); // already validated: finds the closing quote
  if (q <= p + 1) return -1;
  gElemStart = p + 1;
  gElemStop = q;
  return gEscaped ? 1 : 0;
}

// @ts-ignore: decorator
@lazy let gValStart: i32 = 0;
// @ts-ignore: decorator
@lazy let gValStop: i32 = 0;
// @ts-ignore: decorator
@lazy let gValEscaped: bool = false;

/**
 * The text a capture stands for, in gValStart/gValStop/gValEscaped: the value itself, or
 * for an array its first string element; false when an array has no such element.
 */
function valueSpan(cap: i32): bool {
  const kind = capKind(cap);
  if (kind == ValueKind.ARRAY) {
    const e = firstElement(capStart(cap), capStop(cap));
    if (e < 0) return false;
    gValStart = gElemStart;
    gValStop = gElemStop;
    gValEscaped = e == 1;
    return true;
  }
  gValStart = capStart(cap);
  gValStop = capStop(cap);
  gValEscaped = kind == ValueKind.ESCAPED;
  return true;
}

/** Decodes capture `cap` into field f (string fields). */
function takeText(f: Field, cap: i32): bool {
  if (!valueSpan(cap)) return false;
  const start = gValStart;
  const stop = gValStop;
  const escaped = gValEscaped;
  if (!escaped) {
    // Nothing to decode: the slice points into the record itself (valid as long as the arena).
    const src = gRec + <usize>start;
    let n = stop - start;
    const cap = f == Field.MESSAGE ? MESSAGE_CAP : FIELD_CAP;
    if (n > cap) n = utf8Cut(src, cap);
    if (n <= 0) return false;
    const sl = sliceAddr(f);
    store<usize>(sl + offsetof<Slice>("ptr"), src);
    store<i32>(sl + offsetof<Slice>("len"), n);
    gSet |= 1 << <u32>f;
    return true;
  }
  const dst = gArenaBase + <usize>gArenaPos;
  return commit(f, decodeString(gRec, start, stop, dst, roomFor(f)));
}

/** The text of capture `cap` (a string decoded if it has escapes, a scalar's raw text) at gTextPtr/gTextLen, scratch space when decoded. */
export function capText(cap: i32): bool {
  if (!has(cap)) return false;
  if (!valueSpan(cap)) return false;
  const start = gValStart;
  const stop = gValStop;
  const escaped = gValEscaped;
  if (escaped) {
    gTextLen = decodeString(gRec, start, stop, TEXT_SCRATCH, TEXT_CAP);
    gTextPtr = TEXT_SCRATCH;
  } else {
    gTextPtr = gRec + <usize>start;
    gTextLen = stop - start;
  }
  return gTextLen > 0;
}

/** The raw text of an array capture, brackets included (for word matching over every element). */
export function arrayText(cap: i32): bool {
  if (!has(cap)) return false;
  if (capKind(cap) != ValueKind.ARRAY) return capText(cap);
  gTextPtr = gRec + <usize>capStart(cap);
  gTextLen = capStop(cap) - capStart(cap);
  return true;
}

/** A number (or a number written as a string) in capture `cap`; NaN when absent or not a number. */
export function capNumber(cap: i32): f64 {
  if (!has(cap)) return NaN;
  const kind = capKind(cap);
  if (kind == ValueKind.NUMBER || kind == ValueKind.STRING) {
    const start = capStart(cap);
    return parseDecimal(gRec + <usize>start, capStop(cap) - start);
  }
  if (kind == ValueKind.ESCAPED && capText(cap)) return parseDecimal(gTextPtr, gTextLen);
  return NaN;
}

/** Sets field f from capture `cap` when f has no value yet. Returns whether f has a value now. */
export function take(f: Field, cap: i32): bool {
  if (isSet(f)) return true;
  if (!has(cap)) return false;
  return takeValue(f, cap);
}

/** take() for a field known to be unset and a capture known to be present. */
function takeValue(f: Field, cap: i32): bool {
  if (f == Field.TIMESTAMP) return takeTime(cap);
  if (f == Field.BYTES) return setBytes(capNumber(cap));
  return takeText(f, cap);
}

/**
 * Alias lists as data (i32): per Field in order, a count n then n capture ids in priority order
 * (ALIAS_LIST). Each unset field takes its first capture that yields a value; the walk stops at
 * it, and only captures the record has cost a call.
 */
export function takeLists(list: usize): void {
  let p = list;
  for (let f = 0; f < <i32>Field.COUNT; f++) {
    const n = load<i32>(p); // bounds: a count and n ids per field
    if (!isSet(<Field>f)) {
      for (let k = 1; k <= n; k++) {
        const c = load<i32>(p + (<usize>k << 2));
        if (has(c) && takeValue(<Field>f, c)) break;
      }
    }
    p += <usize>(n + 1) << 2;
  }
}

function takeTime(cap: i32): bool {
  const kind = capKind(cap);
  const start = capStart(cap);
  const n = capStop(cap) - start;
  if (kind == ValueKind.NUMBER) return setTime(epochToMs(parseDecimal(gRec + <usize>start, n)));
  if (kind == ValueKind.STRING) return setTime(parseTimestampRef(gRec + <usize>start, n, gRefMs));
  if (kind == ValueKind.ESCAPED) {
    // Decoded at the arena top and not kept.
    const dst = gArenaBase + <usize>gArenaPos;
    const m = decodeString(gRec, start, capStop(cap), dst, min(FIELD_CAP, gArenaCap - gArenaPos));
    if (gTruncated) return false;
    return setTime(parseTimestampRef(dst, m, gRefMs));
  }
  return false;
}

/**
 * Copies n bytes at src into the arena as string field f (for values assembled from pieces).
 * Returns whether f has a value now.
 */
export function putText(f: Field, src: usize, n: i32): bool {
  if (isSet(f)) return true;
  const dst = gArenaBase + <usize>gArenaPos;
  return commit(f, copyCapped(src, n, dst, roomFor(f)));
}

/** Appends bytes to the arena top without claiming them; returns how many fit. */
export function arenaAppend(at: i32, src: usize, n: i32, limit: i32): i32 {
  const room = min(limit - at, gArenaCap - gArenaPos - at);
  if (room <= 0) return 0;
  return copyCapped(src, n, gArenaBase + <usize>(gArenaPos + at), room);
}

/** Claims `n` bytes already appended at the arena top as string field f. */
export function claimText(f: Field, n: i32): bool {
  if (isSet(f)) return true;
  return commit(f, n);
}

/** What the format knows: kind and outcome (NO_HINT = -1 keeps the text rules'), cue bits to add. */
export function hint(kind: i32, outcome: i32, cues: i32): void {
  if (kind >= 0) store<i32>(gEvent + offsetof<Event>("kindHint"), kind);
  if (outcome >= 0) store<i32>(gEvent + offsetof<Event>("outcomeHint"), outcome);
  const at = gEvent + offsetof<Event>("cueHint");
  store<i32>(at, load<i32>(at) | cues);
}

/** Records the hash of the line's process id (syslog pid), unless one is recorded. */
export function setPidKey(key: u32): void {
  if (load<u32>(gEvent + offsetof<Event>("pidKey")) == 0) store<u32>(gEvent + offsetof<Event>("pidKey"), key);
}

/** The message names the user with an empty name; only when no key gave a user. */
export function markUserEmpty(): void {
  if (!isSet(Field.USER)) store<u8>(gEvent + offsetof<Event>("userEmpty"), 1);
}

/** eventType holds a program name (syslog ident), not a word the text rules should read. */
export function markTypeIsProgram(): void {
  store<u8>(gEvent + offsetof<Event>("typeIsProgram"), 1);
}

export function setFormat(format: i32): void {
  store<i32>(gEvent + offsetof<Event>("format"), format);
}
