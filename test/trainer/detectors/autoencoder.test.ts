import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import {
  DEFAULT_AUTOENCODER_PARAMS,
  fitAutoencoder,
  loadTf,
  resolveAutoencoderParams,
  tfBackendName,
  validateAutoencoderParams,
  type AutoencoderModel,
  type AutoencoderParams,
} from "../../../trainer/detectors/autoencoder/index.ts";
import { createRng } from "../../../trainer/util/rng.ts";
import { reconstructionErrorsJs, reconstructionErrorsTf } from "../../helpers/autoencoder-reference.ts";

// --- toy data: points near a 2-d plane in 10-d, plus obvious outliers ---

const N_FEATURES = 10;
const LATENT = 2;
const NOISE = 0.05;

function gaussian(rng: ReturnType<typeof createRng>): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** x = A z + noise, with z ~ N(0, I_2) and one fixed random A. */
function manifold(nRows: number, seed: number): Float32Array {
  const basis = createRng(7);
  const a = Array.from({ length: N_FEATURES * LATENT }, () => gaussian(basis));
  const rng = createRng(seed);
  const x = new Float32Array(nRows * N_FEATURES);
  for (let r = 0; r < nRows; r++) {
    const z = [gaussian(rng), gaussian(rng)];
    for (let f = 0; f < N_FEATURES; f++) {
      x[r * N_FEATURES + f] = a[f * LATENT] * z[0] + a[f * LATENT + 1] * z[1] + NOISE * gaussian(rng);
    }
  }
  return x;
}

/** Far off the plane: independent N(0, 3^2) in every feature. */
function outliers(nRows: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: nRows * N_FEATURES }, () => 3 * gaussian(rng));
}

const TRAIN_ROWS = 512;
const TRAIN = manifold(TRAIN_ROWS, 1);
const SMALL: AutoencoderParams = {
  ...DEFAULT_AUTOENCODER_PARAMS,
  hiddenLayers: [6, 2, 6],
  epochs: 40,
  batchSize: 64,
  learningRate: 0.01,
};

/** |a - b| <= tol * max(1, |b|): absolute near zero, relative for large errors. */
function expectClose(actual: Float32Array, expected: Float32Array, tol: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  actual.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - expected[i]) / Math.max(1, Math.abs(expected[i])))));
  expect(worst).toBeLessThanOrEqual(tol);
}

const mean = (a: Float32Array): number => a.reduce((s, v) => s + v, 0) / a.length;
const median = (a: Float32Array): number => Float32Array.from(a).sort()[a.length >> 1];

// One trained model shared by the behaviour tests, to keep the file fast.
let trained: Awaited<ReturnType<typeof fitAutoencoder>>;
let epochsSeen: [number, number][] = [];
let consoleSpies: ReturnType<typeof vi.spyOn>[] = [];
let listenersBefore: number[] = [];

beforeAll(async () => {
  consoleSpies = (["log", "info", "warn", "error"] as const).map((m) => vi.spyOn(console, m));
  listenersBefore = [process.listenerCount("uncaughtException"), process.listenerCount("unhandledRejection")];
  trained = await fitAutoencoder(TRAIN, TRAIN_ROWS, N_FEATURES, SMALL, (epoch, loss) => epochsSeen.push([epoch, loss]));
});

afterAll(() => consoleSpies.forEach((s) => s.mockRestore()));

