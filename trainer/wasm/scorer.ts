// The Node host of the WASM scorer: the plain byte ABI of assembly/index.ts.
// Records go in as NDJSON chunks copied into module memory (trainer/wasm/chunks.ts)
// and come back as bytes, so no JS string is made per record.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../util/package-root.ts";
import type { InputSettings } from "../model/format.ts";
import { inputPayload } from "../model/write.ts";
import { byteChunks, Collector, recordChunks, textUnits } from "./chunks.ts";
import { EVENT_ROW_BYTES, FEATURE_ROW_HEAD, Output } from "../../contract/batch-abi.ts";
import { compatibility, type Compatibility } from "../model/compat.ts";
import { programVersion } from "../util/version.ts";
import { WASI_MODULE, randomGet } from "./random-import.ts";

export { EVENT_ROW_BYTES, FEATURE_ROW_HEAD } from "../../contract/batch-abi.ts";
/** The batch modes (contract/batch-abi.ts Output). */
export const OUTPUT = Output;
/** Records are handed over in chunks of about this many bytes. */
const CHUNK_BYTES = 4 << 20;
/**
 * First size of the enriched and report outputs, per input byte (each is about the input's
 * size plus a few dozen bytes per record). A new buffer's pages cost nothing until written
 * and then about 4 ms/MB to fault in on this VM, so a generous first size is cheap, while
 * growing by doubling writes everything a second time into fresh pages.
 */
const OUTPUT_GUESS_PER_INPUT_BYTE = 2;
/** The first size stays below what one typed array can hold; past it the output grows as needed. */
const MAX_OUTPUT_GUESS = 2 ** 30;
/** Feature rows are handed to the row exports this many at a time (13 MiB of scratch at 51 features). */
const ROWS_PER_CALL = 1 << 16;
const F32_BYTES = 4;

export interface Schema {
  format_major: number;
  format_minor: number;
  schema_hash: number;
  features: string[];
  log1p: number[];
  rule_params: string[];
  baseline_sets: string[];
  threat_types: string[];
  severities: string[];
  error_codes: string[];
}

interface Exports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  batch(ptr: number, len: number, hostTimeMs: number, mode: number): number;
  batch_output(which: number): number;
  batch_output_length(which: number): number;
  load_model(ptr: number, len: number): number;
  set_entity_key(k0: number, k1: number): void;
  max_model_bytes(): number;
  reset_state(): void;
  set_input(ptr: number, len: number): number;
  set_reference_time(ms: number): void;
  error_message(code: number): number;
  info_length(): number;
  schema_json(): number;
  stats_json(): number;
  log_anomaly_filter(tagPtr: number, tagLen: number, sec: number, nsec: number, recPtr: number, recLen: number): number;
  score_rows(x: number, rows: number, iforest: number, autoencoder: number): number;
  embed_region_start(): number;
  embed_region_end(): number;
}

export class ModelLoadError extends Error {
  override name = "ModelLoadError";
  /**
   * `message` is the scorer's own reason (assembly/errors.ts); `code` its short code
   * (`model_schema_mismatch`), and `compat` says, for a model of another version, whether it
   * is older (retrain) or newer (upgrade) than this program.
   */
  constructor(
    message: string,
    readonly code = "",
    readonly compat?: Compatibility,
  ) {
    super(message);
  }

  /** What to tell a person: the retrain-or-upgrade sentence when there is one, else the scorer's reason. */
  get detail(): string {
    return this.compat?.detail ?? this.message;
  }
}

export interface BatchResult {
  count: number;
  enriched: Uint8Array;
  report: Uint8Array;
  rows: Uint8Array;
}

/** Raw detector scores, one per feature row. */
export interface RawDetectorScores {
  iforest: Float32Array;
  autoencoder: Float32Array;
}

/** The filter module Fluent Bit loads: no SIMD, as Fluent Bit builds its WAMR without it. */
export function filterWasmPath(): string {
  return join(packageRoot(), "build", "log_anomaly_filter.wasm");
}

/**
 * The same source built with SIMD, for the Node hosts (batch, sidecar, training): V8 runs its
 * autoencoder's f32x4 sums about 3x faster, and they are the filter's floats bit for bit.
 */
