// The model file's vocabulary, as docs/model-format.md specifies it. The reader
// that scores with it is assembly/model/model-view.ts; the two are kept in step by the
// round-trip tests.

import type { IForestModel } from "../detectors/iforest/model.ts";
import type { AutoencoderModel } from "../detectors/autoencoder/model.ts";

export const MODEL_MAGIC = 0x4d44414c; // "LADM"
export const MODEL_MAJOR = 1;
/**
 * The newest minor version this writer knows. A file carries the lowest minor version whose
 * readers know every section in it (`minorVersionOf`), so a model without 1.1 sections is
 * still written byte for byte as 1.0 wrote it.
 */
export const MODEL_MINOR = 2;
export const HEADER_SIZE = 24;
export const SECTION_HEADER_SIZE = 8;
export const SECTION_ALIGN = 8;
export const TRAILER_SIZE = 4;
export const FIRST_OPTIONAL_SECTION = 128;

export const SECTION = {
  META: 1,
  NORMALIZATION: 2,
  IFOREST: 3,
  AUTOENCODER: 4,
  RULES: 5,
  BASELINES: 6,
  CALIBRATION: 7,
  SEVERITY: 8,
  STATE: 9,
  FIELD_MAP: 10,
  TRAINING_INFO: 128,
  ALLOWLIST: 129,
  ALLOWLIST_NAMES: 130,
} as const;
export type SectionName = keyof typeof SECTION;

export const NODE_BYTES = 8;
export const PROFILE_BYTES = 16;
export const ACTIVATIONS = ["linear", "relu", "tanh"] as const;
/** Calibrator order in the CALIBRATION section. */
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
/** Limits of a FIELD_MAP section (assembly/event/field-table.ts, assembly/event/input-config.ts). */
export const MAX_FIELD_MAP = 16;
export const MAX_PATH_BYTES = 255;
export const MAX_PATH_SEGMENTS = 8;
export const MAX_KEY_BYTES = 63;

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

/** Limits of an ALLOWLIST section (assembly/verdict/allowlist.ts). */
export const MIN_ALLOW_PREFIX = 8;
export const MAX_ALLOW_RANGES = 4096;

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
}

/** The lowest minor version whose readers know every section of `m`. */
export function minorVersionOf(m: ModelData): number {
  return m.allowlist ? (m.allowlist.names ? 2 : 1) : 0;
}
