// Incidents: consecutive alerts of one threat type on one entity (the user, or
// the source IP for events without a user) are one incident, so an analyst reads
// three incidents instead of four hundred alerts. The id is derived from the
// entity, the threat and the incident's start time, so batch and inline runs
// name the same incident the same way.
//
// Incident block in an entity slot (INCIDENT_BYTES):
//   +0 u32 threat of the open incident (0 = none)
//   +4 u32 start, epoch seconds
//   +8 u32 last alert, epoch seconds
//   +12 u32 (padding)

import { Threat } from "../constants";

// @ts-ignore: decorator
@inline export const INCIDENT_BYTES: i32 = 16;
/** Alerts further apart than this start a new incident. */
// @ts-ignore: decorator
@inline const INCIDENT_GAP_S: u32 = 1800;

export class Incident {
  /** Entity hash the incident is keyed on; 0 = no incident. */
  entity: u32 = 0;
  threat: Threat = Threat.NONE;
  startSec: u32 = 0;

  reset(): void {
    this.entity = 0;
    this.threat = Threat.NONE;
    this.startSec = 0;
  }
}

/**
 * The named threat (not ANOMALY) of the entity's incident that is still open at
 * `nowSec` (its last alert within the gap), else NONE. A weakly explained alert on
 * an entity in the middle of a typed incident (the stolen session after a
 * credential-stuffing success, the shell after a first sudo, the new member's
 * logon after an admin-group change) belongs to that incident.
 */
export function openThreat(block: usize, nowSec: u32): Threat {
  const threat = <Threat>load<u32>(block);
  return threat > Threat.ANOMALY && nowSec <= load<u32>(block, 8) + INCIDENT_GAP_S ? threat : Threat.NONE;
}

/** Whether the entity has an incident of any threat whose last alert is within the gap of `nowSec`. */
export function incidentOpen(block: usize, nowSec: u32): bool {
  return load<u32>(block) != 0 && nowSec <= load<u32>(block, 8) + INCIDENT_GAP_S;
}

/** Joins the alert to the entity's open incident or opens a new one. `block` is the slot's incident block. */
export function trackIncident(block: usize, entity: u32, threat: Threat, nowSec: u32, out: Incident): void {
  // The stream clock never runs backwards, so nowSec >= the last alert's time.
  if (load<u32>(block) != <u32>threat || nowSec > load<u32>(block, 8) + INCIDENT_GAP_S) {
    store<u32>(block, <u32>threat);
    store<u32>(block, nowSec, 4);
  }
  store<u32>(block, nowSec, 8);
  out.entity = entity;
  out.threat = threat;
  out.startSec = load<u32>(block, 4);
}
