// The Node batch ABI (docs/host-abi.md cites this file): the output modes of `batch` and the
// layout of the rows it writes. assembly/index.ts writes them; trainer/wasm/scorer.ts and the
// trainer's row readers decode them.

/** Bits of `batch`'s mode; `batch_output(which)` takes one of the first four. */
export enum Output {
  /** NDJSON: every record enriched, as the filter returns it. */
  ENRICHED = 1,
  /** NDJSON: normalised event + verdict, for the batch reports. */
  REPORT = 2,
  /** f32 rows: the FeatureRow head, then raw[N_FEATURES], transformed[N_FEATURES]. */
  FEATURES = 4,
  /** EVENT_ROW_BYTES rows for learning baselines; no state is touched. */
  EVENTS = 8,
  /** Benchmarks: scan and copy out, no features or detectors. */
  STOP_AFTER_SCAN = 16,
  /** Benchmarks: features, no detectors. */
  STOP_AFTER_FEATURES = 32,
}

/** Byte offsets in an EVENTS row (little-endian). */
export enum EventRow {
  /** f64 epoch ms; NaN: none. */
  TIME = 0,
  /** f32 bytes moved. */
  BYTES = 8,
  /** u32 entity keys (docs/model-format.md §5.6). */
  USER = 12,
  IP = 16,
  USER_IP = 20,
  USER_HOST = 24,
  USER_KIND = 28,
  /** u8 event kind, outcome, hour of day (UTC), 1 if the record was valid. */
  KIND = 32,
  OUTCOME = 33,
  HOUR = 34,
  VALID = 35,
  /** Zero bytes up to EVENT_ROW_BYTES. */
  PAD = 36,
}
export const EVENT_ROW_BYTES: i32 = 40;

/** f32 index in a FEATURES row of the values before the features. */
export enum FeatureRow {
  /** 1 if the record was scored, else 0. */
  VALID = 0,
  RAW_IFOREST = 1,
  RAW_AUTOENCODER = 2,
  RAW_ENSEMBLE = 3,
  SCORE = 4,
}
/** f32 values of a FEATURES row before raw[N_FEATURES]. */
export const FEATURE_ROW_HEAD: i32 = 5;
