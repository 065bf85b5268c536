// Sorted u32 keys in raw memory: the ordering check a model section must pass when it loads,
// and the binary search the lookups run on it. Shared by the model reader (model-view.ts), its
// allowlist (allowlist-view.ts) and the baseline lookups (baseline-lookup.ts), so none of them
// imports another for it.

/** Keys (a u32 at the start of each `stride`-byte item) strictly ascending, as binary search needs. */
export function ascending(p: usize, n: i32, stride: i32): bool {
  for (let i = 1; i < n; i++) {
    if (load<u32>(p + <usize>(i - 1) * stride) >= load<u32>(p + <usize>i * stride)) return false; // bounds: i < n
  }
  return true;
}

/** Index of the first of n ascending u32 keys spaced `stride` bytes apart that is >= `key`; n if none. */
export function lowerBound(p: usize, n: i32, stride: i32, key: u32): i32 {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<u32>(p + <usize>mid * stride) < key) lo = mid + 1; // bounds: 0 <= mid < n
    else hi = mid;
  }
  return lo;
}

/** Index of `key` among n ascending u32 keys spaced `stride` bytes apart, or -1. */
export function findKey(p: usize, n: i32, stride: i32, key: u32): i32 {
  const i = lowerBound(p, n, stride, key);
  return i < n && load<u32>(p + <usize>i * stride) == key ? i : -1; // bounds: i < n
}
