// Incidents: the alerts grouped by the scorer's incident id (one attack: password
// guessing keyed on its source, other threats on the user), for incidents.json,
// report.html and the console summary. Keys are snake_case and use the enriched
// record's own names (`mitre_technique`, `anomaly_reasons`), like every report.

import { SEVERITIES, type ScoredEvent, type Severity, type ThreatType } from "../verdict/types.ts";

export interface Incident {
  id: string;
  /** The incident's type: the scorer keeps the one of its strongest evidence, so its last alert carries it. */
  threat_type: ThreatType;
  mitre_technique: string;
  start: string;
  end: string;
  alerts: number;
  peak_severity: Severity;
  peak_score: number;
  /** The accounts the alerts name (for password guessing, the targets). */
  users: string[];
  source_ips: string[];
  hosts: string[];
  /** A login success ended a brute force from its source (the guess worked), or some alert records a successful action (a sudo, a group change, a transfer). */
  ended_in_success: boolean;
  /** The accounts a brute force's success logged into. */
  compromised_users: string[];
  /** Severity and impact in one rank, higher first (see `impactRank`). */
  rank: number;
  /** One line for people: what, who, from where, how many, how long, whether it succeeded. */
  summary: string;
  /** The reasons of the highest-scoring alert. */
  anomaly_reasons: string[];
}

/**
 * Threats that mean an account is already in use by the attacker (a step after
 * access), as opposed to attempts to get in: they weigh one severity band more.
 */
export const POST_ACCESS_THREATS: readonly ThreatType[] = ["privilege_escalation", "lateral_movement", "data_exfiltration"];

/** The alerts of each incident, in stream order, keyed by incident id. */
export function alertsByIncident(events: ScoredEvent[]): Map<string, ScoredEvent[]> {
  const groups = new Map<string, ScoredEvent[]>();
  for (const e of events) {
    if (e.incidentId === "") continue;
    const g = groups.get(e.incidentId);
    if (g) g.push(e);
    else groups.set(e.incidentId, [e]);
  }
  return groups;
}

/**
 * Incidents ranked by severity and impact: `rank` (peak severity band, plus one
 * when the incident succeeded, plus one for a post-access threat), then more
 * alerts, then the higher peak score, then the earlier start. A successful
 * privilege escalation at MEDIUM thus outranks a MEDIUM burst of failed logins
 * however many alerts that burst has, and ties with a failed HIGH one.
 */
export function groupIncidents(events: ScoredEvent[]): Incident[] {
  const incidents = [...alertsByIncident(events)].map(([id, alerts]) => describeIncident(id, alerts));
  return incidents.sort(
    (a, b) => b.rank - a.rank || b.alerts - a.alerts || b.peak_score - a.peak_score || a.start.localeCompare(b.start) || a.id.localeCompare(b.id),
  );
}

export function impactRank(peak: Severity, threat: ThreatType, succeeded: boolean): number {
  return SEVERITIES.indexOf(peak) + (succeeded ? 1 : 0) + (POST_ACCESS_THREATS.includes(threat) ? 1 : 0);
}

/** True for the action words a successful event carries ("success", "succeeded", "accepted", "allowed"). */
export function isSuccess(action: string): boolean {
  return SUCCESS_ACTION.test(action);
}

// --- internal ---

const SUCCESS_ACTION = /^(success|succeeded|successful|accepted|allow|allowed|ok)$/i;

const distinct = (values: string[]) => [...new Set(values.filter((v) => v !== ""))].sort();

/** Names in a one-line summary: a spray over 30 users names three and counts the rest. */
const SUMMARY_NAMES = 3;
const listed = (names: string[]) =>
  names.length <= SUMMARY_NAMES ? names.join(", ") : `${names.slice(0, SUMMARY_NAMES).join(", ")} +${names.length - SUMMARY_NAMES} more`;

function describeIncident(id: string, alerts: ScoredEvent[]): Incident {
  const peak = alerts.reduce((a, b) => (b.anomalyScore > a.anomalyScore ? b : a));
  // An incident's type only strengthens (the scorer never lets it flip), so its last alert carries it.
  const last = alerts[alerts.length - 1];
  const users = distinct(alerts.map((a) => a.user));
  const source_ips = distinct(alerts.map((a) => a.sourceIp));
  const hosts = distinct(alerts.map((a) => a.host));
  const compromised_users = distinct(alerts.filter((a) => a.compromise).map((a) => a.user));
  const start = alerts[0].timestamp;
  const end = alerts[alerts.length - 1].timestamp;
  const peakSeverity = alerts.map((a) => a.severity).reduce((a, b) => (SEVERITIES.indexOf(b) > SEVERITIES.indexOf(a) ? b : a));
  const succeeded = compromised_users.length > 0 || alerts.some((a) => isSuccess(a.action));
  const who = [users.length ? `user ${listed(users)}` : "", source_ips.length ? `from ${listed(source_ips)}` : ""].filter(Boolean).join(" ");
  const outcome = compromised_users.length ? `, ended in a success for ${listed(compromised_users)}` : succeeded ? ", ended in a success" : "";
  return {
    id,
    threat_type: last.threatType,
    mitre_technique: last.mitre,
    start,
    end,
    alerts: alerts.length,
    peak_severity: peakSeverity,
    peak_score: peak.anomalyScore,
    users,
    source_ips,
    hosts,
    ended_in_success: succeeded,
    compromised_users,
    rank: impactRank(peakSeverity, last.threatType, succeeded),
    summary: `${last.threatType} (${peakSeverity}): ${who}, ${alerts.length} alert${alerts.length === 1 ? "" : "s"}${outcome}, ${start} .. ${end}`,
    anomaly_reasons: peak.reasons,
  };
}
