// The sidecar's settings: one struct, named defaults, one validator. The config
// is the documentation: every field says what it bounds and why.

const KIB = 1024;
const MIB = 1024 * KIB;

export interface SidecarConfig {
  /** Address the upstream listener binds (Vector's `socket` sink connects here). Loopback unless told otherwise. */
  listenHost: string;
  /** Port of the upstream listener; 0 picks a free port. */
  listenPort: number;
  /** Vector's `socket` source, where enriched events go. */
  downstreamHost: string;
  downstreamPort: number;
  /** Longest accepted record, in bytes, excluding the newline. A longer line becomes a `record_too_large` stub. */
  maxLineBytes: number;
  /** Open upstream connections at most; one more closes the connection idle longest to make room. */
  maxConnections: number;
  /** An upstream connection that brings no byte for this long is closed (its unfinished line passed on); 0: never. */
  idleTimeoutMs: number;
  /** Bound on the unfinished lines of all upstream connections together; over it, the largest holder is closed (its line passed on). */
  maxPendingBytes: number;
  /**
   * Which time a record's windows see. `host`: the sidecar's clock is the host time; a record
   * stamped more than the scorer's window (24 h, MAX_HOST_SKEW_MS in assembly/constants.ts) from
   * it is distrusted and scored at the sidecar's time, so forged times cannot move the clock.
   * `record`: no host time, the records' own times rule as in `detect`, so a backlog replays as
   * the batch job would (a forged far-future time needs CLOCK_JUMP_CONFIRMATIONS agreeing records
   * to move the clock). See docs/threat-model.md.
   */
  recordClock: RecordClock;
  /** Bound on enriched bytes held (unsent queue + replay window). Upstream reading pauses before it is reached. */
  maxQueuedBytes: number;
  /** A scoring batch closes at this many records... */
  batchMaxRecords: number;
  /** ...or this many input bytes... */
  batchMaxBytes: number;
  /** ...or when its first record has waited this long. */
  batchMaxDelayMs: number;
  /** Reconnect backoff to the downstream: starts at min, doubles per failure, capped at max. */
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** Recently written bytes kept for resending after a downstream connection dies (at-least-once). */
  replayWindowBytes: number;
  /** How often a metrics line is logged; 0 turns it off. */
  metricsIntervalMs: number;
  /** HTTP port for `GET /health`; undefined turns the endpoint off, 0 picks a free port. */
  metricsPort: number | undefined;
  /** Address the metrics endpoint binds. */
  metricsHost: string;
  /** On shutdown, how long upstream connections may keep delivering what is in flight. */
  upstreamDrainMs: number;
  /** On shutdown, how long flushing the queue to the downstream may take in all. */
  shutdownTimeoutMs: number;
  /** Model file the CLI loads into the scorer (startSidecar takes a scorer that already has it). */
  modelPath: string;
  /** How often the model file is checked for a new model, in ms; 0 turns live reload off (SIGHUP still reloads). */
  modelReloadMs: number;
}

export const RECORD_CLOCKS = ["host", "record"] as const;
export type RecordClock = (typeof RECORD_CLOCKS)[number];

