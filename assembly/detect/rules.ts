// Threat rules: statistical thresholds learned from the baseline (RULES
// section). Each rule turns a feature into evidence = value / threshold for one
// threat type; evidence >= 1 fires on its own, evidence in (0, 1) is partial
// and only names the threat of an event the ML detectors already flagged.

import { Cue, Event, Kind } from "../event/event";
import { Threat } from "../../contract/vocabulary.ts";
import { F, R } from "../features/schema";
import { Model } from "../model/model-view";

/** Evidence that an event the user never did privileged work before does it now. */
// @ts-ignore: decorator
@inline const NEW_PRIVILEGE_EVIDENCE: f32 = 1.5;
/** A remote logon to a host the user never used: partial lateral-movement evidence. */
// @ts-ignore: decorator
@inline const NEW_REMOTE_HOST_EVIDENCE: f32 = 0.5;
/** A failed login from a source never seen in the baseline: partial brute-force evidence. */
// @ts-ignore: decorator
@inline const FAILURE_FROM_NEW_SOURCE_EVIDENCE: f32 = 0.5;
/** A privilege change by a user who makes such changes routinely (an admin): partial evidence. */
// @ts-ignore: decorator
@inline const ROUTINE_PRIVILEGE_CHANGE_EVIDENCE: f32 = 0.75;
/**
 * Failures from one source spread over many users are credential stuffing (T1110.004,
 * a brute_force sub-technique) rather than password spraying (T1110.003) when at
 * least this share of the source's failures are for user names the baseline never
 * saw: a breached credential list holds many, a spray of enumerated accounts few.
 */
// @ts-ignore: decorator
@inline const STUFFING_UNKNOWN_USER_SHARE: f32 = 0.25;
/**
 * Failures per distinct user up to which a source's failures count as spread over users (a spray)
 * rather than aimed at a few (brute force): a syslog attempt at an invalid user writes up to three
 * failure lines (Invalid user, pam_unix, Failed password).
 */
// @ts-ignore: decorator
@inline const SPREAD_FAILURES_PER_USER: f32 = 4;
/** A service installed on a host the user never used (remote service creation, T1021/T1569). */
// @ts-ignore: decorator
@inline const NEW_HOST_SERVICE_EVIDENCE: f32 = 1.5;

export class RuleResult {
  evidence: StaticArray<f32> = new StaticArray<f32>(Threat.COUNT);
  /** The feature behind each threat's evidence, and the threshold it was held against (0 = "never in baseline"). */
  feature: StaticArray<i32> = new StaticArray<i32>(Threat.COUNT);
  limit: StaticArray<f32> = new StaticArray<f32>(Threat.COUNT);
  best: Threat = Threat.NONE;
  /** Lowest severity the evidence's shape deserves (pattern-rules.ts), 0 = the score decides. */
  floor: i32 = 0;
  /** A brute force ended in a success from its source. */
  compromise: bool = false;

  reset(): void {
    for (let t = 0; t < Threat.COUNT; t++) {
      unchecked((this.evidence[t] = 0));
      unchecked((this.feature[t] = -1));
      unchecked((this.limit[t] = 0));
    }
    this.best = Threat.NONE;
    this.floor = 0;
    this.compromise = false;
  }

  get bestEvidence(): f32 {
    return unchecked(this.evidence[this.best]);
  }

  consider(t: Threat, feature: i32, value: f32, limit: f32): void {
    const e = limit > 0 ? value / limit : 0;
    this.offer(t, feature, e, limit);
  }

  offer(t: Threat, feature: i32, e: f32, limit: f32): void {
    if (!(e > unchecked(this.evidence[t]))) return;
    unchecked((this.evidence[t] = e));
    unchecked((this.feature[t] = feature));
    unchecked((this.limit[t] = limit));
    if (e > unchecked(this.evidence[this.best])) this.best = t;
  }
}

// @ts-ignore: decorator
@inline function param(m: Model, r: R): f32 {
  return load<f32>(m.rules + 4 * <usize>r);
}

