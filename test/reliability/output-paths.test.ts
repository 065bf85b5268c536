// Issue #16 items 7 and 9: where the CLI writes. Planted symbolic links in the output directory
// are replaced, never written through; the model is private, reports are not; and every command
// that writes meets the same wrong paths (a file as the directory, a directory as the file, a
// place nothing can be created) with exit 2, one `error:` line and a hint, leaving nothing behind.

import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { trainedModel } from "../helpers/trained-model.ts";
import { REPORT_FILES } from "../../trainer/reports/write.ts";

const QUICK = ["--autoencoder-epochs", "1", "--iso-forest-estimators", "10", "--quiet"];
let root: string;
let modelPath: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "la-output-paths-"));
  modelPath = (await trainedModel()).modelPath;
});
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  (await trainedModel()).dispose();
});

let n = 0;
const fresh = () => {
  const d = join(root, `case-${n++}`);
  mkdirSync(d);
  return d;
};
const mode = (p: string) => statSync(p).mode & 0o777;

describe("planted links are replaced, never written through", () => {
  it("detect: every report name planted as a link to a victim file; the victims are untouched", async () => {
    const dir = fresh();
    const out = join(dir, "reports");
    mkdirSync(out);
    const victims = Object.values(REPORT_FILES).map((name) => {
      const victim = join(dir, `victim-${name}`);
      writeFileSync(victim, "precious\n");
      symlinkSync(victim, join(out, name));
      return victim;
    });
    const r = await runCli(["detect", "--model", modelPath, "--data-path", "samples/", "--output-dir", out, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    for (const v of victims) expect(readFileSync(v, "utf8")).toBe("precious\n");
    for (const name of Object.values(REPORT_FILES)) {
      expect(lstatSync(join(out, name)).isFile()).toBe(true);
      expect(mode(join(out, name))).toBe(0o644);
    }
    expect(readdirSync(out).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  }, 60_000);

  it("build-filter: the output planted as a link; the victim is untouched and the filter is private", async () => {
    const dir = fresh();
    const victim = join(dir, "victim");
    writeFileSync(victim, "precious\n");
    symlinkSync(victim, join(dir, "filter.wasm"));
    const r = await runCli(["build-filter", "--model", modelPath, "-o", join(dir, "filter.wasm")]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
    expect(lstatSync(join(dir, "filter.wasm")).isFile()).toBe(true);
    expect(mode(join(dir, "filter.wasm"))).toBe(0o600);
  }, 60_000);

  it("train: model.bin and the filters are written 0600", async () => {
    const { dir } = await trainedModel();
    for (const f of readdirSync(dir).filter((f) => f.endsWith(".bin") || f.endsWith(".wasm"))) expect(mode(join(dir, f)), f).toBe(0o600);
  });
});

type Command = [name: string, argv: (out: string) => string[]];
const DIR_COMMANDS: Command[] = [
  ["run", (out) => ["run", "--data-path", "samples/", "--output-dir", out, ...QUICK]],
  ["train", (out) => ["train", "--data-path", "samples/", "--output-dir", out, ...QUICK]],
  ["detect", (out) => ["detect", "--model", modelPath, "--data-path", "samples/", "--output-dir", out, "--quiet"]],
];
const FILE_COMMANDS: Command[] = [["build-filter", (out) => ["build-filter", "--model", modelPath, "-o", out]]];

type BadPath = [what: string, make: (dir: string) => string];
const BAD_DIRS: BadPath[] = [
  ["a regular file", (dir) => (writeFileSync(join(dir, "f"), "x"), join(dir, "f"))],
  ["a path under a regular file", (dir) => (writeFileSync(join(dir, "f"), "x"), join(dir, "f", "sub"))],
  ["a place nothing can be created (/proc)", () => "/proc/log-anomaly-test/out"],
];
const BAD_FILES: BadPath[] = [
  ["a directory with a trailing slash", (dir) => join(dir, "sub") + "/"],
  ["an existing directory", (dir) => (mkdirSync(join(dir, "d")), join(dir, "d"))],
  ["a file under a regular file", (dir) => (writeFileSync(join(dir, "f"), "x"), join(dir, "f", "filter.wasm"))],
  ["a place nothing can be created (/proc)", () => "/proc/log-anomaly-test/filter.wasm"],
];
const table = [
  ...DIR_COMMANDS.flatMap(([name, argv]) => BAD_DIRS.map(([what, make]) => [name, what, argv, make] as const)),
  ...FILE_COMMANDS.flatMap(([name, argv]) => BAD_FILES.map(([what, make]) => [name, what, argv, make] as const)),
];

describe("wrong output paths are user errors", () => {
  it.each(table)("%s given %s: exit 2, one error line with a hint, nothing left behind", async (_name, _what, argv, make) => {
    const dir = fresh();
    const out = make(dir);
    const before = readdirSync(dir).sort();
    const r = await runCli(argv(out));
    const lines = r.stderr.trim().split("\n");
    expect(r.code, r.stderr).toBe(2);
    expect(lines.filter((l) => l.startsWith("error: "))).toHaveLength(1);
    expect(r.stderr).toMatch(/^hint: /m);
    expect(r.stderr).not.toMatch(/internal error|    at /);
    expect(readdirSync(dir).sort()).toEqual(before);
  }, 60_000);
});
