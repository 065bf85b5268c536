// The feature schema as one table per list (docs/model-format.md §5.0): which features exist, in
// which order, how each is transformed before normalisation; the learned rule parameters; the
// baseline sets. A row's name is the model's and the reports' name, and its id in the scorer
// (F, R, BaselineSet) is the name in capitals. Adding a feature or a rule is one row here plus
// its computation (assembly/features/features.ts, assembly/detect/rules.ts and the rule's
// fitting in trainer/fit/rule-thresholds.ts); the schema hash changes, so older models are refused.
//
// asc has no `as const` and cannot derive an enum from rows, so the scorer reads the generated
// contract/schema.ts: `npx tsx scripts/gen-schema.ts` rewrites it, and
// test/contract/schema-table.test.ts fails while it is stale.

/** How a raw value is transformed before normalisation: log1p for counts, byte volumes, durations. */
export type Transform = "none" | "log1p";

export const FEATURES = [
  // temporal
  { name: "hour_sin", transform: "none" },
  { name: "hour_cos", transform: "none" },
  { name: "day_of_week", transform: "none" },
  { name: "is_weekend", transform: "none" },
  { name: "is_night", transform: "none" },
  { name: "user_off_hours", transform: "none" },
  // event kinds
  { name: "kind_other", transform: "none" },
  { name: "kind_login_success", transform: "none" },
  { name: "kind_login_failure", transform: "none" },
  { name: "kind_privilege_use", transform: "none" },
  { name: "kind_privilege_change", transform: "none" },
  { name: "kind_process_start", transform: "none" },
  { name: "kind_service_install", transform: "none" },
  { name: "kind_file_access", transform: "none" },
  { name: "kind_network", transform: "none" },
  { name: "kind_account_change", transform: "none" },
  // outcome and message cues
  { name: "outcome_failure", transform: "none" },
  { name: "sensitive_path", transform: "none" },
  { name: "mentions_root", transform: "none" },
  { name: "remote_logon", transform: "none" },
  { name: "admin_group", transform: "none" },
  // bytes
  { name: "event_bytes", transform: "log1p" },
  { name: "user_bytes_1h", transform: "log1p" },
  { name: "bytes_vs_user_p99_log2", transform: "none" },
  // per-user windows
  { name: "user_events_60s", transform: "log1p" },
  { name: "user_failed_logins_60s", transform: "log1p" },
  { name: "user_failed_logins_10m", transform: "log1p" },
  { name: "user_failed_logins_1h", transform: "log1p" },
  { name: "user_fail_ratio_10m", transform: "none" },
  { name: "user_privilege_events_1h", transform: "log1p" },
  { name: "user_file_access_10m", transform: "log1p" },
  { name: "user_sensitive_access_1h", transform: "log1p" },
  { name: "user_distinct_ips_1h", transform: "log1p" },
  { name: "user_distinct_hosts_1h", transform: "log1p" },
  { name: "user_new_hosts_1h", transform: "log1p" },
  { name: "user_distinct_failed_ips_10m", transform: "log1p" },
  // per-IP windows
  { name: "ip_events_60s", transform: "log1p" },
  { name: "ip_failed_logins_60s", transform: "log1p" },
  { name: "ip_failed_logins_10m", transform: "log1p" },
  { name: "ip_failed_logins_1h", transform: "log1p" },
  { name: "ip_fail_ratio_10m", transform: "none" },
  { name: "ip_distinct_users_10m", transform: "log1p" },
  { name: "ip_distinct_failed_users_10m", transform: "log1p" },
  { name: "ip_unknown_user_failures_10m", transform: "log1p" },
  // novelty against the baseline
  { name: "user_unknown", transform: "none" },
  { name: "ip_unknown", transform: "none" },
  { name: "user_ip_new", transform: "none" },
  { name: "user_host_new", transform: "none" },
  { name: "user_kind_new", transform: "none" },
  { name: "privilege_new_for_user", transform: "none" },
  // gaps and message
  { name: "seconds_since_user_prev", transform: "log1p" },
  { name: "message_length", transform: "log1p" },
] as const satisfies readonly { name: string; transform: Transform }[];
export type FeatureName = (typeof FEATURES)[number]["name"];

/** Learned rule parameters, in the model's RULES section in this order. */
export const RULES = [
  { name: "bf_ip_failed_60s" },
  { name: "bf_ip_failed_10m" },
  { name: "bf_user_failed_60s" },
  { name: "bf_user_failed_10m" },
  { name: "bf_user_distinct_failed_ips_10m" },
  { name: "spray_ip_distinct_failed_users_10m" },
  { name: "priv_user_1h" },
  { name: "exfil_event_bytes" },
  { name: "exfil_user_bytes_1h" },
  { name: "exfil_user_p99_multiple" },
  { name: "exfil_min_bytes" },
  { name: "lateral_user_distinct_hosts_1h" },
  { name: "global_bytes_p99" },
  { name: "bf_user_failed_1h" },
  { name: "bf_ip_failed_1h" },
  { name: "lateral_user_new_hosts_1h" },
  { name: "exfil_user_files_10m" },
] as const satisfies readonly { name: string }[];
export type RuleName = (typeof RULES)[number]["name"];

/** Baseline sets of entity hashes learned in training (BASELINES section), by set id. */
export const BASELINE_SETS = [
  { name: "users" },
  { name: "ips" },
  { name: "user_ip_pairs" },
  { name: "user_host_pairs" },
  { name: "user_kind_pairs" },
  { name: "privileged_users" },
] as const satisfies readonly { name: string }[];
export type BaselineSetName = (typeof BASELINE_SETS)[number]["name"];
