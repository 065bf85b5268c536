// Corrupt and unreadable files in a log directory (README "Checking logs first: validate",
// "unreadable files are skipped with a warning"): `validate` lists and counts them and exits 2;
// `run` and `detect` skip them with one warning each and process the rest; an empty directory or
// a wrong path gives the documented one-line error with exit 2, never an internal error (3).
//
// Tests run as root, so `chmod 000` does not make a file unreadable; the unreadable entries here
// are a broken symlink and a FIFO named *.json. FIFO cases run the CLI in a child process with a
// time limit: a CLI that tried to read the FIFO would block its event loop for good.

import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, cleanEnv, type CliRun } from "../helpers/cli.ts";
import { trainedModel } from "../helpers/trained-model.ts";
import { readText, splitRecords } from "../../trainer/pipeline/load.ts";

const root = mkdtempSync(join(tmpdir(), "cli-bad-files-"));
const QUICK = ["--autoencoder-epochs", "3", "--iso-forest-estimators", "30"];
/** Records in the two good files: the attack sample (NDJSON) and the normal sample (JSON array). */
const GOOD_RECORDS = 51 + 1221;
const CHILD_LIMIT_MS = 30_000;

let modelPath: string;
let mixed: string; // good files + a garbage JSON array + binary garbage + a truncated .gz
let binaryRecords: number;

/** A directory of the two sample files plus `extra` (name → contents, or a function that makes the entry). */
function logDir(name: string, extra: Record<string, string | Uint8Array | ((path: string) => void)>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  copyFileSync("samples/test_logs_attack.json", join(dir, "good-attack.jsonl"));
  copyFileSync("samples/test_logs_normal.json", join(dir, "good-normal.json"));
  for (const [file, contents] of Object.entries(extra)) {
    if (typeof contents === "function") contents(join(dir, file));
    else writeFileSync(join(dir, file), contents);
  }
  return dir;
}

function seededBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

beforeAll(async () => {
  modelPath = (await trainedModel()).modelPath;
  const gz = gzipSync(readFileSync("samples/test_logs_attack.json"));
  mixed = logDir("mixed", {
    "garbage-array.json": '[{"user":"a",garbage',
    "binary.json": seededBytes(3000, 42),
    "truncated.json.gz": gz.subarray(0, gz.length >> 1),
  });
  binaryRecords = splitRecords(readText(join(mixed, "binary.json"))).length;
});

afterAll(async () => (await trainedModel()).dispose());

afterAll(() => rmSync(root, { recursive: true, force: true }));

function warnings(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.startsWith("warning: skipped "));
}

function summaryOf(r: CliRun): Record<string, unknown> {
  return (JSON.parse(r.stdout) as { summary: Record<string, unknown> }).summary;
}

// ---------------------------------------------------------------------------------------------

describe("a directory with a garbage .json, binary garbage and a truncated .gz", () => {
  it("validate lists and counts the unreadable files, exits 2", async () => {
    const r = await runCli(["validate", "--data-path", mixed, "--json"]);
    const doc = JSON.parse(r.stdout) as { ok: boolean; totals: Record<string, unknown>; files: { file: string; error: string | null }[] };
    const unreadable = doc.files.filter((f) => f.error !== null).map((f) => f.file.split("/").pop());
    console.log(`cli validate: exit ${r.code}, ${doc.totals.files} files, ${doc.totals.unreadable} unreadable (${unreadable.join(", ")}), ${doc.totals.usable} usable records`);
    expect(r.code).toBe(2);
    expect(unreadable.sort()).toEqual(["garbage-array.json", "truncated.json.gz"]);
    expect(doc.totals).toMatchObject({ files: 5, unreadable: 2, usable: GOOD_RECORDS, problems: { invalid_json: binaryRecords } });
    expect(r.stderr).toMatch(/^error: 2 of 5 files could not be read: garbage-array.json, truncated.json.gz$/m);
  });

  it.each([
    ["detect", () => ["detect", "--model", modelPath]],
    ["run", () => ["run", ...QUICK]],
  ])("%s skips them with one warning each and processes the rest", async (name, argv) => {
    const r = await runCli([...argv(), "--data-path", mixed, "--output-dir", join(root, `out-${name}`), "--json"]);
    const summary = r.code === 0 ? summaryOf(r) : {};
    console.log(`cli ${name}: exit ${r.code}, warnings ${JSON.stringify(warnings(r.stderr))}, events ${summary.total_events} (+ baseline ${summary.baseline_events}), skipped ${JSON.stringify(summary.skipped)}`);
    expect(r.code, r.stderr).toBe(0);
    expect(warnings(r.stderr).map((w) => /^warning: skipped ([^:]+):/.exec(w)?.[1])).toEqual(["garbage-array.json", "truncated.json.gz"]);
    const counted = (name === "run" ? Number(summary.baseline_events) : 0) + Number(summary.total_events);
    expect(counted).toBe(GOOD_RECORDS);
    // The binary file's lines are records too: unusable, skipped and counted.
    expect(Object.values(summary.skipped as Record<string, number>).reduce((a, b) => a + b, 0), JSON.stringify(summary.skipped)).toBe(binaryRecords);
  });
});

