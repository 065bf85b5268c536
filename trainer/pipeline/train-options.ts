// The training parameters, their defaults and their ranges, stated once: the
// CLI's option table (cli/common-args.ts) takes its defaults and checks from
// here, and trainModel validates with the same checks, so a library caller and
// the command line are refused alike. Detector defaults and limits are the
// detectors' own (detectors/*/params.ts).

import { DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_MAX_TRAIN_ROWS, MAX_BATCH_SIZE, MAX_EPOCHS, MAX_TRAIN_ROWS_LIMIT } from "../detectors/autoencoder/params.ts";
import { DEFAULT_N_ESTIMATORS, MAX_N_ESTIMATORS } from "../detectors/iforest/params.ts";
import { DEFAULT_BASELINE_PARAMS } from "../fit/baselines.ts";
import { CliError } from "../util/errors.ts";
import { DEFAULT_SEED, MAX_SEED } from "../util/rng.ts";
import { DEFAULT_IP_CAPACITY, DEFAULT_USER_CAPACITY, MAX_ENTITY_CAPACITY, MIN_ENTITY_CAPACITY } from "../../contract/bounds.ts";

export interface TrainOptions {
  contamination: number;
  isoForestEstimators: number;
  autoencoderEpochs: number;
  /** Most feature rows the autoencoder trains on (a seeded subsample beyond it). */
  autoencoderMaxRows: number;
  batchSize: number;
  randomState: number;
  /** Per-entity state slots in the filter (powers of two). */
  userCapacity: number;
  ipCapacity: number;
  /** Most entities kept per baseline set. */
  maxEntities: number;
}

const MAX_ENTITIES = 10_000_000;

export const DEFAULT_TRAIN_OPTIONS: Readonly<TrainOptions> = Object.freeze({
  contamination: 0.005,
  isoForestEstimators: DEFAULT_N_ESTIMATORS,
  autoencoderEpochs: DEFAULT_EPOCHS,
  autoencoderMaxRows: DEFAULT_MAX_TRAIN_ROWS,
  batchSize: DEFAULT_BATCH_SIZE,
  randomState: DEFAULT_SEED,
  userCapacity: DEFAULT_USER_CAPACITY,
  ipCapacity: DEFAULT_IP_CAPACITY,
  maxEntities: DEFAULT_BASELINE_PARAMS.maxEntities,
});

/** A range check: undefined when the value is allowed, else what is wrong ("must be in (0, 0.5]"). */
export type OptionCheck = (value: number) => string | undefined;

const integerIn = (lo: number, hi: number): OptionCheck => (v) =>
  Number.isInteger(v) && v >= lo && v <= hi ? undefined : `must be an integer in [${lo}, ${hi}]`;
const powerOfTwoIn = (lo: number, hi: number): OptionCheck => (v) =>
  Number.isInteger(v) && v >= lo && v <= hi && (v & (v - 1)) === 0 ? undefined : `must be a power of two in [${lo}, ${hi}]`;

export const TRAIN_OPTION_CHECKS: { readonly [K in keyof TrainOptions]: OptionCheck } = {
  contamination: (v) => (v > 0 && v <= 0.5 ? undefined : "must be in (0, 0.5]"),
  isoForestEstimators: integerIn(1, MAX_N_ESTIMATORS),
  autoencoderEpochs: integerIn(1, MAX_EPOCHS),
  autoencoderMaxRows: integerIn(1, MAX_TRAIN_ROWS_LIMIT),
  batchSize: integerIn(1, MAX_BATCH_SIZE),
  randomState: integerIn(0, MAX_SEED),
  userCapacity: powerOfTwoIn(MIN_ENTITY_CAPACITY, MAX_ENTITY_CAPACITY),
  ipCapacity: powerOfTwoIn(MIN_ENTITY_CAPACITY, MAX_ENTITY_CAPACITY),
  maxEntities: integerIn(1, MAX_ENTITIES),
};

/** Refuses the first option out of range with the CLI's error (E_BAD_VALUE, "contamination must be in (0, 0.5], got: 0.9"). */
export function validateTrainOptions(opts: TrainOptions): void {
  for (const [name, check] of Object.entries(TRAIN_OPTION_CHECKS) as Array<[keyof TrainOptions, OptionCheck]>) {
    const value = opts[name];
    const problem = typeof value === "number" ? check(value) : "must be a number";
    if (problem) throw new CliError("E_BAD_VALUE", `${name} ${problem}, got: ${value}`);
  }
}
