// Calibration of a trained model: each detector's calibrator from its raw scores
// on the baseline replay, then the ensemble's from the calibrated detectors, so
// each step sees the scores the filter will compute.

import { fitCalibrator } from "../calibration/fit.ts";
import { DEFAULT_SEVERITY_CUTS, type ModelData } from "../model/format.ts";
import type { FeatureMatrix } from "./features.ts";

/** `replay` loads `model` into the scorer as it stands and replays the baseline through it. */
export function calibrateModel(model: ModelData, contamination: number, replay: () => FeatureMatrix): void {
  const detectors = replay();
  const iforest = fitCalibrator(detectors.head("rawIforest"), contamination);
  const autoencoder = fitCalibrator(detectors.head("rawAutoencoder"), contamination);
  model.calibration = [iforest, autoencoder, { low: 0, threshold: 1, high: 2 }];
  model.severityCuts = DEFAULT_SEVERITY_CUTS;
  const ensemble = fitCalibrator(replay().head("rawEnsemble"), contamination);
  model.calibration = [iforest, autoencoder, ensemble];
}
