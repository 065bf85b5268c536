// Issue #16 item 8: a decompression bomb among the log files. The bomb is made here: 300 MB of
// zeros gzip to about 300 KB. Over the cap (set low here through the environment, and by default
// below V8's longest string), it is that file's error alone: validate reports it per file, run
// warns and carries on with the others, and errors only when no file is usable.

import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { DEFAULT_MAX_DECOMPRESSED_BYTES, MAX_DECOMPRESSED_ENV, gunzipBounded } from "../../trainer/util/bounded-gunzip.ts";

const ZEROS = 300 * 1000 * 1000;
let root: string;
let bomb: Buffer;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "la-gzip-bomb-"));
  const zeros = Buffer.alloc(ZEROS);
  bomb = gzipSync(zeros, { level: 9 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** samples/ plus the bomb (and optionally nothing else). */
function dataDir(withSamples: boolean): string {
  const d = mkdtempSync(join(root, "data-"));
  if (withSamples) for (const f of ["test_logs_normal.json", "test_logs_attack.json"]) copyFileSync(join("samples", f), join(d, f));
  writeFileSync(join(d, "bomb.json.gz"), bomb);
  return d;
}

// The cap is read from the process environment where the file is read (trainer/util/bounded-gunzip.ts).
beforeAll(() => {
  process.env[MAX_DECOMPRESSED_ENV] = String(50 * 1000 * 1000);
});
afterAll(() => {
  delete process.env[MAX_DECOMPRESSED_ENV];
});

describe("decompression bombs", () => {
  it("the cap stops inflating at the cap (memory bounded) and names itself", () => {
    expect(bomb.length).toBeLessThan(ZEROS / 500);
    expect(() => gunzipBounded(bomb, 1 << 20)).toThrow(/more than 1048576 bytes/);
    expect(gunzipBounded(gzipSync(Buffer.from("[]")), 1 << 20).toString()).toBe("[]");
    expect(DEFAULT_MAX_DECOMPRESSED_BYTES).toBeLessThan(2 ** 29 - 24);
  });

  it("validate: the bomb is an error of its own row, the other files are checked", async () => {
    const r = await runCli(["validate", "--data-path", dataDir(true), "--json"]);
    const out = JSON.parse(r.stdout) as { files: { file: string; error?: string; records: number }[] };
    const byName = new Map(out.files.map((f) => [f.file.split("/").pop(), f]));
    expect(byName.get("bomb.json.gz")?.error).toMatch(/decompresses to more than 50000000 bytes/);
    expect(byName.get("test_logs_normal.json")?.records).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/internal error/);
  }, 60_000);

  it("run: warns about the bomb and carries on with the other files", async () => {
    const out = join(root, "run-out");
    const r = await runCli(["run", "--data-path", dataDir(true), "--output-dir", out, "--autoencoder-epochs", "1", "--iso-forest-estimators", "10"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: skipped bomb\.json\.gz: decompresses to more than/);
  }, 120_000);

  it("run with the bomb as the only file: exit 2 and one error line", async () => {
    const r = await runCli(["run", "--data-path", dataDir(false), "--output-dir", join(root, "none")]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("error: "))).toHaveLength(1);
  }, 60_000);
});
