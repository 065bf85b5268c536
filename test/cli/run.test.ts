// Acceptance of the core issue: `run` on the bundled samples flags every injected
// attack event with its labelled threat type and no normal event of day 8; the
// outputs are all there and consistent with each other.

import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.ts";
import { splitRecords } from "../../trainer/pipeline/load.ts";

interface SampleRecord {
  event_id: string;
  timestamp: string;
  user: string;
  message: string;
}
interface DetailedAnomaly {
  timestamp: string;
  user: string;
  message: string;
  threat_type: string;
  severity: string;
  anomaly_score: number;
  anomaly_reasons: string[];
}

const attack = splitRecords(readFileSync("samples/test_logs_attack.json", "utf8")).map((r) => JSON.parse(r) as SampleRecord);
const labels = new Map<string, string>(
  (JSON.parse(readFileSync("samples/ground-truth/attack_labels.json", "utf8")) as Array<{ event_id: string; threat_type: string }>).map((l) => [
    l.event_id,
    l.threat_type,
  ]),
);
const keyOf = (r: { timestamp: string; user: string; message: string }) => `${new Date(r.timestamp).toISOString()}|${r.user}|${r.message}`;

describe("run on the bundled samples", () => {
  const out = mkdtempSync(join(tmpdir(), "la-run-"));
  let result: CliRun;
  let anomalies: Map<string, DetailedAnomaly>;

  beforeAll(async () => {
    result = await runCli(["run", "--data-path", "samples/", "--output-dir", out]);
    const detailed = JSON.parse(readFileSync(join(out, "anomalies_detailed.json"), "utf8")) as { anomalies: DetailedAnomaly[] };
    anomalies = new Map(detailed.anomalies.map((a) => [keyOf(a), a]));
  });

  it("exits 0 and prints the summary line", () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Anomalies detected: \d+ \/ 51 \(/);
  });

  it("writes every output file", () => {
    for (const f of ["anomalies_detected.csv", "anomalies_detailed.json", "anomaly_analysis.png", "model.bin", "log_anomaly_filter.wasm"]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
  });

  it.each(attack.filter((r) => labels.has(r.event_id)).map((r) => [r.event_id, labels.get(r.event_id)!, r] as const))(
    "flags attack event %s as %s",
    (_id, threat, record) => {
      const a = anomalies.get(keyOf(record));
      expect(a, `not flagged: ${JSON.stringify(record)}`).toBeDefined();
      expect(a!.threat_type).toBe(threat);
      expect(a!.anomaly_score).toBeGreaterThanOrEqual(0.5);
      expect(a!.severity).not.toBe("NONE");
      expect(a!.anomaly_reasons.length).toBeGreaterThan(0);
    },
  );

  it("flags no normal event of the attack day", () => {
    const falseAlarms = attack.filter((r) => !labels.has(r.event_id) && anomalies.has(keyOf(r)));
    expect(falseAlarms.map((r) => `${r.event_id} ${r.user} ${r.message}`)).toEqual([]);
  });

  it("groups the alerts into one incident per attack", () => {
    const incidents = JSON.parse(readFileSync(join(out, "incidents.json"), "utf8")) as Array<{ id: string; threat_type: string; alerts: number; users: string[] }>;
    const byThreat = Object.fromEntries(incidents.map((i) => [i.threat_type, i]));
    expect(incidents).toHaveLength(3);
    expect(byThreat.brute_force).toMatchObject({ alerts: 12, users: ["admin"] });
    expect(byThreat.data_exfiltration).toMatchObject({ alerts: 2, users: ["dave"] });
    expect(byThreat.privilege_escalation).toMatchObject({ alerts: 1, users: ["bob"] });
    expect(result.stdout).toMatch(/^Incidents: 3$/m);
  });

  it("has one CSV row per anomaly in the detailed JSON", () => {
    const rows = readFileSync(join(out, "anomalies_detected.csv"), "utf8").trim().split("\r\n");
    expect(rows[0].startsWith("timestamp,user,source_ip")).toBe(true);
    expect(rows.length - 1).toBe(anomalies.size);
  });
});
