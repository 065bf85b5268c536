// Normalisation statistics of the transformed features, and their application
// with the same f32 arithmetic as assembly/features/features.ts, so the detectors are fit
// on exactly the values the filter will feed them.

import type { Normalization } from "../model/format.ts";
import type { FeatureMatrix } from "../wasm/feature-rows.ts";
import { quantile } from "../util/stats.ts";

/** Smallest standard deviation used: a feature constant in the baseline still counts when it moves. */
export const STD_FLOOR = 0.1;

export function fitNormalization(fm: FeatureMatrix): Normalization {
  const n = fm.names.length;
  const mean = new Float32Array(n);
  const invStd = new Float32Array(n);
  const rawP99 = new Float32Array(n);
  let rows = 0;
  const sum = new Float64Array(n);
  const sumSq = new Float64Array(n);
  for (let i = 0; i < fm.count; i++) {
    if (!fm.valid(i)) continue;
    rows++;
    for (let f = 0; f < n; f++) {
      const v = fm.transformed(i, f);
      sum[f] += v;
      sumSq[f] += v * v;
    }
  }
  for (let f = 0; f < n; f++) {
    const m = rows ? sum[f] / rows : 0;
    const variance = rows ? Math.max(0, sumSq[f] / rows - m * m) : 0;
    mean[f] = m;
    invStd[f] = 1 / Math.max(Math.sqrt(variance), STD_FLOOR);
    rawP99[f] = quantile(fm.ascendingColumn(fm.names[f]), 0.99);
  }
  return { mean, invStd, rawP99 };
}

/** Valid rows, normalised, row-major. */
export function normalizedRows(fm: FeatureMatrix, norm: Normalization): { x: Float32Array; rows: number } {
  const n = fm.names.length;
  let rows = 0;
  for (let i = 0; i < fm.count; i++) if (fm.valid(i)) rows++;
  const x = new Float32Array(rows * n);
  let r = 0;
  for (let i = 0; i < fm.count; i++) {
    if (!fm.valid(i)) continue;
    for (let f = 0; f < n; f++) {
      x[r * n + f] = Math.fround(Math.fround(fm.transformed(i, f) - norm.mean[f]) * norm.invStd[f]);
    }
    r++;
  }
  return { x, rows };
}
