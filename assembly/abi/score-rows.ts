// Row export, for the Node host only (the Fluent Bit filter never calls it): raw detector scores
// over feature rows the host already holds (training's calibration), through the same functions
// an event goes through (detect/detector-scores.ts), so calibrating on rows says exactly what
// replaying the records would, at the cost of the detectors alone instead of a whole replay.
//
//   score_rows(x, rows, iforest, autoencoder)
//       x: `rows` normalised feature rows, N_FEATURES f32 each, row-major;
//       iforest, autoencoder: `rows` f32 each, the raw scores under the installed model
// It returns 0 or an error code (error_message) and writes nothing on error.

import { rawAutoencoderOf, rawIforestOf } from "../detect/detector-scores";
import { Err } from "../../contract/errors.ts";
import { model, modelError } from "./pipeline";
import { N_FEATURES } from "../features/schema";

// @ts-ignore: decorator
@inline const F32_BYTES: usize = 4;
// @ts-ignore: decorator
@inline const ROW_BYTES: usize = <usize>N_FEATURES * F32_BYTES;

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
