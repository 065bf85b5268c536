/**
 * Two independent reference implementations of the autoencoder's anomaly
 * score (per-row mean squared reconstruction error), for checking the WASM
 * scorer and the weight layout:
 *
 * - `reconstructionErrorsTf` rebuilds the network in TensorFlow.js from the
 *   plain weights and runs `predict`. The plain weights are [out][in]; a
 *   `tf.layers.dense` kernel is [in][out], so they are transposed back here.
 * - `reconstructionErrorsJs` is straight loops with float64 accumulation.
 */
import type { Tensor2D } from "@tensorflow/tfjs";

import { loadTf } from "../../trainer/detectors/autoencoder/tf.ts";
import type { Activation, AutoencoderModel } from "../../trainer/detectors/autoencoder/model.ts";

/** Rows per predict call (TF's default of 32 is slow on the wasm backend). */
const PREDICT_BATCH = 1024;

export async function reconstructionErrorsTf(
  model: AutoencoderModel,
  x: Float32Array,
  nRows: number,
  nFeatures: number,
): Promise<Float32Array> {
  checkShape(model, x, nRows, nFeatures);
  const tf = await loadTf();
  const net = tf.sequential();
  try {
    model.layers.forEach((layer, i) => {
      net.add(
        tf.layers.dense({
          units: layer.outSize,
          activation: layer.activation,
          ...(i === 0 ? { inputShape: [layer.inSize] } : {}),
        }),
      );
    });
    // setWeights copies the values into the layers' variables, so the inputs can go.
    model.layers.forEach((layer, i) => {
      const kernel = tf.tensor2d(transpose(layer.weights, layer.outSize, layer.inSize), [layer.inSize, layer.outSize]);
      const bias = tf.tensor1d(layer.bias);
      net.layers[i].setWeights([kernel, bias]);
      tf.dispose([kernel, bias]);
    });
    const errors = tf.tidy(() => {
      const input = tf.tensor2d(x, [nRows, nFeatures]);
      const output = net.predict(input, { batchSize: PREDICT_BATCH }) as Tensor2D;
      return tf.mean(tf.square(tf.sub(input, output)), 1);
    });
    const values = Float32Array.from(await errors.data());
    errors.dispose();
    return values;
  } finally {
    net.dispose();
  }
}

export function reconstructionErrorsJs(
  model: AutoencoderModel,
  x: Float32Array,
  nRows: number,
  nFeatures: number,
): Float32Array {
  checkShape(model, x, nRows, nFeatures);
  const errors = new Float32Array(nRows);
  for (let r = 0; r < nRows; r++) {
    let v: Float64Array = Float64Array.from(x.subarray(r * nFeatures, (r + 1) * nFeatures));
    for (const layer of model.layers) {
      const out = new Float64Array(layer.outSize);
      for (let o = 0; o < layer.outSize; o++) {
        let sum = layer.bias[o];
        for (let i = 0; i < layer.inSize; i++) sum += layer.weights[o * layer.inSize + i] * v[i];
        out[o] = activate(layer.activation, sum);
      }
      v = out;
    }
    let se = 0;
    for (let f = 0; f < nFeatures; f++) {
      const d = x[r * nFeatures + f] - v[f];
      se += d * d;
    }
    errors[r] = se / nFeatures;
  }
  return errors;
}

function activate(activation: Activation, v: number): number {
  switch (activation) {
    case "relu":
      return v > 0 ? v : 0;
    case "tanh":
      return Math.tanh(v);
    case "linear":
      return v;
  }
}

/** [rows][cols] row-major → [cols][rows] row-major. */
function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
  return t;
}

function checkShape(model: AutoencoderModel, x: Float32Array, nRows: number, nFeatures: number): void {
  if (model.nFeatures !== nFeatures) throw new Error(`model has ${model.nFeatures} features, data has ${nFeatures}`);
  if (x.length !== nRows * nFeatures) throw new Error(`x has ${x.length} values, expected ${nRows} * ${nFeatures}`);
}
