// A user's mistake gets one clear line, a hint, exit code 2, and never a stack trace.

import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "la-err-"));
const empty = join(dir, "empty");
mkdirSync(empty);
const oneDay = join(dir, "one-day");
mkdirSync(oneDay);
writeFileSync(join(oneDay, "a.jsonl"), '{"timestamp":"2024-01-15T10:00:00Z","user":"a","event_type":"login","action":"success"}\n');
const noTime = join(dir, "no-time");
mkdirSync(noTime);
writeFileSync(join(noTime, "a.json"), '[{"user":"a"},{"user":"b"}]');

describe("CLI usage and input errors", () => {
  it.each([
    // --- commands and flags ---
    [["frobnicate"], /unknown command: frobnicate/],
    [["run", "--no-such-flag"], /unknown option: --no-such-flag\nhint: see --help/],
    [["run", "--data-pth", "x"], /unknown option: --data-pth\nhint: did you mean --data-path\?\n/],
    [["run", "--data_pth", "x"], /unknown option: --data_pth\nhint: did you mean --data-path\?\n/],
    [["detect", "--modle", "x"], /unknown option: --modle\nhint: did you mean --model\?\n/],
    [["run", "--contamination", "0.9"], /--contamination must be in \(0, 0.5\], got: 0.9/],
    [["run", "--contamination", "lots"], /--contamination must be a number, got: lots/],
    [["run", "--iso-forest-estimators", "2.5"], /must be an integer in \[1, 10000\]/],
    [["run", "--log-format", "xml"], /--log-format must be one of/],
    [["run", "--data-path"], /--data-path needs a value/],
    [["train", "--user-capacity", "2097152"], /--user-capacity must be a power of two in \[8, 1048576\], got: 2097152\nhint: .*696 B per user/],
    [["train", "--ip-capacity", "4194304"], /--ip-capacity must be a power of two in \[8, 1048576\]/],
    // --- data ---
    [["run", "--data-path", join(dir, "missing")], /Data path not found/],
    [["run", "--data-path", empty], /No log files found/],
    [["run", "--data-path", noTime], /No records with a usable timestamp/],
    [["run", "--data-path", oneDay], /No analysis data available/],
    [["detect", "--model", join(dir, "nope.bin"), "--data-path", oneDay], /Model file not found/],
  ])("%j → %s", async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^error: .+\n(hint: .+\n)?$/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("accepts the original snake_case spellings", async () => {
    const r = await runCli(["run", "--data_path", oneDay, "--baseline_period_days", "1"]);
    expect(r.stderr).toMatch(/No analysis data available/);
  });

  it("prints help with every option and exits 0", async () => {
    const r = await runCli(["run", "--help"]);
    expect(r.code).toBe(0);
    for (const flag of ["--data-path", "--contamination", "--baseline-period-days", "--autoencoder-epochs", "--iso-forest-estimators", "--batch-size", "--random-state"]) {
      expect(r.stdout).toContain(flag);
    }
  });
});
