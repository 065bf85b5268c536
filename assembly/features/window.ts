// Sliding windows on raw memory, so per-entity state is one flat slot per
// entity with no per-event allocation.
//
// Bucket window (N buckets of W ms), at address w:
//   +0        i32  head: absolute index (t / W) of the newest bucket
//   +4 + 4k   f32  amount in bucket k, ring-indexed by (absolute index mod N)
// The window covers the newest N buckets, i.e. between (N-1)·W and N·W of time.
//
// Distinct set (K slots), at address d:
//   +8k       u32  hash (0 = empty)
//   +8k + 4   u32  last time seen, epoch seconds
// It remembers at most K keys; the least recently seen is replaced, so counts saturate at K.

export const enum Span {
  MIN1_BUCKETS = 6,
  MIN1_WIDTH_MS = 10000,
  MIN10_BUCKETS = 10,
  MIN10_WIDTH_MS = 60000,
  HOUR1_BUCKETS = 12,
  HOUR1_WIDTH_MS = 300000,
}

// @ts-ignore: decorator
@inline export function windowBytes(buckets: i32): i32 {
  return 4 + 4 * buckets;
}

// @ts-ignore: decorator
@inline export function distinctBytes(slots: i32): i32 {
  return 8 * slots;
}

/** Adds v at time t (epoch ms, >= 0) and returns the window's total. Events older than the window only count as "now". */
export function windowAdd(w: usize, buckets: i32, widthMs: f64, tMs: f64, v: f32): f32 {
  const b = <i32>(tMs / widthMs);
  let head = load<i32>(w);
  const cells = w + 4;
  if (b - head >= buckets) {
    // Quiet for the whole window (the usual case for the short ones): every bucket empties and
    // the total is 0 + v, the bits the sum of the zeros and this bucket would give.
    let k = 0;
    for (; k + 1 < buckets; k += 2) store<u64>(cells + (<usize>k << 2), 0); // bounds: k + 1 < buckets; two 0.0f
    if (k < buckets) store<f32>(cells + (<usize>k << 2), 0); // bounds: k < buckets
    store<i32>(w, b);
    const total: f32 = 0 + v;
    store<f32>(cells + 4 * (<u32>b % <u32>buckets), total);
    return total;
  }
  if (b > head) {
    for (let k = 1; k <= b - head; k++) {
      store<f32>(cells + 4 * (<u32>(head + k) % <u32>buckets), 0); // bounds: index < buckets
    }
    head = b;
    store<i32>(w, head);
  }
  const into = b > head - buckets ? b : head;
  const cell = cells + 4 * (<u32>into % <u32>buckets);
  store<f32>(cell, load<f32>(cell) + v);
  return windowSum(w, buckets);
}

export function windowSum(w: usize, buckets: i32): f32 {
  // Two buckets a step, still added one at a time in bucket order, so the total keeps its bits.
  let s: f32 = 0;
  let k = 0;
  for (; k + 1 < buckets; k += 2) {
    const p = w + 4 + (<usize>k << 2); // bounds: k + 1 < buckets
    s += load<f32>(p);
    s += load<f32>(p, 4);
  }
  if (k < buckets) s += load<f32>(w + 4 + (<usize>k << 2)); // bounds: k < buckets
  return s;
}

/** Records `hash` as seen at tSec and returns how many keys were seen within the last windowS seconds. */
export function distinctAdd(d: usize, slots: i32, hash: u32, tSec: u32, windowS: u32): i32 {
  let target: i32 = -1;
  let oldest: i32 = 0;
  let oldestT: u32 = 0xffffffff;
  for (let k = 0; k < slots; k++) {
    const h = load<u32>(d + 8 * k); // bounds: k < slots
    if (h == hash) {
      target = k;
      break;
    }
    const t: u32 = h == 0 ? 0 : load<u32>(d + 8 * k + 4);
    if (t < oldestT) {
      oldestT = t;
      oldest = k;
    }
  }
  if (target < 0) {
    target = oldest;
    store<u32>(d + 8 * target, hash);
    store<u32>(d + 8 * target + 4, tSec);
  } else if (load<u32>(d + 8 * target + 4) < tSec) {
    store<u32>(d + 8 * target + 4, tSec);
  }
  return distinctCount(d, slots, tSec, windowS);
}

/** How many keys were seen within the last windowS seconds, without recording one. */
export function distinctCount(d: usize, slots: i32, tSec: u32, windowS: u32): i32 {
  const since = tSec > windowS ? tSec - windowS : 0;
  let n = 0;
  for (let k = 0; k < slots; k++) {
    if (load<u32>(d + 8 * k) != 0 && load<u32>(d + 8 * k + 4) >= since) n++; // bounds: k < slots
  }
  return n;
}
