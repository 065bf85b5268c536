// Isolation Forest scoring (Liu, Ting, Zhou 2008). The trees come from the
// model's IFOREST section; each node is 8 bytes:
//   +0 f32 threshold (leaf: path length h = depth + c(leaf size))
//   +4 i16 feature   (-1 = leaf; go left, to the next node, iff x[feature] < threshold)
//   +6 u16 index of the right child
//
// Score direction: the paper's s(x) = 2^(-E[h(x)] / c(psi)) in (0, 1], HIGHER
// means MORE anomalous (scikit-learn's score_samples is the opposite sign).

import { Model } from "./model-view";

// @ts-ignore: decorator
@inline const NODE_BYTES: usize = 8;

export function iforestScore(m: Model, x: StaticArray<f32>): f32 {
  const xs = changetype<usize>(x);
  let total: f64 = 0;
  for (let t = 0; t < m.nTrees; t++) {
    const nodes = unchecked(m.treeStart[t]);
    let i: usize = 0;
    let f = <i32>load<i16>(nodes + i * NODE_BYTES, 4);
    // bounds: parseModel checked every feature < N_FEATURES and every child index > its parent and < node count
    while (f >= 0) {
      const n = nodes + i * NODE_BYTES;
      i = load<f32>(xs + (<usize>f << 2)) < load<f32>(n) ? i + 1 : <usize>load<u16>(n, 6);
      f = <i32>load<i16>(nodes + i * NODE_BYTES, 4);
    }
    total += <f64>load<f32>(nodes + i * NODE_BYTES);
  }
  return <f32>Math.pow(2, -(total / <f64>m.nTrees) / <f64>m.cPsi);
}
