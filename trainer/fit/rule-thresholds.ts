// Rule thresholds learned from the baseline: a high quantile of what normal
// activity reached, with a margin, never below a floor taken from what mature
// tools use (CrowdSec ssh-bf: 5 failures; Wazuh 5712: 8 in 120 s; fail2ban: 5
// in 10 min). A noisy environment raises its own bar; a quiet one keeps the floor.

import type { FeatureMatrix } from "../wasm/feature-rows.ts";
import { quantile } from "../util/stats.ts";
import type { FeatureName, RuleName } from "../../contract/schema-table.ts";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** How each rule parameter (contract/schema-table.ts RULES) is obtained. */
export type RuleParamSpec =
  | { learn: FeatureName; when?: FeatureName; floor: number; margin: number }
  | { fixed: number }
  | { fromBaseline: "globalBytesP99" };

export const RULE_PARAM_SPECS: Record<RuleName, RuleParamSpec> = {
  bf_ip_failed_60s: { learn: "ip_failed_logins_60s", when: "kind_login_failure", floor: 5, margin: 1.5 },
  bf_ip_failed_10m: { learn: "ip_failed_logins_10m", when: "kind_login_failure", floor: 10, margin: 1.5 },
  bf_user_failed_60s: { learn: "user_failed_logins_60s", when: "kind_login_failure", floor: 5, margin: 1.5 },
  bf_user_failed_10m: { learn: "user_failed_logins_10m", when: "kind_login_failure", floor: 10, margin: 1.5 },
  bf_user_distinct_failed_ips_10m: { learn: "user_distinct_failed_ips_10m", when: "kind_login_failure", floor: 4, margin: 1.5 },
  spray_ip_distinct_failed_users_10m: { learn: "ip_distinct_failed_users_10m", when: "kind_login_failure", floor: 5, margin: 1.5 },
  priv_user_1h: { learn: "user_privilege_events_1h", when: "kind_privilege_use", floor: 10, margin: 1.5 },
  exfil_event_bytes: { learn: "event_bytes", floor: 1 * GiB, margin: 2 },
  exfil_user_bytes_1h: { learn: "user_bytes_1h", floor: 2 * GiB, margin: 2 },
  /** An event moving this many times the user's own p99 is exfiltration-sized for that user. */
  exfil_user_p99_multiple: { fixed: 10 },
  /** Transfers below this are never called exfiltration, however unusual for the user. */
  exfil_min_bytes: { fixed: 100 * MiB },
  lateral_user_distinct_hosts_1h: { learn: "user_distinct_hosts_1h", floor: 4, margin: 1.5 },
  global_bytes_p99: { fromBaseline: "globalBytesP99" },
  bf_user_failed_1h: { learn: "user_failed_logins_1h", when: "kind_login_failure", floor: 12, margin: 1.5 },
  bf_ip_failed_1h: { learn: "ip_failed_logins_1h", when: "kind_login_failure", floor: 12, margin: 1.5 },
  lateral_user_new_hosts_1h: { learn: "user_new_hosts_1h", floor: 3, margin: 1.5 },
  exfil_user_files_10m: { learn: "user_file_access_10m", when: "kind_file_access", floor: 15, margin: 2 },
};

export const RULE_QUANTILE = 0.999;

export interface LearnedRule {
  name: string;
  value: number;
  /** The baseline quantile before margin and floor, for inspect and drift reports. */
  observed?: number;
}

export function learnRuleThresholds(names: string[], features: FeatureMatrix, globalBytesP99: number): LearnedRule[] {
  return names.map((name) => {
    const spec = (RULE_PARAM_SPECS as Partial<Record<string, RuleParamSpec>>)[name];
    if (!spec) throw new Error(`no threshold recipe for rule parameter ${name}`);
    if ("fixed" in spec) return { name, value: spec.fixed };
    if ("fromBaseline" in spec) return { name, value: globalBytesP99 };
    const observed = quantile(features.ascendingColumn(spec.learn, spec.when), RULE_QUANTILE);
    return { name, value: Math.max(spec.floor, observed * spec.margin), observed };
  });
}