describe("unreadable directory entries named *.json", () => {
  it.each(["validate", "detect", "run"])("%s: a broken symlink is skipped like an unreadable file, not an internal error", async (cmd) => {
    const dir = logDir(`broken-link-${cmd}`, { "broken-link.json": (p) => symlinkSync(join(root, "does-not-exist.json"), p) });
    const out = ["--output-dir", join(root, `out-link-${cmd}`)];
    const argv = cmd === "validate" ? ["validate"] : cmd === "detect" ? ["detect", "--model", modelPath, ...out] : ["run", ...QUICK, ...out];
    const r = await runCli([...argv, "--data-path", dir]);
    console.log(`cli ${cmd} with a broken symlink: exit ${r.code}, stderr ${JSON.stringify(r.stderr.trim().split("\n").slice(-2).join(" | "))}`);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(cmd === "validate" ? 2 : 0);
    expect(r.stderr).toContain("broken-link.json");
  });

  it.each(["validate", "detect"])("%s: a FIFO is skipped with a warning (and never read)", async (cmd) => {
    const dir = logDir(`fifo-${cmd}`, { "fifo.json": (p) => execFileSync("mkfifo", [p]) });
    const argv = cmd === "validate" ? ["validate", "--data-path", dir] : ["detect", "--model", modelPath, "--data-path", dir, "--output-dir", join(root, "out-fifo")];
    const r = await runCliChild(argv, CHILD_LIMIT_MS);
    console.log(`cli ${cmd} with a FIFO: exit ${r.code}, stderr ${JSON.stringify(r.stderr.trim().split("\n").slice(-3).join(" | "))}`);
    expect(r.code, "finished (a read of the FIFO would block forever)").not.toBe("timeout");
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(cmd === "validate" ? 2 : 0);
    expect(r.stderr, "the FIFO is named in a warning or error").toContain("fifo.json");
  });
});

describe("nothing to read", () => {
  const empty = join(root, "empty");
  const onlyBad = join(root, "only-bad");
  beforeAll(() => {
    mkdirSync(empty);
    mkdirSync(onlyBad);
    writeFileSync(join(onlyBad, "garbage-array.json"), "[nope");
    writeFileSync(join(onlyBad, "truncated.json.gz"), Uint8Array.of(0x1f, 0x8b, 8, 0));
  });

  it.each([
    ["an empty directory", () => empty, /^error: No log files found in .*empty\nhint: log files end in \.json, \.jsonl, \.ndjson, \.log or \.txt \(optionally rotated, \.1, and \.gz\), or have no extension$/m],
    ["a wrong path", () => join(root, "no-such-dir"), /^error: Data path not found: .*no-such-dir\nhint: pass --data-path pointing at a directory or file of JSON logs$/m],
    ["a directory of unreadable files only", () => onlyBad, /^error: (No records could be read from .*only-bad|2 of 2 files could not be read: garbage-array\.json, truncated\.json\.gz)$/m],
  ])("%s: validate, run and detect give the documented error and exit 2", async (_name, path, message) => {
    for (const argv of [["validate"], ["run", ...QUICK, "--output-dir", join(root, "out-none")], ["detect", "--model", modelPath, "--output-dir", join(root, "out-none")]]) {
      const r = await runCli([...argv, "--data-path", path()]);
      expect(r.code, `${argv[0]}: ${r.stderr}`).toBe(2);
      expect(r.stderr, argv[0]).toMatch(message);
      expect(r.stderr, argv[0]).not.toMatch(/internal error|\n\s+at /);
    }
  });
});

// --- internal ---

/** The CLI from source in a child process (tsx), killed after limitMs. */
function runCliChild(argv: string[], limitMs: number): Promise<{ code: number | null | "timeout"; stdout: string; stderr: string }> {
  const script = 'import { main } from "./trainer/cli/main.ts"; process.exitCode = await main(process.argv.slice(1));';
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, ...argv], { stdio: ["ignore", "pipe", "pipe"], env: cleanEnv() });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => (stderr += c));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve({ code: "timeout", stdout, stderr });
    }, limitMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
