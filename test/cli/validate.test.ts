// validate: per file, what the scanner makes of it. Exit 0 when every file can
// be read, 2 when one cannot (or nothing is usable); --strict also fails on
// unusable records.

import { copyFileSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "la-validate-"));
const mixed = join(dir, "mixed");
mkdirSync(mixed);
// A JSON array with every field the scanner reads.
writeFileSync(
  join(mixed, "good.json"),
  JSON.stringify([
    { timestamp: "2024-01-15T10:00:00Z", user: "alice", source_ip: "10.0.0.1", host: "web-01", event_type: "login", action: "success", message: "ok" },
    { "@timestamp": "2024-01-15T12:30:00Z", username: "bob", src_ip: "10.0.0.2", hostname: "web-02", type: "login", result: "failure", msg: "bad password" },
  ]),
);
// NDJSON with one good line and one of each failure.
writeFileSync(
  join(mixed, "broken.jsonl"),
  [
    '{"timestamp":"2024-01-16T08:00:00Z","user":"carol"}',
    "not json at all",
    "[1, 2, 3]",
    '{"user":"dave","message":"no time here"}',
    '{"timestamp":"2024-01-16T08:00:00Z","user":"carol"}',
  ].join("\n") + "\n",
);
// Gzipped NDJSON, epoch-seconds timestamps.
writeFileSync(join(mixed, "more.ndjson.gz"), gzipSync('{"time":1705312800,"user":"erin","ip":"10.0.0.3"}\n{"time":1705316400,"user":"erin"}\n'));

const withBadFile = join(dir, "with-bad-file");
mkdirSync(withBadFile);
writeFileSync(join(withBadFile, "good.json"), '[{"timestamp":"2024-01-15T10:00:00Z","user":"a"}]');
writeFileSync(join(withBadFile, "corrupt.json.gz"), "this is not gzip");

interface FileJson {
  file: string;
  format: string | null;
  gzip: boolean;
  error: string | null;
  records: number;
  parsed: number;
  usable: number;
  duplicates: number;
  problems: Record<string, number>;
  fields: Record<string, number>;
  first: string | null;
  last: string | null;
}

describe("validate and run name a skipped record alike", () => {
  it("gives every reason run's summary counts under the same name", async () => {
    const data = join(dir, "samples-with-broken");
    mkdirSync(data);
    for (const f of ["test_logs_normal.json", "test_logs_attack.json"]) copyFileSync(join("samples", f), join(data, f));
    writeFileSync(
      join(data, "broken.jsonl"),
      ["not json at all", "[1, 2, 3]", '{"user":"dave","message":"no time here"}', '{"timestamp":"2024-01-16T08:00:00Z","user":"carol"}', '{"timestamp":"2024-01-16T08:00:00Z","user":"carol"}'].join("\n") + "\n",
    );
    const checked = JSON.parse((await runCli(["validate", "--data-path", data, "--json"])).stdout);
    const run = await runCli(["run", "--data-path", data, "--output-dir", join(dir, "run-out"), "--json", "--autoencoder-epochs", "2", "--iso-forest-estimators", "20"]);
    expect(run.code, run.stderr).toBe(0);
    const skipped = JSON.parse(run.stdout).summary.skipped;
    expect(skipped).toEqual({ invalid_json: 1, not_object: 1, "no usable timestamp": 1, "duplicate record": 1 });
    expect(skipped).toEqual({ ...checked.totals.problems, "duplicate record": checked.totals.duplicates });
    const text = await runCli(["validate", "--data-path", data]);
    expect(text.stdout).toMatch(/broken\.jsonl .*duplicate record 1/);
  });
});

