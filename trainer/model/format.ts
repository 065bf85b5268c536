// The model file's vocabulary, as docs/model-format.md specifies it. The reader that scores
// with it is assembly/model/model-view.ts: the framing, the section ids and the limits are
// contract/model-format.ts, which both import; the payloads are kept in step by the round-trip
// tests.

import type { IForestModel } from "../detectors/iforest/model.ts";
import type { AutoencoderModel } from "../detectors/autoencoder/model.ts";
import { Section } from "../../contract/model-format.ts";

// MODEL_MINOR is the newest minor version this writer knows. A file carries the lowest minor
// version whose readers know every section in it (`minorVersionOf`), so a model without 1.1
// sections is still written byte for byte as 1.0 wrote it.
export {
  FIRST_OPTIONAL_SECTION,
  HEADER_SIZE,
  MAX_ALLOW_RANGES,
  MAX_FIELD_MAP,
  MAX_KEY_BYTES,
  MAX_PATH_BYTES,
  MAX_PATH_SEGMENTS,
  MIN_ALLOW_PREFIX,
  MODEL_MAGIC,
  MODEL_MAJOR,
  MODEL_MINOR,
  NODE_BYTES,
  PROFILE_BYTES,
  SECTION_ALIGN,
  SECTION_HEADER_SIZE,
  TRAILER_SIZE,
} from "../../contract/model-format.ts";

export type SectionName = Exclude<keyof typeof Section, number>;
/** Section ids by name: the contract's Section without the enum's reverse (id → name) entries. */
export const SECTION = Object.fromEntries(Object.entries(Section).filter(([, id]) => typeof id === "number")) as {
  readonly [K in SectionName]: (typeof Section)[K];
};

/** Names of the contract's Activation ids, in id order. */
export const ACTIVATIONS = ["linear", "relu", "tanh"] as const;
/** Names of the contract's Calibrator ids: their order in the CALIBRATION section. */
export const CALIBRATORS = ["iforest", "autoencoder", "ensemble"] as const;
/** LOW, MEDIUM, HIGH, CRITICAL start at these scores. */
export const DEFAULT_SEVERITY_CUTS = [0.5, 0.7, 0.85, 0.95];

export interface ModelMeta {
  trainedAtMs: number;
  baselineStartMs: number;
  baselineEndMs: number;
  baselineEvents: number;
  nFeatures: number;
  contamination: number;
  randomState: number;
}

export interface Normalization {
  mean: Float32Array;
  invStd: Float32Array;
  /** 99th percentile of each raw feature in the baseline, quoted in explanations. */
  rawP99: Float32Array;
}

export interface UserProfiles {
  /** Ascending. */
  hash: Uint32Array;
  /** Bit h set = the user was active in hour h (UTC) of the baseline, or next to it. */
  hourMask: Uint32Array;
  bytesP99: Float32Array;
  events: Uint32Array;
}

export interface Baselines {
  /** Indexed by baseline set id (schema `baseline_sets`); each ascending, unique. */
  sets: Uint32Array[];
  profiles: UserProfiles;
}

/** low (median), threshold (1 - contamination quantile), high (baseline maximum) of a raw score. */
export interface CalibratorParams {
  low: number;
  threshold: number;
  high: number;
}

export interface StateBounds {
  userCapacity: number;
  ipCapacity: number;
}

/** Log formats, in FIELD_MAP id order (assembly/event/input-config.ts LogFormat). */
export const LOG_FORMAT_NAMES = ["auto", "auth", "syslog", "security", "ecs", "cloudtrail"] as const;
export type LogFormatName = (typeof LOG_FORMAT_NAMES)[number];
/** Normalised fields a field map can fill, in FIELD_MAP id order (assembly/event/event-fill.ts Field). */
export const FIELD_NAMES = ["timestamp", "user", "source_ip", "host", "event_type", "action", "message", "path", "bytes"] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export interface FieldMapEntry {
  field: FieldName;
  /** Dotted path of the key, e.g. "actor.login"; segments split at '.'. */
  path: string;
}

/** How the scorer reads records: the FIELD_MAP section. */
export interface InputSettings {
  logFormat: LogFormatName;
  /** In priority order: an earlier entry for a field wins. */
  fieldMap: FieldMapEntry[];
}

/** An IPv4 range: the address as a u32 (a.b.c.d = a<<24 | b<<16 | c<<8 | d) with no bits after `prefix`. */
export interface Ipv4Range {
  network: number;
  prefix: number;
}

/** Known-benign entities whose alerts the scorer suppresses: the ALLOWLIST section, keys hashed as BASELINES' are. */
export interface Allowlist {
  /** hash(user), ascending, unique. */
  users: Uint32Array;
  /** hash(source IP text), ascending, unique. */
  ips: Uint32Array;
  /** pair(hash(user), hash(source IP)), ascending, unique. */
  pairs: Uint32Array;
  /** Ascending by network, then prefix; unique. */
  ranges: Ipv4Range[];
  /** The names behind the keys, in the same order (ALLOWLIST_NAMES): the scorer suppresses only an exact name match. */
  names?: AllowNames;
}

/** ASCII-lowercased names (what entityHash reads) of each user, IP and pair key of an Allowlist, in key order. */
export interface AllowNames {
  users: string[];
  ips: string[];
  pairs: [user: string, ip: string][];
}

export interface ModelData {
  schemaHash: number;
  meta: ModelMeta;
  normalization?: Normalization;
  iforest?: IForestModel;
  autoencoder?: AutoencoderModel;
  /** In schema `rule_params` order. */
  rules?: Float32Array;
  baselines?: Baselines;
  calibration?: CalibratorParams[];
  severityCuts?: number[];
  state?: StateBounds;
  /** Log format and field map the model was trained with; absent: auto, no map. */
  input?: InputSettings;
  /** Free-form facts about the training run (parameters, timings, sizes); optional section. */
  trainingInfo?: Record<string, unknown>;
  /** Entities whose alerts are suppressed (--allow); optional section, format 1.1. */
  allowlist?: Allowlist;
  /** What the baseline covers; optional section, format 1.2. */
  coverage?: BaselineCoverage;
}

/** Hours (bit h: UTC hour h) and weekdays (bit d: Monday = 0) with baseline events, and the days it spans. */
export interface BaselineCoverage {
  hourMask: number;
  weekdayMask: number;
  days: number;
}

/** The lowest minor version whose readers know every section of `m`. */
export function minorVersionOf(m: ModelData): number {
  return m.coverage || m.allowlist?.names ? 2 : m.allowlist ? 1 : 0;
}
