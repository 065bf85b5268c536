// WASI's random_get, the one import the scorer takes from every host (assembly/abi/entity-seed.ts
// seeds its entity-table secret with it): Fluent Bit's WAMR links its own, the Node hosts this one.

import { randomFillSync } from "node:crypto";

export const WASI_MODULE = "wasi_snapshot_preview1";
const ESUCCESS = 0;

/** random_get over the instance's memory; `memory` is called at the first call, after instantiation. */
export function randomGet(memory: () => WebAssembly.Memory): (ptr: number, len: number) => number {
  return (ptr, len) => {
    randomFillSync(new Uint8Array(memory().buffer, ptr >>> 0, len >>> 0));
    return ESUCCESS;
  };
}
