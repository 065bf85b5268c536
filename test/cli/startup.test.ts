// What the built CLI loads per command: `--version`, `--help`, inspect, validate and serve
// must start without Vega, Vega-Lite, resvg or TensorFlow.js (the sidecar's host may not
// even have them installed). The spawned process runs under a resolve hook that logs every
// bare package imported and refuses the heavy ones, as an install without them would.

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const HOOK = resolve("test/helpers/module-log/register.mjs");
const MODEL = resolve("test/fixtures/tiny.model.bin");
const HEAVY = /^(vega|vega-lite|@resvg\/|@tensorflow\/)/;
const work = mkdtempSync(join(tmpdir(), "la-startup-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Loaded {
  code: number | null;
  stdout: string;
  stderr: string;
  packages: string[];
}

let runs = 0;

/** Runs `node bin/log-anomaly.mjs ...args` under the hook; `until` ends a long-running command once its stderr matches. */
function cli(args: string[], until?: RegExp): Promise<Loaded> {
  const log = join(work, `modules-${runs++}.log`);
  const child = spawn(process.execPath, ["--import", HOOK, "bin/log-anomaly.mjs", ...args], {
    env: { ...process.env, MODULE_LOG: log },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => {
    stderr += c;
    if (until?.test(stderr)) child.kill("SIGTERM");
  });
  return new Promise((done) =>
    child.on("close", (code) => done({ code, stdout, stderr, packages: existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : [] })),
  );
}

describe.skipIf(!existsSync("dist/cli.mjs"))("start-up of the built CLI", () => {
  it.each([
    ["--version", ["--version"]],
    ["--help", ["--help"]],
    ["run --help", ["run", "--help"]],
    ["inspect", ["inspect", MODEL]],
    ["inspect --json", ["inspect", MODEL, "--json"]],
    ["validate", ["validate", "--data-path", "samples/", "--quiet"]],
    ["serve --help", ["serve", "--help"]],
  ])("%s loads no chart or TensorFlow.js package", async (_label, args) => {
    const r = await cli(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.packages.filter((p) => HEAVY.test(p))).toEqual([]);
  });

  it("--version imports no package at all (yaml loads only for a YAML --config)", async () => {
    const r = await cli(["--version"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.packages).toEqual([]);
  });

  it("serve runs its sidecar without them", async () => {
    const r = await cli(["serve", "--model", MODEL, "--listen-port", "0", "--metrics-interval-ms", "0"], /listening on /);
    expect(r.stderr).toMatch(/listening on /);
    // An unreachable downstream is counted (errors=1 on the shutdown metrics line), not an error line.
    expect(r.stderr).not.toMatch(/refused by the module-log hook|^error|Error\b/m);
    expect(r.packages.filter((p) => HEAVY.test(p))).toEqual([]);
  });

  it.each([
    ["train", ["train", "--data-path", "samples/", "--output-dir", join(work, "train")]],
    ["run", ["run", "--data-path", "samples/", "--output-dir", join(work, "run")]],
  ])("%s without TensorFlow.js installed: one error line naming what to install, exit 2", async (_label, args) => {
    const r = await cli(args);
    expect(r.code, r.stderr).toBe(2);
    const errors = r.stderr.split("\n").filter((l) => l.startsWith("error:"));
    expect(errors, r.stderr).toHaveLength(1);
    expect(errors[0]).toMatch(/^error: training needs TensorFlow\.js \(@tensorflow\/tfjs\)/);
    expect(r.stderr).toMatch(/npm install @tensorflow\/tfjs/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(work, args[0], "model.bin"))).toBe(false);
  });

  it("the hook sees a command that draws: detect loads Vega and is refused it", async () => {
    const r = await cli(["detect", "--model", MODEL, "--data-path", "samples/", "--output-dir", join(work, "detect"), "--quiet"]);
    expect(r.packages).toContain("vega");
    expect(r.stderr).toMatch(/refused by the module-log hook: vega/);
    expect(r.code).not.toBe(0);
  });
});