/** `userBytesRef` is the user's baseline p99 bytes per event (the global one for users without a profile). */
export function evaluateRules(ev: Event, x: StaticArray<f32>, userBytesRef: f32, m: Model, out: RuleResult): void {
  out.reset();
  const kind = ev.kind;
  // The other lines of a process that failed a login (session.ts) are judged with its failures.
  if (kind == Kind.LOGIN_FAILURE || (kind == Kind.OTHER && ev.inFailedSession)) {
    const stuffing = unchecked(x[F.IP_UNKNOWN_USER_FAILURES_10M]) >= STUFFING_UNKNOWN_USER_SHARE * unchecked(x[F.IP_FAILED_LOGINS_10M]);
    const manyUsers = stuffing ? Threat.BRUTE_FORCE : Threat.PASSWORD_SPRAYING;
    // A source's failure count is a spray's when they spread over users (with the ceilings of
    // trainer/rules/thresholds.ts the count and the distinct users reach their thresholds together).
    const users = unchecked(x[F.IP_DISTINCT_FAILED_USERS_10M]);
    const ipThreat = users >= 2 && SPREAD_FAILURES_PER_USER * users >= unchecked(x[F.IP_FAILED_LOGINS_10M]) ? manyUsers : Threat.BRUTE_FORCE;
    out.consider(ipThreat, F.IP_FAILED_LOGINS_60S, unchecked(x[F.IP_FAILED_LOGINS_60S]), param(m, R.BF_IP_FAILED_60S));
    out.consider(ipThreat, F.IP_FAILED_LOGINS_10M, unchecked(x[F.IP_FAILED_LOGINS_10M]), param(m, R.BF_IP_FAILED_10M));
    out.consider(Threat.BRUTE_FORCE, F.USER_FAILED_LOGINS_60S, unchecked(x[F.USER_FAILED_LOGINS_60S]), param(m, R.BF_USER_FAILED_60S));
    out.consider(Threat.BRUTE_FORCE, F.USER_FAILED_LOGINS_10M, unchecked(x[F.USER_FAILED_LOGINS_10M]), param(m, R.BF_USER_FAILED_10M));
    out.consider(Threat.BRUTE_FORCE, F.USER_DISTINCT_FAILED_IPS_10M, unchecked(x[F.USER_DISTINCT_FAILED_IPS_10M]), param(m, R.BF_USER_DISTINCT_FAILED_IPS_10M));
    // Slow brute force stays under the per-minute and ten-minute thresholds; the hour catches it.
    out.consider(ipThreat, F.IP_FAILED_LOGINS_1H, unchecked(x[F.IP_FAILED_LOGINS_1H]), param(m, R.BF_IP_FAILED_1H));
    out.consider(Threat.BRUTE_FORCE, F.USER_FAILED_LOGINS_1H, unchecked(x[F.USER_FAILED_LOGINS_1H]), param(m, R.BF_USER_FAILED_1H));
    if (unchecked(x[F.IP_UNKNOWN]) > 0) out.offer(Threat.BRUTE_FORCE, F.IP_UNKNOWN, FAILURE_FROM_NEW_SOURCE_EVIDENCE, 0);
    out.consider(manyUsers, F.IP_DISTINCT_FAILED_USERS_10M, unchecked(x[F.IP_DISTINCT_FAILED_USERS_10M]), param(m, R.SPRAY_IP_DISTINCT_FAILED_USERS_10M));
  }
  if (kind == Kind.LOGIN_SUCCESS) {
    // A success right after many failures from the same source: the guessing worked (pattern-rules.ts).
    out.consider(Threat.BRUTE_FORCE, F.IP_FAILED_LOGINS_10M, unchecked(x[F.IP_FAILED_LOGINS_10M]), param(m, R.BF_IP_FAILED_10M));
  }
  if (kind == Kind.PRIVILEGE_USE || kind == Kind.PRIVILEGE_CHANGE) {
    if (unchecked(x[F.PRIVILEGE_NEW_FOR_USER]) > 0) {
      out.offer(Threat.PRIVILEGE_ESCALATION, F.PRIVILEGE_NEW_FOR_USER, NEW_PRIVILEGE_EVIDENCE, 0);
    }
    if (kind == Kind.PRIVILEGE_CHANGE) {
      const novel = unchecked(x[F.USER_KIND_NEW]) > 0;
      out.offer(Threat.PRIVILEGE_ESCALATION, F.USER_KIND_NEW, novel ? NEW_PRIVILEGE_EVIDENCE : ROUTINE_PRIVILEGE_CHANGE_EVIDENCE, 0);
    }
    out.consider(Threat.PRIVILEGE_ESCALATION, F.USER_PRIVILEGE_EVENTS_1H, unchecked(x[F.USER_PRIVILEGE_EVENTS_1H]), param(m, R.PRIV_USER_1H));
  }
  const bytes = unchecked(x[F.EVENT_BYTES]);
  if (kind == Kind.FILE_ACCESS || kind == Kind.NETWORK_CONNECTION) {
    if (bytes >= param(m, R.EXFIL_MIN_BYTES)) {
      out.consider(Threat.DATA_EXFILTRATION, F.EVENT_BYTES, bytes, param(m, R.EXFIL_EVENT_BYTES));
      out.consider(Threat.DATA_EXFILTRATION, F.EVENT_BYTES, bytes, param(m, R.EXFIL_USER_P99_MULTIPLE) * max<f32>(userBytesRef, 1));
    }
    // Many moderate reads add up: the hour's volume and the burst of files count whatever one event's size.
    out.consider(Threat.DATA_EXFILTRATION, F.USER_BYTES_1H, unchecked(x[F.USER_BYTES_1H]), param(m, R.EXFIL_USER_BYTES_1H));
    if (kind == Kind.FILE_ACCESS) out.consider(Threat.DATA_EXFILTRATION, F.USER_FILE_ACCESS_10M, unchecked(x[F.USER_FILE_ACCESS_10M]), param(m, R.EXFIL_USER_FILES_10M));
  }
  const hosts = unchecked(x[F.USER_DISTINCT_HOSTS_1H]);
  if (ev.host.len > 0 && kind != Kind.LOGIN_FAILURE) {
    // One host is every user's normal; only a second one is evidence at all.
    if (hosts >= 2) out.consider(Threat.LATERAL_MOVEMENT, F.USER_DISTINCT_HOSTS_1H, hosts, param(m, R.LATERAL_USER_DISTINCT_HOSTS_1H));
    out.consider(Threat.LATERAL_MOVEMENT, F.USER_NEW_HOSTS_1H, unchecked(x[F.USER_NEW_HOSTS_1H]), param(m, R.LATERAL_USER_NEW_HOSTS_1H));
    if (kind == Kind.SERVICE_INSTALL && unchecked(x[F.USER_HOST_NEW]) > 0) {
      out.offer(Threat.LATERAL_MOVEMENT, F.KIND_SERVICE_INSTALL, NEW_HOST_SERVICE_EVIDENCE, 0);
    }
    if (unchecked(x[F.USER_HOST_NEW]) > 0 && (ev.cues & Cue.REMOTE_LOGON) != 0) {
      out.offer(Threat.LATERAL_MOVEMENT, F.USER_HOST_NEW, NEW_REMOTE_HOST_EVIDENCE, 0);
    }
  }
}
