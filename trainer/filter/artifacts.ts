// The files training leaves behind: model.bin (the previous one kept as
// model.prev.bin) and the filter modules with that model embedded. Each is
// written to a temporary file, flushed and renamed, so a shipper never reads a
// half-written file.

import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { embedModel } from "./embed.ts";
import { filterWasmPath, wasiWasmPath, type Scorer } from "../wasm/scorer.ts";

export const MODEL_FILE = "model.bin";
export const PREVIOUS_MODEL_FILE = "model.prev.bin";
/** Where `train` leaves a model it refused to deploy (drift beyond limits), for `inspect`; no shipper watches this name. */
export const REJECTED_MODEL_FILE = "model.rejected.bin";
export const FILTER_FILE = "log_anomaly_filter.wasm";
export const WASI_FILTER_FILE = "log_anomaly_filter_wasi.wasm";

export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
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
  if (existsSync(modelPath)) {
    out.previousPath = join(outputDir, PREVIOUS_MODEL_FILE);
    writeFileAtomic(out.previousPath, readFileSync(modelPath));
  }
  // The filters first: a shipper watching model.bin sees the new model only once everything is in place.
  writeFileAtomic(out.filterPath, buildFilter(scorer, model));
  writeFileAtomic(out.wasiFilterPath, buildFilter(scorer, model, wasiWasmPath()));
  writeFileAtomic(modelPath, model);
  return out;
}
