// Raw detector scores, per event (pipeline.ts) and over feature rows the host
// already holds (training's calibration). Both go through the same functions,
// so calibrating on rows says exactly what replaying the records would, at the
// cost of the detectors alone instead of a whole replay.
//
// Row exports, for the Node host only (the Fluent Bit filter never calls them):
//   score_rows(x, rows, iforest, autoencoder)
//       x: `rows` normalised feature rows, N_FEATURES f32 each, row-major;
//       iforest, autoencoder: `rows` f32 each, the raw scores under the installed model
//   ensemble_rows(iforest, autoencoder, rows, out)
//       out: `rows` f32, the ensemble's raw value of each pair under the installed model's calibration
// Both return 0 or an error code (error_message) and write nothing on error.

import { Calibrator, Model } from "./model-view";
import { iforestScore } from "./iforest";
import { autoencoderScore } from "./autoencoder";
import { calibrate, ensembleRaw } from "./verdict";
import { Err } from "./errors";
import { model, modelError } from "./pipeline";
import { N_FEATURES } from "./schema";

// @ts-ignore: decorator
@inline const F32_BYTES: usize = 4;
// @ts-ignore: decorator
@inline const ROW_BYTES: usize = <usize>N_FEATURES * F32_BYTES;

/** Raw Isolation Forest score of normalised features `x`; 0 without a forest. */
export function rawIforestOf(m: Model, x: StaticArray<f32>): f32 {
  return m.nTrees > 0 ? iforestScore(m, x) : 0;
}

/** Raw autoencoder score (reconstruction MSE) of normalised features `x`; 0 without an autoencoder. */
export function rawAutoencoderOf(m: Model, x: StaticArray<f32>): f32 {
  return m.nLayers > 0 ? autoencoderScore(m, x) : 0;
}

/** The ensemble's raw value: the mean of the calibrated detector scores. */
export function rawEnsembleOf(m: Model, rawIforest: f32, rawAutoencoder: f32): f32 {
  return ensembleRaw(calibrate(m, Calibrator.IFOREST, rawIforest), calibrate(m, Calibrator.AUTOENCODER, rawAutoencoder));
}

const row = new StaticArray<f32>(N_FEATURES);

export function score_rows(x: usize, rows: i32, iforest: usize, autoencoder: usize): i32 {
  const m = model;
  if (m == null) return <i32>modelError;
  for (let r: usize = 0; r < <usize>max(rows, 0); r++) {
    memory.copy(changetype<usize>(row), x + r * ROW_BYTES, ROW_BYTES);
    store<f32>(iforest + r * F32_BYTES, rawIforestOf(m, row));
    store<f32>(autoencoder + r * F32_BYTES, rawAutoencoderOf(m, row));
  }
  return <i32>Err.NONE;
}

export function ensemble_rows(iforest: usize, autoencoder: usize, rows: i32, out: usize): i32 {
  const m = model;
  if (m == null) return <i32>modelError;
  if (!m.hasCalibration) return <i32>Err.MODEL_MISSING_SECTION;
  for (let r: usize = 0; r < <usize>max(rows, 0); r++) {
    const at = r * F32_BYTES;
    store<f32>(out + at, rawEnsembleOf(m, load<f32>(iforest + at), load<f32>(autoencoder + at)));
  }
  return <i32>Err.NONE;
}
