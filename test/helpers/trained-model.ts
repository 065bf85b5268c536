// A model trained once per test file, for tests that need the real filter with a real model.
//
//   const model = await trainedModel();          // trains on samples/ the first time, then reuses it
//   const host = await FluentBitHost.load(model.filterPath);
//   afterAll(() => model.dispose());            // optional: removes the temporary directory
//
// Training runs in-process through the CLI (`log-anomaly train`) with small detector settings,
// so it takes seconds. The files are what a user deploys: model.bin and log_anomaly_filter.wasm
// (the filter with the model embedded, built from build/log_anomaly_filter.wasm).

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { main } from "../../trainer/cli/main.ts";
import { FILTER_FILE, MODEL_FILE, WASI_FILTER_FILE } from "../../trainer/filter/artifacts.ts";

export interface TrainedModel {
  dir: string;
  modelPath: string;
  filterPath: string;
  /** The WASI build of the filter (model embedded, reloads model.bin through WASI), when training wrote one. */
  wasiFilterPath: string | null;
  /** The filter module's bytes (model embedded). */
  filter(): Uint8Array;
  /** The model.bin bytes. */
  model(): Uint8Array;
  /** Removes the directory; later calls to trainedModel() train again. */
  dispose(): void;
}

export interface TrainOptions {
  dataPath?: string;
  autoencoderEpochs?: number;
  isoForestEstimators?: number;
  /** Further CLI flags for `train`. */
  extraArgs?: string[];
}

/** Small enough to train in seconds, large enough to score the samples sensibly. */
export const QUICK_TRAINING: Required<Omit<TrainOptions, "extraArgs">> = {
  dataPath: "samples/",
  autoencoderEpochs: 5,
  isoForestEstimators: 50,
};

let cached: { key: string; model: Promise<TrainedModel> } | null = null;

/** Trains (once per test file and options) and returns the artifact paths. */
export function trainedModel(options: TrainOptions = {}): Promise<TrainedModel> {
  const opts = { ...QUICK_TRAINING, ...options };
  const key = JSON.stringify(opts);
  if (cached?.key !== key) cached = { key, model: train(opts) };
  return cached.model;
}

// --- internal ---

async function train(opts: typeof QUICK_TRAINING & TrainOptions): Promise<TrainedModel> {
  const dir = mkdtempSync(join(tmpdir(), "log-anomaly-model-"));
  const stderr = collect();
  const argv = [
    "train",
    "--data-path", opts.dataPath,
    "--output-dir", dir,
    "--quiet",
    "--autoencoder-epochs", String(opts.autoencoderEpochs),
    "--iso-forest-estimators", String(opts.isoForestEstimators),
    ...(opts.extraArgs ?? []),
  ];
  const code = await main(argv, { stdout: collect(), stderr });
  if (code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`log-anomaly ${argv.join(" ")} exited with ${code}:\n${stderr.text()}`);
  }
  const modelPath = join(dir, MODEL_FILE);
  const filterPath = join(dir, FILTER_FILE);
  const wasiFilterPath = join(dir, WASI_FILTER_FILE);
  const model: TrainedModel = {
    dir,
    modelPath,
    filterPath,
    wasiFilterPath: existsSync(wasiFilterPath) ? wasiFilterPath : null,
    filter: () => new Uint8Array(readFileSync(filterPath)),
    model: () => new Uint8Array(readFileSync(modelPath)),
    dispose: () => {
      if (cached && cached.key === JSON.stringify(opts)) cached = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return model;
}

function collect(): Writable & { text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString("utf8") });
}
