// Calibration of a trained model: each detector's calibrator from its raw scores
// on the baseline, then the ensemble's from the calibrated detectors and the
// rules, so each step sees the scores the filter will compute.
//
// The detectors' raw scores come from the scorer scoring the feature rows already
// in hand (assembly/abi/score-rows.ts: exactly what a replay reports). The
// ensemble also sums the rules' evidence, which depends on the event and on the
// rule thresholds learned after the features, so it takes one replay.
//
// Only the held-out end of the baseline counts: there the entity baselines were
// learned from earlier records, as they are for every event the filter scores
// after training. Earlier records are novel to nothing (their own users, IPs and
// pairs are in the baselines they are replayed against), so quantiles over the
// whole replay put the thresholds too low and the alert rate after training above
// the contamination.

import { fitCalibrator } from "../fit/calibrator.ts";
import { DEFAULT_SEVERITY_CUTS, type ModelData } from "../model/format.ts";
import { writeModel } from "../model/write.ts";
import type { Scorer } from "../wasm/scorer.ts";
import type { FeatureMatrix } from "../wasm/feature-rows.ts";

/** Fewer held-out rows than this and the whole replay is used: a tail quantile needs rows. */
export const MIN_HOLDOUT_ROWS = 100;

/** The baseline's feature replay, its normalised valid rows, and the first held-out record. */
export interface CalibrationRows {
  fm: FeatureMatrix;
  x: Float32Array;
  holdoutFrom: number;
}

/**
 * `replay` loads `model` into the scorer as it stands and replays the baseline through it
 * (against the same entity baselines as `rows.fm`).
 */
export function calibrateModel(model: ModelData, contamination: number, scorer: Scorer, rows: CalibrationRows, replay: () => FeatureMatrix): void {
  const { fm, x } = rows;
  const from = fm.count - rows.holdoutFrom >= MIN_HOLDOUT_ROWS ? rows.holdoutFrom : 0;
  let skip = 0;
  for (let i = 0; i < from; i++) if (fm.valid(i)) skip++;
  scorer.loadModel(writeModel(model));
  const scores = scorer.detectorScores(x, fm.names.length);
  const iforest = fitCalibrator(scores.iforest.subarray(skip), contamination);
  const autoencoder = fitCalibrator(scores.autoencoder.subarray(skip), contamination);
  model.calibration = [iforest, autoencoder, { low: 0, threshold: 1, high: 2 }];
  model.severityCuts = DEFAULT_SEVERITY_CUTS;
  const ensemble = fitCalibrator(replay().head("rawEnsemble", from), contamination);
  model.calibration = [iforest, autoencoder, ensemble];
}
