// Calibration of a trained model: each detector's calibrator from its raw scores
// on the baseline replay, then the ensemble's from the calibrated detectors, so
// each step sees the scores the filter will compute.
//
// Only the held-out end of the baseline counts: there the entity baselines were
// learned from earlier records, as they are for every event the filter scores
// after training. Earlier records are novel to nothing (their own users, IPs and
// pairs are in the baselines they are replayed against), so quantiles over the
// whole replay put the thresholds too low and the alert rate after training above
// the contamination.

import { fitCalibrator } from "../calibration/fit.ts";
import { DEFAULT_SEVERITY_CUTS, type ModelData } from "../model/format.ts";
import type { FeatureMatrix } from "./features.ts";

/** Fewer held-out rows than this and the whole replay is used: a tail quantile needs rows. */
export const MIN_HOLDOUT_ROWS = 100;

/**
 * `replay` loads `model` into the scorer as it stands and replays the baseline through it;
 * rows from `holdoutFrom` on are the held-out records (all rows count when there are too few).
 */
export function calibrateModel(model: ModelData, contamination: number, replay: () => FeatureMatrix, holdoutFrom: number): void {
  const detectors = replay();
  const from = detectors.count - holdoutFrom >= MIN_HOLDOUT_ROWS ? holdoutFrom : 0;
  const iforest = fitCalibrator(detectors.head("rawIforest", from), contamination);
  const autoencoder = fitCalibrator(detectors.head("rawAutoencoder", from), contamination);
  model.calibration = [iforest, autoencoder, { low: 0, threshold: 1, high: 2 }];
  model.severityCuts = DEFAULT_SEVERITY_CUTS;
  const ensemble = fitCalibrator(replay().head("rawEnsemble", from), contamination);
  model.calibration = [iforest, autoencoder, ensemble];
}
