// A fixed-capacity table of per-entity state slots, allocated once. Open
// addressing over a short probe window; when every slot in the window is taken,
// the least recently seen entity is evicted. Memory is capacity × slot size,
// whatever the input: a million random user names cannot grow it.
//
// Slot layout (slotBytes, a multiple of 8):
//   +0   u32  key: entity hash, 0 = empty
//   +4   u32  (padding)
//   +8   f64  last seen, epoch ms
//   +16  ...  entity payload (see features.ts)

import { PROBE_WINDOW } from "../constants";

// @ts-ignore: decorator
@inline export const SLOT_HEADER: i32 = 16;

export class EntityTable {
  base: usize;
  mask: u32;
  slotBytes: i32;
  /** True when the last lookup created the slot (first time seen, or seen again after eviction). */
  created: bool = false;
  evictions: u64 = 0;

  constructor(capacity: i32, slotBytes: i32) {
    this.mask = <u32>capacity - 1;
    this.slotBytes = slotBytes;
    const bytes = <usize>capacity * <usize>slotBytes;
    this.base = heap.alloc(bytes);
    memory.fill(this.base, 0, bytes);
  }

  /** The slot of `key`, created (zeroed) if absent. */
  slot(key: u32, tMs: f64): usize {
    const start = key & this.mask;
    let victim: usize = 0;
    let victimSeen: f64 = Infinity;
    for (let i: u32 = 0; i < <u32>PROBE_WINDOW; i++) {
      const s = this.base + <usize>((start + i) & this.mask) * <usize>this.slotBytes; // bounds: index <= mask
      const k = load<u32>(s);
      if (k == key) {
        this.created = false;
        if (tMs > load<f64>(s, 8)) store<f64>(s, tMs, 8);
        return s;
      }
      const seen = k == 0 ? -Infinity : load<f64>(s, 8);
      if (seen < victimSeen) {
        victimSeen = seen;
        victim = s;
      }
    }
    if (load<u32>(victim) != 0) this.evictions++;
    memory.fill(victim, 0, this.slotBytes);
    store<u32>(victim, key);
    store<f64>(victim, tMs, 8);
    this.created = true;
    return victim;
  }

  /** Gives the slots back to the heap; the table must not be used afterwards. */
  dispose(): void {
    heap.free(this.base);
    this.base = 0;
  }

  clear(): void {
    memory.fill(this.base, 0, <usize>(this.mask + 1) * <usize>this.slotBytes);
    this.evictions = 0;
  }
}
