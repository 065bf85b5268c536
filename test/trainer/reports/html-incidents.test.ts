// report.html opens with the incidents, each expandable to its alerts, and stays a
// few MB however many anomalies a run has, saying what it left out and where the rest is.

import { describe, expect, it } from "vitest";
import { MAX_TABLE_ROWS, toHtml } from "../../../trainer/reports/html.ts";
import { MAX_INCIDENTS_SHOWN, MAX_INCIDENT_EVENTS } from "../../../trainer/reports/html-incidents.ts";
import { dashboardSpec } from "../../../trainer/reports/dashboard.ts";
import { renderSvg } from "../../../trainer/reports/png.ts";
import { groupIncidents } from "../../../trainer/reports/incidents.ts";
import { summarize } from "../../../trainer/reports/summary.ts";
import type { ScoredEvent } from "../../../trainer/verdict/types.ts";
import { scoredEvents } from "../../helpers/scored-event.ts";

const { event } = scoredEvents({ start: Date.UTC(2024, 2, 4), stepMs: 4000 });
const context = { baselineEvents: 1000, baselineStart: "2024-03-01T00:00:00.000Z", baselineEnd: "2024-03-03T23:59:59.000Z", contamination: 0.005, skipped: {} };
const count = (n: number) => n.toLocaleString("en-US");

function attack(): ScoredEvent[] {
  const fails = Array.from({ length: 30 }, (_, k) =>
    event({ user: "admin", sourceIp: "203.0.113.45", action: "failure", anomalyScore: 0.96, severity: "CRITICAL", threatType: "brute_force", mitre: "T1110", incidentId: "brute_force-aa-1", reasons: ["ip_failed_logins_60s=12 (threshold 5)"], message: `Failed password ${k}` }));
  const sudo = event({ user: "bob", sourceIp: "10.0.1.12", host: "ws-bob", eventType: "sudo", action: "success", anomalyScore: 0.9, severity: "HIGH", threatType: "privilege_escalation", mitre: "T1548", incidentId: "privilege_escalation-bb-2", reasons: ["privilege_new_for_user=1"], message: "bob : USER=root ; COMMAND=/bin/su -" });
  return [...Array.from({ length: 50 }, () => event()), ...fails, sudo];
}

describe("report.html incidents", () => {
  const events = attack();
  const html = toHtml({ events, summary: summarize(events, context), chartSvg: "<svg></svg>" });

  it("opens with the incidents, before the summary, the charts and the table", () => {
    const at = (id: string) => html.indexOf(`<section id="${id}"`);
    expect(at("incidents")).toBeGreaterThan(0);
    expect(at("incidents")).toBeLessThan(at("summary"));
    expect(at("summary")).toBeLessThan(at("charts"));
    expect(at("charts")).toBeLessThan(at("anomalies-section"));
  });

  it("describes each incident: threat, targets, sources, hosts, span, counts, severity, outcome, reasons", () => {
    const blocks = html.match(/<details class="incident"[\s\S]*?<\/details>/g)!;
    expect(blocks).toHaveLength(2);
    const [sudo, brute] = blocks; // the success ranks first: HIGH + success + post-access vs CRITICAL attempt
    expect(sudo).toContain("privilege_escalation");
    expect(sudo).toContain("ended in a success");
    expect(brute).toContain("no success");
    for (const text of ["<dt>Targets</dt><dd>admin", "<dt>Sources</dt><dd>203.0.113.45", "<dt>Hosts</dt>", "<dt>Span</dt>", "<dt>Alerts</dt><dd>30,", "ip_failed_logins_60s=12 (threshold 5)", "CRITICAL"]) {
      expect(brute).toContain(text);
    }
  });

  it("expands to its alerts, at most MAX_INCIDENT_EVENTS of them, and says where the rest are", () => {
    const brute = html.match(/<details class="incident" id="incident-brute_force-aa-1"[\s\S]*?<\/details>/)![0];
    expect(brute.match(/<tr><td>/g)).toHaveLength(MAX_INCIDENT_EVENTS);
    expect(brute).toContain(`The first ${MAX_INCIDENT_EVENTS} of 30 alerts; all are in anomalies_detected.csv (incident_id brute_force-aa-1)`);
  });

  it("links each anomaly row to its incident", () => {
    const table = html.match(/<table id="anomalies">[\s\S]*?<\/table>/)![0];
    expect(table).toContain("<th scope=\"col\" data-type=\"text\"><button type=\"button\">Incident</button></th>");
    expect(table.match(/<a href="#incident-brute_force-aa-1">/g)).toHaveLength(30);
    expect(table).toContain('<a href="#incident-privilege_escalation-bb-2">');
  });

  it("puts the message right after the verdict and who/what, before reasons and detector scores", () => {
    const titles = [...html.matchAll(/<th scope="col" data-type="\w+"[^>]*><button type="button">([^<]*)<\/button>/g)].map((m) => m[1]);
    expect(titles).toEqual(["Score", "Severity", "Threat", "Time (UTC)", "User · source IP · host", "Event", "Message", "Reasons", "Incident", "IF / AE / rules", "Source"]);
  });

  it("shows top source IPs beside top users", () => {
    expect(html).toMatch(/<caption>Top affected users<\/caption>[\s\S]*<caption>Top source IPs<\/caption><tbody><tr><td>203\.0\.113\.45<\/td><td class="num">30<\/td>/);
  });
});

describe("report.html at 200,000 anomalies", () => {
  const severities = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
  const N = 200_000;
  const flood = Array.from({ length: N }, (_, k) =>
    event({
      user: `user${k % 5000}`,
      sourceIp: `198.51.${(k >> 8) & 255}.${k & 255}`,
      anomalyScore: 0.5 + (k % 500) / 1000,
      severity: severities[k % 4],
      threatType: "brute_force",
      incidentId: `brute_force-${k % 20_000}`,
      reasons: ["ip_failed_logins_60s=12 (threshold 5)", "ip_unknown=1 (baseline p99 0)"],
      message: `Failed password for user${k % 5000} from 198.51.${(k >> 8) & 255}.${k & 255} port 22 ssh2`,
    }));

  it("stays a few MB, with the charts drawn from the same aggregated spec, and says what it left out", async () => {
    const incidents = groupIncidents(flood);
    const svg = await renderSvg(dashboardSpec(flood));
    const html = toHtml({ events: flood, summary: summarize(flood, context), chartSvg: svg, incidents });
    expect(svg.length).toBeLessThan(2_000_000);
    expect(html.length).toBeLessThan(5_000_000);
    expect(html.match(/<table id="anomalies">[\s\S]*?<\/table>/)![0].match(/<tr><td/g)).toHaveLength(MAX_TABLE_ROWS);
    expect(html).toContain(`highest scores of ${count(N)} anomalies; ${count(N - MAX_TABLE_ROWS)} are left out here.`);
    expect(html.match(/<details class="incident"/g)).toHaveLength(MAX_INCIDENTS_SHOWN);
    expect(html).toContain(`${count(incidents.length - MAX_INCIDENTS_SHOWN)} more are in <a href="incidents.json">incidents.json</a>`);
  }, 60_000);
});
