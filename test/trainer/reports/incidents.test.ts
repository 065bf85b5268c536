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
      reasons: ["score 0.97"],
      threat_type: "brute_force",
    });
    expect(incidents[0].summary).toBe("brute_force (CRITICAL): user admin from 203.0.113.45, 2 alerts, 2024-01-22T03:01:00.000Z .. 2024-01-22T03:03:00.000Z");
  });

  it("lists every target of one source's incident and says whether it ended in a success", () => {
    const names = ["root", "admin", "oracle", "ubuntu", "test", "git", "postgres", "deploy", "pi"];
    const events = names.map((u, i) => alert("ip-8fcf70e0-1705892400", u, "HIGH", 0.9, i));
    events.push({ ...alert("ip-8fcf70e0-1705892400", "deploy", "CRITICAL", 0.99, 10), action: "success", compromise: true });
    const [incident, ...rest] = groupIncidents(events);
    expect(rest).toEqual([]);
    expect(incident).toMatchObject({ users: [...names].sort(), source_ips: ["203.0.113.45"], hosts: ["srv-web-01"], alerts: 10, ended_in_success: true, compromised_users: ["deploy"] });
    expect(incident.summary).toBe(`brute_force (CRITICAL): users (9) ${[...names].sort().join(", ")} from 203.0.113.45, 10 alerts, ended in a success for deploy, 2024-01-22T03:00:00.000Z .. 2024-01-22T03:10:00.000Z`);
  });

  it("takes its type from its last alert, which carries the strongest evidence", () => {
    const events = [alert("ip-1-1", "a", "HIGH", 0.95, 1), alert("ip-1-1", "b", "MEDIUM", 0.8, 2, "password_spraying")];
    expect(groupIncidents(events)[0]).toMatchObject({ threat_type: "password_spraying", ended_in_success: false, compromised_users: [] });
  });

  it("returns nothing when nothing alerted", () => {
    expect(groupIncidents([alert("", "alice", "NONE", 0.1, 1, "none")])).toEqual([]);
  });
});
