// Options shared by several commands: the original pipeline's parameters, and
// their types. A command's options type is built from these, and its argument
// table must cover it key for key (ArgsFor, the Vitest trick).

import type { ArgDef, ArgsFor } from "./args.ts";
import { DEFAULT_TRAIN_OPTIONS, TRAIN_OPTION_CHECKS as CHECK, type TrainOptions } from "../pipeline/train-options.ts";
import { LOG_FORMAT_NAMES } from "../model/format.ts";
import { STREAM_BY, type StreamBy } from "../wasm/streams.ts";

export type LogFormat = (typeof LOG_FORMAT_NAMES)[number];

export const dataPath: ArgDef<string> = {
  type: "string",
  description: "Directory (or file) of logs: JSON, or text lines such as /var/log/auth.log; - reads standard input",
  default: "./logs/",
};
/** Where `run` writes its reports and model, and `train` its model, unless --output-dir says otherwise. */
export const RUN_OUTPUT_DIR = "anomaly_outputs";
export const TRAIN_OUTPUT_DIR = "model";
export const outputDir: ArgDef<string> = { type: "string", description: "Where results are written", default: RUN_OUTPUT_DIR };
/** What a capacity costs, for the error hint of an out-of-range --user-capacity / --ip-capacity. */
const CAPACITY_HINT = "the filter holds 696 B per user and 528 B per IP slot, allocated up front (1048576 users take 730 MB); when full, the entity with the least live evidence (recent failed logins, an open incident) is evicted, the least recently seen of equals";
export const logFormat: ArgDef<LogFormat> = {
  type: "string",
  description: "Log format: auto (decided per record), auth (flat JSON aliases), syslog, security (Windows), ecs, cloudtrail",
  default: "auto",
  choices: LOG_FORMAT_NAMES,
};
export const fieldMap: ArgDef<string> = {
  type: "string",
  description: 'JSON file mapping fields to dotted key paths, e.g. {"user": "actor.login"}; overrides the built-in aliases',
  default: "",
};
export const allow: ArgDef<string> = {
  type: "string",
  description: "File of known-benign users, source IPs (or IPv4 ranges) and user/IP pairs whose alerts are suppressed; recorded in the model",
  default: "",
};
/** `--allow` on a command that loads a finished model rather than training one. */
export const allowOverride: ArgDef<string> = {
  ...allow,
  description: "File of known-benign users, source IPs (or IPv4 ranges) and user/IP pairs whose alerts are suppressed; replaces the list compiled into the model",
};
export const quiet: ArgDef<boolean> = { type: "boolean", description: "Print nothing but errors, warnings (on stderr) and the --json document", default: false };
export const json: ArgDef<boolean> = {
  type: "boolean",
  description: "Print a machine-readable JSON document on stdout instead of the text summary; nothing else goes to stdout",
  default: false,
};
export const failOnAnomaly: ArgDef<boolean> = { type: "boolean", description: "Exit with code 1 when any anomaly is found", default: false };
export const streamBy: ArgDef<StreamBy> = {
  type: "string",
  description: "Replay the records as one merged stream (an aggregator's filter) or one stream per host, each with its own state (edge filters); recorded in the model",
  default: "merged",
  choices: STREAM_BY,
};
/** `--stream-by` on a command that loads a model: by default, as the model was trained. */
export const streamByOverride: ArgDef<StreamBy | "model"> = {
  type: "string",
  description: "Replay the records as the model was trained (model), as one merged stream, or one stream per host with its own state",
  default: "model",
  choices: ["model", ...STREAM_BY],
};
/** The default ("") means the newest of model/model.bin and anomaly_outputs/model.bin (cli/model-path.ts). */
export const model: ArgDef<string> = {
  type: "string",
  description: `Model file written by train or run (default: the newer of ${TRAIN_OUTPUT_DIR}/model.bin and ${RUN_OUTPUT_DIR}/model.bin)`,
  default: "",
};

/** Where logs come from. */
export interface InputOptions {
  dataPath: string;
  logFormat: LogFormat;
  fieldMap: string;
}

/** What the model built (or, with allowOverrideArgs, loaded) by the command suppresses. */
export interface AllowOptions {
  allow: string;
}

/** How much the command prints. */
export interface OutputOptions {
  quiet: boolean;
  json: boolean;
}

export const inputArgs: ArgsFor<InputOptions> = { dataPath, logFormat, fieldMap };
export const outputArgs: ArgsFor<OutputOptions> = { quiet, json };
export const allowArgs: ArgsFor<AllowOptions> = { allow };
export const allowOverrideArgs: ArgsFor<AllowOptions> = { allow: allowOverride };

/** Every training parameter has a flag: adding one to TrainOptions without a line here does not compile. */
export const trainingArgs: ArgsFor<TrainOptions> = {
  contamination: {
    type: "number",
    description: "Share of baseline events scored as anomalies; sets the alert threshold",
    default: DEFAULT_TRAIN_OPTIONS.contamination,
    check: CHECK.contamination,
  },
  autoencoderEpochs: {
    type: "number",
    description: "Autoencoder training epochs",
    default: DEFAULT_TRAIN_OPTIONS.autoencoderEpochs,
    check: CHECK.autoencoderEpochs,
  },
  autoencoderMaxRows: {
    type: "number",
    description: "Most baseline events the autoencoder trains on (a seeded sample of them beyond it)",
    default: DEFAULT_TRAIN_OPTIONS.autoencoderMaxRows,
    check: CHECK.autoencoderMaxRows,
  },
  isoForestEstimators: {
    type: "number",
    description: "Isolation Forest trees",
    default: DEFAULT_TRAIN_OPTIONS.isoForestEstimators,
    check: CHECK.isoForestEstimators,
  },
  batchSize: { type: "number", description: "Autoencoder batch size", default: DEFAULT_TRAIN_OPTIONS.batchSize, check: CHECK.batchSize },
  randomState: { type: "number", description: "Seed for every random choice in training", default: DEFAULT_TRAIN_OPTIONS.randomState, check: CHECK.randomState },
  userCapacity: {
    type: "number",
    description: "Users the filter keeps state for at once (when full, those without live evidence are evicted first)",
    default: DEFAULT_TRAIN_OPTIONS.userCapacity,
    check: CHECK.userCapacity,
    hint: CAPACITY_HINT,
  },
  ipCapacity: {
    type: "number",
    description: "Source IPs the filter keeps state for at once",
    default: DEFAULT_TRAIN_OPTIONS.ipCapacity,
    check: CHECK.ipCapacity,
    hint: CAPACITY_HINT,
  },
  maxEntities: {
    type: "number",
    description: "Most entities kept per baseline set (the most frequent win); bounds the model size",
    default: DEFAULT_TRAIN_OPTIONS.maxEntities,
    check: CHECK.maxEntities,
  },
};
