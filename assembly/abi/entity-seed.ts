// Draws the entity-table secret (features/entity-key.ts) from the host: WASI random_get, which
// Fluent Bit's WAMR links (libc-wasi) and the Node hosts supply from crypto.randomFillSync. A
// host that answers with an error leaves the fixed key in place, and stats_json says so.

import { keepFixedEntityKey, setEntityKey } from "../features/entity-key";

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "random_get")
declare function random_get(buf: usize, len: usize): u16;

// @ts-ignore: decorator
@lazy const SEED: usize = memory.data(8, 8);

/** Whether the host gave randomness: false leaves the key fixed (and known to whoever reads this file). */
export let entityKeyRandom: bool = false;

export function seedEntityKey(): void {
  if (random_get(SEED, 8) == 0) {
    entityKeyRandom = true;
    setEntityKey(load<u32>(SEED), load<u32>(SEED, 4));
  } else {
    keepFixedEntityKey();
  }
}
