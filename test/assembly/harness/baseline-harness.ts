// Test-only entry: baseline set lookups (assembly/model/baseline-lookup.ts inSet, sorted-keys.ts findKey) on key arrays the
// test writes into memory, driven through test/assembly/baseline-sets.test.ts.

import { Model } from "../../../assembly/model/model-view";
import { inSet } from "../../../assembly/model/baseline-lookup";
import { findKey } from "../../../assembly/model/sorted-keys";
import { BaselineSet } from "../../../assembly/features/schema";

const model = new Model();

export function malloc(size: usize): usize {
  return heap.alloc(size);
}

export function free(ptr: usize): void {
  if (ptr != 0) heap.free(ptr);
}

/** Points baseline set `set` at n ascending u32 keys at `ptr` (what readBaselines does). */
export function set_keys(set: i32, ptr: usize, n: i32): void {
  model.setPtr[set] = ptr;
  model.setCount[set] = n;
}

export function in_set(set: i32, key: u32): i32 {
  return inSet(model, <BaselineSet>set, key) ? 1 : 0;
}

export function find_key(ptr: usize, n: i32, stride: i32, key: u32): i32 {
  return findKey(ptr, n, stride, key);
}
