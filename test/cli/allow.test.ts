// --allow FILE end to end: `run` on the samples with user dave (the exfiltration) and the range
// 203.0.113.0/24 (the brute force) listed. Their alerts disappear from the reports and are counted as
// suppressed; the privilege escalation still alerts; `detect` with the same model minus its list
// finds exactly the alerts back; the deployable filter says the same as the batch reports, record
// for record; the option comes from the flag, the environment or the config file.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.ts";
import { readCsvReport } from "../helpers/csv.ts";
import { FluentBitHost } from "../helpers/fluent-bit-host.ts";
import { readModel } from "../../trainer/model/read.ts";
import { writeModel } from "../../trainer/model/write.ts";

const ATTACK = "samples/test_logs_attack.json";
const QUICK = ["--autoencoder-epochs", "5", "--iso-forest-estimators", "50"];
const dir = mkdtempSync(join(tmpdir(), "la-allow-"));
const allowFile = join(dir, "allow.txt");
const out = join(dir, "run");
const listed = (row: Record<string, unknown>) => String(row.user).toLowerCase() === "dave" || String(row.source_ip).startsWith("203.0.113.");

let run: CliRun;
let doc: { summary: Record<string, unknown> };
let rows: Array<Record<string, string>>;

beforeAll(async () => {
  writeFileSync(allowFile, "# benign for this test\nuser Dave        # case does not matter\nip 203.0.113.0/24\n");
  writeFileSync(join(dir, "run.yaml"), `allow: ${allowFile}\n`);
  run = await runCli(["run", "--data-path", "samples/", "--output-dir", out, "--config", join(dir, "run.yaml"), "--json", ...QUICK]);
  doc = JSON.parse(run.stdout);
  rows = readCsvReport(join(out, "anomalies_detected.csv"));
}, 180_000);

describe("run --allow (from the config file)", () => {
  it("exits 0", () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Allowlist ${allowFile}: 1 user, 0 IPs, 1 IPv4 range, 0 pairs`);
  });

  it("reports no alert on a listed entity, counts the suppressed ones, and still alerts on the others", () => {
    expect(rows.filter(listed)).toEqual([]);
    expect(rows.map((r) => `${r.user} ${r.threat_type}`)).toContain("bob privilege_escalation");
    expect(doc.summary.anomalies).toBe(rows.length);
    const suppressed = doc.summary.suppressed as Record<string, number>;
    expect(suppressed.user, JSON.stringify(suppressed)).toBeGreaterThan(0);
    expect(suppressed.ip, JSON.stringify(suppressed)).toBeGreaterThan(0);
    const incidents = JSON.parse(readFileSync(join(out, "incidents.json"), "utf8")) as unknown;
    expect(JSON.stringify(incidents)).not.toMatch(/dave|203\.0\.113/);
  });

  it("hides exactly the alerts the same model without its list raises on the listed entities", async () => {
    const model = join(dir, "unlisted.bin");
    writeFileSync(model, writeModel({ ...readModel(readFileSync(join(out, "model.bin"))), allowlist: undefined }));
    const detect = await runCli(["detect", "--data-path", ATTACK, "--model", model, "--output-dir", join(dir, "detect"), "--quiet"]);
    expect(detect.code, detect.stderr).toBe(0);
    const all = readCsvReport(join(dir, "detect", "anomalies_detected.csv"));
    const suppressed = Object.values(doc.summary.suppressed as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(all.filter(listed).length).toBe(suppressed);
    expect(all.filter((r) => !listed(r))).toEqual(rows);
  });

  it("builds a filter that gives every record the batch verdict, through the Fluent Bit ABI", async () => {
    const host = await FluentBitHost.load(join(out, "log_anomaly_filter.wasm"));
    const records = readFileSync(ATTACK, "utf8").split("\n").filter((l) => l.trim() !== "");
    const inline = records.map((rec) => {
      const r = host.filter(rec, { timeSec: Date.parse(JSON.parse(rec).timestamp) / 1000 });
      if (!r.ok) expect.fail(`dropped: ${r.reason}`);
      return r.value;
    });
    const alerts = inline.filter((v) => v.threat_type !== "none");
    expect(alerts.map((v) => `${v.timestamp} ${v.user} ${v.threat_type} ${v.severity} ${(v.anomaly_score as number).toFixed(4)}`).sort()).toEqual(
      rows.map((r) => `${r.timestamp.replace(".000Z", "Z")} ${r.user} ${r.threat_type} ${r.severity} ${r.anomaly_score}`).sort(),
    );
    const hidden = inline.filter((v) => v.allowlisted !== undefined);
    expect(hidden.length).toBe(Object.values(doc.summary.suppressed as Record<string, number>).reduce((a, b) => a + b, 0));
    for (const v of hidden) {
      expect(v, JSON.stringify(v)).toMatchObject({ anomaly_score: 0.4999, threat_type: "none", severity: "NONE", allowlisted: v.user === "dave" ? "user" : "ip" });
      expect(v.suppressed_score as number).toBeGreaterThanOrEqual(0.5);
      expect(v.anomaly_reasons).toBeUndefined();
    }
  });

  it("inspect prints the list's counts per kind, and the field map", async () => {
    const text = await runCli(["inspect", join(out, "model.bin")]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Allowlist \(alerts suppressed\):\n {2}users +1\n {2}ips +0\n {2}ranges +1\n {2}pairs +0\n/);
    expect(text.stdout).toContain("Log format: auto\nField map: none\n");
    const json = JSON.parse((await runCli(["inspect", join(out, "model.bin"), "--json"])).stdout);
    expect(json.allowlist).toEqual({ users: 1, ips: 0, ranges: 1, pairs: 0 });
  });
});

describe("where --allow comes from, and bad files", () => {
  const bad = join(dir, "bad.txt");
  const missing = join(dir, "missing.txt");
  beforeAll(() => writeFileSync(bad, "user ok\nip 10.0.0.0/33\n"));
  const train = (args: string[], env: Record<string, string> = {}) => runCli(["train", "--data-path", "samples/", "--output-dir", join(dir, "never"), ...args], { env });

  it.each([
    ["the flag", () => train(["--allow", bad]), `error: ${bad}:2: 10.0.0.0/33: the prefix must be 8 to 32\n`],
    ["LOG_ANOMALY_ALLOW", () => train([], { LOG_ANOMALY_ALLOW: bad }), `error: ${bad}:2: 10.0.0.0/33: the prefix must be 8 to 32\n`],
    ["the flag over the environment", () => train(["--allow", missing], { LOG_ANOMALY_ALLOW: bad }), `error: Cannot read allow file ${missing}: ENOENT\nhint: check the --allow path\n`],
    ["a config file's allow: key", () => { writeFileSync(join(dir, "t.yaml"), `allow: ${bad}\n`); return train(["--config", join(dir, "t.yaml")]); }, `error: ${bad}:2: 10.0.0.0/33: the prefix must be 8 to 32\n`],
  ])("%s: one line naming file:line, exit 2, before any training", async (_, go, stderr) => {
    const r = await go();
    expect([r.code, r.stderr, r.stdout]).toEqual([2, stderr, ""]);
  });
});
