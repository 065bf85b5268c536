import { describe, expect, it } from "vitest";
import { groupIncidents } from "../../../trainer/reports/incidents.ts";
import type { ScoredEvent, Severity, ThreatType } from "../../../trainer/verdict/types.ts";

function alert(incidentId: string, user: string, severity: Severity, score: number, minute: number, threatType: ThreatType = "brute_force"): ScoredEvent {
  const timeMs = Date.UTC(2024, 0, 22, 3, minute);
  return {
    index: minute,
    timestamp: new Date(timeMs).toISOString(),
    timeMs,
    user,
    sourceIp: "203.0.113.45",
    host: "srv-web-01",
    eventType: "login",
    action: "failure",
    message: "Failed password",
    anomalyScore: score,
    threatType,
    severity,
    reasons: [`score ${score}`],
    mitre: "T1110",
    scores: { iforest: 0, autoencoder: 0, rules: score },
    incidentId,
    source: "auth.log",
  };
}

describe("groupIncidents", () => {
  it("groups alerts by incident id and ignores non-alerts", () => {
    const events = [
      alert("bf-1", "admin", "MEDIUM", 0.8, 1),
      alert("", "alice", "NONE", 0.1, 2, "none"),
      alert("bf-1", "admin", "CRITICAL", 0.97, 3),
      alert("px-2", "bob", "HIGH", 0.9, 4, "privilege_escalation"),
    ];
    const incidents = groupIncidents(events);
    expect(incidents.map((i) => [i.id, i.alerts, i.peak_severity])).toEqual([
      ["bf-1", 2, "CRITICAL"],
      ["px-2", 1, "HIGH"],
    ]);
    expect(incidents[0]).toMatchObject({
      start: "2024-01-22T03:01:00.000Z",
      end: "2024-01-22T03:03:00.000Z",
      users: ["admin"],
      source_ips: ["203.0.113.45"],
      anomaly_reasons: ["score 0.97"],
      ended_in_success: false,
      threat_type: "brute_force",
    });
    expect(incidents[0].summary).toBe("brute_force (CRITICAL): user admin from 203.0.113.45, 2 alerts, 2024-01-22T03:01:00.000Z .. 2024-01-22T03:03:00.000Z");
  });

  it("returns nothing when nothing alerted", () => {
    expect(groupIncidents([alert("", "alice", "NONE", 0.1, 1, "none")])).toEqual([]);
  });
});
