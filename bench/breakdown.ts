// Where the time of full scoring goes, by difference: the same stream through
// the batch ABI with stages cut off (STOP_AFTER_*), with output switched off,
// and with a detector reduced to nothing in an otherwise identical model, so
// every row is "this run minus that run" on the same bytes. Each run is timed
// inside the module (the host's copies are their own row).

import { readModel } from "../trainer/model/read.ts";
import { writeModel } from "../trainer/model/write.ts";
import type { ModelData } from "../trainer/model/format.ts";
import { FEATURE_ROW_HEAD, type Scorer } from "../trainer/wasm/scorer.ts";
import { OUTPUT, batchContender, bestOfRounds, inModuleContender, nsPerEvent, type Contender } from "./measure.ts";

export interface StageCost {
  stage: string;
  nsPerEvent: number;
  /** How the row was measured. */
  how: string;
}

export interface Breakdown {
  stages: StageCost[];
  /** In-module CPU ns/event of full scoring with enriched output (the rows' sum, up to noise). */
  fullInModule: number;
  /** End-to-end CPU ns/event of Scorer.process, full scoring. */
  fullEndToEnd: number;
  /** Full scoring (no output) with the model as trained and with only its first `trees` trees. */
  whatIf: { trees: number; fullNoOutput: number; fullNoOutputHalfTrees: number };
  /** Detector sizes, the context for the numbers above. */
  forest: { trees: number; meanNodes: number; maxSamples: number; meanDepth: number };
  autoencoder: { layers: string; multiplyAdds: number };
}

/** The model with its forest replaced by one single-leaf tree (a walk of zero steps). */
export function withoutForest(m: ModelData): ModelData {
  const leaf = { feature: Int16Array.of(-1), threshold: Float32Array.of(1), right: Uint16Array.of(0) };
  return { ...m, iforest: { ...m.iforest!, trees: [leaf] } };
}

/** The model with its autoencoder replaced by the smallest the format allows: n → 1 → n, linear, zero weights. */
export function withoutAutoencoder(m: ModelData): ModelData {
  const n = m.autoencoder!.nFeatures;
  const layer = (inSize: number, outSize: number) => ({
    inSize,
    outSize,
    activation: "linear" as const,
    weights: new Float32Array(inSize * outSize),
    bias: new Float32Array(outSize),
  });
  return { ...m, autoencoder: { nFeatures: n, layers: [layer(n, 1), layer(1, n)] } };
}

/** The model with only its first `n` trees (what a smaller --iso-forest-estimators would cost). */
function withTrees(m: ModelData, n: number): ModelData {
  return { ...m, iforest: { ...m.iforest!, trees: m.iforest!.trees.slice(0, n) } };
}

/** A batch mode with no output: the work of scoring without its copy out. */
const NO_OUTPUT = 0;

/** The runs the module's stages are differences of: stages cut off, output off, a detector reduced to nothing. */
export function stageRuns(modelBytes: Uint8Array) {
  const model = readModel(modelBytes);
  return {
    scan: { mode: OUTPUT.STOP_AFTER_SCAN, model: modelBytes },
    features: { mode: OUTPUT.STOP_AFTER_FEATURES, model: modelBytes },
    full: { mode: NO_OUTPUT, model: modelBytes },
    fullEnriched: { mode: OUTPUT.ENRICHED, model: modelBytes },
    noForest: { mode: NO_OUTPUT, model: writeModel(withoutForest(model)) },
    noAutoencoder: { mode: NO_OUTPUT, model: writeModel(withoutAutoencoder(model)) },
    neither: { mode: NO_OUTPUT, model: writeModel(withoutAutoencoder(withoutForest(model))) },
  };
}

export type StageRun = keyof ReturnType<typeof stageRuns>;

