// Calibrators (see assembly/verdict/verdict.ts for the mapping they drive): three
// reference points of a raw score over the baseline.

import type { CalibratorParams } from "../model/format.ts";
import { ascending, quantile } from "../util/stats.ts";

/** low = median, threshold = the (1 - contamination) quantile, high = the maximum. */
export function fitCalibrator(values: ArrayLike<number>, contamination: number): CalibratorParams {
  const sorted = ascending(values);
  const low = quantile(sorted, 0.5);
  const threshold = quantile(sorted, 1 - contamination);
  const high = sorted.length ? sorted[sorted.length - 1] : 0;
  return { low, threshold, high };
}
