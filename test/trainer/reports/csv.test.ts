import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, reportOrder, toCsv } from "../../../trainer/reports/csv.ts";
import type { ScoredEvent } from "../../../trainer/verdict/types.ts";
import { parseCsv } from "../../helpers/csv.ts";
import { BRUTE_FORCE_EVENT, scoredEvents } from "../../helpers/scored-event.ts";

const { event } = scoredEvents({ start: Date.UTC(2024, 2, 4, 12), defaults: BRUTE_FORCE_EVENT });

function rowsOf(events: ScoredEvent[]): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(toCsv(events));
  return rows.map((cells) => {
    expect(cells).toHaveLength(header.length);
    return Object.fromEntries(header.map((h, k) => [h, cells[k]]));
  });
}

describe("toCsv header and rows", () => {
  it("writes the documented header, in order, CRLF-terminated", () => {
    expect(toCsv([]).split("\r\n")[0]).toBe(
      "timestamp,user,source_ip,host,event_type,action,message,anomaly_score,threat_type,severity," +
        "mitre_technique,anomaly_reasons,iforest_score,autoencoder_score,rules_score,incident_id,source",
    );
    expect(CSV_COLUMNS).toHaveLength(17);
  });

  it("writes only the header when nothing is anomalous", () => {
    expect(toCsv([event({ anomalyScore: 0.1 }), event({ anomalyScore: 0.4999 })])).toBe(CSV_COLUMNS.join(",") + "\r\n");
  });

  it("keeps anomalies only (>= 0.5), highest score first, then earliest first", () => {
    const events = [
      event({ index: 0, timeMs: 3000, anomalyScore: 0.6, user: "late-0.6" }),
      event({ index: 1, timeMs: 1000, anomalyScore: 0.6, user: "early-0.6" }),
      event({ index: 2, timeMs: 2000, anomalyScore: 0.99, user: "top" }),
      event({ index: 3, timeMs: 500, anomalyScore: 0.49, user: "normal" }),
      event({ index: 4, timeMs: 100, anomalyScore: 0.5, user: "threshold" }),
    ];
    expect(rowsOf(events).map((r) => r.user)).toEqual(["top", "early-0.6", "late-0.6", "threshold"]);
  });

  it("puts events without a timestamp after timed ones of the same score", () => {
    const events = [
      event({ index: 0, timestamp: "", timeMs: Number.NaN, user: "untimed" }),
      event({ index: 1, timeMs: 5000, user: "timed" }),
    ];
    expect(reportOrder(events).map((e) => e.user)).toEqual(["timed", "untimed"]);
  });

  it("maps every field to its column", () => {
    const [row] = rowsOf([
      event({ timestamp: "2024-03-04T12:00:07.000Z", reasons: ["a=1 (baseline p99=0)", "b=2"], source: "logs/auth.jsonl" }),
    ]);
    expect(row).toEqual({
      timestamp: "2024-03-04T12:00:07.000Z",
      user: "alice",
      source_ip: "10.0.0.5",
      host: "web-01",
      event_type: "auth",
      action: "login_failed",
      message: "Failed password for alice",
      anomaly_score: "0.8000",
      threat_type: "brute_force",
      severity: "MEDIUM",
      mitre_technique: "T1110",
      anomaly_reasons: "a=1 (baseline p99=0); b=2",
      iforest_score: "0.7000",
      autoencoder_score: "0.6000",
      rules_score: "0.9000",
      incident_id: "",
      source: "logs/auth.jsonl",
    });
  });
});

describe("toCsv quoting (RFC 4180)", () => {
  it.each([
    // [field value, expected raw cell]
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line1\nline2", '"line1\nline2"'],
    ["line1\r\nline2", '"line1\r\nline2"'],
    ["naïve 東京 🚀 Ωmega", "naïve 東京 🚀 Ωmega"],
    ["", ""],
  ])("message %j is written as %j", (message, raw) => {
    const csv = toCsv([event({ message })]);
    const line = csv.slice(csv.indexOf("\r\n") + 2);
    expect(line).toContain(`,login_failed,${raw},0.8000,`);
    expect(rowsOf([event({ message })])[0].message).toBe(message);
  });

  it("round-trips awkward text in every text column", () => {
    const nasty = 'x,"y"\r\nz é';
    const [row] = rowsOf([
      event({ user: nasty, sourceIp: nasty, host: nasty, eventType: nasty, action: nasty, message: nasty, source: nasty, reasons: [nasty, nasty] }),
    ]);
    for (const column of ["user", "source_ip", "host", "event_type", "action", "message", "source"]) {
      expect(row[column], column).toBe(nasty);
    }
    expect(row.anomaly_reasons).toBe(`${nasty}; ${nasty}`);
  });
});

describe("toCsv formula injection (OWASP)", () => {
  it.each([
    // [cell value, expected cell as a spreadsheet reads it]
    ["=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"],
    ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    // Only the first character matters.
    ["a=1", "a=1"],
    [" =1", " =1"],
  ])("%j becomes %j", (value, expected) => {
    const [row] = rowsOf([event({ user: value, message: value, host: value, mitre: value, reasons: [value, "second"] })]);
    expect(row.user).toBe(expected);
    expect(row.message).toBe(expected);
    expect(row.host).toBe(expected);
    expect(row.mitre_technique).toBe(expected);
    expect(row.anomaly_reasons).toBe(`${expected}; second`);
  });

  it("never alters the numeric score columns", () => {
    const [row] = rowsOf([
      event({ anomalyScore: 0.987654, scores: { iforest: 0, autoencoder: 1, rules: 0.123456 } }),
    ]);
    expect([row.anomaly_score, row.iforest_score, row.autoencoder_score, row.rules_score]).toEqual([
      "0.9877",
      "0.0000",
      "1.0000",
      "0.1235",
    ]);
  });

  it("writes negative or non-finite scores as numbers or empty, never quote-prefixed", () => {
    const [row] = rowsOf([event({ scores: { iforest: -0.25, autoencoder: Number.NaN, rules: 0.5 } })]);
    expect(row.iforest_score).toBe("-0.2500");
    expect(row.autoencoder_score).toBe("");
  });
});
