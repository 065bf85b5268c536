// Every number the scorer depends on, in one place. The feature schema (names,
// order, transforms) is hashed into the model file, so a model trained for
// another schema is refused instead of mis-read.

// --- model file (docs/model-format.md) ---
// @ts-ignore: decorator
@inline export const MODEL_MAGIC: u32 = 0x4d44414c; // "LADM" little-endian
// @ts-ignore: decorator
@inline export const MODEL_MAJOR: u16 = 1;
// @ts-ignore: decorator
@inline export const MODEL_MINOR: u16 = 2; // 1.1 added the optional ALLOWLIST section, 1.2 ALLOWLIST_NAMES
// @ts-ignore: decorator
@inline export const HEADER_SIZE: i32 = 24;
// @ts-ignore: decorator
@inline export const SECTION_HEADER_SIZE: i32 = 8;
// @ts-ignore: decorator
@inline export const TRAILER_SIZE: i32 = 4;
// @ts-ignore: decorator
@inline export const SECTION_ALIGN: i32 = 8;
/** Section ids below this are required to be understood; ids at or above it may be skipped. */
// @ts-ignore: decorator
@inline export const FIRST_OPTIONAL_SECTION: u16 = 128;

export const enum Section {
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
  ALLOWLIST_NAMES = 130,
}

/** Where an embedded model lives in linear memory: below --memoryBase, so the heap never touches it. */
// @ts-ignore: decorator
@inline export const EMBED_REGION_START: usize = 1024;
// @ts-ignore: decorator
@inline export const EMBED_REGION_END: usize = 4194304; // asconfig.json "memoryBase"
/** u32 magic + u32 length precede the embedded model bytes. */
// @ts-ignore: decorator
@inline export const EMBED_MAGIC: u32 = 0x424d454c; // "LEMB"
// @ts-ignore: decorator
@inline export const EMBED_PREFIX: usize = 8;

// --- verdict ---
export const enum Threat {
  NONE = 0,
  ANOMALY = 1,
  BRUTE_FORCE = 2,
  PASSWORD_SPRAYING = 3,
  PRIVILEGE_ESCALATION = 4,
  DATA_EXFILTRATION = 5,
  LATERAL_MOVEMENT = 6,
  COUNT = 7,
}
export const THREAT_NAMES: StaticArray<string> = [
  "none",
  "anomaly",
  "brute_force",
  "password_spraying",
  "privilege_escalation",
  "data_exfiltration",
  "lateral_movement",
];
export const THREAT_MITRE: StaticArray<string> = ["", "", "T1110", "T1110.003", "T1078", "T1048", "T1021"];
export const SEVERITY_NAMES: StaticArray<string> = ["NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL"];
// @ts-ignore: decorator
@inline export const SEVERITY_COUNT: i32 = 5;
/** Score at and above which an event is an anomaly; calibration puts every detector's threshold here. */
// @ts-ignore: decorator
@inline export const ALERT_SCORE: f32 = 0.5;
/** How many reasons an alert carries at most. */
// @ts-ignore: decorator
@inline export const MAX_REASONS: i32 = 3;

// --- state bounds ---
// @ts-ignore: decorator
@inline export const DEFAULT_USER_CAPACITY: i32 = 8192;
// @ts-ignore: decorator
@inline export const DEFAULT_IP_CAPACITY: i32 = 8192;
// @ts-ignore: decorator
@inline export const MAX_ENTITY_CAPACITY: i32 = 1 << 20;
/**
 * The memory budget a model may ask of the filter (docs/model-format.md "Reader rules"): its
 * per-entity tables (users × USER_SLOT_BYTES + IPs × IP_SLOT_BYTES) at most MAX_STATE_BYTES and
 * the file at most MAX_MODEL_BYTES. A live reload holds the old state and model while the new
 * ones are allocated, so twice the budget must fit in a 32-bit linear memory (4 GiB): 2 × (1.5 GiB
 * + 256 MiB) = 3.5 GiB, leaving room for the scorer's own buffers.
 */
// @ts-ignore: decorator
@inline export const MAX_STATE_BYTES: u64 = 3 << 29;
// @ts-ignore: decorator
@inline export const MAX_MODEL_BYTES: u32 = 256 << 20;
/** Weights of the autoencoder's layers together: each one is a multiply-add per record. */
// @ts-ignore: decorator
@inline export const MAX_AUTOENCODER_WEIGHTS: u32 = 1 << 16;
/** Calibration reference points are raw detector scores: finite, at least 0, at most this. */
// @ts-ignore: decorator
@inline export const MAX_CALIBRATION_RAW: f32 = 1e9;
/** Slots probed per lookup; the least recently seen of them is evicted when all are taken. */
// @ts-ignore: decorator
@inline export const PROBE_WINDOW: i32 = 8;
/** The furthest one record moves the stream clock ahead (features/clock.ts): the longest window. */
// @ts-ignore: decorator
@inline export const MAX_CLOCK_STEP_MS: f64 = 3600000;
/** Records in a row (the jumping one included) that confirm a longer jump: none of them came back (a real gap in the logs). */
// @ts-ignore: decorator
@inline export const CLOCK_JUMP_CONFIRMATIONS: i32 = 4;
/** A record time further than this from a host's own clock is replaced by the host's. */
// @ts-ignore: decorator
@inline export const MAX_HOST_SKEW_MS: f64 = 86400000;
/**
 * Cap of the seconds-since-previous-event feature, also its value for a user's first
 * event in the stream: "an hour or more" is ordinary (overnight, a filter restart).
 */
// @ts-ignore: decorator
@inline export const MAX_EVENT_GAP_S: f64 = 3600;

// --- output ---
/** The output buffer starts at this size and grows by doubling when a record needs more. */
// @ts-ignore: decorator
@inline export const OUTPUT_INITIAL: i32 = 65536;
