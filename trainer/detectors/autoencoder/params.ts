import { DEFAULT_SEED, MAX_SEED } from "../../util/rng.ts";
import { MAX_LAYER_WIDTH, MAX_LAYERS } from "../../../contract/model-format.ts";

/**
 * Settings for the autoencoder detector.
 *
 * An autoencoder learns to squeeze each normalised feature vector through a
 * narrow bottleneck and rebuild it. Trained on baseline traffic only, it
 * rebuilds ordinary events well and unusual ones badly, so the reconstruction
 * error is the anomaly score: the mean squared error over the features, where
 * higher means more anomalous.
 *
 * Parameters
 * ----------
 * hiddenLayers : number[], default [24, 12, 24]
 *     Widths of the hidden layers between the input and the output, each an
 *     integer in [1, 1024]. The count must be odd, in [1, 15]: the middle layer
 *     is the bottleneck and is linear, the layers around it use ReLU, and the
 *     output layer (nFeatures wide) is linear.
 * epochs : number, default 50
 *     Full passes over the training rows, an integer in [1, 10000].
 * batchSize : number, default 1024
 *     Rows per gradient step, an integer in [1, 1048576]. A batch larger than
 *     the training set means one full-batch step per epoch.
 * learningRate : number, default 0.001
 *     Step size of the Adam optimiser, in (0, 1].
 * randomState : number, default 42
 *     Seed, an integer in [0, 4294967295]. It fixes the weight initialisation,
 *     the subsample and the per-epoch shuffle, so one seed gives one model.
 * maxTrainRows : number, default 50000
 *     Cap on the rows used for training, an integer in [1, 10000000]. Beyond
 *     it a seeded uniform subsample of exactly this many rows is drawn; the
 *     fit reports how many rows it used. Training time grows with rows times
 *     epochs; on bench/quality.ts (112k baseline rows) 50,000 rows detected as
 *     well as all of them (PR-AUC 0.920 vs 0.918) in under half the time.
 *
 * Attributes
 * ----------
 * None: settings only. The learned state is `AutoencoderModel` (model.ts),
 * returned by `fitAutoencoder` (fit.ts).
 *
 * See Also
 * --------
 * IForestParams : the isolation forest, the other unsupervised detector.
 *
 * Notes
 * -----
 * Inputs must already be z-scores (the model's normalisation section). Weights
 * start from seeded Glorot-uniform draws, biases at zero; the loss is the mean
 * squared reconstruction error, the same quantity the scorer reports.
 *
 * References
 * ----------
 * Sakurada & Yairi, "Anomaly Detection Using Autoencoders with Nonlinear
 * Dimensionality Reduction", MLSDA 2014.
 * Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015.
 *
 * Example
 * -------
 * ```ts
 * const params = resolveAutoencoderParams({ epochs: 20 });
 * const { model, history } = await fitAutoencoder(x, nRows, nFeatures, params);
 * ```
 */
export interface AutoencoderParams {
  hiddenLayers: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  randomState: number;
  maxTrainRows: number;
}

export const DEFAULT_HIDDEN_LAYERS: readonly number[] = Object.freeze([24, 12, 24]);
export const DEFAULT_EPOCHS = 50;
export const DEFAULT_BATCH_SIZE = 1024;
export const DEFAULT_LEARNING_RATE = 0.001;
export const DEFAULT_RANDOM_STATE = DEFAULT_SEED;
export const DEFAULT_MAX_TRAIN_ROWS = 50_000;

/** The scorer reads MAX_LAYERS dense layers: the hidden ones and the output layer. */
export const MAX_HIDDEN_LAYERS = MAX_LAYERS - 1;
/** The widest layer the scorer reads (contract/model-format.ts). */
export { MAX_LAYER_WIDTH };
export const MAX_EPOCHS = 10_000;
export const MAX_BATCH_SIZE = 1_048_576;
export const MAX_LEARNING_RATE = 1;
export const MAX_RANDOM_STATE = MAX_SEED;
export const MAX_TRAIN_ROWS_LIMIT = 10_000_000;

/** The defaults, frozen (hiddenLayers included); spread it to override some. */
export const DEFAULT_AUTOENCODER_PARAMS: Readonly<AutoencoderParams> = Object.freeze({
  hiddenLayers: DEFAULT_HIDDEN_LAYERS as number[],
  epochs: DEFAULT_EPOCHS,
  batchSize: DEFAULT_BATCH_SIZE,
  learningRate: DEFAULT_LEARNING_RATE,
  randomState: DEFAULT_RANDOM_STATE,
  maxTrainRows: DEFAULT_MAX_TRAIN_ROWS,
});

/** The defaults overlaid with `overrides`, validated, with a private hiddenLayers copy. */
export function resolveAutoencoderParams(overrides: Partial<AutoencoderParams> = {}): AutoencoderParams {
  const params = { ...DEFAULT_AUTOENCODER_PARAMS, ...overrides };
  params.hiddenLayers = [...params.hiddenLayers];
  validateAutoencoderParams(params);
  return params;
}

/**
 * Throws a RangeError naming the first bad setting, its allowed range in
 * interval notation and the value given, e.g.
 * "epochs must be an integer in [1, 10000], got: 0". Unknown keys are refused.
 */
export function validateAutoencoderParams(params: AutoencoderParams): void {
  for (const key of Object.keys(params)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new RangeError(`unknown autoencoder parameter "${key}"; expected one of: ${[...KNOWN_KEYS].join(", ")}`);
    }
  }
  const layers: unknown = params.hiddenLayers;
  if (!Array.isArray(layers)) {
    throw new RangeError(`hiddenLayers must be an array of layer widths, got: ${_show(layers)}`);
  }
  if (layers.length < 1 || layers.length > MAX_HIDDEN_LAYERS || layers.length % 2 === 0) {
    throw new RangeError(
      `hiddenLayers must have an odd number of layers in [1, ${MAX_HIDDEN_LAYERS}] ` +
        `(the middle one is the bottleneck), got: ${layers.length} (${_show(layers)})`,
    );
  }
  layers.forEach((width, i) => _integerIn(`hiddenLayers[${i}]`, width, 1, MAX_LAYER_WIDTH));
  _integerIn("epochs", params.epochs, 1, MAX_EPOCHS);
  _integerIn("batchSize", params.batchSize, 1, MAX_BATCH_SIZE);
  const lr = params.learningRate;
  if (typeof lr !== "number" || !(lr > 0 && lr <= MAX_LEARNING_RATE)) {
    throw new RangeError(`learningRate must be in (0, ${MAX_LEARNING_RATE}], got: ${_show(lr)}`);
  }
  _integerIn("randomState", params.randomState, 0, MAX_RANDOM_STATE);
  _integerIn("maxTrainRows", params.maxTrainRows, 1, MAX_TRAIN_ROWS_LIMIT);
}

// --- internal ---

const KNOWN_KEYS: ReadonlySet<string> = new Set(Object.keys(DEFAULT_AUTOENCODER_PARAMS));

function _integerIn(name: string, value: unknown, lo: number, hi: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < lo || value > hi) {
    throw new RangeError(`${name} must be an integer in [${lo}, ${hi}], got: ${_show(value)}`);
  }
}

function _show(value: unknown): string {
  return Array.isArray(value) ? `[${value.map(_show).join(", ")}]` : typeof value === "string" ? JSON.stringify(value) : String(value);
}