export function hostWasmPath(): string {
  return join(packageRoot(), "build", "log_anomaly_filter_simd.wasm");
}

/** The WASI build: same exports, plus live reload of model.bin from its first preopened directory. */
export function wasiWasmPath(): string {
  return join(packageRoot(), "build", "log_anomaly_filter_wasi.wasm");
}

export class Scorer {
  /** What setInput last installed (the trainer writes it into the model); undefined: auto, no map. */
  input: InputSettings | undefined;
  private rowBytesCache = 0;

  private constructor(readonly exports: Exports) {}

  /**
   * `fixedEntityKey`: tests and benchmarks only, an entity-table secret instead of the random one
   * (assembly/features/entity-key.ts), so runs under eviction pressure repeat exactly.
   */
  static async load(wasm: string | Uint8Array = hostWasmPath(), fixedEntityKey?: [number, number]): Promise<Scorer> {
    const bytes = typeof wasm === "string" ? readFileSync(wasm) : wasm;
    let memory: WebAssembly.Memory | undefined;
    const imports = { [WASI_MODULE]: { random_get: randomGet(() => memory!) } };
    const instance = await WebAssembly.instantiate(new WebAssembly.Module(bytes as BufferSource), imports);
    memory = instance.exports.memory as WebAssembly.Memory;
    const exports = instance.exports as unknown as Exports;
    if (fixedEntityKey) exports.set_entity_key(fixedEntityKey[0], fixedEntityKey[1]);
    return new Scorer(exports);
  }

  private text(ptr: number): string {
    const len = this.exports.info_length();
    return new TextDecoder().decode(new Uint8Array(this.exports.memory.buffer, ptr, len));
  }

  schema(): Schema {
    return JSON.parse(this.text(this.exports.schema_json())) as Schema;
  }

  stats(): Record<string, number | string> {
    return JSON.parse(this.text(this.exports.stats_json()));
  }

  /** Installs a model; throws ModelLoadError with the scorer's own reason when it refuses it. */
  loadModel(model: Uint8Array): void {
    // Refused before the copy: a file over the budget would not fit in module memory beside the state.
    if (model.length > this.exports.max_model_bytes() >>> 0) throw new ModelLoadError(this.text(this.exports.error_message(this.schema().error_codes.indexOf("model_over_budget"))));
    const ptr = this.exports.malloc(model.length);
    new Uint8Array(this.exports.memory.buffer, ptr, model.length).set(model);
    const code = this.exports.load_model(ptr, model.length);
    this.exports.free(ptr);
    if (code !== 0) {
      const name = this.schema().error_codes[code] ?? "";
      throw new ModelLoadError(this.text(this.exports.error_message(code)), name, compatibility(model, name, programVersion()));
    }
  }

  resetState(): void {
    this.exports.reset_state();
  }

  /**
   * Sets how records are read (log format, field map) until a model is installed: a model
   * brings its own (its FIELD_MAP section, or auto without one). Throws ModelLoadError when the
   * scorer refuses the settings.
   */
  setInput(input: InputSettings): void {
    const payload = inputPayload(input);
    const ptr = this.exports.malloc(Math.max(payload.length, 1));
    new Uint8Array(this.exports.memory.buffer, ptr, payload.length).set(payload);
    const code = this.exports.set_input(ptr, payload.length);
    this.exports.free(ptr);
    if (code !== 0) throw new ModelLoadError(`invalid input settings: ${this.text(this.exports.error_message(code))}`);
    this.input = input;
  }

  /**
   * The batch host's time (epoch ms; NaN for none): the year of syslog timestamps written
   * without one, for every batch call that brings no host time of its own.
   */
  setReferenceTime(ms: number): void {
    this.exports.set_reference_time(ms);
  }

  /**
   * Raw detector scores of normalised feature rows (`nFeatures` f32 each, row-major, as
   * normalizedRows gives them) under the installed model: the values a replay of their records
   * would report, from the scorer's own detectors, without the replay.
   */
  detectorScores(x: Float32Array, nFeatures: number): RawDetectorScores {
    const rows = x.length / nFeatures;
    const out = { iforest: new Float32Array(rows), autoencoder: new Float32Array(rows) };
    this.inRowChunks(rows, [nFeatures, 1, 1], ([xs, iforest, autoencoder], from, n) => {
      xs.set(x.subarray(from * nFeatures, (from + n) * nFeatures));
      const code = this.exports.score_rows(xs.byteOffset, n, iforest.byteOffset, autoencoder.byteOffset);
      out.iforest.set(iforest.subarray(0, n), from);
      out.autoencoder.set(autoencoder.subarray(0, n), from);
      return code;
    });
    return out;
  }

