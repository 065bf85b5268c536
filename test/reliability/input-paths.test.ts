// Issue #16 item 9, the reading side: every file a command reads (model, allow file, field map,
// config, logs) given as a FIFO (which would block a plain read forever) or a directory. Each
// command finishes with exit 2 and one `error:` line, never a hang, never a stack trace.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { trainedModel } from "../helpers/trained-model.ts";

let root: string;
let fifo: string;
let dir: string;
let modelPath: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "la-input-paths-"));
  fifo = join(root, "fifo.json");
  execFileSync("mkfifo", [fifo]);
  dir = join(root, "a-directory.json");
  mkdirSync(dir);
  modelPath = (await trainedModel()).modelPath;
});
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  (await trainedModel()).dispose();
});

const QUICK = ["--autoencoder-epochs", "1", "--iso-forest-estimators", "10", "--quiet"];
type Row = [command: string, flag: string, argv: (bad: string) => string[]];
const ROWS: Row[] = [
  ["detect", "--model", (bad) => ["detect", "--model", bad, "--data-path", "samples/", "--output-dir", join(root, "out")]],
  ["inspect", "model", (bad) => ["inspect", bad]],
  ["build-filter", "--model", (bad) => ["build-filter", "--model", bad, "-o", join(root, "f.wasm")]],
  ["serve", "--model", (bad) => ["serve", "--model", bad, "--listen-port", "0"]],
  ["train", "--allow", (bad) => ["train", "--data-path", "samples/", "--output-dir", join(root, "m"), "--allow", bad, ...QUICK]],
  ["train", "--field-map", (bad) => ["train", "--data-path", "samples/", "--output-dir", join(root, "m"), "--field-map", bad, ...QUICK]],
  ["train", "--config", (bad) => ["train", "--data-path", "samples/", "--output-dir", join(root, "m"), "--config", bad, ...QUICK]],
  ["detect", "--allow", (bad) => ["detect", "--model", modelPath, "--data-path", "samples/", "--output-dir", join(root, "out"), "--allow", bad]],
];
const KINDS = ["a FIFO", "a directory"] as const;
const table = ROWS.flatMap(([cmd, flag, argv]) => KINDS.map((kind) => [cmd, flag, kind, argv] as const));

describe("inputs that are not plain files", () => {
  it.each(table)("%s %s given %s: exit 2, one error line", async (_cmd, _flag, kind, argv) => {
    const r = await runCli(argv(kind === "a FIFO" ? fifo : dir));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("error: ")), r.stderr).toHaveLength(1);
    expect(r.stderr).not.toMatch(/internal error|    at /);
  }, 30_000);

  it("validate and run name a FIFO among the logs as that file's problem", async () => {
    const r = await runCli(["validate", "--data-path", fifo]);
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/not a regular file/);
  }, 30_000);
});
