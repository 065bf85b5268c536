// The files training leaves behind: model.bin (the previous one kept as
// model.prev.bin) and the filter modules with that model embedded. Each is
// written by writeFileSafely (a shipper never reads a half-written file, a
// planted link is replaced, not followed), readable by the owner only: they
// hold rule thresholds and allowlist entries.

import { readFileSync } from "node:fs";
import { FileRefusedError, MAX_MODEL_FILE_BYTES, readRegularFile } from "../util/regular-file.ts";
import { join } from "node:path";
import { MODE_PRIVATE, writeFileSafely } from "../util/safe-write.ts";
import { embedModel } from "./embed.ts";
import { filterWasmPath, wasiWasmPath, type Scorer } from "../wasm/scorer.ts";

export const MODEL_FILE = "model.bin";
export const PREVIOUS_MODEL_FILE = "model.prev.bin";
/** Where `train` leaves a model it refused to deploy (drift beyond limits), for `inspect`; no shipper watches this name. */
export const REJECTED_MODEL_FILE = "model.rejected.bin";
export const FILTER_FILE = "log_anomaly_filter.wasm";
export const WASI_FILTER_FILE = "log_anomaly_filter_wasi.wasm";

export function writeModelFile(path: string, bytes: Uint8Array): void {
  writeFileSafely(path, bytes, MODE_PRIVATE);
}

/** A scorer module with `model` embedded: the plain one, or the WASI one that also reloads model.bin from disk. */
export function buildFilter(scorer: Scorer, model: Uint8Array, base: string = filterWasmPath()): Uint8Array {
  const region = { start: scorer.exports.embed_region_start(), end: scorer.exports.embed_region_end() };
  return embedModel(readFileSync(base), model, region);
}

export interface ModelArtifacts {
  modelPath: string;
  filterPath: string;
  wasiFilterPath: string;
  /** Set when an earlier model.bin was kept. */
  previousPath?: string;
}

export function writeModelArtifacts(scorer: Scorer, outputDir: string, model: Uint8Array): ModelArtifacts {
  const modelPath = join(outputDir, MODEL_FILE);
  const out: ModelArtifacts = { modelPath, filterPath: join(outputDir, FILTER_FILE), wasiFilterPath: join(outputDir, WASI_FILTER_FILE) };
  const previous = previousModel(modelPath);
  if (previous) {
    out.previousPath = join(outputDir, PREVIOUS_MODEL_FILE);
    writeModelFile(out.previousPath, previous);
  }
  // The filters first: a shipper watching model.bin sees the new model only once everything is in place.
  writeModelFile(out.filterPath, buildFilter(scorer, model));
  writeModelFile(out.wasiFilterPath, buildFilter(scorer, model, wasiWasmPath()));
  writeModelFile(modelPath, model);
  return out;
}

/** The model.bin being replaced, kept as model.prev.bin; none when there is none or it is not a plain file (a planted link or FIFO is not copied). */
function previousModel(modelPath: string): Uint8Array | undefined {
  try {
    return readRegularFile(modelPath, MAX_MODEL_FILE_BYTES);
  } catch (err) {
    if (err instanceof FileRefusedError) return undefined;
    throw err;
  }
}
