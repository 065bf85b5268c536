// The scorer's own numbers: what no host and no model file needs to know. Everything the scorer
// shares with its hosts and the trainer (model format, batch ABI, vocabulary, bounds) is in
// contract/.

// --- verdict ---
/** Score at and above which an event is an anomaly; calibration puts every detector's threshold here. */
// @ts-ignore: decorator
@inline export const ALERT_SCORE: f32 = 0.5;
/** How many reasons an alert carries at most. */
// @ts-ignore: decorator
@inline export const MAX_REASONS: i32 = 3;

// --- state bounds ---
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
