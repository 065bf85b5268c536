// Rule thresholds learned from the baseline: a high quantile of what normal
// activity reached, with a margin, never below a floor. A noisy environment
// raises its own bar; a quiet one keeps the floor. Login-failure thresholds are
// learned per entity (robust.ts), so the guessing sources every Internet-facing
// baseline holds cannot lift them, and never rise above a ceiling: what the
// field-proven peers act on (fail2ban's sshd jail: 5 failures in 600 s per IP;
// CrowdSec ssh-bf: a bucket of 5 leaking one per 10 s, and ssh-bf_user-enum: 5
// distinct users; Wazuh 5712: 8 in 120 s). A source failing that often always
// alerts, whatever the baseline held, unless it is allowlisted.

import type { FeatureMatrix } from "../wasm/feature-rows.ts";
import { quantile } from "../util/stats.ts";
import type { FeatureName, RuleName } from "../../contract/schema-table.ts";
import { trimmedEntityMax } from "./robust.ts";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** How each rule parameter (contract/schema-table.ts RULES) is obtained. */
export type RuleParamSpec =
  | {
    learn: FeatureName;
    when?: FeatureName;
    floor: number;
    margin: number;
    /** The most the threshold may be, whatever the baseline held. */
    ceiling?: number;
    /** Learn from per-entity maxima (robust.ts) instead of the per-event quantile. */
    per?: keyof RowEntities;
  }
  | { fixed: number }
  | { fromBaseline: "globalBytesP99" };

/** Ceilings of the per-user failure thresholds: Wazuh's 8 for a minute, doubling with each longer window. */
const USER_FAILURES_CEILING_60S = 8;

export const RULE_PARAM_SPECS: Record<RuleName, RuleParamSpec> = {
  bf_ip_failed_60s: { learn: "ip_failed_logins_60s", when: "kind_login_failure", floor: 5, margin: 1.5, ceiling: 5, per: "ip" },
  bf_ip_failed_10m: { learn: "ip_failed_logins_10m", when: "kind_login_failure", floor: 5, margin: 1.5, ceiling: 5, per: "ip" },
  bf_user_failed_60s: { learn: "user_failed_logins_60s", when: "kind_login_failure", floor: 5, margin: 1.5, ceiling: USER_FAILURES_CEILING_60S, per: "user" },
  bf_user_failed_10m: { learn: "user_failed_logins_10m", when: "kind_login_failure", floor: 10, margin: 1.5, ceiling: 2 * USER_FAILURES_CEILING_60S, per: "user" },
  bf_user_distinct_failed_ips_10m: { learn: "user_distinct_failed_ips_10m", when: "kind_login_failure", floor: 4, margin: 1.5, per: "user" },
  spray_ip_distinct_failed_users_10m: { learn: "ip_distinct_failed_users_10m", when: "kind_login_failure", floor: 5, margin: 1.5, ceiling: 5, per: "ip" },
  priv_user_1h: { learn: "user_privilege_events_1h", when: "kind_privilege_use", floor: 10, margin: 1.5 },
  exfil_event_bytes: { learn: "event_bytes", floor: 1 * GiB, margin: 2 },
  exfil_user_bytes_1h: { learn: "user_bytes_1h", floor: 2 * GiB, margin: 2 },
  /** An event moving this many times the user's own p99 is exfiltration-sized for that user. */
  exfil_user_p99_multiple: { fixed: 10 },
  /** Transfers below this are never called exfiltration, however unusual for the user. */
  exfil_min_bytes: { fixed: 100 * MiB },
  lateral_user_distinct_hosts_1h: { learn: "user_distinct_hosts_1h", floor: 4, margin: 1.5 },
  global_bytes_p99: { fromBaseline: "globalBytesP99" },
  bf_user_failed_1h: { learn: "user_failed_logins_1h", when: "kind_login_failure", floor: 12, margin: 1.5, ceiling: 4 * USER_FAILURES_CEILING_60S, per: "user" },
  /** ssh-slow-bf (10, leaking one a minute) needs about 60 failures in an hour; fail2ban's 600 s window forgets slower ones. */
  bf_ip_failed_1h: { learn: "ip_failed_logins_1h", when: "kind_login_failure", floor: 12, margin: 1.5, ceiling: 12, per: "ip" },
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

/** The entity keys (scanner hashes, 0 = none) of each feature row, for thresholds learned per entity. */
export interface RowEntities {
  user: ArrayLike<number>;
  ip: ArrayLike<number>;
}

/** Without `entities`, rules learned per entity see every row as one entity, so they keep their floor. */
export function learnRuleThresholds(names: string[], features: FeatureMatrix, globalBytesP99: number, entities?: RowEntities): LearnedRule[] {
  return names.map((name) => {
    const spec = (RULE_PARAM_SPECS as Partial<Record<string, RuleParamSpec>>)[name];
    if (!spec) throw new Error(`no threshold recipe for rule parameter ${name}`);
    if ("fixed" in spec) return { name, value: spec.fixed };
    if ("fromBaseline" in spec) return { name, value: globalBytesP99 };
    const observed = spec.per ? perEntity(features, spec.learn, spec.when, entities?.[spec.per]) : quantile(features.ascendingColumn(spec.learn, spec.when), RULE_QUANTILE);
    return { name, value: Math.min(spec.ceiling ?? Infinity, Math.max(spec.floor, observed * spec.margin)), observed };
  });
}

function perEntity(features: FeatureMatrix, learn: string, when: string | undefined, keys: ArrayLike<number> | undefined): number {
  const { values, rows } = features.column(learn, when);
  return trimmedEntityMax(values, Uint32Array.from(rows, (r) => keys?.[r] ?? 0));
}
