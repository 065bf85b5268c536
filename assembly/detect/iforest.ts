// Isolation Forest scoring (Liu, Ting, Zhou 2008). The trees come from the
// model's IFOREST section; each node is 8 bytes:
//   +0 f32 threshold (leaf: path length h = depth + c(leaf size))
//   +4 i16 feature   (-1 = leaf; go left, to the next node, iff x[feature] < threshold)
//   +6 u16 index of the right child
// Scoring walks the copy forest-layout.ts makes of them at load.
//
// Score direction: the paper's s(x) = 2^(-E[h(x)] / c(psi)) in (0, 1], HIGHER
// means MORE anomalous (scikit-learn's score_samples is the opposite sign).

import { Model } from "../model/model-view";
import { LEAF_INPUT, NODE_BYTES, TREE_BYTES, WALK_WIDTH } from "./forest-layout";
import { N_FEATURES } from "../features/schema";

/**
 * The features, then the NaN every leaf reads (LEAF_INPUT). At a fixed address, so a step
 * reads a feature with the address as the load's offset, no add.
 */
const INPUT = memory.data((N_FEATURES + 1) << 2, 4);
store<f32>(INPUT + LEAF_INPUT, NaN);

/** One step from the node at `a`: to the left child (the next node) iff the feature < threshold. */
// @ts-ignore: decorator
@inline function step(a: usize): usize {
  const left = load<f32>(<usize>load<u32>(a, 4), INPUT) < load<f32>(a);
  return a + select<usize>(NODE_BYTES, <usize>load<u32>(a, 8), left);
}

export function iforestScore(m: Model, x: StaticArray<f32>): f32 {
  memory.copy(INPUT, changetype<usize>(x), <usize>N_FEATURES << 2);
  const trees = m.forest.trees;
  const n = m.nTrees;
  let total: f64 = 0;
  let t = 0;
  // bounds: t < n, the trees forest-layout.ts laid out; every walk stays inside its tree's nodes
  // and reads feature offsets inside INPUT
  // Eight trees at a time (four were no faster than the branching walk under V8: too little
  // independent work to hide the loads); a tree that reaches its leaf early stays on it. The leaves are
  // summed in tree order, so the total is the same float as one tree at a time.
  for (; t + WALK_WIDTH <= n; t += WALK_WIDTH) {
    const p = trees + <usize>t * TREE_BYTES;
    let a0 = <usize>load<u32>(p);
    let a1 = <usize>load<u32>(p, 8);
    let a2 = <usize>load<u32>(p, 16);
    let a3 = <usize>load<u32>(p, 24);
    let a4 = <usize>load<u32>(p, 32);
    let a5 = <usize>load<u32>(p, 40);
    let a6 = <usize>load<u32>(p, 48);
    let a7 = <usize>load<u32>(p, 56);
    let s = load<i32>(p, 4); // the group's
    do {
      a0 = step(a0);
      a1 = step(a1);
      a2 = step(a2);
      a3 = step(a3);
      a4 = step(a4);
      a5 = step(a5);
      a6 = step(a6);
      a7 = step(a7);
    } while (--s);
    total += <f64>load<f32>(a0);
    total += <f64>load<f32>(a1);
    total += <f64>load<f32>(a2);
    total += <f64>load<f32>(a3);
    total += <f64>load<f32>(a4);
    total += <f64>load<f32>(a5);
    total += <f64>load<f32>(a6);
    total += <f64>load<f32>(a7);
  }
  for (; t < n; t++) {
    const p = trees + <usize>t * TREE_BYTES;
    let a = <usize>load<u32>(p);
    let s = load<i32>(p, 4);
    do a = step(a);
    while (--s);
    total += <f64>load<f32>(a);
  }
  return <f32>Math.pow(2, -(total / <f64>n) / <f64>m.cPsi);
}
