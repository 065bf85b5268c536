// Baseline set lookups (assembly/model/baseline-lookup.ts, sorted-keys.ts): inSet keeps a memo of past answers per set, which
// must never change an answer, even when the set behind it is replaced (a model reload), and
// findKey, the binary search under it. Driven through test/assembly/harness/baseline-harness.ts.

import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { compileAs } from "../helpers/compile-as.ts";

interface Harness {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  set_keys(set: number, ptr: number, n: number): void;
  in_set(set: number, key: number): number;
  find_key(ptr: number, n: number, stride: number, key: number): number;
}

const SETS = 6; // schema.ts BaselineSet.COUNT
let h: Harness;

beforeAll(async () => {
  const { instance } = await WebAssembly.instantiate(await compileAs("test/assembly/harness/baseline-harness.ts"), {});
  h = instance.exports as unknown as Harness;
});

/** Copies ascending keys into module memory; the caller frees the pointer. */
function place(keys: number[], stride = 4): number {
  const ptr = h.malloc(Math.max(keys.length * stride, 4));
  const dv = new DataView(h.memory.buffer);
  keys.forEach((k, i) => dv.setUint32(ptr + i * stride, k, true));
  return ptr;
}

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const ascending = (maxLength: number) =>
  fc.uniqueArray(u32, { maxLength }).map((a) => a.sort((x, y) => x - y));

describe("findKey", () => {
  it("finds each key at its index and nothing else (strides 4 and 16)", () => {
    fc.assert(
      fc.property(ascending(300), fc.array(u32, { maxLength: 50 }), fc.constantFrom(4, 16), (keys, others, stride) => {
        const ptr = place(keys, stride);
        try {
          keys.forEach((k, i) => expect(h.find_key(ptr, keys.length, stride, k)).toBe(i));
          for (const k of others) expect(h.find_key(ptr, keys.length, stride, k)).toBe(keys.indexOf(k));
        } finally {
          h.free(ptr);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("inSet", () => {
  // Keys drawn from a small pool, so queries repeat (memo hits), sets share keys, and the sets
  // are swapped for others at the same or another address between queries (stale memo slots).
  const pool = fc.uniqueArray(u32, { minLength: 1, maxLength: 64 });
  const step = fc.record({
    replace: fc.boolean(),
    set: fc.integer({ min: 0, max: SETS - 1 }),
    members: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
    queries: fc.array(fc.nat(), { maxLength: 20 }),
  });

  it("answers as the set itself does, through repeats and replaced sets", () => {
    fc.assert(
      fc.property(pool, fc.array(step, { minLength: 1, maxLength: 30 }), (keys, steps) => {
        const sets: number[][] = Array.from({ length: SETS }, () => []);
        const ptrs: number[] = Array.from({ length: SETS }, () => 0);
        try {
          for (let s = 0; s < SETS; s++) h.set_keys(s, 0, 0);
          for (const { replace, set, members, queries } of steps) {
            if (replace) {
              sets[set] = keys.filter((_, i) => members[i]).sort((x, y) => x - y);
              h.free(ptrs[set]);
              ptrs[set] = place(sets[set]);
              h.set_keys(set, ptrs[set], sets[set].length);
            }
            for (const q of queries) {
              const key = keys[q % keys.length];
              expect(h.in_set(set, key), `set ${set} key ${key}`).toBe(sets[set].includes(key) ? 1 : 0);
            }
          }
        } finally {
          ptrs.forEach((p) => h.free(p));
        }
      }),
      { numRuns: 500 },
    );
  });

  it("answers for every member and non-member of a large set, twice", () => {
    const keys = Array.from({ length: 5000 }, (_, i) => (i * 2654435761) >>> 0).sort((x, y) => x - y);
    const members = keys.filter((_, i) => i % 3 !== 0);
    const ptr = place(members);
    try {
      h.set_keys(4, ptr, members.length);
      for (let round = 0; round < 2; round++) {
        keys.forEach((k, i) => expect(h.in_set(4, k)).toBe(i % 3 !== 0 ? 1 : 0));
      }
    } finally {
      h.set_keys(4, 0, 0);
      h.free(ptr);
    }
  });
});