export const DEFAULT_LISTEN_HOST = "127.0.0.1";
export const DEFAULT_LISTEN_PORT = 9000;
export const DEFAULT_DOWNSTREAM_HOST = "127.0.0.1";
export const DEFAULT_DOWNSTREAM_PORT = 9001;
export const DEFAULT_MAX_LINE_BYTES = 1 * MIB;
export const DEFAULT_MAX_QUEUED_BYTES = 64 * MIB;
/** Above the 1,000 idle connections test/reliability/sidecar-faults.test.ts keeps open: fds are cheap, bytes are capped apart. */
export const DEFAULT_MAX_CONNECTIONS = 1024;
/** Vector's socket sink reconnects when closed, so closing a quiet sink costs one reconnect. */
export const DEFAULT_IDLE_TIMEOUT_MS = 300_000;
export const DEFAULT_MAX_PENDING_BYTES = 32 * MIB;
export const DEFAULT_RECORD_CLOCK: RecordClock = "host";
export const DEFAULT_BATCH_MAX_RECORDS = 1000;
export const DEFAULT_BATCH_MAX_BYTES = 1 * MIB;
export const DEFAULT_BATCH_MAX_DELAY_MS = 5;
export const DEFAULT_RECONNECT_MIN_MS = 100;
export const DEFAULT_RECONNECT_MAX_MS = 10_000;
/** Covers Linux's largest autotuned send buffer (4 MiB) plus Vector's receive buffer as set in vector-config/vector.yaml (1 MiB, doubled by the kernel). */
export const DEFAULT_REPLAY_WINDOW_BYTES = 8 * MIB;
export const DEFAULT_METRICS_INTERVAL_MS = 60_000;
export const DEFAULT_METRICS_HOST = "127.0.0.1";
export const DEFAULT_UPSTREAM_DRAIN_MS = 2_000;
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
export const DEFAULT_MODEL_PATH = "model/model.bin";
export const DEFAULT_MODEL_RELOAD_MS = 5_000;

/** Reading pauses when held bytes reach this share of maxQueuedBytes... */
export const HIGH_WATER_SHARE = 3 / 4;
/** ...and resumes when they fall to this share. */
export const LOW_WATER_SHARE = 1 / 2;
/** The replay window may use at most this share of maxQueuedBytes, so the low-water mark stays reachable. */
export const MAX_REPLAY_SHARE = 1 / 4;
/** A batch may use at most this share of maxQueuedBytes: the headroom above the high-water mark absorbs its enrichment. */
export const MAX_BATCH_SHARE = 1 / 16;

export const DEFAULT_SIDECAR_CONFIG: Readonly<SidecarConfig> = Object.freeze({
  listenHost: DEFAULT_LISTEN_HOST,
  listenPort: DEFAULT_LISTEN_PORT,
  downstreamHost: DEFAULT_DOWNSTREAM_HOST,
  downstreamPort: DEFAULT_DOWNSTREAM_PORT,
  maxLineBytes: DEFAULT_MAX_LINE_BYTES,
  maxQueuedBytes: DEFAULT_MAX_QUEUED_BYTES,
  maxConnections: DEFAULT_MAX_CONNECTIONS,
  idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
  maxPendingBytes: DEFAULT_MAX_PENDING_BYTES,
  recordClock: DEFAULT_RECORD_CLOCK,
  batchMaxRecords: DEFAULT_BATCH_MAX_RECORDS,
  batchMaxBytes: DEFAULT_BATCH_MAX_BYTES,
  batchMaxDelayMs: DEFAULT_BATCH_MAX_DELAY_MS,
  reconnectMinMs: DEFAULT_RECONNECT_MIN_MS,
  reconnectMaxMs: DEFAULT_RECONNECT_MAX_MS,
  replayWindowBytes: DEFAULT_REPLAY_WINDOW_BYTES,
  metricsIntervalMs: DEFAULT_METRICS_INTERVAL_MS,
  metricsPort: undefined,
  metricsHost: DEFAULT_METRICS_HOST,
  upstreamDrainMs: DEFAULT_UPSTREAM_DRAIN_MS,
  shutdownTimeoutMs: DEFAULT_SHUTDOWN_TIMEOUT_MS,
  modelPath: DEFAULT_MODEL_PATH,
  modelReloadMs: DEFAULT_MODEL_RELOAD_MS,
});

export class SidecarConfigError extends Error {
  override name = "SidecarConfigError";
}

const PORT_MAX = 65_535;
const TIMEOUT_MAX_MS = 24 * 3600 * 1000;

