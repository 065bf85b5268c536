// Which incident an alert belongs to (incident.ts keeps them): the attacking
// source's for password guessing, the compromise's for what an intruder does
// right after a successful guess, else the user's, else the source's.

import { Threat } from "../../contract/vocabulary.ts";
import { FeatureState, IP_INCIDENT, USER_COMPROMISE, USER_INCIDENT } from "../features/features";
import { compromiseIncidentStart, compromiseSource, compromiseThreat, markCompromise } from "../features/pattern";
import { RuleResult } from "../detect/rules";
import { Verdict } from "./verdict";
import { Incident, keyedOnSource, openThreat, trackIncident } from "./incident";

// @ts-ignore: decorator
@inline function nowSec(st: FeatureState): u32 {
  return <u32>(st.clock.nowMs / 1000);
}

/**
 * An alert no rule fired for (typed ANOMALY, or by partial evidence) inside an open
 * incident of a named threat takes that threat: the incident explains it better.
 * The source's incident comes first: it is the attack the event is part of.
 */
export function continueIncident(st: FeatureState, v: Verdict): void {
  const now = nowSec(st);
  let threat = st.ipSlot != 0 ? openThreat(st.ipSlot + IP_INCIDENT, now) : Threat.NONE;
  if (threat == Threat.NONE && st.userSlot != 0) threat = openThreat(st.userSlot + USER_INCIDENT, now);
  if (threat != Threat.NONE) v.threat = threat;
}

/** Files the alert under its incident and gives it the incident's threat. */
export function fileIncident(st: FeatureState, v: Verdict, rules: RuleResult, out: Incident): void {
  const now = nowSec(st);
  if (st.followsCompromise) {
    const c = st.userSlot + USER_COMPROMISE;
    out.entity = compromiseSource(c);
    out.onSource = true;
    out.threat = compromiseThreat(c);
    out.startSec = compromiseIncidentStart(c);
  } else {
    const onSource = st.ipSlot != 0 && (st.userSlot == 0 || keyedOnSource(v.threat));
    const block = onSource ? st.ipSlot + IP_INCIDENT : st.userSlot != 0 ? st.userSlot + USER_INCIDENT : 0;
    if (block == 0) return;
    const entity = onSource ? st.keys.ip : st.keys.user;
    trackIncident(block, entity, onSource, v.threat, rules.bestEvidence, now, out);
  }
  v.threat = out.threat;
  // The guess worked: what this user does next from there belongs to this incident.
  if (rules.compromise && st.userSlot != 0 && out.onSource) {
    markCompromise(st.userSlot + USER_COMPROMISE, now, st.keys.ip, st.keys.host, out.startSec, out.threat);
  }
}
