// The feature schema: which features exist, in which order, how they are
// transformed before normalisation, and the names of the learned rule
// thresholds and baseline sets. Its hash is stored in every model; change
// anything here and old models are refused rather than mis-read.

import { hashString } from "./hash";
import { THREAT_NAMES } from "../../contract/vocabulary.ts";

export const enum F {
  HOUR_SIN = 0,
  HOUR_COS,
  DAY_OF_WEEK,
  IS_WEEKEND,
  IS_NIGHT,
  USER_OFF_HOURS,
  KIND_OTHER,
  KIND_LOGIN_SUCCESS,
  KIND_LOGIN_FAILURE,
  KIND_PRIVILEGE_USE,
  KIND_PRIVILEGE_CHANGE,
  KIND_PROCESS_START,
  KIND_SERVICE_INSTALL,
  KIND_FILE_ACCESS,
  KIND_NETWORK,
  KIND_ACCOUNT_CHANGE,
  OUTCOME_FAILURE,
  CUE_SENSITIVE_PATH,
  CUE_MENTIONS_ROOT,
  CUE_REMOTE_LOGON,
  CUE_ADMIN_GROUP,
  EVENT_BYTES,
  USER_BYTES_1H,
  BYTES_VS_USER_P99,
  USER_EVENTS_60S,
  USER_FAILED_LOGINS_60S,
  USER_FAILED_LOGINS_10M,
  USER_FAILED_LOGINS_1H,
  USER_FAIL_RATIO_10M,
  USER_PRIVILEGE_1H,
  USER_FILES_10M,
  USER_SENSITIVE_1H,
  USER_DISTINCT_IPS_1H,
  USER_DISTINCT_HOSTS_1H,
  USER_NEW_HOSTS_1H,
  USER_DISTINCT_FAILED_IPS_10M,
  IP_EVENTS_60S,
  IP_FAILED_LOGINS_60S,
  IP_FAILED_LOGINS_10M,
  IP_FAILED_LOGINS_1H,
  IP_FAIL_RATIO_10M,
  IP_DISTINCT_USERS_10M,
  IP_DISTINCT_FAILED_USERS_10M,
  IP_UNKNOWN_USER_FAILURES_10M,
  USER_UNKNOWN,
  IP_UNKNOWN,
  USER_IP_NEW,
  USER_HOST_NEW,
  USER_KIND_NEW,
  PRIVILEGE_NEW_FOR_USER,
  SECONDS_SINCE_USER_PREV,
  MESSAGE_LENGTH,
  COUNT,
}

// @ts-ignore: decorator
@inline export const N_FEATURES: i32 = F.COUNT;

export const FEATURE_NAMES: StaticArray<string> = [
  "hour_sin",
  "hour_cos",
  "day_of_week",
  "is_weekend",
  "is_night",
  "user_off_hours",
  "kind_other",
  "kind_login_success",
  "kind_login_failure",
  "kind_privilege_use",
  "kind_privilege_change",
  "kind_process_start",
  "kind_service_install",
  "kind_file_access",
  "kind_network",
  "kind_account_change",
  "outcome_failure",
  "sensitive_path",
  "mentions_root",
  "remote_logon",
  "admin_group",
  "event_bytes",
  "user_bytes_1h",
  "bytes_vs_user_p99_log2",
  "user_events_60s",
  "user_failed_logins_60s",
  "user_failed_logins_10m",
  "user_failed_logins_1h",
  "user_fail_ratio_10m",
  "user_privilege_events_1h",
  "user_file_access_10m",
  "user_sensitive_access_1h",
  "user_distinct_ips_1h",
  "user_distinct_hosts_1h",
  "user_new_hosts_1h",
  "user_distinct_failed_ips_10m",
  "ip_events_60s",
  "ip_failed_logins_60s",
  "ip_failed_logins_10m",
  "ip_failed_logins_1h",
  "ip_fail_ratio_10m",
  "ip_distinct_users_10m",
  "ip_distinct_failed_users_10m",
  "ip_unknown_user_failures_10m",
  "user_unknown",
  "ip_unknown",
  "user_ip_new",
  "user_host_new",
  "user_kind_new",
  "privilege_new_for_user",
  "seconds_since_user_prev",
  "message_length",
];

