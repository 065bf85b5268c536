// The per-instance secret that places entities in the state tables (entity-table.ts). Names are
// attacker controlled and our hash (hash.ts, FNV-1a) is public: unkeyed, an attacker computes
// offline which names share `admin`'s probe window and evicts its state with a handful of padding
// records. The table key is instead a keyed bijection of the name's hash: two rounds of
// murmur3's fmix32 with a 64-bit secret XORed in before each. Without the secret the slot of a
// name cannot be predicted, and a bijection adds no collisions, so every key the model and the
// output use (baseline sets, allowlist, incident ids) stays the unkeyed hash: outputs do not
// depend on the secret unless the tables are under eviction pressure.
//
// The secret is drawn once per instance when the first record arrives (abi/entity-seed.ts), never
// stored in the model. It costs 12 instructions per entity, against 200 or so for SipHash-1-3 over
// the name's bytes; the attacker sees no output of it, so a PRF's strength is not needed.

// @ts-ignore: decorator
@lazy let key0: u32 = 0x2545f491;
// @ts-ignore: decorator
@lazy let key1: u32 = 0x9e3779b9;
/** Whether the secret has been set (seeded or by a test host); until then the fixed values above. */
// @ts-ignore: decorator
@lazy export let entityKeySet: bool = false;

export function setEntityKey(k0: u32, k1: u32): void {
  key0 = k0;
  key1 = k1;
  entityKeySet = true;
}

/** The host had no randomness: keep the fixed key rather than asking again on every record. */
export function keepFixedEntityKey(): void {
  entityKeySet = true;
}

// @ts-ignore: decorator
@inline function fmix32(h: u32): u32 {
  h ^= h >>> 16;
  h *= 0x85ebca6b;
  h ^= h >>> 13;
  h *= 0xc2b2ae35;
  return h ^ (h >>> 16);
}

/** Where the entity hashed to `h` lives in a table: never 0 (the empty slot), distinct for distinct h. */
export function tableKey(h: u32): u32 {
  const k = fmix32(fmix32(h ^ key0) ^ key1);
  return k == 0 ? 1 : k;
}
