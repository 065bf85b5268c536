/**
 * Trains the autoencoder with TensorFlow.js and hands back plain weights.
 *
 * Deterministic for a given `randomState` on a given backend: one seeded
 * stream (`createRng`) draws the Glorot seeds, the subsample and every epoch's
 * shuffle. We never let TF shuffle, because its shuffle uses Math.random.
 * Every tensor created here is disposed before returning, also on error.
 */
import type { LayersModel } from "@tensorflow/tfjs";

import { createRng, type Rng } from "../../util/rng.ts";
import { autoencoderActivations, type Activation, type AutoencoderModel, type DenseLayer } from "./model.ts";
import { validateAutoencoderParams, type AutoencoderParams } from "./params.ts";
import { loadTf, tfBackendName, type Tf } from "./tf.ts";

export interface AutoencoderFit {
  model: AutoencoderModel;
  /** Mean training loss (per-row reconstruction MSE) of each epoch, in order. */
  history: number[];
  /** Rows actually trained on: min(nRows, params.maxTrainRows). */
  trainedRows: number;
  /** TF.js backend that did the work: "tensorflow", "wasm" or "cpu". */
  backend: string;
}

/** Seeds handed to TF's initialisers are drawn from [0, 2^31). */
const INIT_SEED_RANGE = 2 ** 31;

/**
 * Fits an autoencoder to `x`: `nRows` rows of `nFeatures` z-scored features,
 * row-major. `onEpoch(epoch, loss)` is called after each epoch with the
 * 1-based epoch number and that epoch's mean loss.
 *
 * Throws a RangeError for bad params or input, and an Error if training
 * diverges (a non-finite loss; lower `learningRate`).
 */
export async function fitAutoencoder(
  x: Float32Array,
  nRows: number,
  nFeatures: number,
  params: AutoencoderParams,
  onEpoch?: (epoch: number, loss: number) => void,
): Promise<AutoencoderFit> {
  validateAutoencoderParams(params);
  _checkInput(x, nRows, nFeatures);
  const tf = await loadTf();
  const rng = createRng(params.randomState);

  const activations = autoencoderActivations(params.hiddenLayers.length);
  const widths = [...params.hiddenLayers, nFeatures];
  const net = _buildNetwork(tf, nFeatures, widths, activations, rng);
  const train = _subsample(x, nRows, nFeatures, params.maxTrainRows, rng);
  const trainedRows = train.length / nFeatures;

  const optimizer = tf.train.adam(params.learningRate);
  try {
    net.compile({ optimizer, loss: "meanSquaredError" });
    const history: number[] = [];
    const batchRows = Math.min(params.batchSize, trainedRows);
    const batch = new Float32Array(batchRows * nFeatures);
    for (let epoch = 1; epoch <= params.epochs; epoch++) {
      const order = _permutation(trainedRows, rng);
      let weightedLoss = 0;
      for (let start = 0; start < trainedRows; start += batchRows) {
        const rows = Math.min(batchRows, trainedRows - start);
        for (let r = 0; r < rows; r++) {
          const from = order[start + r] * nFeatures;
          batch.set(train.subarray(from, from + nFeatures), r * nFeatures);
        }
        const xs = tf.tensor2d(batch.subarray(0, rows * nFeatures), [rows, nFeatures]);
        try {
          const batchLoss = (await net.trainOnBatch(xs, xs)) as number;
          weightedLoss += batchLoss * rows;
        } finally {
          xs.dispose();
        }
      }
      const loss = weightedLoss / trainedRows;
      if (!Number.isFinite(loss)) {
        throw new Error(`autoencoder training diverged: loss ${loss} at epoch ${epoch}; lower learningRate (now ${params.learningRate})`);
      }
      history.push(loss);
      onEpoch?.(epoch, loss);
    }
    const model: AutoencoderModel = { nFeatures, layers: _extractLayers(net, activations) };
    return { model, history, trainedRows, backend: tfBackendName() ?? tf.getBackend() };
  } finally {
    net.dispose();
    optimizer.dispose();
  }
}

// --- internal ---

function _checkInput(x: Float32Array, nRows: number, nFeatures: number): void {
  if (!Number.isInteger(nRows) || nRows < 1) throw new RangeError(`nRows must be an integer >= 1, got: ${nRows}`);
  if (!Number.isInteger(nFeatures) || nFeatures < 1) throw new RangeError(`nFeatures must be an integer >= 1, got: ${nFeatures}`);
  if (x.length !== nRows * nFeatures) {
    throw new RangeError(`x must hold nRows * nFeatures = ${nRows * nFeatures} values, got: ${x.length}`);
  }
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      throw new RangeError(`x must be finite; row ${Math.floor(i / nFeatures)}, feature ${i % nFeatures} is ${x[i]}`);
    }
  }
}

function _buildNetwork(tf: Tf, nFeatures: number, widths: number[], activations: Activation[], rng: Rng): LayersModel {
  const net = tf.sequential();
  widths.forEach((units, i) => {
    net.add(
      tf.layers.dense({
        units,
        activation: activations[i],
        kernelInitializer: tf.initializers.glorotUniform({ seed: rng.int(INIT_SEED_RANGE) }),
        biasInitializer: "zeros",
        ...(i === 0 ? { inputShape: [nFeatures] } : {}),
      }),
    );
  });
  return net;
}

/** All rows, or a seeded uniform sample of `maxRows` of them kept in their original order. */
function _subsample(x: Float32Array, nRows: number, nFeatures: number, maxRows: number, rng: Rng): Float32Array {
  if (nRows <= maxRows) return x;
  const pool = _identity(nRows);
  for (let i = 0; i < maxRows; i++) {
    const j = i + rng.int(nRows - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  const chosen = pool.subarray(0, maxRows).sort();
  const out = new Float32Array(maxRows * nFeatures);
  chosen.forEach((row, k) => out.set(x.subarray(row * nFeatures, (row + 1) * nFeatures), k * nFeatures));
  return out;
}

/** Fisher–Yates shuffle of 0..n-1. */
function _permutation(n: number, rng: Rng): Uint32Array {
  const order = _identity(n);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

function _identity(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** Copies each Dense layer out of TF, transposing the kernel [in][out] → [out][in]. */
function _extractLayers(net: LayersModel, activations: Activation[]): DenseLayer[] {
  return net.layers.map((layer, li) => {
    // getWeights() returns the layer's live variables: read them, never dispose them.
    const [kernel, bias] = layer.getWeights();
    const [inSize, outSize] = kernel.shape as [number, number];
    const k = kernel.dataSync() as Float32Array;
    const weights = new Float32Array(inSize * outSize);
    for (let i = 0; i < inSize; i++) {
      for (let o = 0; o < outSize; o++) weights[o * inSize + i] = k[i * outSize + o];
    }
    return { inSize, outSize, weights, bias: Float32Array.from(bias.dataSync()), activation: activations[li] };
  });
}
