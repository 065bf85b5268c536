// Retraining: the previous model is kept, the drift report flags a baseline that
// changed (here: an attack day mixed into it), and --exclude-flagged keeps the
// previous model's HIGH/CRITICAL events out of the new baseline.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../../helpers/cli.ts";
import type { DriftReport } from "../../../trainer/drift/report.ts";

const FAST = ["--autoencoder-epochs", "10", "--iso-forest-estimators", "50", "--quiet"];

describe("retraining with a previous model", () => {
  const dir = mkdtempSync(join(tmpdir(), "la-retrain-"));
  const normal = join(dir, "normal");
  const mixed = join(dir, "mixed");
  const model = join(dir, "model");
  const hygiene = join(dir, "hygiene");
  let second: CliRun;
  let third: CliRun;
  let drift: DriftReport;

  beforeAll(async () => {
    mkdirSync(normal);
    mkdirSync(mixed);
    copyFileSync("samples/test_logs_normal.json", join(normal, "normal.json"));
    copyFileSync("samples/test_logs_normal.json", join(mixed, "normal.json"));
    copyFileSync("samples/test_logs_attack.json", join(mixed, "attack.json"));
    // A low contamination makes the attack day (about 1% of the mixed baseline) stand out clearly.
    const first = await runCli(["train", "--data-path", normal, "--output-dir", model, "--contamination", "0.002", ...FAST]);
    expect(first.code, first.stderr).toBe(0);
    mkdirSync(hygiene);
    copyFileSync(join(model, "model.bin"), join(hygiene, "model.bin"));
    second = await runCli(["train", "--data-path", mixed, "--output-dir", model, ...FAST]);
    drift = JSON.parse(readFileSync(join(model, "drift.json"), "utf8"));
    third = await runCli(["train", "--data-path", mixed, "--output-dir", hygiene, "--exclude-flagged", ...FAST.slice(0, -1)]);
  });

  it("keeps the previous model and writes both filters", () => {
    expect(second.code, second.stderr).toBe(0);
    for (const f of ["model.bin", "model.prev.bin", "log_anomaly_filter.wasm", "log_anomaly_filter_wasi.wasm", "drift.json"]) {
      expect(existsSync(join(model, f)), f).toBe(true);
    }
  });

  it("reports that the previous model flags far more of the new baseline than its contamination", () => {
    expect(drift.previousModelFlagged.share).toBeGreaterThan(3 * drift.previousModelFlagged.expected);
    expect(drift.callouts.join("\n")).toMatch(/may contain an attack/);
  });

  it("counts the attacker's IP as a new entity", () => {
    const ips = drift.entities.find((e) => e.set === "ips")!;
    expect(ips.appeared).toBe(1);
  });

  it("excludes the previous model's HIGH/CRITICAL events with --exclude-flagged", () => {
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toMatch(/Excluded \d+ records/);
    const excluded = Number(/Excluded (\d+) records/.exec(third.stderr)![1]);
    expect(excluded).toBeGreaterThanOrEqual(12);
  });
});
