// Rules for attack shapes a single threshold does not describe: a brute force
// that ends in a success (a compromise), what the intruder does right after it,
// an account created with UID 0, and administrative-share access across servers.
// They add to the threshold rules' evidence (rules.ts) and may set a severity
// floor: how bad the shape is does not depend on how unusual the ML finds it.

import { Cue, Event, Kind } from "../event/event";
import { Threat } from "../../contract/vocabulary.ts";
import { F, N_FEATURES } from "../features/schema";
import { FeatureState, IP_INCIDENT } from "../features/features";
import { openGuessingEvidence } from "../verdict/incident";
import { RuleResult } from "./rules";
import { containsIgnoreCase, containsWord } from "../event/formats/text";

// Reasons that are not a feature value (reasons.ts words them); numbered after the features.
// @ts-ignore: decorator
@inline export const REASON_COMPROMISE: i32 = N_FEATURES;
// @ts-ignore: decorator
@inline export const REASON_AFTER_COMPROMISE: i32 = N_FEATURES + 1;
// @ts-ignore: decorator
@inline export const REASON_ROOT_ACCOUNT: i32 = N_FEATURES + 2;
// @ts-ignore: decorator
@inline export const REASON_ADMIN_SHARE: i32 = N_FEATURES + 3;

// Severity indexes (SEVERITY_NAMES).
// @ts-ignore: decorator
@inline const SEVERITY_HIGH: i32 = 3;
// @ts-ignore: decorator
@inline const SEVERITY_CRITICAL: i32 = 4;

/** Evidence of a shape that is an attack whatever the baseline: fires on its own. */
// @ts-ignore: decorator
@inline const SHAPE_EVIDENCE: f32 = 2;
/** Admin-share access on the only host of the hour: enough to name an ML alert, not to fire. */
// @ts-ignore: decorator
@inline const ONE_HOST_ADMIN_SHARE_EVIDENCE: f32 = 0.75;

const P_UID0 = changetype<usize>("UID=0");
const P_NEW_USER = changetype<usize>("new user");
const P_USERADD = changetype<usize>("useradd");
const P_USERMOD = changetype<usize>("usermod");
const P_OPT_UID0 = changetype<usize>("-u 0");
const P_LONG_UID0 = changetype<usize>("--uid 0");
const P_ADMIN_SHARE = changetype<usize>("ADMIN$");
const P_DRIVE_SHARE = changetype<usize>("\\C$");

/**
 * `useradd`/`usermod` asked for UID 0, or shadow-utils reports a new user with UID 0. A bare
 * `uid=0` is not enough: every sudo session line names root's (`session opened for user
 * root(uid=0) by admin(uid=1000)`).
 */
function rootAccountIn(ptr: usize, len: i32): bool {
  if (len == 0) return false;
  if (containsIgnoreCase(ptr, len, P_NEW_USER) && containsWord(ptr, len, P_UID0)) return true;
  if (!containsIgnoreCase(ptr, len, P_USERADD) && !containsIgnoreCase(ptr, len, P_USERMOD)) return false;
  return containsWord(ptr, len, P_OPT_UID0) || containsWord(ptr, len, P_LONG_UID0);
}

function adminShareIn(ptr: usize, len: i32): bool {
  return len > 0 && (containsIgnoreCase(ptr, len, P_ADMIN_SHARE) || containsIgnoreCase(ptr, len, P_DRIVE_SHARE));
}

export function evaluatePatternRules(ev: Event, st: FeatureState, out: RuleResult): void {
  const kind = ev.kind;
  const x = st.raw;
  // The source's failures cross their threshold, or a rule fired in its open guessing incident (an
  // ML alert on a few typos is not enough), and now it gets into an account it failed on: the guess
  // worked. The failures' reason stays next to this one.
  const compromise = kind == Kind.LOGIN_SUCCESS && st.ipSlot != 0 && unchecked(x[F.USER_FAILED_LOGINS_10M]) > 0 &&
    (unchecked(out.evidence[Threat.BRUTE_FORCE]) >= 1 || openGuessingEvidence(st.ipSlot + IP_INCIDENT, <u32>(st.clock.nowMs / 1000)) >= 1);
  if (compromise) {
    const e = unchecked(out.evidence[Threat.BRUTE_FORCE]);
    if (e >= 1) out.offer(Threat.BRUTE_FORCE, unchecked(out.feature[Threat.BRUTE_FORCE]), e + SHAPE_EVIDENCE, unchecked(out.limit[Threat.BRUTE_FORCE]));
    else out.offer(Threat.BRUTE_FORCE, REASON_COMPROMISE, SHAPE_EVIDENCE, 0);
    out.compromise = true;
    out.floor = SEVERITY_CRITICAL;
  } else if (st.followsCompromise) {
    out.offer(Threat.BRUTE_FORCE, REASON_AFTER_COMPROMISE, SHAPE_EVIDENCE, 0);
    out.floor = SEVERITY_CRITICAL;
  }
  if (kind == Kind.ACCOUNT_CHANGE || kind == Kind.PRIVILEGE_USE) {
    if (rootAccountIn(ev.message.ptr, ev.message.len) || rootAccountIn(ev.path.ptr, ev.path.len)) {
      out.offer(Threat.PRIVILEGE_ESCALATION, REASON_ROOT_ACCOUNT, SHAPE_EVIDENCE, 0);
      out.floor = max(out.floor, SEVERITY_HIGH);
    }
  }
  if (kind == Kind.FILE_ACCESS && (ev.cues & Cue.REMOTE_LOGON) != 0) {
    if (adminShareIn(ev.path.ptr, ev.path.len) || adminShareIn(ev.message.ptr, ev.message.len)) {
      const servers = unchecked(x[F.USER_DISTINCT_HOSTS_1H]) >= 2 || unchecked(x[F.USER_HOST_NEW]) > 0;
      out.offer(Threat.LATERAL_MOVEMENT, REASON_ADMIN_SHARE, servers ? SHAPE_EVIDENCE : ONE_HOST_ADMIN_SHARE_EVIDENCE, 0);
    }
  }
}
