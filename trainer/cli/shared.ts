// Steps several commands share.

import { CliError } from "../util/errors.ts";
import type { ProgressTask, Reporter } from "./progress.ts";
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from "../pipeline/train-options.ts";
import { prepareData, type PreparedData } from "../pipeline/prepare.ts";
import { ModelLoadError, Scorer, hostWasmPath } from "../wasm/scorer.ts";
import { inputSettings } from "../pipeline/input-settings.ts";
import { loadAllowlist } from "../allowlist/load.ts";
import { describeAllowlist } from "../allowlist/compile.ts";
import { replaceAllowlist } from "../allowlist/replace.ts";
import { existsSync } from "node:fs";
import { FileRefusedError, MAX_MODEL_FILE_BYTES, readRegularFile } from "../util/regular-file.ts";

/** The scorer, reading records as --log-format / --field-map say when `input` is given. */
export async function openScorer(input?: { logFormat?: string; fieldMap?: string }): Promise<Scorer> {
  const path = hostWasmPath();
  if (!existsSync(path)) throw new CliError("E_NOT_BUILT", `scorer module not found at ${path}`, "run `npm run build` first");
  const settings = input && inputSettings(input.logFormat ?? "auto", input.fieldMap || undefined);
  const scorer = await Scorer.load(path);
  if (settings) scorer.setInput(settings);
  return scorer;
}

/** The training parameters out of a command's options; one without a value keeps its default. */
export function resolveTrainOptions(args: Partial<TrainOptions>): TrainOptions {
  const out = { ...DEFAULT_TRAIN_OPTIONS };
  for (const key of Object.keys(out) as Array<keyof TrainOptions>) {
    const value = args[key];
    if (value !== undefined) out[key] = Number(value);
  }
  return out;
}

/** A bar over the scanner's bytes, started on its first report: `update` goes to Scorer.process's onProgress. */
export function byteProgress(report: Reporter, label: string): { update: (done: number, total: number) => void; done: () => void } {
  let task: ProgressTask | undefined;
  return {
    update: (done, total) => {
      task ??= report.task(label, total, "bytes");
      task.update(done);
    },
    done: () => task?.done(),
  };
}

/** Loads and scans the logs with progress: a bar over the files, then one over the scanner's bytes. */
export function loadLogs(scorer: Scorer, dataPath: string, baselineDays: number, report: Reporter): PreparedData {
  report.info(`Loading logs from ${dataPath}`);
  let files: ProgressTask | undefined;
  const scan = byteProgress(report, "  scanning");
  const data = prepareData(scorer, dataPath, baselineDays, {
    onFile: (_file, index, total) => {
      files ??= report.task("  reading", total, "files");
      files.update(index);
    },
    onScan: (done, total) => {
      files?.done();
      files = undefined;
      scan.update(done, total);
    },
  });
  files?.done();
  scan.done();
  for (const f of data.loaded.failedFiles) report.warn(`skipped ${f.file}: ${f.reason}`);
  return data;
}

/** Writes the --json document: one JSON object and a newline, the only thing on stdout. */
export function writeJson(stdout: NodeJS.WritableStream, doc: unknown): void {
  stdout.write(JSON.stringify(doc, null, 2) + "\n");
}

export function readModelFile(path: string): Uint8Array {
  try {
    return readRegularFile(path, MAX_MODEL_FILE_BYTES);
  } catch (err) {
    if (!(err instanceof FileRefusedError)) throw err;
    if (err.code === "ENOENT") throw new CliError("E_NO_MODEL", `Model file not found: ${path}`, "train one with `log-anomaly train` or `log-anomaly run`");
    throw new CliError("E_BAD_MODEL", `Cannot read the model ${err.message}`, "point --model at the model file itself");
  }
}

/** Loads a model into the scorer; a refused model is a user error with the scorer's own reason. */
export function installModel(scorer: Scorer, bytes: Uint8Array, path: string): void {
  try {
    scorer.loadModel(bytes);
  } catch (err) {
    if (err instanceof ModelLoadError) {
      const hint = err.compat?.age === "newer" ? "upgrade log-anomaly (npm install log-anomaly@latest), or retrain with this version's `log-anomaly train`" : "retrain with `log-anomaly train`";
      throw new CliError("E_BAD_MODEL", `Cannot use ${path}: ${err.detail}`, hint);
    }
    throw err;
  }
}

/**
 * `--allow FILE` on a command that loads a model (detect, build-filter): the model's bytes with the
 * file's list in place of the one compiled into it; without a file (""), the model as it is.
 */
export function applyAllowFlag(bytes: Uint8Array, modelPath: string, allowPath: string, info: (line: string) => void): Uint8Array {
  const allowlist = loadAllowlist(allowPath);
  if (!allowlist) return bytes;
  const replaced = replaceAllowlist(bytes, modelPath, allowlist).bytes;
  info(`Allowlist ${allowPath}: ${describeAllowlist(allowlist)} (replaces the list compiled into ${modelPath})`);
  return replaced;
}
