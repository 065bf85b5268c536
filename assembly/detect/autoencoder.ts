// Autoencoder scoring: a forward pass through the dense layers of the model's
// AUTOENCODER section (weights row-major [out][in]) and the mean squared
// reconstruction error. Higher means more anomalous. Scratch vectors are sized
// once per model, so a forward pass allocates nothing.

import { Model } from "../model/model-view";
import { Activation, MAX_LAYER_WIDTH } from "../../contract/model-format.ts";
import { N_FEATURES } from "../features/schema";

const bufA = new StaticArray<f32>(MAX_LAYER_WIDTH);
const bufB = new StaticArray<f32>(MAX_LAYER_WIDTH);
/** Squared error per feature of the last call, for explanations. */
export const featureError = new StaticArray<f32>(N_FEATURES);

// Each output is b + ((s0 + s1) + (s2 + s3)), s0 summing inputs i%4==0 and then those past
// the last multiple of four, s1 i%4==1, and so on: one serial chain of additions was the
// bottleneck. The scores and explanations are made of these floats, so every way of
// computing an output below keeps exactly these sums in exactly this order.
//
// Loops are do-while behind a guard: a while loop costs an interpreter one more branch
// per iteration.

// @ts-ignore: decorator
@inline function activate(s: f32, relu: bool): f32 {
  return relu ? max<f32>(s, 0) : s;
}

/** out[j] = act(b[j] + w[j] . input), two rows at a time, then the odd one. */
// @ts-ignore: decorator
@inline function denseScalar(w: usize, b: usize, input: usize, nIn: i32, out: usize, nOut: i32, relu: bool): void {
  const row = <usize>nIn << 2;
  const in4 = input + (<usize>(nIn & ~3) << 2);
  const inEnd = input + row;
  const outEnd = out + (<usize>nOut << 2);
  const out2 = out + (<usize>(nOut & ~1) << 2);
  let o = out;
  // Two outputs at a time: each input loaded once serves both rows, which cuts the
  // loads and address arithmetic an interpreter executes per multiply-add. Four at a
  // time cut a further 10% of them but ran the forward pass 15-20% slower under V8
  // (16 sums and the inputs do not fit x64's 16 float registers).
  if (o < out2) do {
    let w0 = w;
    let w1 = w + row;
    let a0: f32 = 0, a1: f32 = 0, a2: f32 = 0, a3: f32 = 0;
    let b0: f32 = 0, b1: f32 = 0, b2: f32 = 0, b3: f32 = 0;
    let xp = input;
    if (xp < in4) do {
      const x0 = load<f32>(xp);
      const x1 = load<f32>(xp, 4);
      const x2 = load<f32>(xp, 8);
      const x3 = load<f32>(xp, 12);
      a0 += load<f32>(w0) * x0;
      a1 += load<f32>(w0, 4) * x1;
      a2 += load<f32>(w0, 8) * x2;
      a3 += load<f32>(w0, 12) * x3;
      b0 += load<f32>(w1) * x0;
      b1 += load<f32>(w1, 4) * x1;
      b2 += load<f32>(w1, 8) * x2;
      b3 += load<f32>(w1, 12) * x3;
      xp += 16;
      w0 += 16;
      w1 += 16;
    } while (xp < in4);
    if (xp < inEnd) do {
      const x0 = load<f32>(xp);
      a0 += load<f32>(w0) * x0;
      b0 += load<f32>(w1) * x0;
      xp += 4;
      w0 += 4;
      w1 += 4;
    } while (xp < inEnd);
    const sa = load<f32>(b) + ((a0 + a1) + (a2 + a3));
    const sb = load<f32>(b, 4) + ((b0 + b1) + (b2 + b3));
    store<f32>(o, activate(sa, relu));
    store<f32>(o, activate(sb, relu), 4);
    o += 8;
    b += 8;
    w = w1;
  } while (o < out2);
  if (o < outEnd) {
    let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
    let xp = input;
    if (xp < in4) do {
      s0 += load<f32>(w) * load<f32>(xp);
      s1 += load<f32>(w, 4) * load<f32>(xp, 4);
      s2 += load<f32>(w, 8) * load<f32>(xp, 8);
      s3 += load<f32>(w, 12) * load<f32>(xp, 12);
      xp += 16;
      w += 16;
    } while (xp < in4);
    if (xp < inEnd) do {
      s0 += load<f32>(w) * load<f32>(xp);
      xp += 4;
      w += 4;
    } while (xp < inEnd);
    const s = load<f32>(b) + ((s0 + s1) + (s2 + s3));
    store<f32>(o, activate(s, relu));
  }
}

/** A row's sum as denseScalar finishes it, b + ((s0 + s1) + (s2 + s3)), with s1..s3 in lanes 1..3 of `acc`. */
// @ts-ignore: decorator
@inline function rowSum(b: f32, s0: f32, acc: v128): f32 {
  return b + ((s0 + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3)));
}

/**
 * denseScalar's sums, one row per f32x4: lane k is its s_k. Without a fused multiply-add,
 * f32x4.mul then f32x4.add round exactly as the scalar `s_k += w * x` does.
 */
