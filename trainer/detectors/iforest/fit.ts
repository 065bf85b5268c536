import { createRng, type Rng } from "../../util/rng.ts";
import { averagePathLength, heightLimit, LEAF, type IForestModel, type IForestTree } from "./model.ts";
import { AUTO_MAX_SAMPLES, validateIForestParams, type IForestParams } from "./params.ts";

/** Largest feature index an Int16 node field can hold, plus one. */
export const MAX_FEATURES = 32_767;

/**
 * Fits an Isolation Forest on `nRows` feature vectors of width `nFeatures`,
 * stored row-major in `x` (row r, feature f at `x[r * nFeatures + f]`).
 *
 * Each tree draws psi rows without replacement (see `IForestParams`), then
 * splits recursively: a node picks a feature uniformly among those that vary
 * on its samples and a threshold uniformly in (min, max) of that feature,
 * rounded to float32 exactly as stored, and sends a sample LEFT iff
 * `x[feature] < threshold` — the scorer's rule, so fit and scoring agree on
 * every training sample. A node becomes a leaf at depth ceil(log2(psi)), with
 * one sample, or when no feature varies; it stores depth + c(size).
 *
 * Pure: the result depends only on the arguments. Randomness comes from `rng`,
 * by default `createRng(params.randomState)`; pass one to share a stream.
 * Throws on invalid params, a shape mismatch, fewer than 2 rows, or a
 * non-finite value (the message names the row and feature).
 */
export function fitIForest(
  x: Float32Array,
  nRows: number,
  nFeatures: number,
  params: IForestParams,
  rng: Rng = createRng(params.randomState),
): IForestModel {
  validateIForestParams(params);
  checkData(x, nRows, nFeatures);
  const psi = params.maxSamples === "auto" ? Math.min(AUTO_MAX_SAMPLES, nRows) : Math.min(params.maxSamples, nRows);
  const grower = new TreeGrower(x, nRows, nFeatures, psi);
  const trees: IForestTree[] = [];
  for (let t = 0; t < params.nEstimators; t++) trees.push(grower.grow(rng));
  return Object.freeze({ nFeatures, maxSamples: psi, trees: Object.freeze(trees) as IForestTree[] });
}

// --- internal ---

function checkData(x: Float32Array, nRows: number, nFeatures: number): void {
  if (!Number.isInteger(nFeatures) || nFeatures < 1 || nFeatures > MAX_FEATURES) {
    throw new Error(`nFeatures must be an integer in [1, ${MAX_FEATURES}], got: ${nFeatures}`);
  }
  if (!Number.isInteger(nRows) || nRows < 2) {
    throw new Error(`nRows must be an integer in [2, inf), got: ${nRows}`);
  }
  if (x.length !== nRows * nFeatures) {
    throw new Error(`x must hold nRows * nFeatures = ${nRows * nFeatures} values, got: ${x.length}`);
  }
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v - v !== 0) {
      const row = Math.floor(i / nFeatures);
      throw new Error(`x must be finite, got: ${v} at row ${row}, feature ${i - row * nFeatures}`);
    }
  }
}

/** Grows trees one after another, reusing its scratch buffers (sized for psi) for each. */
class TreeGrower {
  private readonly x: Float32Array;
  private readonly nRows: number;
  private readonly nFeatures: number;
  private readonly psi: number;
  private readonly limit: number;
  /** The tree's subsample, feature-major: sample s, feature f at cols[f * psi + s]. */
  private readonly cols: Float32Array;
  /** Sample ids; a node owns idx[start, end), partitioned in place at each split. */
  private readonly idx: Int32Array;
  /** Candidate features of the node being split, drawn without replacement. */
  private readonly candidates: Int32Array;
  private readonly feature: Int16Array;
  private readonly threshold: Float32Array;
  private readonly right: Uint16Array;
  private count = 0;
  private rng!: Rng;

  constructor(x: Float32Array, nRows: number, nFeatures: number, psi: number) {
    this.x = x;
    this.nRows = nRows;
    this.nFeatures = nFeatures;
    this.psi = psi;
    this.limit = heightLimit(psi);
    this.cols = new Float32Array(nFeatures * psi);
    this.idx = new Int32Array(psi);
    this.candidates = new Int32Array(nFeatures);
    const maxNodes = 2 * psi - 1; // every leaf holds at least one sample
    this.feature = new Int16Array(maxNodes);
    this.threshold = new Float32Array(maxNodes);
    this.right = new Uint16Array(maxNodes);
  }