/** Each stage of the module as a difference of two runs' costs per event. */
export const MODULE_STAGES: { stage: string; how: string; of: (r: Record<StageRun, number>) => number }[] = [
  { stage: "scan (JSON + fields + classify)", how: "STOP_AFTER_SCAN, no output", of: (r) => r.scan },
  { stage: "features (windows, baselines, normalise)", how: "STOP_AFTER_FEATURES − scan", of: (r) => r.features - r.scan },
  { stage: "isolation forest", how: "full − full with a one-leaf forest", of: (r) => r.full - r.noForest },
  { stage: "autoencoder", how: "full − full with an n→1→n autoencoder", of: (r) => r.full - r.noAutoencoder },
  { stage: "rules, verdict, incidents", how: "full with both reduced − features", of: (r) => r.neither - r.features },
  { stage: "enriched output", how: "ENRICHED − no output", of: (r) => r.fullEnriched - r.full },
];

export function costBreakdown(scorer: Scorer, ndjson: Uint8Array, modelBytes: Uint8Array, reps: number): Breakdown {
  const model = readModel(modelBytes);
  const halfTrees = Math.max(1, Math.floor(model.iforest!.trees.length / 2));
  const configs = {
    ...stageRuns(modelBytes),
    halfForest: { mode: NO_OUTPUT, model: writeModel(withTrees(model, halfTrees)) },
  };
  const best = bestOfRounds(reps, {
    ...(Object.fromEntries(
      Object.entries(configs).map(([name, c]) => [name, inModuleContender(scorer, ndjson, c.mode, c.model)]),
    ) as Record<keyof typeof configs, Contender>),
    endToEnd: batchContender(scorer, ndjson, OUTPUT.ENRICHED, modelBytes),
  });
  scorer.loadModel(modelBytes);
  const ns = Object.fromEntries(Object.entries(best).map(([k, t]) => [k, nsPerEvent(t, "cpu")])) as Record<keyof typeof best, number>;

  const trees = model.iforest!.trees;
  const layers = model.autoencoder!.layers;
  return {
    stages: [
      ...MODULE_STAGES.map(({ stage, how, of }) => ({ stage, nsPerEvent: of(ns), how })),
      { stage: "Node host copies (not in Fluent Bit)", nsPerEvent: ns.endToEnd - ns.fullEnriched, how: "Scorer.process − in-module" },
    ],
    fullInModule: ns.fullEnriched,
    fullEndToEnd: ns.endToEnd,
    whatIf: { trees: halfTrees, fullNoOutput: ns.full, fullNoOutputHalfTrees: ns.halfForest },
    forest: {
      trees: trees.length,
      meanNodes: trees.reduce((s, t) => s + t.feature.length, 0) / trees.length,
      maxSamples: model.iforest!.maxSamples,
      meanDepth: meanWalkDepth(scorer, ndjson.subarray(0, DEPTH_SAMPLE_BYTES), model),
    },
    autoencoder: {
      layers: [layers[0].inSize, ...layers.map((l) => l.outSize)].join("→"),
      multiplyAdds: layers.reduce((s, l) => s + l.inSize * l.outSize, 0),
    },
  };
}

/** Enough of the stream to estimate the forest's walk depth. */
const DEPTH_SAMPLE_BYTES = 4 << 20;

/** Mean internal nodes a record passes per tree, on the scorer's own normalised features. */
function meanWalkDepth(scorer: Scorer, ndjson: Uint8Array, model: ModelData): number {
  const end = ndjson.lastIndexOf(0x0a) + 1;
  scorer.resetState();
  const { rows, count } = scorer.process(ndjson.subarray(0, end), OUTPUT.FEATURES);
  scorer.resetState();
  const n = model.meta.nFeatures;
  const data = new Float32Array(rows.buffer, rows.byteOffset, rows.byteLength / 4);
  const stride = FEATURE_ROW_HEAD + 2 * n;
  const { mean, invStd } = model.normalization!;
  const x = new Float32Array(n);
  let steps = 0;
  let walks = 0;
  for (let r = 0; r < count; r++) {
    if (data[r * stride] !== 1) continue;
    for (let f = 0; f < n; f++) x[f] = (data[r * stride + FEATURE_ROW_HEAD + n + f] - mean[f]) * invStd[f];
    for (const tree of model.iforest!.trees) {
      let i = 0;
      while (tree.feature[i] >= 0) {
        i = x[tree.feature[i]] < tree.threshold[i] ? i + 1 : tree.right[i];
        steps++;
      }
      walks++;
    }
  }
  return walks ? steps / walks : 0;
}
