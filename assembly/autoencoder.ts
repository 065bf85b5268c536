// Autoencoder scoring: a forward pass through the dense layers of the model's
// AUTOENCODER section (weights row-major [out][in]) and the mean squared
// reconstruction error. Higher means more anomalous. Scratch vectors are sized
// once per model, so a forward pass allocates nothing.

import { Activation, MAX_LAYER_WIDTH, Model } from "./model-view";
import { N_FEATURES } from "./schema";

const bufA = new StaticArray<f32>(MAX_LAYER_WIDTH);
const bufB = new StaticArray<f32>(MAX_LAYER_WIDTH);
/** Squared error per feature of the last call, for explanations. */
export const featureError = new StaticArray<f32>(N_FEATURES);

export function autoencoderScore(m: Model, x: StaticArray<f32>): f32 {
  let input = changetype<usize>(x);
  let out = changetype<usize>(bufA);
  for (let l = 0; l < m.nLayers; l++) {
    const nIn = unchecked(m.layerIn[l]);
    const nOut = unchecked(m.layerOut[l]);
    const act = unchecked(m.layerAct[l]);
    let w = unchecked(m.layerW[l]);
    const b = unchecked(m.layerB[l]);
    // bounds: parseModel checked the layer sizes chain and fit MAX_LAYER_WIDTH and the weights are inside the model
    const nIn4 = nIn & ~3;
    for (let o = 0; o < nOut; o++) {
      // Four independent partial sums: one serial chain of additions was the bottleneck.
      let s0: f32 = 0;
      let s1: f32 = 0;
      let s2: f32 = 0;
      let s3: f32 = 0;
      let i = 0;
      for (; i < nIn4; i += 4) {
        const wi = w + (<usize>i << 2);
        const xi = input + (<usize>i << 2);
        s0 += load<f32>(wi) * load<f32>(xi);
        s1 += load<f32>(wi, 4) * load<f32>(xi, 4);
        s2 += load<f32>(wi, 8) * load<f32>(xi, 8);
        s3 += load<f32>(wi, 12) * load<f32>(xi, 12);
      }
      for (; i < nIn; i++) s0 += load<f32>(w + (<usize>i << 2)) * load<f32>(input + (<usize>i << 2));
      let s = load<f32>(b + (<usize>o << 2)) + ((s0 + s1) + (s2 + s3));
      w += <usize>nIn << 2;
      if (act == Activation.RELU) s = max<f32>(s, 0);
      else if (act == Activation.TANH) s = <f32>Math.tanh(s);
      store<f32>(out + (<usize>o << 2), s);
    }
    input = out;
    out = out == changetype<usize>(bufA) ? changetype<usize>(bufB) : changetype<usize>(bufA);
  }
  // Raw addresses: indexing the managed arrays here costs the runtime's bookkeeping on every feature.
  const xs = changetype<usize>(x);
  const errors = changetype<usize>(featureError);
  let sum: f32 = 0;
  for (let i = 0; i < N_FEATURES; i++) {
    const k = <usize>i << 2;
    const d = load<f32>(xs + k) - load<f32>(input + k);
    const e = d * d;
    store<f32>(errors + k, e);
    sum += e;
  }
  return sum / <f32>N_FEATURES;
}