// @ts-ignore: decorator
@inline function denseSimd(w: usize, b: usize, input: usize, nIn: i32, out: usize, nOut: i32, relu: bool): void {
  const row = <usize>nIn << 2;
  const in4 = input + (<usize>(nIn & ~3) << 2);
  const inEnd = input + row;
  const outEnd = out + (<usize>nOut << 2);
  const out4 = out + (<usize>(nOut & ~3) << 2);
  let o = out;
  // Four rows at a time: four independent sums hide the adds' latency, and each input vector is loaded once.
  if (o < out4) do {
    const w1 = w + row;
    const w2 = w1 + row;
    const w3 = w2 + row;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let xp = input;
    let d: usize = 0;
    if (xp < in4) do {
      const xv = v128.load(xp);
      a0 = f32x4.add(a0, f32x4.mul(v128.load(w + d), xv));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(w1 + d), xv));
      a2 = f32x4.add(a2, f32x4.mul(v128.load(w2 + d), xv));
      a3 = f32x4.add(a3, f32x4.mul(v128.load(w3 + d), xv));
      xp += 16;
      d += 16;
    } while (xp < in4);
    let s0 = f32x4.extract_lane(a0, 0), t0 = f32x4.extract_lane(a1, 0), u0 = f32x4.extract_lane(a2, 0), v0 = f32x4.extract_lane(a3, 0);
    if (xp < inEnd) do {
      const x0 = load<f32>(xp);
      s0 += load<f32>(w + d) * x0;
      t0 += load<f32>(w1 + d) * x0;
      u0 += load<f32>(w2 + d) * x0;
      v0 += load<f32>(w3 + d) * x0;
      xp += 4;
      d += 4;
    } while (xp < inEnd);
    store<f32>(o, activate(rowSum(load<f32>(b), s0, a0), relu));
    store<f32>(o, activate(rowSum(load<f32>(b, 4), t0, a1), relu), 4);
    store<f32>(o, activate(rowSum(load<f32>(b, 8), u0, a2), relu), 8);
    store<f32>(o, activate(rowSum(load<f32>(b, 12), v0, a3), relu), 12);
    o += 16;
    b += 16;
    w = w3 + row;
  } while (o < out4);
  if (o < outEnd) do {
    let acc = f32x4.splat(0);
    let xp = input;
    if (xp < in4) do {
      acc = f32x4.add(acc, f32x4.mul(v128.load(w), v128.load(xp)));
      xp += 16;
      w += 16;
    } while (xp < in4);
    let s0 = f32x4.extract_lane(acc, 0);
    if (xp < inEnd) do {
      s0 += load<f32>(w) * load<f32>(xp);
      xp += 4;
      w += 4;
    } while (xp < inEnd);
    store<f32>(o, activate(rowSum(load<f32>(b), s0, acc), relu));
    o += 4;
    b += 4;
  } while (o < outEnd);
}

export function autoencoderScore(m: Model, x: StaticArray<f32>): f32 {
  // Raw addresses: indexing the managed arrays costs the runtime's bookkeeping on every access.
  const layerIn = changetype<usize>(m.layerIn);
  const layerOut = changetype<usize>(m.layerOut);
  const layerAct = changetype<usize>(m.layerAct);
  const layerW = changetype<usize>(m.layerW);
  const layerB = changetype<usize>(m.layerB);
  const layerBytes = <usize>m.nLayers << 2;
  let input = changetype<usize>(x);
  let out = changetype<usize>(bufA);
  // bounds: parseModel checked the layer sizes chain and fit MAX_LAYER_WIDTH and the weights are inside the model
  for (let k: usize = 0; k < layerBytes; k += 4) {
    const nIn = load<i32>(layerIn + k);
    const nOut = load<i32>(layerOut + k);
    const act = load<i32>(layerAct + k);
    const w = load<usize>(layerW + k);
    const b = load<usize>(layerB + k);
    const relu = act == Activation.RELU;
    const outEnd = out + (<usize>nOut << 2);
    // Chosen when the module is compiled: Fluent Bit's WAMR is built without SIMD, the Node hosts run the SIMD build.
    if (ASC_FEATURE_SIMD) denseSimd(w, b, input, nIn, out, nOut, relu);
    else denseScalar(w, b, input, nIn, out, nOut, relu);
    // A pass of its own keeps the per-layer activation test out of the per-output code.
    if (act == Activation.TANH) {
      let o = out;
      do {
        store<f32>(o, <f32>Math.tanh(load<f32>(o)));
        o += 4;
      } while (o < outEnd);
    }
    input = out;
    out = out == changetype<usize>(bufA) ? changetype<usize>(bufB) : changetype<usize>(bufA);
  }
  // Unrolled by four, sum still taking the features in order: the loop's own upkeep cost
  // about as much as its work.
  let xs = changetype<usize>(x);
  let errors = changetype<usize>(featureError);
  const xs4 = xs + (<usize>(N_FEATURES & ~3) << 2);
  const xsEnd = xs + (<usize>N_FEATURES << 2);
  let sum: f32 = 0;
  if (xs < xs4) do {
    const d0 = load<f32>(xs) - load<f32>(input);
    const d1 = load<f32>(xs, 4) - load<f32>(input, 4);
    const d2 = load<f32>(xs, 8) - load<f32>(input, 8);
    const d3 = load<f32>(xs, 12) - load<f32>(input, 12);
    const e0 = d0 * d0;
    const e1 = d1 * d1;
    const e2 = d2 * d2;
    const e3 = d3 * d3;
    store<f32>(errors, e0);
    store<f32>(errors, e1, 4);
    store<f32>(errors, e2, 8);
    store<f32>(errors, e3, 12);
    sum += e0;
    sum += e1;
    sum += e2;
    sum += e3;
    xs += 16;
    input += 16;
    errors += 16;
  } while (xs < xs4);
  if (xs < xsEnd) do {
    const d = load<f32>(xs) - load<f32>(input);
    const e = d * d;
    store<f32>(errors, e);
    sum += e;
    xs += 4;
    input += 4;
    errors += 4;
  } while (xs < xsEnd);
  return sum / <f32>N_FEATURES;
}
