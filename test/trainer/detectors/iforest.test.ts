import { describe, expect, it } from "vitest";
import {
  averagePathLength,
  DEFAULT_IFOREST_PARAMS,
  EULER_GAMMA,
  fitIForest,
  heightLimit,
  LEAF,
  validateIForestParams,
  type IForestModel,
  type IForestParams,
  type IForestTree,
} from "../../../trainer/detectors/iforest/index.ts";
import { createRng, type Rng } from "../../../trainer/util/rng.ts";

// --- test-only helpers (the real scorer is assembly/detect/iforest.ts) ---

function gaussian(rng: Rng): number {
  const u = 1 - rng.next(); // (0, 1], keeps log finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

function makeData(nRows: number, nFeatures: number, value: (row: number, feature: number) => number): Float32Array {
  const x = new Float32Array(nRows * nFeatures);
  for (let r = 0; r < nRows; r++) for (let f = 0; f < nFeatures; f++) x[r * nFeatures + f] = value(r, f);
  return x;
}

function gaussianData(nRows: number, nFeatures: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return makeData(nRows, nFeatures, () => gaussian(rng));
}

/** h(x) for one tree: the stored depth + c(leafSize) of the leaf x lands in. */
function pathLength(tree: IForestTree, x: Float32Array, offset: number): number {
  let i = 0;
  while (tree.feature[i] !== LEAF) i = x[offset + tree.feature[i]] < tree.threshold[i] ? i + 1 : tree.right[i];
  return tree.threshold[i];
}

/** The paper's s(x) = 2^(-E[h(x)] / c(psi)), higher = more anomalous. */
function scoreAll(model: IForestModel, x: Float32Array, nRows: number): number[] {
  const c = averagePathLength(model.maxSamples);
  return Array.from({ length: nRows }, (_, r) => {
    let sum = 0;
    for (const tree of model.trees) sum += pathLength(tree, x, r * model.nFeatures);
    return 2 ** (-sum / model.trees.length / c);
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const F32 = new Float32Array(1);
const F32_BITS = new Int32Array(F32.buffer);
/** The smallest float32 above the finite float32 v. */
function nextUpF32(v: number): number {
  if (v === 0) return 2 ** -149;
  F32[0] = v;
  F32_BITS[0] += v > 0 ? 1 : -1;
  return F32[0];
}

interface NodeVisit {
  node: number;
  depth: number;
}

/** Checks the preorder layout and returns every node with its depth; fails the test on a malformed tree. */
function walkTree(tree: IForestTree, nFeatures: number): NodeVisit[] {
  const n = tree.feature.length;
  expect(tree.threshold.length).toBe(n);
  expect(tree.right.length).toBe(n);
  const visits: NodeVisit[] = [];
  const visit = (i: number, depth: number): number => {
    expect(i).toBeLessThan(n);
    visits.push({ node: i, depth });
    if (tree.feature[i] === LEAF) {
      expect(tree.right[i]).toBe(0);
      return i + 1;
    }
    expect(tree.feature[i]).toBeGreaterThanOrEqual(0);
    expect(tree.feature[i]).toBeLessThan(nFeatures);
    const leftEnd = visit(i + 1, depth + 1);
    expect(tree.right[i]).toBe(leftEnd); // the right subtree starts right after the left one
    return visit(tree.right[i], depth + 1);
  };
  expect(visit(0, 0)).toBe(n); // preorder: the walk emits 0..n-1 in order, each once
  return visits;
}

/** Recovers a leaf's sample count from h = depth + c(size) (c is strictly increasing, so it is unique). */
function leafSize(h: number, depth: number, psi: number): number {
  for (let k = 1; k <= psi; k++) if (Math.fround(depth + averagePathLength(k)) === h) return k;
  throw new Error(`leaf value ${h} at depth ${depth} is not depth + c(k) for any k in [1, ${psi}]`);
}

function params(overrides: Partial<IForestParams> = {}): IForestParams {
  return { ...DEFAULT_IFOREST_PARAMS, ...overrides };
}

// --- c(n) and the height limit ---

describe("averagePathLength", () => {
  it.each([
    // closed forms
    [0, 0],
    [1, 0],
    [2, 1],
    // 2 (ln(n - 1) + γ) - 2 (n - 1) / n
    [3, 2 * (Math.log(2) + EULER_GAMMA) - 4 / 3],
    [256, 10.244770920119917],
  ])("c(%d) = %d", (n, expected) => {
    expect(averagePathLength(n)).toBeCloseTo(expected, 12);
  });

  it("is strictly increasing from n = 1", () => {
    const notIncreasing: number[] = [];
    for (let n = 1; n < 40_000; n++) if (!(averagePathLength(n + 1) > averagePathLength(n))) notIncreasing.push(n);
    expect(notIncreasing).toEqual([]);
  });
});

describe("heightLimit", () => {
  it.each([
    [2, 1],
    [3, 2],
    [4, 2],
    [255, 8],
    [256, 8],
    [257, 9],
    [32_767, 15],
  ])("ceil(log2(%d)) = %d", (psi, expected) => {
    expect(heightLimit(psi)).toBe(expected);
  });
});

// --- settings ---

describe("validateIForestParams", () => {
  it("defaults to 200 trees, psi auto, seed 42, and accepts them", () => {
    expect(DEFAULT_IFOREST_PARAMS).toEqual({ nEstimators: 200, maxSamples: "auto", randomState: 42 });
    expect(Object.isFrozen(DEFAULT_IFOREST_PARAMS)).toBe(true);
    expect(() => validateIForestParams(params())).not.toThrow();
  });

  it.each<Partial<IForestParams>>([
    { nEstimators: 1 },
    { nEstimators: 10_000 },
    { maxSamples: 2 },
    { maxSamples: 32_767 },
    { randomState: 0 },
    { randomState: 4_294_967_295 },
  ])("accepts the bound %o", (overrides) => {
    expect(() => validateIForestParams(params(overrides))).not.toThrow();
  });

  it.each<[Record<string, unknown>, string]>([
    // nEstimators
    [{ nEstimators: 0 }, "nEstimators must be an integer in [1, 10000], got: 0"],
    [{ nEstimators: 10_001 }, "nEstimators must be an integer in [1, 10000], got: 10001"],
    [{ nEstimators: 1.5 }, "nEstimators must be an integer in [1, 10000], got: 1.5"],
    [{ nEstimators: Number.NaN }, "nEstimators must be an integer in [1, 10000], got: NaN"],
    [{ nEstimators: "200" }, 'nEstimators must be an integer in [1, 10000], got: "200"'],
    // maxSamples
    [{ maxSamples: 1 }, 'maxSamples must be "auto" or an integer in [2, 32767], got: 1'],
    [{ maxSamples: 32_768 }, 'maxSamples must be "auto" or an integer in [2, 32767], got: 32768'],
    [{ maxSamples: 0.5 }, 'maxSamples must be "auto" or an integer in [2, 32767], got: 0.5'],
    [{ maxSamples: "all" }, 'maxSamples must be "auto" or an integer in [2, 32767], got: "all"'],
    // randomState
    [{ randomState: -1 }, "randomState must be an integer in [0, 4294967295], got: -1"],
    [{ randomState: 2 ** 32 }, "randomState must be an integer in [0, 4294967295], got: 4294967296"],
    [{ randomState: undefined }, "randomState must be an integer in [0, 4294967295], got: undefined"],
    // unknown keys
    [
      { contamination: 0.1 },
      'unknown iforest parameter "contamination"; expected one of nEstimators, maxSamples, randomState',
    ],
  ])("rejects %o", (overrides, message) => {
    const p = { ...params(), ...overrides } as IForestParams;
    expect(() => validateIForestParams(p)).toThrow(new Error(message));
    expect(() => fitIForest(new Float32Array(4), 2, 2, p)).toThrow(new Error(message));
  });
});

// --- input checks ---

describe("fitIForest input", () => {
  it.each<[string, Float32Array, number, number, string]>([
    ["no features", new Float32Array(0), 2, 0, "nFeatures must be an integer in [1, 32767], got: 0"],
    ["one row", new Float32Array(3), 1, 3, "nRows must be an integer in [2, inf), got: 1"],
    ["a short x", new Float32Array(5), 2, 3, "x must hold nRows * nFeatures = 6 values, got: 5"],
    ["a NaN", Float32Array.of(0, 1, 2, Number.NaN), 2, 2, "x must be finite, got: NaN at row 1, feature 1"],
    ["an Infinity", Float32Array.of(0, -Infinity, 2, 3), 2, 2, "x must be finite, got: -Infinity at row 0, feature 1"],
  ])("rejects %s", (_, x, nRows, nFeatures, message) => {
    expect(() => fitIForest(x, nRows, nFeatures, params())).toThrow(new Error(message));
  });

  it.each<[number, IForestParams["maxSamples"], number]>([
    [1000, "auto", 256],
    [100, "auto", 100],
    [1000, 64, 64],
    [100, 500, 100], // clamped to the rows available, as scikit-learn does
  ])("with %d rows and maxSamples %o uses psi = %d", (nRows, maxSamples, psi) => {
    const model = fitIForest(gaussianData(nRows, 3, 1), nRows, 3, params({ nEstimators: 5, maxSamples }));
    expect(model.maxSamples).toBe(psi);
    expect(model.nFeatures).toBe(3);
    expect(model.trees).toHaveLength(5);
  });

  it("leaves x untouched and returns frozen state", () => {
    const x = gaussianData(300, 4, 2);
    const copy = x.slice();
    const model = fitIForest(x, 300, 4, params({ nEstimators: 10 }));
    expect(x).toEqual(copy);
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(model.trees)).toBe(true);
    expect(Object.isFrozen(model.trees[0])).toBe(true);
  });
});

// --- tree structure ---

/** Whole-sample datasets (nRows <= 256, so psi = nRows and every row trains every tree). */
const WHOLE_SAMPLE_DATA: [string, number, number, Float32Array][] = [
  ["gaussian", 200, 5, gaussianData(200, 5, 3)],
  // adjacent float32 values: rounding of thresholds decides the split
  ["adjacent floats", 64, 2, makeData(64, 2, (r, f) => Math.fround(1 + ((r * (f + 3)) % 11) * 2 ** -23))],
  // few distinct rows, so leaves hold duplicates above the height limit
  ["duplicates", 120, 3, makeData(120, 3, (r, f) => (r % 6) * (f + 1))],
  // features 0 and 2 never vary
  ["constant features", 150, 4, makeData(150, 4, (r, f) => (f === 0 ? 3.5 : f === 2 ? 0 : Math.sin(r * (f + 1))))],
];

describe("tree structure", () => {
  describe.each(WHOLE_SAMPLE_DATA)("on %s data", (_, nRows, nFeatures, x) => {
    it.each([0, 7, 42])("routes every training row consistently (seed %d)", (seed) => {
      const model = fitIForest(x, nRows, nFeatures, params({ nEstimators: 20, randomState: seed }));
      const psi = nRows;
      expect(model.maxSamples).toBe(psi);
      const limit = heightLimit(psi);
      for (const tree of model.trees) {
        const visits = walkTree(tree, nFeatures);
        expect(tree.feature.length).toBeLessThanOrEqual(2 * psi - 1);
        // send every row down the tree with the scorer's rule, remembering which rows reach which node
        const rowsAt: number[][] = visits.map(() => []);
        for (let r = 0; r < nRows; r++) {
          let i = 0;
          rowsAt[i].push(r);
          while (tree.feature[i] !== LEAF) {
            i = x[r * nFeatures + tree.feature[i]] < tree.threshold[i] ? i + 1 : tree.right[i];
            rowsAt[i].push(r);
          }
        }
        for (const { node, depth } of visits) {
          const rows = rowsAt[node];
          expect(depth).toBeLessThanOrEqual(limit);
          expect(rows.length).toBeGreaterThan(0); // no empty node
          const f = tree.feature[node];
          if (f !== LEAF) {
            const values = rows.map((r) => x[r * nFeatures + f]);
            const min = Math.min(...values);
            const max = Math.max(...values);
            const t = tree.threshold[node];
            expect(t).toBeGreaterThan(min);
            // strictly inside, unless no float32 lies between min and max
            if (nextUpF32(min) === max) expect(t).toBe(max);
            else expect(t).toBeLessThan(max);
          } else {
            expect(tree.threshold[node]).toBe(Math.fround(depth + averagePathLength(rows.length)));
            if (depth < limit && rows.length > 1) {
              // a leaf above the limit with several rows must have no feature left to split on
              for (let g = 0; g < nFeatures; g++) {
                expect(new Set(rows.map((r) => x[r * nFeatures + g])).size).toBe(1);
              }
            }
          }
        }
      }
    });
  });

  it.each([0, 1, 99])("with psi < nRows, keeps depth <= ceil(log2(psi)) and leaf sizes summing to psi (seed %d)", (seed) => {
    const nRows = 2000;
    const nFeatures = 6;
    const model = fitIForest(gaussianData(nRows, nFeatures, seed), nRows, nFeatures, params({ nEstimators: 30, maxSamples: 100, randomState: seed }));
    for (const tree of model.trees) {
      let total = 0;
      for (const { node, depth } of walkTree(tree, nFeatures)) {
        expect(depth).toBeLessThanOrEqual(heightLimit(100)); // 7
        if (tree.feature[node] === LEAF) total += leafSize(tree.threshold[node], depth, 100);
      }
      expect(total).toBe(100);
    }
  });

  it("never splits on a feature that is constant on the sample", () => {
    const [, nRows, nFeatures, x] = WHOLE_SAMPLE_DATA[3];
    const model = fitIForest(x, nRows, nFeatures, params({ nEstimators: 50 }));
    const used = new Set(model.trees.flatMap((t) => Array.from(t.feature).filter((f) => f !== LEAF)));
    expect([...used].sort()).toEqual([1, 3]);
  });

  it("makes each tree a single leaf c(psi) when every row is identical", () => {
    const model = fitIForest(new Float32Array(300 * 3).fill(2), 300, 3, params({ nEstimators: 4 }));
    for (const tree of model.trees) {
      expect(Array.from(tree.feature)).toEqual([LEAF]);
      expect(Array.from(tree.right)).toEqual([0]);
      expect(tree.threshold[0]).toBe(Math.fround(averagePathLength(256)));
    }
  });

  it("splits two adjacent float32 values at the upper one, so x < t separates them", () => {
    const hi = nextUpF32(1);
    const model = fitIForest(Float32Array.of(hi, 1), 2, 1, params({ nEstimators: 3 }));
    for (const tree of model.trees) {
      expect(Array.from(tree.feature)).toEqual([0, LEAF, LEAF]);
      expect(Array.from(tree.threshold)).toEqual([hi, 1, 1]); // leaves: depth 1 + c(1)
      expect(Array.from(tree.right)).toEqual([2, 0, 0]);
    }
  });
});

// --- determinism ---

describe("determinism", () => {
  const x = gaussianData(1000, 5, 11);
  const fit = (overrides: Partial<IForestParams>, rng?: Rng) =>
    fitIForest(x, 1000, 5, params({ nEstimators: 25, ...overrides }), rng);

  it("gives a bit-identical model for the same seed", () => {
    expect(fit({ randomState: 5 })).toEqual(fit({ randomState: 5 }));
  });

  it("gives a different model for another seed", () => {
    const a = fit({ randomState: 5 }).trees[0];
    const b = fit({ randomState: 6 }).trees[0];
    expect(a.threshold).not.toEqual(b.threshold);
  });

  it("draws from a passed rng instead of seeding one from randomState", () => {
    expect(fit({ randomState: 1 }, createRng(7))).toEqual(fit({ randomState: 7 }));
  });
});

// --- toy data with obvious outliers ---

describe("toy dataset: 500 N(0, 1) points in 4-D plus 2 points at 8.0", () => {
  const nInliers = 500;
  const nRows = nInliers + 2;
  const nFeatures = 4;

  it.each([0, 1, 42, 2024])("scores the two outliers highest (seed %d)", (seed) => {
    const inliers = gaussianData(nInliers, nFeatures, 1000 + seed);
    const x = new Float32Array(nRows * nFeatures).fill(8);
    x.set(inliers);
    const model = fitIForest(x, nRows, nFeatures, params({ randomState: seed }));
    expect(model.maxSamples).toBe(256);
    const scores = scoreAll(model, x, nRows);
    for (const s of scores) {
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThanOrEqual(1);
    }
    const ranked = scores.map((s, r) => [s, r]).sort((a, b) => b[0] - a[0]);
    expect(ranked.slice(0, 2).map(([, r]) => r).sort()).toEqual([500, 501]);
    expect(scores[500]).toBeGreaterThan(0.6);
    expect(scores[501]).toBeGreaterThan(0.6);
    expect(median(scores.slice(0, nInliers))).toBeLessThan(0.5);
  });
});
