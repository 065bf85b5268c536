// Lookups into a loaded model's entity baselines (docs/model-format.md §5.6): set membership
// with a memo of past answers, and a user's profile. Per event, on the features stage's path.

import { Model } from "./model-view";
import { PROFILE_BYTES } from "../../contract/model-format.ts";
import { BaselineSet } from "../features/schema";
import { findKey, lowerBound } from "./sorted-keys";

// inSet memo: per baseline set, 2^SET_MEMO_BITS slots (u32 key, u32 its lower bound in the set),
// one per hash of the key. A slot is used only once checked against the set itself (the keys
// around its index bracket the key), so a slot left by another key, or by a model replaced since,
// costs a search and never a wrong answer. The same users, hosts and pairs come back all the time
// (bench/README.md has what the memo saves). It takes 96 KiB: 2^11 slots x 6 sets x 8 bytes.
// @ts-ignore: decorator
@inline const SET_MEMO_BITS: i32 = 11;
// @ts-ignore: decorator
@lazy const SET_MEMO: usize = memory.data(<i32>BaselineSet.COUNT << (SET_MEMO_BITS + 3), 8);

/**
 * Empties the inSet memo. Answers are right without it; with it, every run from a reset state
 * starts with the same memo, so the bench's stage rows, differences of such runs, do not
 * depend on which ran first.
 */
export function clearSetMemo(): void {
  memory.fill(SET_MEMO, 0, <usize>BaselineSet.COUNT << (SET_MEMO_BITS + 3));
}

export function inSet(m: Model, set: BaselineSet, key: u32): bool {
  const p = unchecked(m.setPtr[set]);
  const n = unchecked(m.setCount[set]);
  const slot = SET_MEMO + ((<usize>set << SET_MEMO_BITS | <usize>((key * 0x9e3779b1) >>> (32 - SET_MEMO_BITS))) << 3);
  let i = <i32>load<u32>(slot, 4);
  if (load<u32>(slot) != key || !isLowerBound(p, n, i, key)) {
    i = lowerBound(p, n, 4, key);
    store<u32>(slot, key);
    store<u32>(slot, <u32>i, 4);
  }
  return i < n && load<u32>(p + (<usize>i << 2)) == key; // bounds: i < n
}

/** Whether `i` is the lower bound of `key` among n ascending u32 keys at p. */
// @ts-ignore: decorator
@inline function isLowerBound(p: usize, n: i32, i: i32, key: u32): bool {
  if (<u32>i > <u32>n) return false;
  return (i == 0 || load<u32>(p + (<usize>(i - 1) << 2)) < key) && (i == n || load<u32>(p + (<usize>i << 2)) >= key);
}

/** Address of the user's profile (hash, hour mask, bytes p99, events), or 0. */
export function userProfile(m: Model, user: u32): usize {
  const i = findKey(m.profiles, m.profileCount, PROFILE_BYTES, user);
  return i < 0 ? 0 : m.profiles + <usize>i * PROFILE_BYTES;
}
