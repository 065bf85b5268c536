// /metrics over real sockets: known records in, the scrape parsed, its counts checked against
// the enriched records the fake Vector source received (the oracle is the output itself, read
// with JSON.parse, never the sidecar's own counters). Also: one name per metric in the log
// line, /health and /metrics, and every name documented in docs/sidecar.md.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sidecarFixture } from "../../helpers/sidecar-fixture.ts";
import { HOST, sendAll, waitFor } from "../../helpers/sidecar-harness.ts";
import { LABELLED_METRICS, SCALAR_METRICS } from "../../../trainer/sidecar/metric-table.ts";
import { prometheusName } from "../../../trainer/sidecar/prometheus.ts";
import { formatMetricsLine } from "../../../trainer/sidecar/metrics.ts";

const sidecars = sidecarFixture();

/** `name{label="v"} 12` lines into a map keyed by `name{label="v"}`; HELP/TYPE lines checked for every family. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  const typed = new Set<string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const t = /^# TYPE (\S+) (counter|gauge)$/.exec(line);
    if (t) typed.add(t[1]);
    if (line.startsWith("#")) continue;
    const m = /^([a-z_]+)(\{[a-z_]+="[^"]*"\})? (-?\d+(?:\.\d+)?)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    if (!typed.has(m[1])) throw new Error(`sample before its TYPE line: ${line}`);
    samples.set(m[1] + (m[2] ?? ""), Number(m[3]));
  }
  return samples;
}

const T0 = Date.UTC(2024, 0, 15, 8, 0, 0);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

/** Ordinary logins, a burst of failures from one address, bad lines, and a record carrying copies of our keys. */
function knownRecords(): { text: string; invalid: number; notObject: number } {
  const lines: string[] = [];
  for (let i = 0; i < 200; i++) lines.push(JSON.stringify({ timestamp: at(i * 30), user: `u${i % 5}`, source_ip: `10.0.0.${i % 5}`, event_type: "login", action: "success" }));
  for (let i = 0; i < 60; i++) lines.push(JSON.stringify({ timestamp: at(6000 + i), user: `victim${i % 3}`, source_ip: "203.0.113.9", event_type: "login", action: "failure", message: "Failed password" }));
  // The attack: our own keys, nested and at top level, must not be counted as the sidecar's verdict.
  lines.push(JSON.stringify({ timestamp: at(6100), user: "u1", event_type: "login", action: "success", nested: { anomaly_score: 1, threat_type: "brute_force", severity: "CRITICAL" }, severity: "CRITICAL" }));
  const invalid = ["{not json", '{"a":'];
  const notObject = ["[1,2]", '"a string"', "42"];
  lines.push(...invalid, ...notObject);
  return { text: lines.join("\n") + "\n", invalid: invalid.length, notObject: notObject.length };
}

function tally(lines: string[]): { severity: Map<string, number>; threat: Map<string, number>; error: Map<string, number> } {
  const severity = new Map<string, number>();
  const threat = new Map<string, number>();
  const error = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const line of lines) {
    const r = JSON.parse(line);
    if (r.severity !== "NONE") {
      bump(severity, r.severity);
      bump(threat, r.threat_type);
    }
    if (r.anomaly_error) bump(error, r.anomaly_error);
  }
  return { severity, threat, error };
}

describe("GET /metrics", () => {
  it("counts records, alerts by severity and threat, and errors by code as the enriched output says", async () => {
    const { src, sc } = await sidecars.start({ metricsPort: 0 });
    const known = knownRecords();
    const sent = known.text.split("\n").filter((l) => l !== "").length;
    await sendAll(sc.address.port, Buffer.from(known.text));
    await waitFor("all records", () => src.lines.length >= sent);

    const res = await fetch(`http://${HOST}:${sc.metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const m = parsePrometheus(await res.text());
    const truth = tally(src.lines);
    const alerts = [...truth.severity.values()].reduce((a, b) => a + b, 0);
    expect(alerts, "the burst must raise alerts, or this test checks nothing").toBeGreaterThan(0);

    expect(m.get("log_anomaly_events_in_total")).toBe(sent);
    expect(m.get("log_anomaly_events_out_total")).toBe(sent);
    expect(m.get("log_anomaly_alerts_total")).toBe(alerts);
    for (const sev of ["LOW", "MEDIUM", "HIGH", "CRITICAL"]) {
      expect(m.get(`log_anomaly_alerts_by_severity_total{severity="${sev}"}`), sev).toBe(truth.severity.get(sev) ?? 0);
    }
    for (const [threat, n] of truth.threat) expect(m.get(`log_anomaly_alerts_by_threat_total{threat_type="${threat}"}`), threat).toBe(n);
    expect(m.get('log_anomaly_record_errors_total{code="invalid_json"}')).toBe(known.invalid);
    expect(m.get('log_anomaly_record_errors_total{code="not_object"}')).toBe(known.notObject);
    expect(truth.error.get("invalid_json")).toBe(known.invalid);
    expect(m.get("log_anomaly_scorer_records_total")).toBe(sent);
    expect(m.get("log_anomaly_connections")).toBe(0);
    expect(m.get("log_anomaly_connections_accepted_total")).toBe(1);
    expect(m.get("log_anomaly_queue_events")).toBe(0);
    expect(m.get("log_anomaly_model_loaded")).toBe(1);
    expect(m.get('log_anomaly_errors_by_reason_total{reason="scorer_failed"}')).toBe(0);
  });

  it("uses one name per metric in the log line, /health and /metrics", async () => {
    const { sc } = await sidecars.start({ metricsPort: 0 });
    const health = (await (await fetch(`http://${HOST}:${sc.metricsPort}/health`)).json()) as Record<string, unknown>;
    const scrape = parsePrometheus(await (await fetch(`http://${HOST}:${sc.metricsPort}/metrics`)).text());
    const line = formatMetricsLine(sc.stats());
    for (const metric of SCALAR_METRICS) {
      expect(metric.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(health, metric.name).toHaveProperty(metric.name);
      expect(line).toContain(` ${metric.name}=`);
      expect(scrape.has(prometheusName(metric.name, metric.kind)), metric.name).toBe(true);
    }
    for (const metric of LABELLED_METRICS) expect(health, metric.name).toHaveProperty(metric.name);
    expect(Object.keys(health).filter((k) => /[A-Z]/.test(k))).toEqual([]);
  });

  it("is documented: every metric's Prometheus name appears in docs/sidecar.md", () => {
    const doc = readFileSync("docs/sidecar.md", "utf8");
    for (const metric of [...SCALAR_METRICS, ...LABELLED_METRICS]) expect(doc, metric.name).toContain(`\`${prometheusName(metric.name, metric.kind)}\``);
  });
});
