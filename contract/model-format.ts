// The model file's framing and the reader's limits (docs/model-format.md cites this file): the
// scorer's reader (assembly/model/) and the trainer's writer and reader (trainer/model/) both
// import it, so a limit the writer checks is the limit the reader enforces.
// Written in the subset asc and tsc both accept (see README.md in this folder).

export const MODEL_MAGIC: u32 = 0x4d44414c; // "LADM" little-endian
export const MODEL_MAJOR: u16 = 1;
/** The newest minor version; 1.1 added the optional ALLOWLIST section, 1.2 the optional COVERAGE and ALLOWLIST_NAMES sections. */
export const MODEL_MINOR: u16 = 2;
export const HEADER_SIZE: i32 = 24;
export const SECTION_HEADER_SIZE: i32 = 8;
export const TRAILER_SIZE: i32 = 4;
export const SECTION_ALIGN: i32 = 8;
/** Section ids below this are required to be understood; ids at or above it may be skipped. */
export const FIRST_OPTIONAL_SECTION: u16 = 128;

export enum Section {
  META = 1,
  NORMALIZATION = 2,
  IFOREST = 3,
  AUTOENCODER = 4,
  RULES = 5,
  BASELINES = 6,
  CALIBRATION = 7,
  SEVERITY = 8,
  STATE = 9,
  FIELD_MAP = 10,
  TRAINING_INFO = 128,
  ALLOWLIST = 129,
  COVERAGE = 130,
  ALLOWLIST_NAMES = 131,
}

// --- IFOREST ---
/** A node: f32 threshold, i16 feature, u16 right child. */
export const NODE_BYTES: i32 = 8;
/** Trees in a forest, at most (the trainer's nEstimators range ends here too). */
export const MAX_TREES: i32 = 10000;

// --- AUTOENCODER ---
/** Dense layers, at most: the hidden layers and the output layer. */
export const MAX_LAYERS: i32 = 16;
/** Units in one layer, at most. */
export const MAX_LAYER_WIDTH: i32 = 1024;
/** Activation ids of a layer. */
export enum Activation {
  LINEAR = 0,
  RELU = 1,
  TANH = 2,
}

// --- BASELINES ---
/** A user profile: u32 hash, u32 hour mask, f32 bytes p99, u32 events. */
export const PROFILE_BYTES: i32 = 16;

// --- CALIBRATION, SEVERITY ---
/** Calibrator order in the CALIBRATION section. */
export enum Calibrator {
  IFOREST = 0,
  AUTOENCODER = 1,
  ENSEMBLE = 2,
}
export const N_CALIBRATORS: i32 = 3;
/** Scores at which LOW, MEDIUM, HIGH and CRITICAL start. */
export const N_SEVERITY_CUTS: i32 = 4;

// --- FIELD_MAP ---
export const MAX_FIELD_MAP: i32 = 16;
export const MAX_PATH_BYTES: i32 = 255;
export const MAX_PATH_SEGMENTS: i32 = 8;
export const MAX_KEY_BYTES: i32 = 63;

// --- ALLOWLIST ---
/** Shortest IPv4 prefix a range may have. */
export const MIN_ALLOW_PREFIX: i32 = 8;
export const MAX_ALLOW_RANGES: i32 = 4096;

// --- the filter's memory budget (docs/model-format.md "Reader rules") ---
/**
 * A model may ask of the filter per-entity tables (users x USER_SLOT_BYTES + IPs x IP_SLOT_BYTES)
 * of at most MAX_STATE_BYTES and a file of at most MAX_MODEL_BYTES. A live reload holds the old
 * state and model while the new ones are allocated, so twice the budget must fit in a 32-bit
 * linear memory (4 GiB): 2 x (1.5 GiB + 256 MiB) = 3.5 GiB, leaving room for the scorer's buffers.
 */
export const MAX_STATE_BYTES: u64 = 3 << 29;
export const MAX_MODEL_BYTES: u32 = 256 << 20;
/** Weights of the autoencoder's layers together: each one is a multiply-add per record. */
export const MAX_AUTOENCODER_WEIGHTS: u32 = 1 << 16;
/** Calibration reference points are raw detector scores: finite, at least 0, at most this. */
export const MAX_CALIBRATION_RAW: f32 = 1e9;

// --- embedding (build-filter) ---
/** Where an embedded model lives in linear memory: below --memoryBase, so the heap never touches it. */
export const EMBED_REGION_START: usize = 1024;
export const EMBED_REGION_END: usize = 4194304; // asconfig.json "memoryBase"
/** u32 magic + u32 length precede the embedded model bytes. */
export const EMBED_MAGIC: u32 = 0x424d454c; // "LEMB"
export const EMBED_PREFIX: usize = 8;
