// A filter module that does nothing: Fluent Bit's ABI (malloc/free on the same
// allocator as the scorer, the six-i32 entry point) around a zero-copy
// pass-through that returns the record itself. Timing it through OneRecordHost
// gives the floor of the one-record path: what the host's copies, the calls and
// the allocator cost before the scorer does any work.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileAs } from "../test/helpers/compile-as.ts";
import type { FilterExports } from "./measure.ts";

/** AssemblyScript source; built with the project's release flags (incremental runtime, abort=). */
const NOOP_SOURCE = `
export function malloc(size: usize): usize {
  return heap.alloc(size);
}

export function free(ptr: usize): void {
  heap.free(ptr);
}

export function log_anomaly_filter(tagPtr: usize, tagLen: i32, sec: u32, nsec: u32, recordPtr: usize, recordLen: i32): usize {
  return recordPtr; // Fluent Bit wrote a NUL after the record
}
`;

export async function loadNoopFilter(): Promise<FilterExports> {
  const dir = mkdtempSync(join(tmpdir(), "log-anomaly-noop-"));
  try {
    const entry = join(dir, "noop-filter.ts");
    writeFileSync(entry, NOOP_SOURCE);
    const wasm = await compileAs(entry, { noCache: true });
    const module = await WebAssembly.compile(new Uint8Array(wasm));
    const instance = await WebAssembly.instantiate(module, {});
    return instance.exports as unknown as FilterExports;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
