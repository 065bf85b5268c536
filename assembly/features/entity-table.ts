// A fixed-capacity table of per-entity state slots, allocated once. Open
// addressing over a short probe window, keyed by entity-key.ts's secret bijection
// of the entity hash so nobody can aim names at one window. When every slot in the
// window is taken, the victim is the one holding the least live evidence (failed
// logins in its last hour, an open incident: features.ts keeps the count; none when
// not seen within EVIDENCE_TTL_MS), the least recently seen of equals. A flood of new
// names then pushes out ordinary state first, not that of an attack in progress.
// Evicting an entity that held evidence is counted (evidenceEvictions): pressure on
// the tables is a signal of its own. Memory is capacity × slot size, whatever the
// input: a million random user names cannot grow it.
//
// Slot layout (slotBytes, a multiple of 8):
//   +0   u32  key: tableKey(entity hash), 0 = empty
//   +4   u32  evidence (features.ts), 0 = none
//   +8   f64  last seen, epoch ms
//   +16  ...  entity payload (see features.ts)

import { PROBE_WINDOW } from "../constants";

/** Evidence of an entity not seen for this long is stale: it no longer protects the slot. */
// @ts-ignore: decorator
@inline const EVIDENCE_TTL_MS: f64 = 3600000;

// @ts-ignore: decorator
@inline export const SLOT_HEADER: i32 = 16;

export class EntityTable {
  base: usize;
  mask: u32;
  slotBytes: i32;
  /** True when the last lookup created the slot (first time seen, or seen again after eviction). */
  created: bool = false;
  evictions: u64 = 0;
  /** Evictions of an entity that still held evidence: the tables are under pressure. */
  evidenceEvictions: u64 = 0;

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
    let victimEvidence: u32 = U32.MAX_VALUE;
    for (let i: u32 = 0; i < <u32>PROBE_WINDOW; i++) {
      const s = this.base + <usize>((start + i) & this.mask) * <usize>this.slotBytes; // bounds: index <= mask
      const k = load<u32>(s);
      if (k == key) {
        this.created = false;
        if (tMs > load<f64>(s, 8)) store<f64>(s, tMs, 8);
        return s;
      }
      const seen = k == 0 ? -Infinity : load<f64>(s, 8);
      const evidence: u32 = seen + EVIDENCE_TTL_MS < tMs ? 0 : load<u32>(s, 4);
      if (evidence < victimEvidence || (evidence == victimEvidence && seen < victimSeen)) {
        victimEvidence = evidence;
        victimSeen = seen;
        victim = s;
      }
    }
    if (load<u32>(victim) != 0) {
      this.evictions++;
      if (victimEvidence != 0) this.evidenceEvictions++;
    }
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
    this.evidenceEvictions = 0;
  }
}
