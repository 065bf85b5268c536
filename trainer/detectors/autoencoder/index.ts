// Autoencoder detector: settings, fitting with TensorFlow.js and the learned
// model as plain weights. Scoring (reconstruction MSE) lives only in
// assembly/detect/autoencoder.ts (one implementation, see DESIGN.md).
export {
  DEFAULT_AUTOENCODER_PARAMS,
  DEFAULT_BATCH_SIZE,
  DEFAULT_EPOCHS,
  DEFAULT_HIDDEN_LAYERS,
  DEFAULT_LEARNING_RATE,
  DEFAULT_MAX_TRAIN_ROWS,
  DEFAULT_RANDOM_STATE,
  MAX_BATCH_SIZE,
  MAX_EPOCHS,
  MAX_HIDDEN_LAYERS,
  MAX_LAYER_WIDTH,
  MAX_LEARNING_RATE,
  MAX_RANDOM_STATE,
  MAX_TRAIN_ROWS_LIMIT,
  resolveAutoencoderParams,
  validateAutoencoderParams,
  type AutoencoderParams,
} from "./params.ts";
export {
  ACTIVATIONS,
  autoencoderActivations,
  checkAutoencoderModel,
  type Activation,
  type AutoencoderModel,
  type DenseLayer,
} from "./model.ts";
export { fitAutoencoder, type AutoencoderFit } from "./fit.ts";
export { loadTf, tfBackendName, type Tf } from "./tf.ts";
