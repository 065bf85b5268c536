import { describe, expect, it } from "vitest";
import { formatSummary, summarize, type SummaryContext } from "../../../trainer/reports/summary.ts";
import { scoredEvents } from "../../helpers/scored-event.ts";

const { event, anomaly } = scoredEvents({ start: Date.UTC(2024, 2, 4, 12) });

const CONTEXT: SummaryContext = {
  baselineEvents: 5000,
  baselineStart: "2024-03-01T00:00:00.000Z",
  baselineEnd: "2024-03-03T23:59:59.000Z",
  contamination: 0.01,
  skipped: {},
};

describe("summarize", () => {
  const events = [
    event(),
    event({ user: "bob" }),
    event({ anomalyScore: 0.4999, user: "carol" }),
    anomaly("mallory", "brute_force", "HIGH"),
    anomaly("mallory", "brute_force", "CRITICAL", 0.97),
    anomaly("mallory", "password_spraying", "LOW", 0.5),
    anomaly("svc_backup", "data_exfiltration", "MEDIUM"),
    anomaly("", "lateral_movement", "MEDIUM"),
  ];
  const summary = summarize(events, CONTEXT);

  it("counts anomalies at or above 0.5", () => {
    expect(summary.totalEvents).toBe(8);
    expect(summary.anomalies).toBe(5);
  });

  it("breaks anomalies down by threat type and severity, in vocabulary order", () => {
    expect(summary.byThreatType).toEqual({ brute_force: 2, password_spraying: 1, data_exfiltration: 1, lateral_movement: 1 });
    expect(Object.keys(summary.byThreatType)).toEqual(["brute_force", "password_spraying", "data_exfiltration", "lateral_movement"]);
    expect(summary.bySeverity).toEqual({ LOW: 1, MEDIUM: 2, HIGH: 1, CRITICAL: 1 });
  });

  it("ranks users by anomalies and leaves out anomalies without a user", () => {
    expect(summary.topUsers).toEqual([
      { user: "mallory", anomalies: 3 },
      { user: "svc_backup", anomalies: 1 },
    ]);
  });

  it("keeps the top 10 users, ties broken by name", () => {
    const many = Array.from({ length: 14 }, (_, k) => anomaly(`user${String(k).padStart(2, "0")}`, "anomaly", "LOW"));
    many.push(anomaly("user13", "anomaly", "LOW"));
    const top = summarize(many, CONTEXT).topUsers;
    expect(top).toHaveLength(10);
    expect(top[0]).toEqual({ user: "user13", anomalies: 2 });
    expect(top.slice(1).map((u) => u.user)).toEqual(["user00", "user01", "user02", "user03", "user04", "user05", "user06", "user07", "user08"]);
  });

  it("takes the analysis period from the events that have a time", () => {
    const timed = [
      event({ timeMs: Date.UTC(2024, 2, 5, 10) }),
      event({ timeMs: Number.NaN }),
      event({ timeMs: Date.UTC(2024, 2, 4, 9) }),
    ];
    const s = summarize(timed, CONTEXT);
    expect([s.analysisStart, s.analysisEnd]).toEqual(["2024-03-04T09:00:00.000Z", "2024-03-05T10:00:00.000Z"]);
  });

  it("copies the context through", () => {
    const s = summarize([], { ...CONTEXT, skipped: { "unparseable timestamp": 3 } });
    expect(s).toMatchObject({
      totalEvents: 0,
      anomalies: 0,
      contamination: 0.01,
      baselineEvents: 5000,
      baselineStart: CONTEXT.baselineStart,
      baselineEnd: CONTEXT.baselineEnd,
      analysisStart: "",
      analysisEnd: "",
      byThreatType: {},
      bySeverity: {},
      topUsers: [],
      skipped: { "unparseable timestamp": 3 },
      suppressed: {},
    });
  });

  it("counts alerts the allowlist suppressed by the entry that matched, outside the anomalies", () => {
    const hidden = (by: "user" | "ip" | "pair") => event({ anomalyScore: 0.4999, suppressed: { by, anomalyScore: 0.9, threatType: "brute_force" } });
    const s = summarize([anomaly("mallory", "brute_force", "HIGH"), hidden("ip"), hidden("user"), hidden("ip"), event()], CONTEXT);
    expect(s.anomalies).toBe(1);
    expect(s.suppressed).toEqual({ user: 1, ip: 2 });
    expect(formatSummary(s)).toContain("Alerts suppressed by the allowlist: 3 (user 1, ip 2)");
    expect(formatSummary(summary)).not.toContain("suppressed");
  });
});

