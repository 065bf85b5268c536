/**
 * The learned state of an Isolation Forest: what `fitIForest` returns, what
 * the model file writer serialises, and what the WASM scorer walks. Settings
 * live in `IForestParams`; nothing here changes after `fit` (scikit-learn's
 * trailing-underscore attributes).
 *
 * One tree, as three parallel arrays indexed by node (preorder):
 *
 * ```
 *            0: f=2 t=0.31 right=4          go LEFT iff x[f] < t
 *           /                    \
 *   1: f=0 t=-1.2 right=3      4: leaf h=1 + c(1)
 *    /            \
 *  2: leaf        3: leaf       leaf: feature -1, right 0,
 *  h=2 + c(1)     h=2 + c(2)          threshold = depth + c(leafSize)
 * ```
 *
 * A tree grown on psi samples has at most 2 * psi - 1 nodes (every leaf
 * holds at least one sample), so psi <= 32767 keeps every index in a Uint16.
 */
export interface IForestTree {
  /** Nodes in preorder. Node i's left child is i + 1; its right child is right[i]. */
  feature: Int16Array; // split feature index, or -1 for a leaf
  threshold: Float32Array; // internal node: go LEFT iff x[feature] < threshold; leaf: h = depth + c(leafSize)
  right: Uint16Array; // internal node: index of the right child; leaf: 0
}

export interface IForestModel {
  /** Width of the feature vectors the forest was fitted on. */
  nFeatures: number;
  /** psi actually used: the subsample size per tree, after "auto" and clamping to the row count. */
  maxSamples: number;
  trees: IForestTree[];
}

/** Feature index that marks a leaf. */
export const LEAF = -1;

/** Euler–Mascheroni constant (numpy's `np.euler_gamma`). */
export const EULER_GAMMA = 0.5772156649015329;

/**
 * c(n), the average path length of an unsuccessful search in a binary search
 * tree of n points (Liu et al. 2008, eq. 1): the expected depth a subtree of
 * n samples would have added had it been grown. Normalises E[h(x)] in the
 * score and completes the path length at every leaf.
 *
 * c(n) = 0 for n <= 1, 1 for n = 2, else 2 (ln(n - 1) + γ) - 2 (n - 1) / n,
 * exactly scikit-learn's `_average_path_length`.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** Height limit ceil(log2(psi)) for a tree grown on psi samples, in exact integer arithmetic. */
export function heightLimit(psi: number): number {
  let limit = 0;
  while (2 ** limit < psi) limit++;
  return limit;
}
