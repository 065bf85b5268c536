// Test-only entry: scans (and classifies) one record and writes a fixed binary description of the
// Event and RecordScan that test/assembly/scan.test.ts decodes.
//
// Result layout (little-endian, 376 bytes, at the pointer returned by scan()):
//
//   offset  type       field
//   0       i32        valid (0/1)
//   4       i32        error (ScanError)
//   8       i32        errorPos
//   12      i32        objStart
//   16      i32        objEnd
//   20      i32        ownCount
//   24      i32        ownOverflow (0/1)
//   28      i32        kind
//   32      i32        outcome
//   36      i32        cues
//   40      f64        timeMs
//   48      f64        bytes
//   56      7 x (u32 ptr, i32 len)   user, sourceIp, host, eventType, action, message, path
//   112     32 x (i32 start, i32 end) own spans (OWN_SPAN_CAPACITY)
//   368     i32        format (assembly/event/input-config.ts LogFormat)
//   372     i32        reserved
//   376     end

import { Event, Slice } from "../../../assembly/event/event";
import { Arena, OWN_SPAN_CAPACITY, RecordScan, rejectedKeys, scanRecord } from "../../../assembly/event/json-scan";
import { classify } from "../../../assembly/event/event-kind";
import { patternRecord, patternsAdded, patternText, rejectedPatterns } from "../../../assembly/event/event-patterns";
import { scanTags } from "../../../assembly/event/pattern-automaton";
import { epochToMs, parseTimestamp, parseTimestampRef } from "../../../assembly/event/timestamp";
import { applyDefaultInput, applyInputConfig, checkInputConfig } from "../../../assembly/event/input-config";

// @ts-ignore: decorator
@inline const OFF_TIME: usize = 40;
// @ts-ignore: decorator
@inline const OFF_SLICES: usize = 56;
// @ts-ignore: decorator
@inline const SLICE_SIZE: usize = 8;
// @ts-ignore: decorator
@inline const OFF_SPANS: usize = 112;
// @ts-ignore: decorator
@inline const OFF_FORMAT: usize = 112 + OWN_SPAN_CAPACITY * 8;
// @ts-ignore: decorator
@inline const RESULT_SIZE: i32 = <i32>OFF_FORMAT + 8;

// @ts-ignore: decorator
@lazy const RESULT: usize = memory.data(RESULT_SIZE, 8);

const ev = new Event();
const scan = new RecordScan();
const arena = new Arena();

export function malloc(size: usize): usize {
  return heap.alloc(size);
}

export function free(ptr: usize): void {
  if (ptr != 0) heap.free(ptr);
}

export const RESULT_BYTES: i32 = RESULT_SIZE;
export const OWN_CAPACITY: i32 = OWN_SPAN_CAPACITY;

/** Scans (and, when `doClassify`, classifies) the record and returns the result pointer. `refMs`: year reference (NaN: none). */
export function scan_record(ptr: usize, len: i32, doClassify: i32, refMs: f64): usize {
  scanRecord(ptr, len, ev, scan, arena, refMs);
  if (doClassify != 0 && scan.valid) classify(ev);
  const r = RESULT;
  store<i32>(r, scan.valid ? 1 : 0, 0);
  store<i32>(r, scan.error, 4);
  store<i32>(r, scan.errorPos, 8);
  store<i32>(r, scan.objStart, 12);
  store<i32>(r, scan.objEnd, 16);
  store<i32>(r, scan.ownCount, 20);
  store<i32>(r, scan.ownOverflow ? 1 : 0, 24);
  store<i32>(r, ev.kind, 28);
  store<i32>(r, ev.outcome, 32);
  store<i32>(r, ev.cues, 36);
  store<f64>(r + OFF_TIME, ev.timeMs);
  store<f64>(r + OFF_TIME, ev.bytes, 8);
  putSlice(0, ev.user);
  putSlice(1, ev.sourceIp);
  putSlice(2, ev.host);
  putSlice(3, ev.eventType);
  putSlice(4, ev.action);
  putSlice(5, ev.message);
  putSlice(6, ev.path);
  for (let i = 0; i < scan.ownCount; i++) {
    store<i32>(r + OFF_SPANS + (<usize>i << 3), unchecked(scan.ownStart[i]));
    store<i32>(r + OFF_SPANS + (<usize>i << 3), unchecked(scan.ownEnd[i]), 4);
  }
  store<i32>(r + OFF_FORMAT, ev.format);
  return r;
}

/** Installs a FIELD_MAP payload (log format + field map); returns 0, or 1 when it is malformed. */
export function set_input(ptr: usize, len: i32): i32 {
  if (!checkInputConfig(ptr, len)) return 1;
  applyInputConfig(ptr, len);
  return 0;
}

/** Back to --log-format auto without a field map. */
export function reset_input(): void {
  applyDefaultInput();
}

export function parse_timestamp_ref(ptr: usize, len: i32, refMs: f64): f64 {
  return parseTimestampRef(ptr, len, refMs);
}

/** Entries the key and pattern tables could not hold (must be 0). */
export function rejected_table_entries(): i32 {
  return rejectedKeys() + rejectedPatterns();
}

/** Tags of every pattern of lookup scope `lookup` (pattern-automaton.ts L_*) found in [ptr, ptr+len). */
export function scan_tags(ptr: usize, len: i32, lookup: i32): u32 {
  return scanTags(ptr, len, lookup);
}

export function pattern_count(): i32 {
  return patternsAdded();
}

/** Pattern `i` (event-patterns.ts add): tags u32, scope u8, flags u8, text length u16, ASCII text. */
export function pattern(i: i32): usize {
  const text = patternText(i);
  memory.copy(RESULT, patternRecord(i), 6);
  store<u16>(RESULT, <u16>text.length, 6);
  for (let j = 0; j < text.length; j++) store<u8>(RESULT + 8 + <usize>j, <u8>text.charCodeAt(j));
  return RESULT;
}

export function parse_timestamp(ptr: usize, len: i32): f64 {
  return parseTimestamp(ptr, len);
}

export function epoch_to_ms(v: f64): f64 {
  return epochToMs(v);
}

/**
 * Scans the same record `iterations` times (mode 0), scans and classifies (mode 1), or scans once
 * and classifies `iterations` times (mode 2). Returns a count that keeps the loop live.
 */
export function bench(ptr: usize, len: i32, iterations: i32, doClassify: i32): i32 {
  let ok = 0;
  if (doClassify == 2) {
    scanRecord(ptr, len, ev, scan, arena, NaN);
    for (let i = 0; i < iterations; i++) {
      classify(ev);
      ok += ev.kind;
    }
    return ok;
  }
  for (let i = 0; i < iterations; i++) {
    scanRecord(ptr, len, ev, scan, arena, NaN);
    if (doClassify != 0) classify(ev);
    if (scan.valid) ok++;
  }
  return ok;
}

function putSlice(i: usize, s: Slice): void {
  store<u32>(RESULT + OFF_SLICES + i * SLICE_SIZE, <u32>s.ptr);
  store<i32>(RESULT + OFF_SLICES + i * SLICE_SIZE, s.len, 4);
}
