// Where a command that loads a model finds it when --model is not given: where
// `train` and `run` write it by default, so `log-anomaly inspect` works right after
// either (the quick start's `npm start` is a `run`). A path that does not exist gets
// a hint naming the model that does.

import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "../util/errors.ts";
import { MODEL_FILE } from "../filter/artifacts.ts";
import { RUN_OUTPUT_DIR, TRAIN_OUTPUT_DIR } from "./common-args.ts";

/** The default models, in the order they are named: train's, then run's. */
export const DEFAULT_MODELS = [join(TRAIN_OUTPUT_DIR, MODEL_FILE), join(RUN_OUTPUT_DIR, MODEL_FILE)];

export interface ResolvedModel {
  path: string;
  /** Which default was picked and why, for stderr; absent when --model named the file. */
  note?: string;
}

/** The model file to load: `given` (the --model value, "" for none) or the newest default model. */
export function resolveModelPath(given: string): ResolvedModel {
  const found = DEFAULT_MODELS.filter((p) => existsSync(p)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (given !== "") {
    if (existsSync(given)) return { path: given };
    const other = found.find((p) => p !== given);
    throw new CliError("E_NO_MODEL", `Model file not found: ${given}`, other ? `a model exists at ${other}: pass --model ${other}` : TRAIN_HINT);
  }
  if (found.length === 0) throw new CliError("E_NO_MODEL", `No model found at ${DEFAULT_MODELS.join(" or ")}`, TRAIN_HINT);
  const [path, older] = found;
  return { path, note: `Using the model ${path}${older ? ` (newer than ${older})` : ""}` };
}

// --- internal ---

const TRAIN_HINT = `train one with \`log-anomaly train\` (writes ${DEFAULT_MODELS[0]}) or \`log-anomaly run\` (writes ${DEFAULT_MODELS[1]}), or pass --model`;
