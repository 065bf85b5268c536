/**
 * The incidents section of report.html, which opens the page: an analyst reads
 * attacks, not rows. One block per incident, in the console summary's order
 * (severity and impact, reports/incidents.ts), saying what, who was targeted,
 * from where, on which hosts, when, how many alerts, whether it ended in a
 * success, and why; each opens (a `<details>`, no script) to its alerts.
 *
 * Bounded at any run size: at most MAX_INCIDENTS_SHOWN incidents with at most
 * MAX_INCIDENT_EVENTS alerts each, and the page says what it left out and where
 * the rest is (incidents.json, the CSV by incident_id).
 */
import type { ScoredEvent } from "../verdict/types.ts";
import { alertsByIncident, type Incident } from "./incidents.ts";
import { badge, count, h, incidentAnchor, shortTime, span } from "./html-text.ts";

/** Incidents drawn in full; the rest are counted, and all are in incidents.json. */
export const MAX_INCIDENTS_SHOWN = 100;
/** Alerts listed under one incident (its first ones in time); the CSV has them all. */
export const MAX_INCIDENT_EVENTS = 20;

export interface IncidentFiles {
  incidents: string;
  csv: string;
}

export function incidentsSection(events: ScoredEvent[], incidents: Incident[], files: IncidentFiles): string {
  if (incidents.length === 0) {
    return `<section id="incidents">
<h2>Incidents</h2>
<p class="none">No incidents: no alert in this run.</p>
</section>`;
  }
  const alerts = alertsByIncident(events);
  const shown = incidents.slice(0, MAX_INCIDENTS_SHOWN);
  const leftOut = incidents.length - shown.length;
  const link = `<a href="${h(encodeURI(files.incidents))}">${h(files.incidents)}</a>`;
  const note = leftOut > 0 ? ` Showing the ${count(shown.length)} of most severity and impact; ${count(leftOut)} more are in ${link}.` : ` Every field of each: ${link}.`;
  return `<section id="incidents">
<h2>Incidents <span class="count">${count(incidents.length)}</span></h2>
<p class="hint">Alerts grouped by attack, ranked by severity and impact (a success, a step after access). Open one to see its alerts.${note}</p>
${shown.slice(0, FIRST_SCREEN).map((i, rank) => incidentBlock(i, alerts.get(i.id) ?? [], files.csv, rank === 0)).join("\n")}
${shown.length > FIRST_SCREEN ? `<details class="more"><summary>${count(shown.length - FIRST_SCREEN)} more incidents</summary>
${shown.slice(FIRST_SCREEN).map((i) => incidentBlock(i, alerts.get(i.id) ?? [], files.csv, false)).join("\n")}
</details>` : ""}
</section>`;
}

// --- internal ---

/** Incidents listed before the rest fold away, so the summary and charts stay near the top. */
const FIRST_SCREEN = 10;
/** Names shown in a block's head before "+N", and in its body before "(N users)": a spray may name thousands. */
const HEAD_NAMES = 3;
const BODY_NAMES = 50;

/** The top incident starts open: the page's first screen shows what to look at first. */
function incidentBlock(incident: Incident, alerts: ScoredEvent[], csv: string, open: boolean): string {
  const shown = alerts.slice(0, MAX_INCIDENT_EVENTS);
  const more = alerts.length - shown.length;
  const outcome = incident.ended_in_success ? `<span class="outcome success">ended in a success</span>` : `<span class="outcome">no success</span>`;
  const facts: Array<[string, string]> = [
    ["Targets", names(incident.users, "users")],
    ["Sources", names(incident.source_ips, "source IPs")],
    ["Hosts", names(incident.hosts, "hosts")],
    ["Span", h(span(incident.start, incident.end))],
    ["Alerts", `${count(incident.alerts)}, peak score ${incident.peak_score.toFixed(3)}`],
    ["Reasons", incident.anomaly_reasons.length ? `<ul>${incident.anomaly_reasons.map((r) => `<li>${h(r)}</li>`).join("")}</ul>` : "–"],
  ];
  const rows = shown.map((e) =>
    `<tr><td>${h(shortTime(e.timestamp))}</td><td>${h(e.user)}</td><td>${h(e.sourceIp)}</td><td>${h(e.host)}</td><td>${h(e.eventType)}${e.action ? ` / ${h(e.action)}` : ""}</td><td class="num">${e.anomalyScore.toFixed(3)}</td><td>${badge(e.severity)}</td><td class="msg">${h(e.message)}</td></tr>`,
  );
  const rest = more > 0 ? `<p class="hint">The first ${count(shown.length)} of ${count(alerts.length)} alerts; all are in ${h(csv)} (incident_id ${h(incident.id)}).</p>` : "";
  const head = [incident.users, incident.source_ips].map((list) => h(short(list))).filter((s) => s !== "").join(" ← ");
  return `<details class="incident" id="${incidentAnchor(incident.id)}"${open ? " open" : ""}>
<summary>${badge(incident.peak_severity)} <strong>${h(incident.threat_type)}</strong>${incident.mitre_technique ? ` <span class="muted">${h(incident.mitre_technique)}</span>` : ""} · ${head || "no entity"} · ${count(incident.alerts)} alert${incident.alerts === 1 ? "" : "s"} · ${h(shortTime(incident.start))} · ${outcome}</summary>
<dl>${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("")}</dl>
<div class="scroll"><table class="events"><thead><tr><th>Time (UTC)</th><th>User</th><th>Source IP</th><th>Host</th><th>Event</th><th>Score</th><th>Severity</th><th>Message</th></tr></thead>
<tbody>${rows.join("")}</tbody></table></div>
${rest}
<p class="muted">${h(incident.id)}</p>
</details>`;
}

function names(list: string[], what: string): string {
  if (list.length === 0) return "–";
  const listed = list.slice(0, BODY_NAMES).join(", ") + (list.length > BODY_NAMES ? ", …" : "");
  return `${h(listed)}${list.length > HEAD_NAMES ? ` <span class="muted">(${count(list.length)} ${what})</span>` : ""}`;
}

function short(list: string[]): string {
  return list.length <= HEAD_NAMES ? list.join(", ") : `${list.slice(0, HEAD_NAMES).join(", ")} +${count(list.length - HEAD_NAMES)}`;
}
