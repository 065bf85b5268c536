// The quick start as a new user runs it, in a fresh working directory with the logs in
// ./logs/ (the --data-path default): `run`, then `inspect`, then `detect`, with no path
// options at all. `run` writes anomaly_outputs/model.bin and the model-loading commands
// find it there (they look where train and run write), saying which model they used.

import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveModelPath } from "../../trainer/cli/model-path.ts";

const CLI = resolve("bin/log-anomaly.mjs");
const FAST = ["--autoencoder-epochs", "5", "--iso-forest-estimators", "50"];

function cli(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { PATH: process.env.PATH } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("quick start with no path options", () => {
  const cwd = mkdtempSync(join(tmpdir(), "la-quick-"));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it("inspect before anything was trained names both places a model is looked for", () => {
    const r = cli(cwd, ["inspect"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: No model found at model\/model\.bin or anomaly_outputs\/model\.bin\nhint: train one with /);
  });

  it("run, inspect, detect", () => {
    cpSync(resolve("samples"), join(cwd, "logs"), { recursive: true });
    const run = cli(cwd, ["run", ...FAST, "--quiet"]);
    expect(run.code, run.stderr).toBe(0);
    const inspect = cli(cwd, ["inspect"]);
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(inspect.stderr).toBe("Using the model anomaly_outputs/model.bin\n");
    expect(inspect.stdout).toMatch(/^Model anomaly_outputs\/model\.bin \(\d+ bytes/);
    const detect = cli(cwd, ["detect", "--json"]);
    expect(detect.code, detect.stderr).toBe(0);
    expect(JSON.parse(detect.stdout).model).toBe("anomaly_outputs/model.bin");
    expect(detect.stderr).toMatch(/Using the model anomaly_outputs\/model\.bin/);
  });

  it("a --model that does not exist gets a hint naming the one that does", () => {
    const r = cli(cwd, ["inspect", "model/model.bin"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: Model file not found: model/model.bin\nhint: a model exists at anomaly_outputs/model.bin: pass --model anomaly_outputs/model.bin\n");
  });
});

describe("resolveModelPath with both default models", () => {
  const cwd = mkdtempSync(join(tmpdir(), "la-model-path-"));
  const home = process.cwd();
  beforeAll(() => {
    process.chdir(cwd);
    for (const d of ["model", "anomaly_outputs"]) {
      mkdirSync(d);
      cpSync(join(home, "test/fixtures/tiny.model.bin"), join(d, "model.bin"));
    }
  });
  afterAll(() => {
    process.chdir(home);
    rmSync(cwd, { recursive: true, force: true });
  });

  it.each([
    ["model/model.bin", "anomaly_outputs/model.bin"],
    ["anomaly_outputs/model.bin", "model/model.bin"],
  ])("picks the newer, %s, and says so", (newer, older) => {
    utimesSync(older, new Date(1_000_000), new Date(1_000_000));
    utimesSync(newer, new Date(2_000_000), new Date(2_000_000));
    expect(resolveModelPath("")).toEqual({ path: newer, note: `Using the model ${newer} (newer than ${older})` });
  });

  it("takes --model as given", () => {
    expect(resolveModelPath("model/model.bin")).toEqual({ path: "model/model.bin" });
  });
});
