// Incidents: the alerts grouped by the scorer's incident id (consecutive alerts
// of one threat type on one entity), for incidents.json and the console summary.
// Keys are snake_case, like every JSON report.

import { SEVERITIES, type ScoredEvent, type Severity, type ThreatType } from "../verdict/types.ts";

export interface Incident {
  id: string;
  threat_type: ThreatType;
  mitre_technique: string;
  start: string;
  end: string;
  alerts: number;
  peak_severity: Severity;
  peak_score: number;
  users: string[];
  source_ips: string[];
  hosts: string[];
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
    const users = distinct(alerts.map((a) => a.user));
    const source_ips = distinct(alerts.map((a) => a.sourceIp));
    const hosts = distinct(alerts.map((a) => a.host));
    const start = alerts[0].timestamp;
    const end = alerts[alerts.length - 1].timestamp;
    const who = [users.length ? `user ${users.join(", ")}` : "", source_ips.length ? `from ${source_ips.join(", ")}` : ""].filter(Boolean).join(" ");
    return {
      id,
      threat_type: peak.threatType,
      mitre_technique: peak.mitre,
      start,
      end,
      alerts: alerts.length,
      peak_severity: alerts.map((a) => a.severity).reduce((a, b) => (SEVERITIES.indexOf(b) > SEVERITIES.indexOf(a) ? b : a)),
      peak_score: peak.anomalyScore,
      users,
      source_ips,
      hosts,
      summary: `${peak.threatType} (${peak.severity}): ${who}, ${alerts.length} alert${alerts.length === 1 ? "" : "s"}, ${start} .. ${end}`,
      reasons: peak.reasons,
    };
  });
  return incidents.sort((a, b) => SEVERITIES.indexOf(b.peak_severity) - SEVERITIES.indexOf(a.peak_severity) || b.peak_score - a.peak_score || a.start.localeCompare(b.start));
}