  grow(rng: Rng): IForestTree {
    this.rng = rng;
    this.drawSample();
    for (let s = 0; s < this.psi; s++) this.idx[s] = s;
    this.count = 0;
    this.build(0, this.psi, 0);
    return Object.freeze({
      feature: this.feature.slice(0, this.count),
      threshold: this.threshold.slice(0, this.count),
      right: this.right.slice(0, this.count),
    });
  }

  /** Copies psi distinct rows, chosen uniformly, into `cols`: a Fisher–Yates shuffle of 0..nRows-1 stopped after psi swaps, with the swapped slots kept in a map (O(psi), not O(nRows)). */
  private drawSample(): void {
    const { x, nRows, nFeatures, psi, cols } = this;
    const moved = new Map<number, number>();
    for (let s = 0; s < psi; s++) {
      const j = s + this.rng.int(nRows - s);
      const row = moved.get(j) ?? j;
      moved.set(j, moved.get(s) ?? s);
      const base = row * nFeatures;
      for (let f = 0; f < nFeatures; f++) cols[f * psi + s] = x[base + f];
    }
  }

  /** Emits the subtree over idx[start, end) in preorder; returns nothing, advances `count`. */
  private build(start: number, end: number, depth: number): void {
    const node = this.count++;
    const size = end - start;
    const split = depth < this.limit && size > 1 ? this.pickSplit(start, end) : null;
    if (split === null) {
      this.feature[node] = LEAF;
      this.threshold[node] = depth + averagePathLength(size);
      this.right[node] = 0;
      return;
    }
    const t = drawThreshold(split.min, split.max, this.rng.next());
    const mid = this.partition(start, end, split.feature, t);
    this.feature[node] = split.feature;
    this.threshold[node] = t;
    this.build(start, mid, depth + 1);
    this.right[node] = this.count;
    this.build(mid, end, depth + 1);
  }

  /** Draws features without replacement until one varies on the node (uniform among those that do); null if none does. */
  private pickSplit(start: number, end: number): { feature: number; min: number; max: number } | null {
    const { cols, idx, psi, candidates } = this;
    for (let f = 0; f < this.nFeatures; f++) candidates[f] = f;
    for (let left = this.nFeatures; left > 0; left--) {
      const k = this.rng.int(left);
      const feature = candidates[k];
      candidates[k] = candidates[left - 1];
      const base = feature * psi;
      let min = Infinity;
      let max = -Infinity;
      for (let i = start; i < end; i++) {
        const v = cols[base + idx[i]];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (min < max) return { feature, min, max };
    }
    return null;
  }

  /** Reorders idx[start, end) so samples going left (value < t) come first; returns where the right ones begin. */
  private partition(start: number, end: number, feature: number, t: number): number {
    const { cols, idx } = this;
    const base = feature * this.psi;
    let i = start;
    let j = end - 1;
    while (i <= j) {
      if (cols[base + idx[i]] < t) {
        i++;
      } else {
        const tmp = idx[i];
        idx[i] = idx[j];
        idx[j--] = tmp;
      }
    }
    return i;
  }
}

/**
 * A float32 threshold uniform in (min, max) for float32 min < max, so both
 * children get a sample. Rounding may land on an end point: then the nearest
 * float32 inside is used, or max itself when min and max are adjacent floats
 * (x < max still separates them).
 */
function drawThreshold(min: number, max: number, u: number): number {
  const t = Math.fround(min + u * (max - min));
  if (t <= min) return nextUp(min);
  if (t >= max) {
    const below = -nextUp(-max);
    return below > min ? below : max;
  }
  return t;
}

const F32 = new Float32Array(1);
const F32_BITS = new Int32Array(F32.buffer);
const MIN_SUBNORMAL_F32 = 2 ** -149;

/** The smallest float32 greater than the finite float32 v. */
function nextUp(v: number): number {
  if (v === 0) return MIN_SUBNORMAL_F32;
  F32[0] = v;
  F32_BITS[0] += v > 0 ? 1 : -1;
  return F32[0];
}