describe("formatSummary", () => {
  const events = [
    ...Array.from({ length: 7 }, () => event()),
    anomaly("mallory.admin", "brute_force", "HIGH"),
    anomaly("mallory.admin", "brute_force", "CRITICAL", 0.97),
    anomaly("bob", "privilege_escalation", "LOW", 0.55),
  ];
  const text = formatSummary(summarize(events, { ...CONTEXT, skipped: { "unparseable timestamp": 2, "not JSON": 1 } }));

  it("lists the top source IPs beside the top users", () => {
    const attacker = { ...anomaly("root", "brute_force", "HIGH"), sourceIp: "203.0.113.45" };
    const t = formatSummary(summarize([...events, attacker, { ...attacker }], CONTEXT));
    expect(t.split("Top source IPs:\n")[1].split("\n\n")[0].split("\n")).toEqual(["  10.0.0.5      3  (60.00%)", "  203.0.113.45  2  (40.00%)"]);
  });

  it.each([[Math.fround(0.005), "0.005"], [Math.fround(0.01), "0.01"], [0.005, "0.005"], [Math.fround(0.0025), "0.0025"], [0.5, "0.5"]])("prints contamination %s as %s", (value, shown) => {
    expect(formatSummary(summarize(events, { ...CONTEXT, contamination: value }))).toMatch(new RegExp(`^ {2}Contamination: {2}${shown.replace(".", "\\.")}$`, "m"));
  });

  it("states the headline count and share", () => {
    expect(text).toContain("Anomalies detected: 3 / 10 (30.00%)");
  });

  it("has every section, in order", () => {
    const order = ["Threat type breakdown:", "Severity breakdown:", "Top affected users:", "Top source IPs:", "Periods:", "Skipped records: 3"];
    const at = order.map((heading) => text.indexOf(heading));
    expect(at.every((i) => i >= 0), text).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toContain("2024-03-01T00:00:00.000Z .. 2024-03-03T23:59:59.000Z (5,000 events)");
  });

  it("aligns the count column within a section; severities read from CRITICAL down", () => {
    const section = text.split("Threat type breakdown:\n")[1].split("\n\n")[0].split("\n");
    expect(section).toEqual([
      "  brute_force           2  (66.67%)",
      "  privilege_escalation  1  (33.33%)",
    ]);
    const severities = text.split("Severity breakdown:\n")[1].split("\n\n")[0].split("\n");
    expect(severities).toEqual(["  CRITICAL  1  (33.33%)", "  HIGH      1  (33.33%)", "  LOW       1  (33.33%)"]);
    const users = text.split("Top affected users:\n")[1].split("\n\n")[0].split("\n");
    expect(users).toEqual(["  mallory.admin  2  (66.67%)", "  bob            1  (33.33%)"]);
  });

  it("is plain text: no colour codes", () => {
    expect(text).not.toMatch(/\u001b\[/);
    expect(text.endsWith("\n")).toBe(true);
  });

  it("handles a run with no events and nothing skipped", () => {
    const empty = formatSummary(summarize([], CONTEXT));
    expect(empty).toContain("Anomalies detected: 0 / 0 (0.00%)");
    expect(empty).toContain("Threat type breakdown:\n  (none)");
    expect(empty).toContain("Analysis:       unknown (0 events)");
    expect(empty).not.toContain("Skipped");
  });
});
