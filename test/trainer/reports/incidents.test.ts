import { describe, expect, it } from "vitest";
import { groupIncidents, impactRank, isSuccess } from "../../../trainer/reports/incidents.ts";
import { TOP_INCIDENTS, summarize } from "../../../trainer/reports/summary.ts";
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

  it("lists every target of one source's incident and says whether it ended in a success", () => {
    const names = ["root", "admin", "oracle", "ubuntu", "test", "git", "postgres", "deploy", "pi"];
    const events = names.map((u, i) => alert("ip-8fcf70e0-1705892400", u, "HIGH", 0.9, i));
    events.push({ ...alert("ip-8fcf70e0-1705892400", "deploy", "CRITICAL", 0.99, 10), action: "success", compromise: true });
    const [incident, ...rest] = groupIncidents(events);
    expect(rest).toEqual([]);
    expect(incident).toMatchObject({ users: [...names].sort(), source_ips: ["203.0.113.45"], hosts: ["srv-web-01"], alerts: 10, ended_in_success: true, compromised_users: ["deploy"] });
    expect(incident.summary).toBe(`brute_force (CRITICAL): user ${[...names].sort().slice(0, 3).join(", ")} +6 more from 203.0.113.45, 10 alerts, ended in a success for deploy, 2024-01-22T03:00:00.000Z .. 2024-01-22T03:10:00.000Z`);
  });

  it("takes its type from its last alert, which carries the strongest evidence", () => {
    const events = [alert("ip-1-1", "a", "HIGH", 0.95, 1), alert("ip-1-1", "b", "MEDIUM", 0.8, 2, "password_spraying")];
    expect(groupIncidents(events)[0]).toMatchObject({ threat_type: "password_spraying", ended_in_success: false, compromised_users: [] });
  });

  it("returns nothing when nothing alerted", () => {
    expect(groupIncidents([alert("", "alice", "NONE", 0.1, 1, "none")])).toEqual([]);
  });

  // The simulated organisation's week (bench/simulate, admin_group_add): a credential-stuffing run
  // gives one MEDIUM incident per user tried, each one failed login scoring a little higher than
  // the real compromise, a user who adds themselves to Domain Admins and then uses sudo (4 alerts, MEDIUM).
  describe("ranks by severity and impact, not by peak score alone", () => {
    const stuffing = Array.from({ length: 25 }, (_, k) => alert(`bf-${k}`, `user${k}`, "MEDIUM", 0.75, k));
    const compromise = [0, 1, 2, 3].map((k) => ({
      ...alert("px-paul", "paul.bianchi", "MEDIUM", 0.708 - k / 100, 40 + k, "privilege_escalation"),
      eventType: k === 0 ? "group_change" : "sudo",
      action: "success",
      sourceIp: "10.10.1.52",
      message: k === 0 ? "A member was added to a security-enabled global group. Member: paul.bianchi Group: Domain Admins" : "paul.bianchi : USER=root ; COMMAND=/bin/bash",
    }));
    const events = [...stuffing, ...compromise];

    it("puts a successful privilege escalation in the console's top incidents", () => {
      const top = summarize(events, { baselineEvents: 1, baselineStart: "", baselineEnd: "", contamination: 0.005, skipped: {} }).topIncidents;
      expect(top).toHaveLength(TOP_INCIDENTS);
      expect(top[0]).toBe("privilege_escalation (MEDIUM): user paul.bianchi from 10.10.1.52, 4 alerts, ended in a success, 2024-01-22T03:40:00.000Z .. 2024-01-22T03:43:00.000Z");
    });

    it("says whether an incident ended in a success", () => {
      const incidents = groupIncidents(events);
      expect(incidents.find((i) => i.id === "px-paul")).toMatchObject({ ended_in_success: true, rank: impactRank("MEDIUM", "privilege_escalation", true) });
      expect(incidents.find((i) => i.id === "bf-0")).toMatchObject({ ended_in_success: false, rank: impactRank("MEDIUM", "brute_force", false) });
    });

    it("still lets a higher severity band outrank attempts of the same kind, and a failed CRITICAL one tie with the compromise", () => {
      const critical = alert("bf-critical", "root", "CRITICAL", 0.99, 50);
      expect(groupIncidents([...stuffing, critical])[0].id).toBe("bf-critical");
      const [first, second] = groupIncidents([...events, critical]);
      expect([first.rank, second.rank]).toEqual([4, 4]);
      expect([first.id, second.id]).toEqual(["px-paul", "bf-critical"]); // equal rank: more alerts first
    });

    it("breaks ties by the number of alerts", () => {
      const burst = [0, 1, 2].map((k) => alert("bf-burst", "admin", "MEDIUM", 0.7, 60 + k));
      const ids = groupIncidents([...stuffing, ...burst]).map((i) => i.id);
      expect(ids[0]).toBe("bf-burst");
    });
  });

  it.each([["success", true], ["Accepted", true], ["allowed", true], ["failure", false], ["login_failed", false], ["", false]])("isSuccess(%j) is %s", (action, expected) => {
    expect(isSuccess(action)).toBe(expected);
  });

  it("names three users in the one-line summary of a spray and counts the rest", () => {
    const spray = Array.from({ length: 30 }, (_, k) => alert("ps-1", `u${String(k).padStart(2, "0")}`, "MEDIUM", 0.7, k, "password_spraying"));
    expect(groupIncidents(spray)[0].summary).toMatch(/^password_spraying \(MEDIUM\): user u00, u01, u02 \+27 more from 203\.0\.113\.45, 30 alerts, /);
  });
});