  /**
   * Calls `run` on successive chunks of `rows` rows with f32 scratch arrays in module memory,
   * `widths[k]` values per row for array k, allocated once for all chunks. `run` returns the
   * export's code; a refusal throws with the scorer's reason.
   */
  private inRowChunks(rows: number, widths: number[], run: (scratch: Float32Array[], from: number, n: number) => number): void {
    const e = this.exports;
    const perCall = Math.min(rows, ROWS_PER_CALL);
    const base = e.malloc(Math.max(1, perCall * widths.reduce((a, w) => a + w, 0) * F32_BYTES));
    try {
      for (let from = 0; from < rows; from += perCall) {
        let at = base;
        const scratch = widths.map((w) => {
          const view = new Float32Array(e.memory.buffer, at, perCall * w);
          at += perCall * w * F32_BYTES;
          return view;
        });
        const code = run(scratch, from, Math.min(perCall, rows - from));
        if (code !== 0) throw new Error(`the scorer refused to score rows: ${this.text(e.error_message(code))}`);
      }
    } finally {
      e.free(base);
    }
  }

  /**
   * Runs records through the scorer: NDJSON bytes, or record texts (no newline inside), which are
   * encoded a chunk at a time instead of joined. Outputs are concatenated copies. `onProgress`
   * gets how far the input is done after each chunk (bytes; for texts, code units plus newlines).
   */
  process(input: Uint8Array | readonly string[], mode: number, hostTimeMs = Number.NaN, onProgress?: (done: number, total: number) => void): BatchResult {
    const texts = !(input instanceof Uint8Array);
    const total = texts ? textUnits(input) : input.length;
    const rowBytes = mode & OUTPUT.FEATURES ? this.featureRowBytes() : mode & OUTPUT.EVENTS ? EVENT_ROW_BYTES : 0;
    const guess = Math.min(OUTPUT_GUESS_PER_INPUT_BYTE * total, MAX_OUTPUT_GUESS);
    const out = {
      enriched: new Collector(mode & OUTPUT.ENRICHED ? guess : 0),
      report: new Collector(mode & OUTPUT.REPORT ? guess : 0),
      rows: new Collector(texts ? input.length * rowBytes : 0),
    };
    const e = this.exports;
    let capacity = CHUNK_BYTES;
    let ptr = e.malloc(capacity);
    let count = 0;
    try {
      for (const { bytes, done } of texts ? recordChunks(input, CHUNK_BYTES) : byteChunks(input, CHUNK_BYTES)) {
        if (bytes.length > capacity) {
          e.free(ptr);
          capacity = bytes.length;
          ptr = e.malloc(capacity);
        }
        new Uint8Array(e.memory.buffer, ptr, bytes.length).set(bytes);
        count += e.batch(ptr, bytes.length, hostTimeMs, mode);
        const output = (which: number) => new Uint8Array(e.memory.buffer, e.batch_output(which), e.batch_output_length(which));
        if (mode & OUTPUT.ENRICHED) out.enriched.append(output(OUTPUT.ENRICHED));
        if (mode & OUTPUT.REPORT) out.report.append(output(OUTPUT.REPORT));
        if (rowBytes) out.rows.append(output(OUTPUT.FEATURES));
        onProgress?.(done, total);
      }
    } finally {
      e.free(ptr);
    }
    return { count, enriched: out.enriched.bytes(), report: out.report.bytes(), rows: out.rows.bytes() };
  }

  /** Bytes of one FEATURES row: the head, then the raw and transformed features (f32 each). */
  private featureRowBytes(): number {
    this.rowBytesCache ||= (FEATURE_ROW_HEAD + 2 * this.schema().features.length) * F32_BYTES;
    return this.rowBytesCache;
  }
}

export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
