// Incidents: the alerts grouped by the scorer's incident id (one attack: password
// guessing keyed on its source, other threats on the user), for incidents.json and
// the console summary. Keys are snake_case, like every JSON report.

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
  /** A login success ended a brute force from its source: the guess worked. */
  ended_in_success: boolean;
  /** The accounts that success logged into. */
  compromised_users: string[];
  /** One line for people: what, who, from where, how many, how long. */
  summary: string;
  /** The reasons of the highest-scoring alert. */
  reasons: string[];
}

const distinct = (values: string[]) => [...new Set(values.filter((v) => v !== ""))].sort();

export function groupIncidents(events: ScoredEvent[]): Incident[] {
  const groups = new Map<string, ScoredEvent[]>();
  for (const e of events) {
    if (e.incidentId === "") continue;
    const g = groups.get(e.incidentId);
    if (g) g.push(e);
    else groups.set(e.incidentId, [e]);
  }
  const incidents = [...groups.entries()].map(([id, alerts]): Incident => {
    const peak = alerts.reduce((a, b) => (b.anomalyScore > a.anomalyScore ? b : a));
    const last = alerts[alerts.length - 1];
    const compromised_users = distinct(alerts.filter((a) => a.compromise).map((a) => a.user));
    const ended_in_success = alerts.some((a) => a.compromise);
    const users = distinct(alerts.map((a) => a.user));
    const source_ips = distinct(alerts.map((a) => a.sourceIp));
    const hosts = distinct(alerts.map((a) => a.host));
    const start = alerts[0].timestamp;
    const end = alerts[alerts.length - 1].timestamp;
    const who = [users.length ? `user${users.length > 1 ? `s (${users.length})` : ""} ${users.join(", ")}` : "", source_ips.length ? `from ${source_ips.join(", ")}` : ""].filter(Boolean).join(" ");
    const outcome = ended_in_success ? `, ended in a success for ${compromised_users.join(", ")}` : "";
    return {
      id,
      threat_type: last.threatType,
      mitre_technique: last.mitre,
      start,
      end,
      alerts: alerts.length,
      peak_severity: alerts.map((a) => a.severity).reduce((a, b) => (SEVERITIES.indexOf(b) > SEVERITIES.indexOf(a) ? b : a)),
      peak_score: peak.anomalyScore,
      users,
      source_ips,
      hosts,
      ended_in_success,
      compromised_users,
      summary: `${last.threatType} (${peak.severity}): ${who}, ${alerts.length} alert${alerts.length === 1 ? "" : "s"}${outcome}, ${start} .. ${end}`,
      reasons: peak.reasons,
    };
  });
  return incidents.sort((a, b) => SEVERITIES.indexOf(b.peak_severity) - SEVERITIES.indexOf(a.peak_severity) || b.peak_score - a.peak_score || a.start.localeCompare(b.start));
}
