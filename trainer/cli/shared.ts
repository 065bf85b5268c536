// Steps several commands share.

import { CliError } from "./errors.ts";
import type { ParsedArgs } from "./args.ts";
import { LOG_FORMATS } from "./common-args.ts";
import type { Reporter } from "./progress.ts";
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from "../pipeline/train.ts";
import type { PreparedData } from "../pipeline/prepare.ts";
import { ModelLoadError, Scorer, defaultWasmPath } from "../wasm/scorer.ts";
import { existsSync, readFileSync } from "node:fs";

export async function openScorer(): Promise<Scorer> {
  const path = defaultWasmPath();
  if (!existsSync(path)) throw new CliError("E_NOT_BUILT", `scorer module not found at ${path}`, "run `npm run build` first");
  return Scorer.load(path);
}

export function checkLogFormat(args: ParsedArgs): void {
  if (!LOG_FORMATS.includes(String(args.logFormat))) {
    throw new CliError("E_BAD_VALUE", `--log-format must be one of ${LOG_FORMATS.join(", ")}, got: ${args.logFormat}`);
  }
}

export function resolveTrainOptions(args: ParsedArgs): TrainOptions {
  return {
    ...DEFAULT_TRAIN_OPTIONS,
    contamination: Number(args.contamination),
    autoencoderEpochs: Number(args.autoencoderEpochs),
    isoForestEstimators: Number(args.isoForestEstimators),
    batchSize: Number(args.batchSize),
    randomState: Number(args.randomState),
  };
}

export function warnFailedFiles(data: PreparedData, report: Reporter): void {
  for (const f of data.loaded.failedFiles) report.info(`warning: skipped ${f.file}: ${f.reason}`);
}

export function readModelFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch {
    throw new CliError("E_NO_MODEL", `Model file not found: ${path}`, "train one with `log-anomaly train` or `log-anomaly run`");
  }
}

/** Loads a model into the scorer; a refused model is a user error with the scorer's own reason. */
export function installModel(scorer: Scorer, bytes: Uint8Array, path: string): void {
  try {
    scorer.loadModel(bytes);
  } catch (err) {
    if (err instanceof ModelLoadError) throw new CliError("E_BAD_MODEL", `Cannot use ${path}: ${err.message}`, "retrain with `log-anomaly train`");
    throw err;
  }
}
