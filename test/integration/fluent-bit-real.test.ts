// End to end through a real Fluent Bit (>= 4.2, built with -DFLB_WASM=On): the filter module
// with a trained model embedded runs inside Fluent Bit's `wasm` filter.
//
// Runs only when a binary is found: FLUENT_BIT_BIN, or `fluent-bit` on PATH. Without one the
// tests are reported as skipped, with a warning, never as passed.
//
//   FLUENT_BIT_BIN=/path/to/fluent-bit npx vitest run test/integration/fluent-bit-real.test.ts

import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { stringify, parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trainedModel } from "../helpers/trained-model.ts";
import { SEVERITY_NAMES as SEVERITIES } from "../../contract/vocabulary.ts";

const ATTACK_FILE = "samples/test_logs_attack.json";
const NORMAL_FILE = "samples/test_logs_normal.json";
const LABELS_FILE = "samples/ground-truth/attack_labels.json";
const SHIPPED_YAML = "vector-config/fluent-bit.yaml";
const SHIPPED_CLASSIC = "vector-config/fluent-bit.conf";
const SHIPPED_PROCESSOR = "vector-config/fluent-bit-processor.yaml";
const SHIPPED_FLEET = ["vector-config/fluent-bit-edge.yaml", "vector-config/fluent-bit-aggregator.yaml"];
const SHIPPED_PARSERS = "vector-config/parsers.conf";
const MIN_VERSION: [number, number] = [4, 2];
const RUN_TIMEOUT_MS = 60_000;
const POLL_MS = 200;

const bin = findFluentBit();
if (!bin.path) console.warn(`SKIPPED: no fluent-bit binary (set FLUENT_BIT_BIN) — real Fluent Bit test not run (${bin.why})`);

interface Labels {
  event_id: string;
  threat_type: string;
}

let work = "";
let filterPath = "";

