// Scoring feature rows (Scorer.detectorScores, assembly/abi/score-rows.ts)
// must give exactly what replaying the records reports: training calibrates on these rows
// instead of replaying the baseline.

import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { trainedModel } from "../../helpers/trained-model.ts";
import { loadRecords } from "../../../trainer/pipeline/load.ts";
import { extractFeatures, type FeatureMatrix } from "../../../trainer/wasm/feature-rows.ts";
import { normalizedRows } from "../../../trainer/fit/normalize.ts";
import { readModel } from "../../../trainer/model/read.ts";
import { Scorer } from "../../../trainer/wasm/scorer.ts";

/** One of the per-row head values of the replay, over its valid rows. */
function replayed(fm: FeatureMatrix, which: "rawIforest" | "rawAutoencoder"): Float32Array {
  const out: number[] = [];
  for (let i = 0; i < fm.count; i++) if (fm.valid(i)) out.push(fm[which](i));
  return Float32Array.from(out);
}

describe("detector scores of feature rows", () => {
  let scorer: Scorer;
  let fm: FeatureMatrix;
  let x: Float32Array;

  beforeAll(async () => {
    const modelPath = (await trainedModel()).modelPath;
    const bytes = new Uint8Array(readFileSync(modelPath));
    scorer = await Scorer.load();
    scorer.loadModel(bytes);
    const { records } = loadRecords("samples/");
    fm = extractFeatures(scorer, records, scorer.schema().features);
    x = normalizedRows(fm, readModel(bytes).normalization!).x;
  });

  it("equal the raw Isolation Forest and autoencoder scores of a replay", () => {
    const scores = scorer.detectorScores(x, fm.names.length);
    expect(scores.iforest.length).toBeGreaterThan(1000);
    expect(scores.iforest).toEqual(replayed(fm, "rawIforest"));
    expect(scores.autoencoder).toEqual(replayed(fm, "rawAutoencoder"));
  });

  it("are the same for every row of a batch longer than one call of the export", () => {
    const n = fm.names.length;
    const rows = x.length / n;
    const copies = Math.ceil(70_000 / rows);
    const tiled = new Float32Array(x.length * copies);
    for (let c = 0; c < copies; c++) tiled.set(x, c * x.length);
    const { iforest } = scorer.detectorScores(tiled, n);
    const once = replayed(fm, "rawIforest");
    for (let c = 0; c < copies; c++) expect(iforest.subarray(c * rows, (c + 1) * rows)).toEqual(once);
  });

  it("are refused without a model, with the scorer's reason", async () => {
    const fresh = await Scorer.load();
    expect(() => fresh.detectorScores(x, fm.names.length)).toThrow(/refused to score rows: .+/);
  });
});
