// Every command has generated help with every option and examples; --version
// prints the package version.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";

const COMMANDS = ["run", "train", "detect", "validate", "allow", "build-filter", "inspect", "serve"];

describe("help and version", () => {
  it("lists every command, the config and environment sources and the exit codes", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    for (const name of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    expect(r.stdout).toContain("--config <file>");
    expect(r.stdout).toContain("LOG_ANOMALY_<OPTION>");
    expect(r.stdout).toContain("Exit codes: 0 ok, 1 anomalies found (with --fail-on-anomaly), 2 usage or input error, 3 internal error, 4 drift beyond limits (train: the new model was not deployed, or --fail-on-drift).");
  });

  it.each(COMMANDS)("%s --help: options, global options, precedence, examples", async (name) => {
    const r = await runCli([name, "--help"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Usage: log-anomaly ${name}`);
    expect(r.stdout).toMatch(/\nOptions:\n {2}(--|<)/);
    expect(r.stdout).toContain("--config <string>");
    expect(r.stdout).toContain("Precedence: command line > environment > config file > default.");
    expect(r.stdout).toMatch(/\nExamples:\n {2}log-anomaly /);
    expect(r.stdout).not.toMatch(/\(default: ?\)/);
  });

  it.each([["run"], ["detect"], ["train"], ["validate"], ["allow"]])("%s has --json and --quiet", async (name) => {
    const r = await runCli([name, "--help"]);
    expect(r.stdout).toMatch(/^ {2}--json +/m);
    expect(r.stdout).toMatch(/^ {2}--quiet +/m);
  });

  it("prints the version", async () => {
    const r = await runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(JSON.parse(readFileSync("package.json", "utf8")).version + "\n");
  });
});
