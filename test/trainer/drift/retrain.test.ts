// Retraining: the drift report flags a baseline that changed (here: an attack day
// mixed into it), a drift beyond the limits keeps the deployed model in service
// (the new one is left as model.rejected.bin, exit 4) unless --force, --fail-on-drift
// and --dry-run give CI its check, --quiet keeps the warnings, and --exclude-flagged
// keeps the previous model's HIGH/CRITICAL events out of the new baseline.

import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../../helpers/cli.ts";
import type { DriftReport } from "../../../trainer/drift/report.ts";
import { EXIT } from "../../../trainer/util/errors.ts";

const FAST = ["--autoencoder-epochs", "10", "--iso-forest-estimators", "50"];
const QUIET = [...FAST, "--quiet"];
const DEPLOYED = ["model.bin", "log_anomaly_filter.wasm", "log_anomaly_filter_wasi.wasm"];

describe("retraining with a previous model", () => {
  const dir = mkdtempSync(join(tmpdir(), "la-retrain-"));
  const normal = join(dir, "normal");
  const mixed = join(dir, "mixed");
  /** The model trained on the normal week, copied for each scenario. */
  const first = join(dir, "first");
  const copyOfFirst = (name: string) => {
    const to = join(dir, name);
    cpSync(first, to, { recursive: true });
    return to;
  };
  const bytes = (d: string, f: string) => readFileSync(join(d, f));
  const refusedDir = join(dir, "refused");
  let refused: CliRun;
  let drift: DriftReport;

  beforeAll(async () => {
    mkdirSync(normal);
    mkdirSync(mixed);
    copyFileSync("samples/test_logs_normal.json", join(normal, "normal.json"));
    copyFileSync("samples/test_logs_normal.json", join(mixed, "normal.json"));
    copyFileSync("samples/test_logs_attack.json", join(mixed, "attack.json"));
    // A low contamination makes the attack day (about 1% of the mixed baseline) stand out clearly.
    const trained = await runCli(["train", "--data-path", normal, "--output-dir", first, "--contamination", "0.002", ...QUIET]);
    expect(trained.code, trained.stderr).toBe(0);
    copyOfFirst("refused");
    refused = await runCli(["train", "--data-path", mixed, "--output-dir", refusedDir, ...QUIET]);
    drift = JSON.parse(readFileSync(join(refusedDir, "drift.json"), "utf8"));
  });

  it("reports that the previous model flags far more of the new baseline than its contamination", () => {
    expect(drift.previousModelFlagged.share).toBeGreaterThan(3 * drift.previousModelFlagged.expected);
    expect(drift.callouts.join("\n")).toMatch(/may contain an attack \(see --exclude-flagged\)/);
    expect(drift.beyondLimits).toBe(true);
  });

  it("does not let the attack day raise the brute-force thresholds (capped at the peers')", () => {
    // The report lists the thresholds that moved; the capped ones stay put.
    const moved = drift.thresholds.filter((t) => t.rule.startsWith("bf_ip_") && t.current > t.previous);
    expect(moved).toEqual([]);
    expect(drift.callouts.join("\n")).not.toMatch(/rule threshold bf_ip_failed_60s rose/);
  });

  it("counts the attacker's IP as a new entity", () => {
    const ips = drift.entities.find((e) => e.set === "ips")!;
    expect(ips.appeared).toBe(1);
  });

  it("keeps the deployed model and its filters, writes the new one beside them and exits 4", () => {
    expect(refused.code, refused.stderr).toBe(EXIT.DRIFT);
    for (const f of DEPLOYED) expect(bytes(refusedDir, f).equals(bytes(first, f)), f).toBe(true);
    expect(existsSync(join(refusedDir, "model.prev.bin"))).toBe(false);
    const rejected = bytes(refusedDir, "model.rejected.bin");
    expect(rejected.equals(bytes(first, "model.bin"))).toBe(false);
  });

  it("keeps every warning on stderr with --quiet, and says what it did", () => {
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/^warning: the previous model flags [\d.]+% of the new baseline/m);
    expect(refused.stderr).toMatch(/^warning: drift beyond the limits .*kept .*model\.bin in service .*model\.rejected\.bin.*--force/m);
  });

  it("deploys it with --force (exit 0), and exits 4 with --force --fail-on-drift", async () => {
    const forced = copyOfFirst("forced");
    const r = await runCli(["train", "--data-path", mixed, "--output-dir", forced, "--force", ...QUIET]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: the previous model flags/m);
    expect(bytes(forced, "model.prev.bin").equals(bytes(first, "model.bin"))).toBe(true);
    expect(bytes(forced, "model.bin").equals(bytes(first, "model.bin"))).toBe(false);
    const strict = copyOfFirst("forced-strict");
    const s = await runCli(["train", "--data-path", mixed, "--output-dir", strict, "--force", "--fail-on-drift", "--json", ...FAST]);
    expect(s.code, s.stderr).toBe(EXIT.DRIFT);
    const doc = JSON.parse(s.stdout);
    expect(doc.deployed).toBe(true);
    expect(doc.drift.beyondLimits).toBe(true);
    expect(bytes(strict, "model.bin").equals(bytes(first, "model.bin"))).toBe(false);
  });

  it("--dry-run writes nothing; with --fail-on-drift it exits 4 on drift and 0 without", async () => {
    const dry = copyOfFirst("dry");
    const before = readdirSync(dry).sort();
    const plain = await runCli(["train", "--data-path", mixed, "--output-dir", dry, "--dry-run", ...QUIET]);
    expect(plain.code, plain.stderr).toBe(0);
    const check = await runCli(["train", "--data-path", mixed, "--output-dir", dry, "--dry-run", "--fail-on-drift", ...QUIET]);
    expect(check.code, check.stderr).toBe(EXIT.DRIFT);
    expect(readdirSync(dry).sort()).toEqual(before);
    for (const f of DEPLOYED) expect(bytes(dry, f).equals(bytes(first, f)), f).toBe(true);
    const clean = await runCli(["train", "--data-path", normal, "--output-dir", dry, "--dry-run", "--fail-on-drift", ...QUIET]);
    expect(clean.code, clean.stderr).toBe(0);
  });

  it("excludes the previous model's HIGH/CRITICAL events with --exclude-flagged, and then deploys", async () => {
    const hygiene = copyOfFirst("hygiene");
    const r = await runCli(["train", "--data-path", mixed, "--output-dir", hygiene, "--exclude-flagged", ...FAST]);
    expect(r.code, r.stderr).toBe(0);
    const excluded = Number(/Excluded (\d+) records/.exec(r.stderr)![1]);
    expect(excluded).toBeGreaterThanOrEqual(12);
    expect(r.stdout + r.stderr).not.toMatch(/see --exclude-flagged/);
    const d = JSON.parse(readFileSync(join(hygiene, "drift.json"), "utf8")) as DriftReport;
    expect(d.beyondLimits, d.callouts.join("\n")).toBe(false);
  });

  it("a deployed retrain removes a model refused earlier", async () => {
    const again = join(dir, "again");
    cpSync(refusedDir, again, { recursive: true });
    const r = await runCli(["train", "--data-path", normal, "--output-dir", again, ...QUIET]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(again, "model.rejected.bin"))).toBe(false);
  });
});
