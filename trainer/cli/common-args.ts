// Options shared by several commands: the original pipeline's parameters.

import type { ArgDef, ArgsDef } from "./args.ts";
import { DEFAULT_TRAIN_OPTIONS } from "../pipeline/train.ts";

const integerIn = (lo: number, hi: number) => (v: number) =>
  Number.isInteger(v) && v >= lo && v <= hi ? undefined : `must be an integer in [${lo}, ${hi}]`;

export const dataPath: ArgDef = { type: "string", description: "Directory (or file) of JSON logs", default: "./logs/" };
export const outputDir: ArgDef = { type: "string", description: "Where results are written", default: "anomaly_outputs" };
export const logFormat: ArgDef = { type: "string", description: "Log format: auto or auth (flat JSON)", default: "auto" };
export const quiet: ArgDef = { type: "boolean", description: "Print nothing but errors", default: false };

export const trainingArgs: ArgsDef = {
  contamination: {
    type: "number",
    description: "Share of baseline events scored as anomalies; sets the alert threshold",
    default: DEFAULT_TRAIN_OPTIONS.contamination,
    check: (v) => (v > 0 && v <= 0.5 ? undefined : "must be in (0, 0.5]"),
  },
  autoencoderEpochs: {
    type: "number",
    description: "Autoencoder training epochs",
    default: DEFAULT_TRAIN_OPTIONS.autoencoderEpochs,
    check: integerIn(1, 10_000),
  },
  isoForestEstimators: {
    type: "number",
    description: "Isolation Forest trees",
    default: DEFAULT_TRAIN_OPTIONS.isoForestEstimators,
    check: integerIn(1, 10_000),
  },
  batchSize: { type: "number", description: "Autoencoder batch size", default: DEFAULT_TRAIN_OPTIONS.batchSize, check: integerIn(1, 1_048_576) },
  randomState: { type: "number", description: "Seed for every random choice in training", default: DEFAULT_TRAIN_OPTIONS.randomState, check: integerIn(0, 4_294_967_295) },
};

export const LOG_FORMATS = ["auto", "auth"];