/** 1 where the raw value goes through log1p before normalisation (counts, byte volumes, durations). */
export const FEATURE_LOG1P: StaticArray<u8> = [
  0, 0, 0, 0, 0, 0, // temporal
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // kinds
  0, 0, 0, 0, 0, // outcome, cues
  1, 1, 0, // bytes
  1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, // user windows
  1, 1, 1, 1, 0, 1, 1, 1, // ip windows
  0, 0, 0, 0, 0, 0, // novelty
  1, 1, // gaps, message
];

/** Learned rule thresholds, in the model's RULES section in this order. */
export const enum R {
  BF_IP_FAILED_60S = 0,
  BF_IP_FAILED_10M,
  BF_USER_FAILED_60S,
  BF_USER_FAILED_10M,
  BF_USER_DISTINCT_FAILED_IPS_10M,
  SPRAY_IP_DISTINCT_FAILED_USERS_10M,
  PRIV_USER_1H,
  EXFIL_EVENT_BYTES,
  EXFIL_USER_BYTES_1H,
  EXFIL_USER_P99_MULTIPLE,
  EXFIL_MIN_BYTES,
  LATERAL_USER_DISTINCT_HOSTS_1H,
  GLOBAL_BYTES_P99,
  BF_USER_FAILED_1H,
  BF_IP_FAILED_1H,
  LATERAL_USER_NEW_HOSTS_1H,
  EXFIL_USER_FILES_10M,
  COUNT,
}

// @ts-ignore: decorator
@inline export const N_RULE_PARAMS: i32 = R.COUNT;

export const RULE_PARAM_NAMES: StaticArray<string> = [
  "bf_ip_failed_60s",
  "bf_ip_failed_10m",
  "bf_user_failed_60s",
  "bf_user_failed_10m",
  "bf_user_distinct_failed_ips_10m",
  "spray_ip_distinct_failed_users_10m",
  "priv_user_1h",
  "exfil_event_bytes",
  "exfil_user_bytes_1h",
  "exfil_user_p99_multiple",
  "exfil_min_bytes",
  "lateral_user_distinct_hosts_1h",
  "global_bytes_p99",
  "bf_user_failed_1h",
  "bf_ip_failed_1h",
  "lateral_user_new_hosts_1h",
  "exfil_user_files_10m",
];

/** Baseline sets of entity hashes learned in training (BASELINES section). */
export const enum BaselineSet {
  USERS = 0,
  IPS,
  USER_IP,
  USER_HOST,
  USER_KIND,
  PRIVILEGED_USERS,
  COUNT,
}

export const BASELINE_SET_NAMES: StaticArray<string> = [
  "users",
  "ips",
  "user_ip_pairs",
  "user_host_pairs",
  "user_kind_pairs",
  "privileged_users",
];

/** The schema as text; the model stores its FNV-1a hash. */
export function schemaText(): string {
  let s = "features:";
  for (let i = 0; i < N_FEATURES; i++) {
    s += FEATURE_NAMES[i] + (FEATURE_LOG1P[i] ? "~log1p" : "") + ",";
  }
  s += "|rules:";
  for (let i = 0; i < N_RULE_PARAMS; i++) s += RULE_PARAM_NAMES[i] + ",";
  s += "|sets:";
  for (let i = 0; i < BaselineSet.COUNT; i++) s += BASELINE_SET_NAMES[i] + ",";
  s += "|threats:";
  for (let i = 0; i < THREAT_NAMES.length; i++) s += THREAT_NAMES[i] + ",";
  return s;
}

let cachedHash: u32 = 0;

export function schemaHash(): u32 {
  if (cachedHash == 0) cachedHash = hashString(schemaText());
  return cachedHash;
}
