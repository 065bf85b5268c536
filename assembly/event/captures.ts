// What the scanner found for one record: per capture slot (field-table.ts Cap), the span of the
// first usable value of its key, as offsets into the record. Nothing is decoded here; the format
// modules decode only the slots they use. A slot belongs to the current record iff its stamp
// equals the record's sequence number, so starting a record costs one increment, not a clear.
//
//   CAP_START  i32 × Cap.COUNT   first byte of the value (after the quote for strings)
//   CAP_STOP   i32 × Cap.COUNT   one past its last byte (the closing quote for strings)
//   CAP_KIND   u8  × Cap.COUNT   ValueKind
//   CAP_STAMP  u32 × Cap.COUNT   sequence number of the record that filled it

import { Cap } from "./field-table";

export const enum ValueKind {
  STRING = 0, // raw body without quotes, no escapes
  ESCAPED = 1, // raw body without quotes, with backslash escapes
  NUMBER = 2,
  LITERAL = 3, // true / false
  ARRAY = 4, // the whole array text, brackets included
}

// @ts-ignore: decorator
@lazy const CAP_START: usize = memory.data(<i32>Cap.COUNT << 2, 4);
// @ts-ignore: decorator
@lazy const CAP_STOP: usize = memory.data(<i32>Cap.COUNT << 2, 4);
// @ts-ignore: decorator
@lazy const CAP_KIND: usize = memory.data(<i32>Cap.COUNT);
// @ts-ignore: decorator
@lazy const CAP_STAMP: usize = memory.data(<i32>Cap.COUNT << 2, 4);

/** Sequence number of the record being scanned (never 0, so zeroed stamps are stale). */
// @ts-ignore: decorator
@lazy let gSeq: u32 = 0;
/** Format evidence bits (field-table.ts EV_*) of the keys seen in the record. */
// @ts-ignore: decorator
@lazy export let gEvidence: u32 = 0;

/** Starts a new record: every slot becomes empty. */
export function newRecord(): void {
  gEvidence = 0;
  gSeq++;
  if (gSeq == 0) {
    memory.fill(CAP_STAMP, 0, <usize>(<i32>Cap.COUNT << 2));
    gSeq = 1;
  }
}

// @ts-ignore: decorator
@inline export function has(cap: i32): bool {
  return load<u32>(CAP_STAMP + (<usize>cap << 2)) == gSeq; // bounds: cap < Cap.COUNT (table ids)
}

/** Fills slot `cap` unless the record already filled it (the first usable occurrence wins). */
// @ts-ignore: decorator
@inline export function capture(cap: i32, start: i32, stop: i32, kind: ValueKind): void {
  const s = CAP_STAMP + (<usize>cap << 2);
  if (load<u32>(s) == gSeq) return;
  store<u32>(s, gSeq);
  store<i32>(CAP_START + (<usize>cap << 2), start);
  store<i32>(CAP_STOP + (<usize>cap << 2), stop);
  store<u8>(CAP_KIND + <usize>cap, <u8>kind);
}

// @ts-ignore: decorator
@inline export function capStart(cap: i32): i32 {
  return load<i32>(CAP_START + (<usize>cap << 2));
}

// @ts-ignore: decorator
@inline export function capStop(cap: i32): i32 {
  return load<i32>(CAP_STOP + (<usize>cap << 2));
}

// @ts-ignore: decorator
@inline export function capKind(cap: i32): ValueKind {
  return <ValueKind>load<u8>(CAP_KIND + <usize>cap);
}
