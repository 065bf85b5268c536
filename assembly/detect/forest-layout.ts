// The Isolation Forest as the scorer walks it, built once at model load from
// the IFOREST section's trees (iforest.ts has the file's node format). Each
// node keeps 12 bytes, but a leaf loops on itself:
//   +0 f32 threshold (leaf: path length h, as in the file)
//   +4 u32 byte offset of the feature in the walk's input (leaf: LEAF_INPUT, a NaN)
//   +8 u32 distance in bytes to the right child (leaf: 0, itself)
// Go left, to the next node, iff input < threshold; NaN < threshold is false, so
// at a leaf every step stays put. A walk can then take a fixed number of steps,
// with no leaf test and no branch: WALK_WIDTH trees walk side by side (independent
// work for the CPU, fewer loop tests for an interpreter) and end on the same
// leaves as the file's walk.
// The distance is in bytes so a step adds it as it is; a tree may have 65535
// nodes, so it needs more than 16 bits, hence 12 bytes rather than 8.

import { N_FEATURES } from "../features/schema";
import { NODE_BYTES as FILE_NODE_BYTES } from "../../contract/model-format.ts";

// @ts-ignore: decorator
@inline export const NODE_BYTES: usize = 12;
/** Byte offset of the NaN after the features in the walk's input. */
// @ts-ignore: decorator
@inline export const LEAF_INPUT: u32 = <u32>(N_FEATURES << 2);
// @ts-ignore: decorator
@inline export const TREE_BYTES: usize = 8;
/** Trees walked side by side from the first on (iforest.ts unrolls that many); the rest walk one at a time. */
// @ts-ignore: decorator
@inline export const WALK_WIDTH: i32 = 8;

/**
 * Raw memory, so the walk reads it without the managed runtime's bookkeeping:
 *   trees: per tree, u32 address of its root node, u32 steps of its walk: the depth of the deepest
 *          leaf among the trees it walks beside, so the walk loads one count; at least 1, so it can
 *          count down after each step (a step from a leaf stays on it)
 *   nodes: every tree's nodes, in file order
 */
export class ForestLayout {
  trees: usize = 0;
  nodes: usize = 0;

  dispose(): void {
    if (this.trees != 0) heap.free(this.trees);
    if (this.nodes != 0) heap.free(this.nodes);
    this.trees = 0;
    this.nodes = 0;
  }
}

/**
 * Lays out trees whose file nodes start at `starts[t]`, `counts[t]` nodes each, already
 * checked by parseModel (features < N_FEATURES, children after their parent and inside the tree).
 */
export function layOutForest(starts: StaticArray<usize>, counts: StaticArray<u32>): ForestLayout {
  const n = starts.length;
  const f = new ForestLayout();
  f.trees = heap.alloc(<usize>n * TREE_BYTES);
  let total: usize = 0;
  for (let t = 0; t < n; t++) total += <usize>unchecked(counts[t]);
  f.nodes = heap.alloc(total * NODE_BYTES);
  let out = f.nodes;
  for (let t = 0; t < n; t++) {
    const src = unchecked(starts[t]);
    const count = unchecked(counts[t]);
    const depth = new StaticArray<u16>(<i32>count); // load time only; a depth fits: it is below count
    let deepest: i32 = 1;
    for (let i: u32 = 0; i < count; i++) {
      const s = src + <usize>i * FILE_NODE_BYTES;
      const d = out + <usize>i * NODE_BYTES;
      const feature = load<i16>(s, 4);
      const here = unchecked(depth[i]);
      store<f32>(d, load<f32>(s));
      if (feature < 0) {
        store<u32>(d, LEAF_INPUT, 4);
        store<u32>(d, 0, 8);
        deepest = max(deepest, <i32>here);
        continue;
      }
      const right = <u32>load<u16>(s, 6);
      store<u32>(d, <u32>feature << 2, 4);
      store<u32>(d, (right - i) * <u32>NODE_BYTES, 8);
      unchecked((depth[i + 1] = here + 1)); // bounds: i + 1 and right are < count (checked by parseModel)
      unchecked((depth[right] = here + 1));
    }
    store<u32>(f.trees + <usize>t * TREE_BYTES, <u32>out);
    store<i32>(f.trees + <usize>t * TREE_BYTES, deepest, 4);
    out += <usize>count * NODE_BYTES;
  }
  // A group walks as long as its deepest tree.
  for (let g = 0; g + WALK_WIDTH <= n; g += WALK_WIDTH) {
    let steps: i32 = 0;
    for (let t = g; t < g + WALK_WIDTH; t++) steps = max(steps, load<i32>(f.trees + <usize>t * TREE_BYTES, 4));
    for (let t = g; t < g + WALK_WIDTH; t++) store<i32>(f.trees + <usize>t * TREE_BYTES, steps, 4);
  }
  return f;
}
