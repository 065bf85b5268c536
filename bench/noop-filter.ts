// A filter module that does nothing: Fluent Bit's ABI (malloc/free on the same
// allocator as the scorer, the six-i32 entry point) around a zero-copy
// pass-through that returns the record itself. Timing it through OneRecordHost
// gives the floor of the one-record path: what the host's copies, the calls and
// the allocator cost before the scorer does any work.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileAs } from "../test/helpers/compile-as.ts";
import { packageRoot } from "../trainer/util/package-root.ts";
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

/** Where the source is written for the compiler; a fixed path, so compileAs's cache is reused across runs. */
const SOURCE_DIR = join(packageRoot(), "node_modules", ".cache", "log-anomaly-bench");

export async function loadNoopFilter(): Promise<FilterExports> {
  mkdirSync(SOURCE_DIR, { recursive: true });
  const entry = join(SOURCE_DIR, "noop-filter.ts");
  writeFileSync(entry, NOOP_SOURCE);
  const wasm = await compileAs(entry);
  const module = await WebAssembly.compile(new Uint8Array(wasm));
  const instance = await WebAssembly.instantiate(module, {});
  return instance.exports as unknown as FilterExports;
}
