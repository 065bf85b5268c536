// A stand-in for Fluent Bit's `wasm` filter host (plugins/filter_wasm + src/wasm/flb_wasm.c,
// v4.2 and later), for conformance tests of the filter module in Node.
//
// It reproduces Fluent Bit's calling sequence for one record (Event_Format json):
//   1. tag copy:    malloc(tag_len + 1), tag bytes + NUL copied in   (wasm_runtime_module_dup_data)
//   2. record copy: malloc(record_len + 1), record bytes + NUL copied in
//   3. call Function_Name(tag_ptr, tag_len, time_sec, time_nsec, record_ptr, record_len), six i32
//   4. the result must be an address inside memory followed by a NUL (wasm_runtime_validate_app_str_addr);
//      the NUL-terminated bytes are copied out (flb_strdup); the guest never gets them back
//   5. free(tag), free(record); the returned pointer is never freed
//   6. an empty string drops the record; anything that does not parse as a JSON object drops it
// One instance serves every record of the run, so the module's state persists across calls.
//
//   const host = await FluentBitHost.load(wasmBytes);
//   const r = host.filter('{"user":"alice"}', { timeSec: 1705900000 });
//   if (!r.ok) throw new Error(r.reason);  // r.text is the raw output, r.value the parsed object

import { readFileSync } from "node:fs";
import type { WasiImports } from "./wasi-preopen.ts";
import { WASI_MODULE, randomGet } from "../../trainer/wasm/random-import.ts";

/** What Fluent Bit links: nothing but WASI (WAMR's libc-wasi). Any other import fails instantiation there. */
export { WASI_MODULE };
/** WASI errno ENOSYS: what the stubs answer to every call. */
const WASI_ENOSYS = 52;
const NUL = 0;

export interface FilterExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  [fn: string]: unknown;
}

export interface FilterCall {
  tag?: string;
  timeSec?: number;
  timeNsec?: number;
}

/** One record's outcome as Fluent Bit would see it. */
export type FilterResult =
  | { ok: true; text: string; bytes: Uint8Array; value: Record<string, unknown> }
  | { ok: false; text: string | null; reason: string };

export const DEFAULT_TAG = "app.logs";

export class FluentBitHost {
  /** Records called so far, kept or dropped. */
  calls = 0;

  private constructor(
    readonly module: WebAssembly.Module,
    readonly exports: FilterExports,
    readonly functionName: string,
  ) {}

  /**
   * Instantiates the module as Fluent Bit does: no imports, or only WASI. WASI calls answer
   * ENOSYS unless a WASI with a preopened directory (Fluent Bit's Accessible_Paths) is given.
   */
  static async load(wasm: string | Uint8Array, functionName = "log_anomaly_filter", wasi?: WasiImports): Promise<FluentBitHost> {
    const bytes = typeof wasm === "string" ? new Uint8Array(readFileSync(wasm)) : wasm;
    const module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
    let memory: WebAssembly.Memory | undefined;
    const instance = await WebAssembly.instantiate(module, wasi ? wasi.getImportObject() : importsFor(module, () => memory!));
    memory = instance.exports.memory as WebAssembly.Memory;
    if (wasi) wasi.initialize(instance);
    const exports = instance.exports as unknown as FilterExports;
    for (const name of ["memory", "malloc", "free", functionName]) {
      if (!(name in exports)) throw new Error(`module does not export ${name}`);
    }
    return new FluentBitHost(module, exports, functionName);
  }

  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  /** Runs one record through the filter function exactly as Fluent Bit's json mode does. */
  filter(record: string | Uint8Array, call: FilterCall = {}): FilterResult {
    this.calls++;
    const e = this.exports;
    const tag = encoder.encode(call.tag ?? DEFAULT_TAG);
    const rec = typeof record === "string" ? encoder.encode(record) : record;
    const tagPtr = this.dup(tag);
    const recPtr = this.dup(rec);
    let result: FilterResult;
    try {
      if (tagPtr === 0 || recPtr === 0) return { ok: false, text: null, reason: "malloc returned NULL" };
      const fn = e[this.functionName] as (...args: number[]) => number;
      let ret: number;
      try {
        ret = fn(tagPtr, tag.length, u32(call.timeSec ?? 0), u32(call.timeNsec ?? 0), recPtr, rec.length) >>> 0;
      } catch (err) {
        return { ok: false, text: null, reason: `trap: ${(err as Error).message}` };
      }
      result = this.readResult(ret);
    } finally {
      if (tagPtr !== 0) e.free(tagPtr);
      if (recPtr !== 0) e.free(recPtr);
    }
    return result;
  }

  /** wasm_runtime_module_dup_data: malloc(len + 1) and copy the bytes and a trailing NUL in. */
  private dup(data: Uint8Array): number {
    const ptr = this.exports.malloc(data.length + 1) >>> 0;
    if (ptr === 0) return 0;
    const mem = new Uint8Array(this.exports.memory.buffer);
    if (ptr + data.length + 1 > mem.length) throw new Error(`malloc returned ${ptr}, past the end of memory`);
    mem.set(data, ptr);
    mem[ptr + data.length] = NUL;
    return ptr;
  }

  /** Validates and copies the returned C string, then parses it the way the filter does. */
  private readResult(ptr: number): FilterResult {
    const mem = new Uint8Array(this.exports.memory.buffer);
    if (ptr === 0 || ptr >= mem.length) return { ok: false, text: null, reason: `returned pointer ${ptr} is not a valid string address` };
    const end = mem.indexOf(NUL, ptr);
    if (end < 0) return { ok: false, text: null, reason: "returned string has no NUL before the end of memory" };
    const bytes = mem.slice(ptr, end);
    let text: string;
    try {
      text = strictDecoder.decode(bytes);
    } catch {
      return { ok: false, text: looseDecoder.decode(bytes), reason: "returned string is not valid UTF-8" };
    }
    if (text.length === 0) return { ok: false, text, reason: "empty string (Fluent Bit drops the record)" };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return { ok: false, text, reason: `invalid JSON: ${(err as Error).message}` };
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return { ok: false, text, reason: "JSON is not an object (Fluent Bit drops the record)" };
    }
    return { ok: true, text, bytes, value: value as Record<string, unknown> };
  }
}

/**
 * The import object Fluent Bit's WAMR can satisfy: WASI functions, nothing else. random_get draws
 * from the OS, as WAMR's libc-wasi does; every other call answers ENOSYS.
 */
export function importsFor(module: WebAssembly.Module, memory: () => WebAssembly.Memory): WebAssembly.Imports {
  const wasi: Record<string, (...args: number[]) => number> = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.module !== WASI_MODULE || imp.kind !== "function") {
      throw new Error(`Fluent Bit cannot link import ${imp.module}.${imp.name} (${imp.kind})`);
    }
    wasi[imp.name] = imp.name === "random_get" ? randomGet(memory) : () => WASI_ENOSYS;
  }
  return Object.keys(wasi).length > 0 ? { [WASI_MODULE]: wasi } : {};
}

// --- internal ---

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });
const looseDecoder = new TextDecoder();

function u32(n: number): number {
  return n >>> 0;
}
