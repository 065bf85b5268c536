import { describe, expect, it } from "vitest";
import { reportOrder } from "../../../trainer/reports/csv.ts";
import { toDetailedJson, type DetailedAnomaly, type DetailedReport } from "../../../trainer/reports/json.ts";
import { summarize } from "../../../trainer/reports/summary.ts";
import type { ScoredEvent } from "../../../trainer/verdict/types.ts";
import { BRUTE_FORCE_EVENT, scoredEvents } from "../../helpers/scored-event.ts";

const { event } = scoredEvents({
  start: Date.UTC(2024, 2, 4, 12),
  defaults: {
    ...BRUTE_FORCE_EVENT,
    message: 'Failed password for "alice", from 10.0.0.5 — naïve 東京',
    anomalyScore: 0.8123456789,
    reasons: ["failed_logins_ip_60s=12 (baseline p99.9=2)", "new_ip_for_user"],
    scores: { iforest: 0.71, autoencoder: 0.6, rules: 0.95 },
  },
});

/** The inverse of the writer's key mapping, so a round trip checks every field. */
function fromDetailed(a: DetailedAnomaly): ScoredEvent {
  return {
    index: a.index,
    timestamp: a.timestamp,
    timeMs: a.time_ms ?? Number.NaN,
    user: a.user,
    sourceIp: a.source_ip,
    host: a.host,
    eventType: a.event_type,
    action: a.action,
    message: a.message,
    anomalyScore: a.anomaly_score,
    threatType: a.threat_type as ScoredEvent["threatType"],
    severity: a.severity as ScoredEvent["severity"],
    reasons: a.anomaly_reasons,
    mitre: a.mitre_technique,
    scores: a.scores,
    incidentId: a.incident_id,
    source: a.source,
  };
}

const CONTEXT = { baselineEvents: 100, baselineStart: "2024-03-01T00:00:00Z", baselineEnd: "2024-03-02T00:00:00Z", contamination: 0.02, skipped: { "not JSON": 2 } };

describe("toDetailedJson", () => {
  const events = [
    event({ anomalyScore: 0.2, threatType: "none", severity: "NONE" }),
    event({ anomalyScore: 0.97, severity: "CRITICAL", user: "mallory" }),
    event(),
    event({ timeMs: Number.NaN, anomalyScore: 0.6, severity: "LOW", threatType: "anomaly", reasons: [], mitre: "" }),
  ];
  const summary = summarize(events, CONTEXT);
  const text = toDetailedJson(events, summary);
  const report = JSON.parse(text) as DetailedReport;

  it("is pretty-printed JSON with a summary and the anomalies", () => {
    expect(text).toMatch(/^\{\n {2}"summary": \{\n/);
    expect(Object.keys(report)).toEqual(["summary", "anomalies"]);
    expect(report.anomalies).toHaveLength(3);
  });

  it("writes the summary with snake_case keys", () => {
    expect(report.summary).toEqual({
      total_events: 4,
      anomalies: 3,
      contamination: 0.02,
      baseline_events: 100,
      baseline_start: "2024-03-01T00:00:00Z",
      baseline_end: "2024-03-02T00:00:00Z",
      analysis_start: events[0].timestamp,
      analysis_end: events[2].timestamp,
      by_threat_type: { anomaly: 1, brute_force: 2 },
      by_severity: { LOW: 1, MEDIUM: 1, CRITICAL: 1 },
      top_users: [{ user: "alice", anomalies: 2 }, { user: "mallory", anomalies: 1 }],
      incidents: 0,
      top_sources: [{ source_ip: "10.0.0.5", anomalies: 3 }],
      top_incidents: [],
      skipped: { "not JSON": 2 },
      suppressed: {},
    });
  });

  it("round-trips every field of every anomaly, in the CSV's order", () => {
    expect(report.anomalies.map(fromDetailed)).toEqual(reportOrder(events));
    expect(report.anomalies.map((a) => a.index)).toEqual([1, 2, 3]);
  });

  it("uses snake_case keys and keeps full precision", () => {
    expect(Object.keys(report.anomalies[0])).toEqual([
      "index", "timestamp", "time_ms", "user", "source_ip", "host", "event_type", "action", "message",
      "anomaly_score", "threat_type", "severity", "anomaly_reasons", "mitre_technique", "scores", "incident_id", "source",
    ]);
    expect(report.anomalies[1].anomaly_score).toBe(0.8123456789);
  });

  it("writes a missing time as null", () => {
    expect(report.anomalies[2]).toMatchObject({ timestamp: "", time_ms: null });
  });

  it("writes an empty list when nothing is anomalous", () => {
    const quiet = [event({ anomalyScore: 0.1 })];
    const parsed = JSON.parse(toDetailedJson(quiet, summarize(quiet, CONTEXT))) as DetailedReport;
    expect(parsed.anomalies).toEqual([]);
    expect(parsed.summary).toMatchObject({ total_events: 1, anomalies: 0, by_threat_type: {}, top_users: [] });
  });
});