describe("validateAutoencoderParams", () => {
  it("accepts the defaults", () => {
    expect(() => validateAutoencoderParams({ ...DEFAULT_AUTOENCODER_PARAMS })).not.toThrow();
    expect(resolveAutoencoderParams()).toEqual({
      hiddenLayers: [24, 12, 24],
      epochs: 50,
      batchSize: 1024,
      learningRate: 0.001,
      randomState: 42,
      maxTrainRows: 50_000,
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    // --- integers with closed ranges ---
    ["epochs 0", { epochs: 0 }, "epochs must be an integer in [1, 10000], got: 0"],
    ["epochs fractional", { epochs: 2.5 }, "epochs must be an integer in [1, 10000], got: 2.5"],
    ["epochs too many", { epochs: 10_001 }, "epochs must be an integer in [1, 10000], got: 10001"],
    ["batchSize 0", { batchSize: 0 }, "batchSize must be an integer in [1, 1048576], got: 0"],
    ["randomState negative", { randomState: -1 }, "randomState must be an integer in [0, 4294967295], got: -1"],
    ["randomState string", { randomState: "42" }, 'randomState must be an integer in [0, 4294967295], got: "42"'],
    ["maxTrainRows 0", { maxTrainRows: 0 }, "maxTrainRows must be an integer in [1, 10000000], got: 0"],
    // --- half-open learning rate ---
    ["learningRate 0", { learningRate: 0 }, "learningRate must be in (0, 1], got: 0"],
    ["learningRate NaN", { learningRate: NaN }, "learningRate must be in (0, 1], got: NaN"],
    ["learningRate 2", { learningRate: 2 }, "learningRate must be in (0, 1], got: 2"],
    // --- layers ---
    ["no hidden layers", { hiddenLayers: [] }, "hiddenLayers must have an odd number of layers in [1, 15] (the middle one is the bottleneck), got: 0 ([])"],
    ["even layer count", { hiddenLayers: [8, 4] }, "hiddenLayers must have an odd number of layers in [1, 15] (the middle one is the bottleneck), got: 2 ([8, 4])"],
    ["zero-width layer", { hiddenLayers: [8, 0, 8] }, "hiddenLayers[1] must be an integer in [1, 1024], got: 0"],
    ["not an array", { hiddenLayers: 12 }, "hiddenLayers must be an array of layer widths, got: 12"],
    // --- unknown keys ---
    ["misspelt key", { epoch: 5 }, 'unknown autoencoder parameter "epoch"'],
  ])("rejects %s", (_name, overrides, message) => {
    const params = { ...DEFAULT_AUTOENCODER_PARAMS, ...overrides } as AutoencoderParams;
    expect(() => validateAutoencoderParams(params)).toThrow(message);
  });

  it("is applied by fitAutoencoder before any work", async () => {
    await expect(fitAutoencoder(TRAIN, TRAIN_ROWS, N_FEATURES, { ...SMALL, epochs: 0 })).rejects.toThrow(
      "epochs must be an integer in [1, 10000], got: 0",
    );
  });
});

describe("fitAutoencoder input checks", () => {
  it.each<[string, Float32Array, number, number, string]>([
    ["length mismatch", new Float32Array(5), 2, 3, "x must hold nRows * nFeatures = 6 values, got: 5"],
    ["no rows", new Float32Array(0), 0, 3, "nRows must be an integer >= 1, got: 0"],
    ["NaN", Float32Array.from([0, 1, NaN, 2]), 2, 2, "x must be finite; row 1, feature 0 is NaN"],
  ])("rejects %s", async (_name, x, nRows, nFeatures, message) => {
    await expect(fitAutoencoder(x, nRows, nFeatures, SMALL)).rejects.toThrow(message);
  });
});

describe("loadTf", () => {
  it("picks a fast backend, quietly, without leaving process handlers behind", async () => {
    const tf = await loadTf();
    expect(["tensorflow", "wasm"]).toContain(tfBackendName());
    expect(tf.getBackend()).toBe(tfBackendName());
    expect(trained.backend).toBe(tfBackendName());
    for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
    expect([process.listenerCount("uncaughtException"), process.listenerCount("unhandledRejection")]).toEqual(listenersBefore);
  });

  it("is memoised", async () => {
    expect(await loadTf()).toBe(await loadTf());
  });
});

describe("extracted model", () => {
  it("has one dense layer per width, weights [out][in], activations as specified", () => {
    const { model } = trained;
    expect(model.nFeatures).toBe(N_FEATURES);
    const shape = model.layers.map((l) => [l.inSize, l.outSize, l.weights.length, l.bias.length, l.activation]);
    expect(shape).toEqual([
      [10, 6, 60, 6, "relu"],
      [6, 2, 12, 2, "linear"],
      [2, 6, 12, 6, "relu"],
      [6, 10, 60, 10, "linear"],
    ]);
    for (const l of model.layers) {
      expect(l.weights).toBeInstanceOf(Float32Array);
      expect(l.bias).toBeInstanceOf(Float32Array);
    }
  });

  it("reconstructs the training data about as well as the last epoch's loss says", () => {
    // A wrong transpose in extraction would make this error large.
    const err = mean(reconstructionErrorsJs(trained.model, TRAIN, TRAIN_ROWS, N_FEATURES));
    const last = trained.history[trained.history.length - 1];
    expect(err).toBeLessThan(1.5 * last);
    expect(err).toBeGreaterThan(0.5 * last);
  });
});

describe("training", () => {
  it("reports every epoch, 1-based, and the loss goes down", () => {
    const { history } = trained;
    expect(history).toHaveLength(SMALL.epochs);
    expect(epochsSeen.map(([e]) => e)).toEqual(Array.from({ length: SMALL.epochs }, (_, i) => i + 1));
    expect(epochsSeen.map(([, loss]) => loss)).toEqual(history);
    expect(history[history.length - 1]).toBeLessThan(history[0] / 5);
    // Mostly monotone: the mean of the last five epochs is below that of the five before.
    const avg = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
    expect(avg(history.slice(-5))).toBeLessThan(avg(history.slice(-10, -5)));
  });

  it("gives obvious outliers a much larger reconstruction error than inliers", () => {
    const inl = reconstructionErrorsJs(trained.model, manifold(200, 2), 200, N_FEATURES);
    const out = reconstructionErrorsJs(trained.model, outliers(20, 3), 20, N_FEATURES);
    expect(median(out)).toBeGreaterThan(20 * median(inl));
    const inlierP95 = Float32Array.from(inl).sort()[Math.floor(0.95 * inl.length)];
    expect(Math.min(...out)).toBeGreaterThan(inlierP95);
  });

  it("is deterministic for a seed and differs between seeds", async () => {
    const quick = { ...SMALL, epochs: 3 };
    const a = await fitAutoencoder(TRAIN, TRAIN_ROWS, N_FEATURES, quick);
    const b = await fitAutoencoder(TRAIN, TRAIN_ROWS, N_FEATURES, quick);
    const c = await fitAutoencoder(TRAIN, TRAIN_ROWS, N_FEATURES, { ...quick, randomState: 43 });
    expect(b.model).toEqual(a.model);
    expect(b.history).toEqual(a.history);
    expect(c.model.layers[0].weights).not.toEqual(a.model.layers[0].weights);
  });

  it("subsamples beyond maxTrainRows, reproducibly, and reports it", async () => {
    const params = { ...SMALL, epochs: 1, maxTrainRows: 100 };
    const a = await fitAutoencoder(TRAIN, TRAIN_ROWS, N_FEATURES, params);
    const b = await fitAutoencoder(TRAIN, TRAIN_ROWS, N_FEATURES, params);
    expect(a.trainedRows).toBe(100);
    expect(trained.trainedRows).toBe(TRAIN_ROWS);
    expect(b.model).toEqual(a.model);
  });

  it("handles a batch larger than the data", async () => {
    const fit = await fitAutoencoder(TRAIN.subarray(0, 10 * N_FEATURES), 10, N_FEATURES, { ...SMALL, epochs: 2 });
    expect(fit.history).toHaveLength(2);
    expect(fit.trainedRows).toBe(10);
  });
});

describe("reference scorers", () => {
  // 2 → 1 → 2, all linear: h = x0 + 2 x1; out = (3h + 0.5, 4h - 0.5).
  // With weights stored [out][in], x = (1, 1) gives h = 3, out = (9.5, 11.5),
  // error = ((1 - 9.5)^2 + (1 - 11.5)^2) / 2 = 91.25. Reading them as [in][out]
  // cannot produce that, so this fixes the layout for both references.
  const HAND: AutoencoderModel = {
    nFeatures: 2,
    layers: [
      { inSize: 2, outSize: 1, weights: Float32Array.from([1, 2]), bias: Float32Array.from([0]), activation: "linear" },
      { inSize: 1, outSize: 2, weights: Float32Array.from([3, 4]), bias: Float32Array.from([0.5, -0.5]), activation: "linear" },
    ],
  };
  const HAND_X = Float32Array.from([1, 1, 0, 0]);
  const HAND_EXPECTED = Float32Array.from([91.25, (0.25 + 0.25) / 2]);

  it.each([
    ["js", async () => reconstructionErrorsJs(HAND, HAND_X, 2, 2)],
    ["tf", async () => reconstructionErrorsTf(HAND, HAND_X, 2, 2)],
  ])("%s matches a hand-computed model", async (_name, run) => {
    expectClose(await run(), HAND_EXPECTED, 1e-6);
  });

  it("TF predict and plain loops agree within 1e-5 on a trained model", async () => {
    const x = new Float32Array([...manifold(64, 4), ...outliers(16, 5)]);
    const tfErr = await reconstructionErrorsTf(trained.model, x, 80, N_FEATURES);
    const jsErr = reconstructionErrorsJs(trained.model, x, 80, N_FEATURES);
    expectClose(tfErr, jsErr, 1e-5);
  });

  it("agree on tanh layers too", async () => {
    const tanh: AutoencoderModel = {
      ...trained.model,
      layers: trained.model.layers.map((l, i) => (i === 0 ? { ...l, activation: "tanh" } : l)),
    };
    const x = manifold(32, 6);
    expectClose(await reconstructionErrorsTf(tanh, x, 32, N_FEATURES), reconstructionErrorsJs(tanh, x, 32, N_FEATURES), 1e-5);
  });
});

describe("tensor hygiene", () => {
  it("leaves no tensors behind after fitting and reference scoring", async () => {
    const tf = await loadTf();
    const start = tf.memory().numTensors;
    await fitAutoencoder(TRAIN, TRAIN_ROWS, N_FEATURES, { ...SMALL, epochs: 2 });
    await reconstructionErrorsTf(trained.model, TRAIN, TRAIN_ROWS, N_FEATURES);
    // Also when training stops half-way (here: the progress callback throws).
    const stop = (): never => {
      throw new Error("stop");
    };
    await expect(fitAutoencoder(TRAIN, TRAIN_ROWS, N_FEATURES, { ...SMALL, epochs: 2 }, stop)).rejects.toThrow("stop");
    expect(tf.memory().numTensors).toBe(start);
  });
});
