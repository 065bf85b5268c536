// Isolation Forest detector: settings, fitting and the learned model. Scoring
// lives only in assembly/detect/iforest.ts (one implementation, see DESIGN.md).
export {
  AUTO_MAX_SAMPLES,
  DEFAULT_IFOREST_PARAMS,
  DEFAULT_MAX_SAMPLES,
  DEFAULT_N_ESTIMATORS,
  DEFAULT_RANDOM_STATE,
  MAX_MAX_SAMPLES,
  MAX_N_ESTIMATORS,
  MAX_RANDOM_STATE,
  MIN_MAX_SAMPLES,
  validateIForestParams,
  type IForestParams,
} from "./params.ts";
export { averagePathLength, EULER_GAMMA, heightLimit, LEAF, type IForestModel, type IForestTree } from "./model.ts";
export { fitIForest, MAX_FEATURES } from "./fit.ts";
