import { DEFAULT_SEED, MAX_SEED } from "../../util/rng.ts";
import { MAX_TREES } from "../../../contract/model-format.ts";

/**
 * Isolation Forest settings.
 *
 * An anomaly is "few and different", so it is isolated by fewer random splits
 * than a normal point. Each tree recursively splits a small random subsample
 * on a random feature at a random threshold; the path length from the root to
 * the leaf a point lands in, averaged over the forest, is short for anomalies
 * and long for normal points. The scorer (`assembly/detect/iforest.ts`) turns it into
 * the paper's s(x) = 2^(-E[h(x)] / c(psi)) in (0, 1]: higher is more anomalous
 * (the opposite sign of scikit-learn's `score_samples`).
 *
 * Parameters
 * ----------
 * nEstimators : integer, default 200
 *     Number of trees, in [1, 10000].
 *
 * maxSamples : "auto" or integer, default "auto"
 *     Subsample size psi drawn, without replacement, to grow each tree.
 *     - "auto": psi = min(256, nRows), the paper's recommended size.
 *     - integer in [2, 32767]: psi = min(maxSamples, nRows). scikit-learn warns
 *       and clamps the same way when maxSamples exceeds the row count.
 *     Unlike scikit-learn, a fraction of the rows (float) is not accepted: a
 *     JavaScript number cannot tell `1` from `1.0`. The upper bound keeps node
 *     indices (at most 2 * psi - 1 nodes per tree) inside a Uint16.
 *
 * randomState : integer, default 42
 *     Seed in [0, 4294967295] for the row subsamples, split features and
 *     thresholds. Equal seeds, data and settings give a bit-identical model.
 *     scikit-learn's `None` (unseeded) has no equivalent: training is always
 *     reproducible.
 *
 * Notes
 * -----
 * Trees stop growing at the height limit ceil(log2(psi)) (8 for psi = 256),
 * the average height of a random binary tree on psi points; a node that
 * reaches it, holds one sample, or whose samples are identical on every
 * feature becomes a leaf and adds c(size) for the subtree it did not grow
 * (see `averagePathLength`). Only features that vary on a node's samples are
 * candidates for its split, as in scikit-learn's random splitter.
 *
 * References
 * ----------
 * Liu, F. T., Ting, K. M. and Zhou, Z.-H. "Isolation forest." ICDM 2008.
 * Liu, F. T., Ting, K. M. and Zhou, Z.-H. "Isolation-based anomaly detection."
 * ACM Transactions on Knowledge Discovery from Data 6(1), 2012.
 *
 * Example
 * -------
 * ```ts
 * const params = { ...DEFAULT_IFOREST_PARAMS, nEstimators: 100 };
 * validateIForestParams(params);
 * const model = fitIForest(x, nRows, nFeatures, params);
 * ```
 */
export interface IForestParams {
  nEstimators: number;
  maxSamples: number | "auto";
  randomState: number;
}

export const DEFAULT_N_ESTIMATORS = 200;
export const DEFAULT_MAX_SAMPLES = "auto";
export const DEFAULT_RANDOM_STATE = DEFAULT_SEED;

export const DEFAULT_IFOREST_PARAMS: Readonly<IForestParams> = Object.freeze({
  nEstimators: DEFAULT_N_ESTIMATORS,
  maxSamples: DEFAULT_MAX_SAMPLES,
  randomState: DEFAULT_RANDOM_STATE,
});

/** psi used by "auto" (the paper's recommendation). */
export const AUTO_MAX_SAMPLES = 256;
/** The most trees the scorer reads (contract/model-format.ts MAX_TREES). */
export const MAX_N_ESTIMATORS = MAX_TREES;
/** Smallest psi with a non-zero c(psi), the scorer's denominator. */
export const MIN_MAX_SAMPLES = 2;
/** Largest psi whose 2 * psi - 1 nodes still have Uint16 indices. */
export const MAX_MAX_SAMPLES = 32_767;
export const MAX_RANDOM_STATE = MAX_SEED;

const KEYS: readonly (keyof IForestParams)[] = ["nEstimators", "maxSamples", "randomState"];

/**
 * Throws an Error naming the first invalid setting and its accepted range,
 * e.g. "nEstimators must be an integer in [1, 10000], got: 0". Unknown keys
 * are rejected too, so a misspelt setting never silently falls back to its
 * default.
 */
export function validateIForestParams(p: IForestParams): void {
  for (const key of Object.keys(p)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new Error(`unknown iforest parameter ${JSON.stringify(key)}; expected one of ${KEYS.join(", ")}`);
    }
  }
  checkInteger("nEstimators", p.nEstimators, 1, MAX_N_ESTIMATORS, "");
  if (p.maxSamples !== "auto") {
    checkInteger("maxSamples", p.maxSamples, MIN_MAX_SAMPLES, MAX_MAX_SAMPLES, '"auto" or ');
  }
  checkInteger("randomState", p.randomState, 0, MAX_RANDOM_STATE, "");
}

// --- internal ---

function checkInteger(name: string, v: unknown, lo: number, hi: number, alternatives: string): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
    throw new Error(`${name} must be ${alternatives}an integer in [${lo}, ${hi}], got: ${describe(v)}`);
  }
}

function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") return String(v);
  if (v === null) return "null";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
