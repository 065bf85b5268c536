// Incidents: the alerts of one attack, so an analyst reads three incidents
// instead of four hundred alerts. Password guessing is keyed on the attacking
// source (one IP trying nine names, one spray: one incident each); other threats,
// and guessing without a known source, on the user. An incident keeps one threat
// type: the strongest evidence seen so far, so a spray's alerts do not flip
// between brute_force and password_spraying. The id is derived from the key and
// the start time, so batch and inline runs name the same incident the same way.
//
// Incident block in an entity slot (INCIDENT_BYTES):
//   +0 u32 threat of the open incident (0 = none)
//   +4 u32 start, epoch seconds
//   +8 u32 last alert, epoch seconds
//   +12 f32 the strongest rule evidence of its alerts

import { Threat } from "../../contract/vocabulary.ts";

// @ts-ignore: decorator
@inline export const INCIDENT_BYTES: i32 = 16;
/** Alerts further apart than this start a new incident. */
// @ts-ignore: decorator
@inline const INCIDENT_GAP_S: u32 = 1800;

export class Incident {
  /** Entity hash the incident is keyed on; 0 = no incident. */
  entity: u32 = 0;
  /** Keyed on a source IP rather than a user. */
  onSource: bool = false;
  threat: Threat = Threat.NONE;
  startSec: u32 = 0;

  reset(): void {
    this.entity = 0;
    this.onSource = false;
    this.threat = Threat.NONE;
    this.startSec = 0;
  }
}

/** Threats keyed on the attacking source when the event names one. */
// @ts-ignore: decorator
@inline export function keyedOnSource(threat: Threat): bool {
  return threat == Threat.BRUTE_FORCE || threat == Threat.PASSWORD_SPRAYING;
}

/**
 * The named threat (not ANOMALY) of the entity's incident that is still open at
 * `nowSec` (its last alert within the gap), else NONE. A weakly explained alert on
 * an entity in the middle of a typed incident (the attacker's own disconnects
 * during its brute force, the new member's logon after an admin-group change)
 * belongs to that incident.
 */
export function openThreat(block: usize, nowSec: u32): Threat {
  const threat = <Threat>load<u32>(block);
  return threat > Threat.ANOMALY && nowSec <= load<u32>(block, 8) + INCIDENT_GAP_S ? threat : Threat.NONE;
}

/** Whether the entity has an incident of any threat whose last alert is within the gap of `nowSec`. */
export function incidentOpen(block: usize, nowSec: u32): bool {
  return load<u32>(block) != 0 && nowSec <= load<u32>(block, 8) + INCIDENT_GAP_S;
}

/**
 * The strongest rule evidence of the entity's open incident of password guessing, 0 without one:
 * at 1 or more a rule fired on it, below that only the ML alerted and partial evidence named it.
 */
export function openGuessingEvidence(block: usize, nowSec: u32): f32 {
  return keyedOnSource(openThreat(block, nowSec)) ? load<f32>(block, 12) : 0;
}

/**
 * Joins the alert to the entity's open incident or opens a new one; `out.threat`
 * is the incident's threat, which changes only to one with stronger evidence.
 * `block` is the slot's incident block.
 */
export function trackIncident(block: usize, entity: u32, onSource: bool, threat: Threat, evidence: f32, nowSec: u32, out: Incident): void {
  // The stream clock never runs backwards, so nowSec >= the last alert's time.
  const held = <Threat>load<u32>(block);
  if (held == Threat.NONE || nowSec > load<u32>(block, 8) + INCIDENT_GAP_S) {
    store<u32>(block, <u32>threat);
    store<u32>(block, nowSec, 4);
    store<f32>(block, evidence, 12);
  } else if (threat > Threat.ANOMALY && (held == Threat.ANOMALY || evidence > load<f32>(block, 12))) {
    store<u32>(block, <u32>threat);
    store<f32>(block, evidence, 12);
  }
  store<u32>(block, nowSec, 8);
  out.entity = entity;
  out.onSource = onSource;
  out.threat = <Threat>load<u32>(block);
  out.startSec = load<u32>(block, 4);
}