/** Fills defaults and checks every field; throws SidecarConfigError naming the field, the allowed range and the value. */
export function resolveSidecarConfig(partial: Partial<SidecarConfig> = {}): SidecarConfig {
  for (const key of Object.keys(partial)) {
    if (!(key in DEFAULT_SIDECAR_CONFIG)) throw new SidecarConfigError(`unknown sidecar setting: ${key}`);
  }
  const defined = Object.fromEntries(Object.entries(partial).filter(([k, v]) => v !== undefined || k === "metricsPort"));
  const c: SidecarConfig = { ...DEFAULT_SIDECAR_CONFIG, ...defined };
  host("listenHost", c.listenHost);
  host("downstreamHost", c.downstreamHost);
  host("metricsHost", c.metricsHost);
  int("listenPort", c.listenPort, 0, PORT_MAX);
  int("downstreamPort", c.downstreamPort, 1, PORT_MAX);
  if (c.metricsPort !== undefined) int("metricsPort", c.metricsPort, 0, PORT_MAX);
  int("maxLineBytes", c.maxLineBytes, 1 * KIB, 1024 * MIB);
  int("maxQueuedBytes", c.maxQueuedBytes, 1 * MIB, 64 * 1024 * MIB);
  int("maxConnections", c.maxConnections, 1, 1_000_000);
  int("idleTimeoutMs", c.idleTimeoutMs, 0, TIMEOUT_MAX_MS);
  int("maxPendingBytes", c.maxPendingBytes, c.maxLineBytes, 64 * 1024 * MIB);
  if (!(RECORD_CLOCKS as readonly string[]).includes(c.recordClock)) {
    throw new SidecarConfigError(`recordClock must be one of ${RECORD_CLOCKS.join(", ")}, got: ${String(c.recordClock)}`);
  }
  int("batchMaxRecords", c.batchMaxRecords, 1, 1_000_000);
  int("batchMaxDelayMs", c.batchMaxDelayMs, 0, 10_000);
  int("reconnectMinMs", c.reconnectMinMs, 1, TIMEOUT_MAX_MS);
  int("reconnectMaxMs", c.reconnectMaxMs, c.reconnectMinMs, TIMEOUT_MAX_MS);
  int("replayWindowBytes", c.replayWindowBytes, 0, Math.floor(c.maxQueuedBytes * MAX_REPLAY_SHARE));
  int("batchMaxBytes", c.batchMaxBytes, 1 * KIB, Math.floor(c.maxQueuedBytes * MAX_BATCH_SHARE));
  int("metricsIntervalMs", c.metricsIntervalMs, 0, TIMEOUT_MAX_MS);
  int("upstreamDrainMs", c.upstreamDrainMs, 0, TIMEOUT_MAX_MS);
  int("shutdownTimeoutMs", c.shutdownTimeoutMs, 0, TIMEOUT_MAX_MS);
  int("modelReloadMs", c.modelReloadMs, 0, TIMEOUT_MAX_MS);
  if (typeof c.modelPath !== "string" || c.modelPath === "") throw new SidecarConfigError("modelPath must be a file path, got an empty value");
  return c;
}

/** Bytes held at which upstream reading pauses. */
export function highWaterBytes(c: SidecarConfig): number {
  return Math.floor(c.maxQueuedBytes * HIGH_WATER_SHARE);
}

/** Bytes held at which upstream reading resumes. */
export function lowWaterBytes(c: SidecarConfig): number {
  return Math.floor(c.maxQueuedBytes * LOW_WATER_SHARE);
}

// --- internal ---

function int(name: string, v: unknown, lo: number, hi: number): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
    throw new SidecarConfigError(`${name} must be an integer in [${lo}, ${hi}], got: ${String(v)}`);
  }
}

function host(name: string, v: unknown): void {
  if (typeof v !== "string" || v.trim() === "" || /\s/.test(v)) {
    throw new SidecarConfigError(`${name} must be a host name or IP address, got: ${JSON.stringify(v)}`);
  }
}