beforeAll(async () => {
  if (!bin.path) return;
  work = mkdtempSync(join(tmpdir(), "log-anomaly-fluent-bit-"));
  // The baseline is the normal traffic only, so the attack stream is new to the model.
  filterPath = (await trainedModel({ dataPath: NORMAL_FILE })).filterPath;
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------

describe.runIf(bin.path)(`real Fluent Bit (${bin.version ?? "not found"})`, () => {
  it("stdin → wasm filter → file: every record comes back with its fields, our fields and the labelled threats", async () => {
    const input = readFileSync(ATTACK_FILE, "utf8");
    const records = input.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Record<string, unknown>);
    const out = join(work, "stdin-out");
    const conf = join(work, "stdin.yaml");
    writeFileSync(conf, stringify(stdinPipeline(out)));

    const run = await runFluentBit(["-c", conf], input);
    const scored = readJsonLines(join(out, "scored.json"));
    const log = `exit ${run.code}\nstderr:\n${run.stderr.slice(-4000)}`;
    expect(run.stderr, log).not.toMatch(/\[error\]|exception|invalid JSON format/i);
    expect(scored.length, log).toBe(records.length);

    const byId = new Map(scored.map((r) => [r.event_id, r]));
    for (const rec of records) {
      const got = byId.get(rec.event_id);
      expect(got, `record ${rec.event_id} missing from the output\n${log}`).toBeDefined();
      for (const [k, v] of Object.entries(rec)) expect(got?.[k], `${rec.event_id}.${k}: ${JSON.stringify(got)}`).toEqual(v);
      expect(got?.anomaly_score, JSON.stringify(got)).toBeGreaterThanOrEqual(0);
      expect(got?.anomaly_score, JSON.stringify(got)).toBeLessThanOrEqual(1);
      expect(SEVERITIES, JSON.stringify(got)).toContain(got?.severity);
      expect(typeof got?.threat_type, JSON.stringify(got)).toBe("string");
    }

    const labels = JSON.parse(readFileSync(LABELS_FILE, "utf8")) as Labels[];
    const wrong = labels
      .map((l) => ({ ...l, got: byId.get(l.event_id)?.threat_type }))
      .filter((l) => l.got !== l.threat_type)
      .map((l) => `${l.event_id}: labelled ${l.threat_type}, got ${l.got}`);
    expect(wrong).toEqual([]);
  });

  it("bad records come back as objects (Fluent Bit drops non-objects, so nothing may be lost)", async () => {
    // stdin only forwards what it can parse as JSON, and a record it cannot parse (e.g. 600-deep
    // nesting) loses the rest of its read buffer too, filter or not; these objects stress the scorer.
    const bad = [
      '{"anomaly_score":5,"user":"bob","severity":"x","threat_type":"y"}',
      '{"user":"\\u00e9ric","message":"caf\\u00e9 \\ud83d\\ude00"}',
      '{"user":null,"timestamp":null,"bytes":"many"}',
      "{}",
    ];
    const out = join(work, "bad-out");
    const conf = join(work, "bad.yaml");
    writeFileSync(conf, stringify(stdinPipeline(out)));
    const run = await runFluentBit(["-c", conf], bad.join("\n") + "\n");
    const scored = readJsonLines(join(out, "scored.json"));
    const log = `exit ${run.code}\nstderr:\n${run.stderr.slice(-4000)}\noutput:\n${scored.map((s) => JSON.stringify(s)).join("\n")}`;
    expect(scored.length, log).toBe(bad.length);
    for (const s of scored) expect(Object.keys(s), log).toEqual(expect.arrayContaining(["anomaly_score", "threat_type", "severity"]));
    expect(scored[0].user, log).toBe("bob");
    const firstLine = readFileSync(join(out, "scored.json"), "utf8").split("\n")[0];
    for (const k of ["anomaly_score", "threat_type", "severity"]) expect(firstLine.split(`"${k}"`).length - 1, firstLine).toBe(1);
    expect(scored[1].user, log).toBe("éric");
    expect(scored[1].message, log).toBe("café \u{1f600}");
  });

  it.each([SHIPPED_YAML, SHIPPED_CLASSIC, SHIPPED_PROCESSOR, ...SHIPPED_FLEET])("%s passes Fluent Bit's own configuration check (--dry-run)", async (file) => {
    const dir = mkdtempSync(join(work, "dry-"));
    const conf = join(dir, file.endsWith(".conf") ? "fluent-bit.conf" : "fluent-bit.yaml");
    writeFileSync(conf, relocate(readFileSync(file, "utf8"), dir));
    copyFileSync(SHIPPED_PARSERS, join(dir, "parsers.conf"));
    copyFileSync(filterPath, join(dir, "etc", "log_anomaly_filter.wasm")); // the wasm filter's pre_run checks it is readable
    const run = await runFluentBit(["--dry-run", "-c", conf], null);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/configuration test is successful/);
  });

  it.each([SHIPPED_YAML, SHIPPED_CLASSIC, SHIPPED_PROCESSOR])("%s, paths moved to a temp dir, scores a tailed file", async (file) => {
    const dir = mkdtempSync(join(work, "tail-"));
    const conf = join(dir, file.endsWith(".conf") ? "fluent-bit.conf" : "fluent-bit.yaml");
    writeFileSync(conf, relocate(readFileSync(file, "utf8"), dir));
    copyFileSync(SHIPPED_PARSERS, join(dir, "parsers.conf"));
    copyFileSync(filterPath, join(dir, "etc", "log_anomaly_filter.wasm"));
    copyFileSync(ATTACK_FILE, join(dir, "app", "attack.json"));
    const expected = readFileSync(ATTACK_FILE, "utf8").split("\n").filter((l) => l.trim() !== "").length;
    const outFile = join(dir, "out", "scored.json");

    const run = await runFluentBit(["-c", conf], null, () => existsSync(outFile) && readJsonLines(outFile).length >= expected);
    const scored = readJsonLines(outFile);
    const log = `exit ${run.code}\nstderr:\n${run.stderr.slice(-4000)}`;
    expect(scored.length, log).toBe(expected);
    // time_keep: the parser leaves `timestamp` in the record, so the scorer sees it and the output keeps it.
    expect(scored.every((r) => typeof r.timestamp === "string" && typeof r.anomaly_score === "number"), log).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// --- internal ---

interface Found {
  path: string | null;
  version: string | null;
  why: string;
}

/** FLUENT_BIT_BIN or `fluent-bit` on PATH, if its version is at least MIN_VERSION. */
function findFluentBit(): Found {
  const candidates = process.env.FLUENT_BIT_BIN
    ? [process.env.FLUENT_BIT_BIN]
    : (process.env.PATH ?? "").split(delimiter).filter(Boolean).map((d) => join(d, "fluent-bit"));
  const path = candidates.find((p) => existsSync(p));
  if (!path) return { path: null, version: null, why: "not on PATH" };
  const r = spawnSync(path, ["--version"], { encoding: "utf8", timeout: 10_000 });
  const m = /v?(\d+)\.(\d+)\.(\d+)/.exec(`${r.stdout}${r.stderr}`);
  if (!m) return { path: null, version: null, why: `${path} --version printed no version` };
  const version = `${m[1]}.${m[2]}.${m[3]}`;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major < MIN_VERSION[0] || (major === MIN_VERSION[0] && minor < MIN_VERSION[1])) {
    return { path: null, version, why: `${path} is v${version}; the filter needs >= ${MIN_VERSION.join(".")} (state persists from 4.1, record copies leak before 4.2)` };
  }
  return { path, version, why: "" };
}

/** A pipeline for piped NDJSON: the shipped service and wasm filter, stdin in, a file out. */
function stdinPipeline(outDir: string): Record<string, unknown> {
  mkdirSync(outDir, { recursive: true }); // the file output does not create its directory
  const shipped = parse(readFileSync(SHIPPED_YAML, "utf8")) as { service: Record<string, unknown>; pipeline: { filters: Record<string, unknown>[] } };
  const wasm = shipped.pipeline.filters.find((f) => f.name === "wasm");
  if (!wasm) throw new Error(`${SHIPPED_YAML} has no wasm filter`);
  return {
    service: { ...shipped.service, flush: 1, grace: 1, log_level: "info" },
    pipeline: {
      inputs: [{ name: "stdin", tag: "app.logs" }],
      filters: [{ ...wasm, match: "app.*", wasm_path: filterPath, accessible_paths: work }],
      outputs: [{ name: "file", match: "app.*", path: outDir, file: "scored.json", format: "plain" }],
    },
  };
}

/** The shipped config with every absolute path moved under `dir` (and those directories made). */
function relocate(text: string, dir: string): string {
  const moves: [string, string][] = [
    ["/etc/fluent-bit/model", "model"],
    ["/etc/fluent-bit", "etc"],
    ["/var/log/app", "app"],
    ["/var/log/auth", "auth"],
    ["/var/log/log-anomaly", "out"],
    ["/var/lib/fluent-bit", "state"],
  ];
  let out = text;
  for (const [from, to] of moves) {
    mkdirSync(join(dir, to), { recursive: true });
    out = out.split(from).join(join(dir, to));
  }
  return out.replace(/^(\s*)(grace:?\s+)\d+/im, "$1$21").replace(/^(\s*)(log_level:?\s+)\w+/im, "$1$2info");
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the binary. With `stdin`, pipes it in and waits for Fluent Bit to exit at end of input;
 * with `doneWhen`, polls it and stops Fluent Bit with SIGTERM (it flushes on the way out).
 */
function runFluentBit(args: string[], stdin: string | null, doneWhen?: () => boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin.path as string, args, { stdio: [stdin === null ? "ignore" : "pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    const deadline = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    let poll: NodeJS.Timeout | undefined;
    if (doneWhen) {
      poll = setInterval(() => {
        if (doneWhen()) {
          clearInterval(poll);
          child.kill("SIGTERM");
        }
      }, POLL_MS);
    }
    child.on("close", (code) => {
      clearTimeout(deadline);
      if (poll) clearInterval(poll);
      resolve({ code, stdout, stderr });
    });
    if (stdin !== null) child.stdin?.end(stdin);
  });
}

function readJsonLines(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
