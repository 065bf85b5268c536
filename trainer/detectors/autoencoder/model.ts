/**
 * The autoencoder's frozen learned state: plain typed arrays, no TF.js objects,
 * ready to be written into model.bin and evaluated by the WASM scorer
 * (assembly/detect/autoencoder.ts).
 *
 * Forward pass, layer by layer, starting from the normalised feature vector:
 *
 *     y[o] = act(bias[o] + sum_i weights[o * inSize + i] * x[i])   for o in [0, outSize)
 *
 * Score: the mean squared reconstruction error over the features,
 * (1 / nFeatures) * sum_f (x[f] - out[f])^2. Higher means more anomalous.
 */

/** The activations the WASM scorer implements; the index is its `Activation` id (assembly/model/model-view.ts). */
export const ACTIVATIONS = ["linear", "relu", "tanh"] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export interface DenseLayer {
  inSize: number;
  outSize: number;
  /**
   * Row-major [outSize][inSize]: the weights feeding output unit `o` are the
   * contiguous run `weights[o * inSize .. (o + 1) * inSize)`. This is the
   * TRANSPOSE of a `tf.layers.dense` kernel, which is [inSize][outSize].
   */
  weights: Float32Array;
  /** [outSize] */
  bias: Float32Array;
  activation: Activation;
}

/**
 * nFeatures → hidden layers (ReLU, except the middle bottleneck, which is
 * linear) → nFeatures (linear). `layers[0].inSize` and the last layer's
 * `outSize` both equal `nFeatures`.
 */
export interface AutoencoderModel {
  nFeatures: number;
  layers: DenseLayer[];
}

/** Activations for `hiddenCount` hidden layers plus the output layer. */
export function autoencoderActivations(hiddenCount: number): Activation[] {
  const bottleneck = Math.floor(hiddenCount / 2);
  const hidden = Array.from({ length: hiddenCount }, (_, i): Activation => (i === bottleneck ? "linear" : "relu"));
  return [...hidden, "linear"];
}

/** Throws an Error describing the first inconsistency (chained sizes, array lengths, finite values). */
export function checkAutoencoderModel(model: AutoencoderModel): void {
  const { nFeatures, layers } = model;
  if (!Number.isInteger(nFeatures) || nFeatures < 1) throw new Error(`autoencoder: nFeatures must be an integer >= 1, got: ${nFeatures}`);
  if (layers.length < 1) throw new Error("autoencoder: no layers");
  let width = nFeatures;
  layers.forEach((layer, i) => {
    const where = `autoencoder layer ${i}`;
    if (layer.inSize !== width) throw new Error(`${where}: inSize ${layer.inSize} does not match the previous width ${width}`);
    if (layer.weights.length !== layer.inSize * layer.outSize) {
      throw new Error(`${where}: weights length ${layer.weights.length} != inSize * outSize = ${layer.inSize * layer.outSize}`);
    }
    if (layer.bias.length !== layer.outSize) throw new Error(`${where}: bias length ${layer.bias.length} != outSize ${layer.outSize}`);
    if (!ACTIVATIONS.includes(layer.activation)) throw new Error(`${where}: unknown activation "${layer.activation}"`);
    if (!layer.weights.every(Number.isFinite) || !layer.bias.every(Number.isFinite)) throw new Error(`${where}: non-finite weight or bias`);
    width = layer.outSize;
  });
  if (width !== nFeatures) throw new Error(`autoencoder: output width ${width} != nFeatures ${nFeatures}`);
}
