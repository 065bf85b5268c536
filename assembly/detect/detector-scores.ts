// Raw detector scores of one normalised feature vector, per event (abi/pipeline.ts) and over
// feature rows the host already holds (abi/score-rows.ts). Both go through these functions, so
// calibrating on rows says exactly what replaying the records would.

import { Model } from "../model/model-view";
import { iforestScore } from "./iforest";
import { autoencoderScore } from "./autoencoder";

/** Raw Isolation Forest score of normalised features `x`; 0 without a forest. */
export function rawIforestOf(m: Model, x: StaticArray<f32>): f32 {
  return m.nTrees > 0 ? iforestScore(m, x) : 0;
}

/** Raw autoencoder score (reconstruction MSE) of normalised features `x`; 0 without an autoencoder. */
export function rawAutoencoderOf(m: Model, x: StaticArray<f32>): f32 {
  return m.nLayers > 0 ? autoencoderScore(m, x) : 0;
}
