// Applying the ALLOWLIST section (allowlist-view.ts reads it) to a verdict: an alert on a listed
// entity becomes a non-alert that says what it hid. The event was scored as usual before this, so
// its features and the per-entity windows are exactly what they would be without the list.

import { ALERT_SCORE } from "../constants";
import { AllowKind, Threat } from "../../contract/vocabulary.ts";
import { Slice } from "../event/event";
import { EntityKeys } from "../features/features";
import { allowlistMatch } from "../model/allowlist-view";
import { Verdict } from "./verdict";

/**
 * The score a suppressed alert comes out with: the highest value below ALERT_SCORE at the four
 * decimals the output prints (emit.ts), so every reader that alerts on `anomaly_score >= 0.5` agrees
 * with `threat_type` and `severity`, while the event still sorts above the ordinary ones.
 */
// @ts-ignore: decorator
@inline export const SUPPRESSED_SCORE: f32 = ALERT_SCORE - 0.0001;


/** What the allowlist hid on the last record; kind NONE when it hid nothing. */
export class Suppression {
  kind: AllowKind = AllowKind.NONE;
  score: f32 = 0;
  threat: Threat = Threat.NONE;

  reset(): void {
    this.kind = AllowKind.NONE;
    this.score = 0;
    this.threat = Threat.NONE;
  }
}

/**
 * If `v` is an alert on a listed entity, turns it into a non-alert (SUPPRESSED_SCORE, no threat,
 * severity NONE, no reasons) and records in `s` what it was. `list` is the payload, 0 for none;
 * `names` the ALLOWLIST_NAMES payload, 0 for none (a model written before 1.2: keys alone decide).
 */
export function applyAllowlist(list: usize, names: usize, keys: EntityKeys, user: Slice, ip: Slice, v: Verdict, s: Suppression): bool {
  if (list == 0 || v.threat == Threat.NONE) return false;
  const kind = allowlistMatch(list, names, keys.user, keys.ip, keys.userIp, user, ip);
  if (kind == AllowKind.NONE) return false;
  s.kind = kind;
  s.score = v.score;
  s.threat = v.threat;
  v.score = SUPPRESSED_SCORE;
  v.threat = Threat.NONE;
  v.severity = 0;
  v.reasonCount = 0;
  return true;
}