describe("validate", () => {
  it("reports each file as a table and exits 0 when every file can be read", async () => {
    const r = await runCli(["validate", "--data-path", mixed]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^FILE\s+FORMAT\s+RECORDS\s+USABLE\s+FIRST \(UTC\)\s+LAST \(UTC\)\s+PROBLEMS$/);
    expect(r.stdout).toMatch(/broken\.jsonl\s+ndjson\s+5\s+2\s+2024-01-16 08:00:00\s+2024-01-16 08:00:00\s+.*invalid_json 1.*not_object 1.*no usable timestamp 1.*duplicate record 1/);
    expect(r.stdout).toMatch(/good\.json\s+json array\s+2\s+2\s+2024-01-15 10:00:00\s+2024-01-15 12:30:00\s+-/);
    expect(r.stdout).toMatch(/more\.ndjson\.gz\s+ndjson \(gzip\)\s+2\s+2/);
    expect(r.stdout).toMatch(/Field coverage/);
    expect(r.stdout).toMatch(/good\.json\s+100%\s+100%\s+100%\s+100%\s+100%\s+100%\s+100%/);
    expect(r.stdout).toMatch(/3 files \(0 unreadable\), 9 records, 6 usable, 1 duplicates/);
    expect(withoutSpanWarning(r.stderr)).toBe("");
  });

  it("--json gives the same per file: format, failures by reason, field coverage, time span", async () => {
    const r = await runCli(["validate", "--data-path", mixed, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; totals: Record<string, unknown>; files: FileJson[] };
    expect(doc.ok).toBe(true);
    const byName = new Map(doc.files.map((f) => [f.file.split("/").pop()!, f]));
    expect(byName.get("good.json")).toMatchObject({
      format: "json array",
      gzip: false,
      error: null,
      records: 2,
      parsed: 2,
      usable: 2,
      problems: {},
      fields: { timestamp: 2, user: 2, source_ip: 2, host: 2, event_type: 2, action: 2, message: 2 },
      first: "2024-01-15T10:00:00.000Z",
      last: "2024-01-15T12:30:00.000Z",
    });
    expect(byName.get("broken.jsonl")).toMatchObject({
      format: "ndjson",
      records: 5,
      parsed: 3,
      usable: 2,
      duplicates: 1,
      problems: { invalid_json: 1, not_object: 1, "no usable timestamp": 1 },
      fields: { timestamp: 2, user: 3, source_ip: 0, message: 1 },
    });
    expect(byName.get("more.ndjson.gz")).toMatchObject({
      format: "ndjson",
      gzip: true,
      usable: 2,
      fields: { timestamp: 2, user: 2, source_ip: 1 },
      first: "2024-01-15T10:00:00.000Z",
      last: "2024-01-15T11:00:00.000Z",
    });
    expect(doc.totals).toMatchObject({ files: 3, unreadable: 0, records: 9, usable: 6 });
  });

  it("exits 2 with one error line when a file cannot be read at all, and still reports the others", async () => {
    const r = await runCli(["validate", "--data-path", withBadFile]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/corrupt\.json\.gz\s+unreadable\s+-\s+-\s+-\s+-\s+not valid gzip/);
    expect(r.stdout).toMatch(/good\.json\s+json array\s+1\s+1/);
    expect(withoutSpanWarning(r.stderr)).toBe("error: 1 of 2 files could not be read: corrupt.json.gz\nhint: run and detect skip these files; fix or remove them\n");
  });

  it("--json reports the unreadable file with its reason", async () => {
    const r = await runCli(["validate", "--data-path", withBadFile, "--json"]);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { ok: boolean; files: FileJson[] };
    expect(doc.ok).toBe(false);
    expect(doc.files.find((f) => f.file.endsWith("corrupt.json.gz"))).toMatchObject({ format: null, error: expect.stringMatching(/^not valid gzip/) });
  });

  it("--strict also fails on unusable records", async () => {
    const r = await runCli(["validate", "--data-path", mixed, "--strict", "--quiet"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(withoutSpanWarning(r.stderr)).toMatch(/^error: 3 of 9 records cannot be used \(--strict\)/);
  });

  it("exits 2 when no record is usable", async () => {
    const none = join(dir, "none");
    mkdirSync(none);
    writeFileSync(join(none, "a.jsonl"), '{"user":"a"}\n');
    const r = await runCli(["validate", "--data-path", none]);
    expect(r.code).toBe(2);
    expect(withoutSpanWarning(r.stderr)).toMatch(/^error: no usable records\nhint: /);
  });

  it.each([
    [join(dir, "missing"), /Data path not found/],
    [join(dir), /No log files found/],
  ])("refuses %s", async (path, message) => {
    const r = await runCli(["validate", "--data-path", path]);
    expect(r.code).toBe(2);
    expect(withoutSpanWarning(r.stderr)).toMatch(message);
  });
});

/** These fixtures span a day or two: validate warns that a baseline from them misses part of the week. */
function withoutSpanWarning(stderr: string): string {
  return stderr.replace(/^warning: the logs span \d+ calendar days?, less than a week.*\n/m, "");
}
