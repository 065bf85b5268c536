// --json: stdout holds exactly one JSON document (the run summary and the paths
// of what was written), whatever else happens; progress stays on stderr.

import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.ts";

const FAST = ["--autoencoder-epochs", "2", "--iso-forest-estimators", "20"];

/** The latest timestamp in samples/test_logs_normal.json (the baseline file), ISO. */
function lastBaselineRecord(): string {
  const records = JSON.parse(readFileSync("samples/test_logs_normal.json", "utf8")) as Array<{ timestamp: string }>;
  return new Date(Math.max(...records.map((r) => Date.parse(r.timestamp)))).toISOString();
}

describe("--json", () => {
  const out = mkdtempSync(join(tmpdir(), "la-json-"));
  const trained = mkdtempSync(join(tmpdir(), "la-json-train-"));
  let run: CliRun;
  let doc: { command: string; summary: Record<string, unknown>; files: Record<string, string> };

  beforeAll(async () => {
    run = await runCli(["run", "--data-path", "samples/", "--output-dir", out, "--json", ...FAST]);
    doc = JSON.parse(run.stdout);
  });

  it("run: exits 0 and prints one JSON document with the summary", () => {
    expect(run.code, run.stderr).toBe(0);
    expect(doc.command).toBe("run");
    expect(doc.summary).toMatchObject({ total_events: 51, baseline_events: expect.any(Number), contamination: 0.005 });
    expect(doc.summary.anomalies).toBeGreaterThan(0);
    expect(Object.keys(doc.summary).sort()).toEqual(
      ["total_events", "anomalies", "contamination", "baseline_events", "baseline_start", "baseline_end", "analysis_start", "analysis_end", "by_threat_type", "by_severity", "top_users", "top_sources", "incidents", "top_incidents", "skipped", "suppressed"].sort(),
    );
  });

  it("run: the baseline ends at its last record, not at the period boundary", () => {
    // samples/: the baseline period is 2024-01-15 .. 2024-01-22 00:00; its last record is on the 21st.
    expect(doc.summary.baseline_end).toBe(lastBaselineRecord());
  });

  it("run: lists every file it wrote, and they exist", () => {
    expect(Object.keys(doc.files).sort()).toEqual(["csv", "filter", "html", "incidents", "json", "model", "png", "wasi_filter"].sort());
    for (const path of Object.values(doc.files)) expect(existsSync(path), path).toBe(true);
  });

  it("run: keeps progress on stderr", () => {
    expect(run.stdout.trimStart().startsWith("{")).toBe(true);
    expect(run.stdout).not.toContain("LOG ANOMALY DETECTION SUMMARY");
    expect(run.stderr).toContain("Loading logs from samples/");
  });

  it("run with --quiet still prints the document, and on stderr only warnings (not progress)", async () => {
    const r = await runCli(["run", "--data-path", "samples/", "--output-dir", mkdtempSync(join(tmpdir(), "la-json-q-")), "--json", "--quiet", ...FAST]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).summary.total_events).toBe(51);
    // the bundled baseline week has no events at some hours of the day
    expect(r.stderr).toMatch(/^(warning: .*\n)+$/);
  });

  it("detect: the same document, with the model used; --fail-on-anomaly still exits 1", async () => {
    const r = await runCli(["detect", "--model", doc.files.model, "--data-path", "samples/test_logs_attack.json", "--output-dir", join(out, "detect"), "--json", "--fail-on-anomaly"]);
    expect(r.code, r.stderr).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({ command: "detect", model: doc.files.model, summary: { total_events: 51 } });
    // The model stores contamination as f32 and the baseline span as trained: both read back as run printed them.
    expect(d.summary).toMatchObject({ contamination: 0.005, baseline_start: doc.summary.baseline_start, baseline_end: doc.summary.baseline_end });
    const text = await runCli(["detect", "--model", doc.files.model, "--data-path", "samples/test_logs_attack.json", "--output-dir", join(out, "detect-text")]);
    expect(text.stdout).toMatch(/^ {2}Contamination: {2}0\.005$/m);
    expect(Object.keys(d.files).sort()).toEqual(["csv", "html", "incidents", "json", "png"]);
  });

  it("train: the baseline, model size and files", async () => {
    const r = await runCli(["train", "--data-path", "samples/test_logs_normal.json", "--output-dir", trained, "--json", "--quiet", ...FAST]);
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t.command).toBe("train");
    expect(t.baseline.records).toBeGreaterThan(1000);
    expect(t.model_bytes).toBeGreaterThan(0);
    for (const key of ["model", "filter", "wasi_filter"]) expect(existsSync(t.files[key]), key).toBe(true);
  });

  it("an error leaves stdout empty", async () => {
    const r = await runCli(["run", "--data-path", join(out, "missing"), "--json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error: Data path not found/m);
  });
});
