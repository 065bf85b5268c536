// Fluent Bit `wasm` filter ABI conformance of the deployable filter (build/log_anomaly_filter.wasm
// with a trained model embedded), driven through test/helpers/fluent-bit-host.ts, which calls
// it exactly as Fluent Bit >= 4.2 does (see DESIGN.md "Host ABIs" → Fluent Bit). One instance
// serves the whole file, as one filter section does in Fluent Bit; tests that compare streams
// start their own fresh instances. Failure messages print the actual output (Fluent Bit's TEST_MSG).

import { readFileSync } from "node:fs";
import binaryen from "binaryen";
import { beforeAll, describe, expect, it } from "vitest";
import { FluentBitHost, WASI_MODULE, type FilterResult } from "../helpers/fluent-bit-host.ts";
import { trainedModel } from "../helpers/trained-model.ts";
import { simdInstructions } from "../helpers/wasm-text.ts";
import { bytesOf, topLevelKeys as objectKeys } from "../helpers/filter-fuzz.ts";
import { OUTPUT, Scorer } from "../../trainer/wasm/scorer.ts";
import { SEVERITY_NAMES as SEVERITIES } from "../../contract/vocabulary.ts";

const ATTACK_FILE = "samples/test_logs_attack.json";
const NORMAL_FILE = "samples/test_logs_normal.json";
const OUR_KEYS = ["anomaly_score", "threat_type", "severity"] as const;
/** 2024-01-22T12:00:00Z, inside the samples' time range. */
const T0 = Date.UTC(2024, 0, 22, 12) / 1000;
const MIB = 1 << 20;
const MEMORY_WARMUP = 20_000;
const MEMORY_RECORDS = 200_000;
const SHOWN_FAILURES = 5;

/** The deployable modules training writes: the plain filter and its WASI build, both with the model embedded. */
const MODULES = ["log_anomaly_filter.wasm", "log_anomaly_filter_wasi.wasm"] as const;

let filterBytes: Uint8Array;
let host: FluentBitHost;
const moduleBytes = new Map<string, Uint8Array>();

beforeAll(async () => {
  const model = await trainedModel();
  filterBytes = model.filter();
  moduleBytes.set(MODULES[0], filterBytes);
  if (model.wasiFilterPath) moduleBytes.set(MODULES[1], new Uint8Array(readFileSync(model.wasiFilterPath)));
  host = await FluentBitHost.load(filterBytes);
});

// ---------------------------------------------------------------------------------------------
// helpers

/** A sample file's records as compact JSON, one per element, as Fluent Bit hands them over (NDJSON or a JSON array). */
function records(file: string): string[] {
  const text = readFileSync(file, "utf8");
  if (text.trimStart().startsWith("[")) return (JSON.parse(text) as unknown[]).map((r) => JSON.stringify(r));
  return text.split("\n").filter((l) => l.trim() !== "");
}

/** The parsed object, or a failed expectation that shows what came back. */
function objectOf(r: FilterResult): Record<string, unknown> {
  if (!r.ok) expect.fail(`record dropped: ${r.reason}\noutput: ${r.text}`);
  return r.value;
}

/** Problems with our three fields (empty when they are fine). */
function ourFieldProblems(v: Record<string, unknown>): string[] {
  const out: string[] = [];
  const score = v.anomaly_score;
  if (typeof score !== "number" || !(score >= 0 && score <= 1)) out.push(`anomaly_score ${JSON.stringify(score)} not a number in [0,1]`);
  if (typeof v.threat_type !== "string" || v.threat_type === "") out.push(`threat_type ${JSON.stringify(v.threat_type)}`);
  if (typeof v.severity !== "string" || !SEVERITIES.includes(v.severity)) out.push(`severity ${JSON.stringify(v.severity)}`);
  if (typeof score === "number" && (score < 0.5) !== (v.severity === "NONE")) out.push(`severity ${v.severity} does not match score ${score}`);
  return out;
}

/** Problems with one record's round trip: dropped, an original field changed, or our fields wrong. */
function roundTripProblems(record: string, r: FilterResult): string[] {
  if (!r.ok) return [`dropped (${r.reason}): ${r.text}`];
  const original = JSON.parse(record) as Record<string, unknown>;
  const out = ourFieldProblems(r.value);
  for (const [k, v] of Object.entries(original)) {
    if ((OUR_KEYS as readonly string[]).includes(k)) continue;
    if (JSON.stringify(r.value[k]) !== JSON.stringify(v)) out.push(`field ${k}: ${JSON.stringify(v)} became ${JSON.stringify(r.value[k])}`);
  }
  return out.length > 0 ? [...out, `output: ${r.text}`] : [];
}

/** The top-level keys of a JSON object text, decoded, in order, duplicates kept; a failed expectation if it is not one. */
function topLevelKeys(text: string): string[] {
  return objectKeys(text) ?? expect.fail(`not a JSON object: ${text}`);
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** Our verdict fields of an output: everything the record did not bring. */
function verdictOf(r: FilterResult, record: string): string {
  const v = objectOf(r);
  const own = new Set(Object.keys(JSON.parse(record) as object));
  return JSON.stringify(Object.fromEntries(Object.entries(v).filter(([k]) => !own.has(k))));
}

const enc = new TextEncoder();

// ---------------------------------------------------------------------------------------------

/** The named deployable module, or a failed expectation saying training did not write it. */
function deployable(name: string): Uint8Array<ArrayBuffer> {
  const bytes = moduleBytes.get(name);
  if (!bytes) expect.fail(`training wrote no ${name}`);
  return new Uint8Array(bytes);
}

describe.each(MODULES)("%s as Fluent Bit loads it", (name) => {
  it("imports nothing, or only WASI", () => {
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(deployable(name)));
    expect(imports.filter((i) => i.module !== WASI_MODULE), JSON.stringify(imports)).toEqual([]);
  });

  it("exports malloc, free, log_anomaly_filter and memory", () => {
    const names = WebAssembly.Module.exports(new WebAssembly.Module(deployable(name))).map((e) => `${e.name}:${e.kind}`);
    expect(names).toEqual(expect.arrayContaining(["malloc:function", "free:function", "log_anomaly_filter:function", "memory:memory"]));
  });

  it("takes six i32 and returns one (the filter's signature)", () => {
    expect(exportSignature(deployable(name), "log_anomaly_filter")).toEqual({ params: Array(6).fill("i32"), results: ["i32"] });
  });

  it("uses no SIMD (Fluent Bit's WAMR is built without it)", () => {
    expect(simdInstructions(deployable(name), SHOWN_FAILURES)).toEqual([]);
  });

  it("scores with its embedded model when every WASI call fails", async () => {
    const fresh = await FluentBitHost.load(deployable(name));
    const problems = records(ATTACK_FILE).flatMap((rec, i) => {
      const r = fresh.filter(rec, { timeSec: T0 + i });
      const p = roundTripProblems(rec, r);
      if (r.ok && r.value.anomaly_error !== undefined) p.push(`anomaly_error ${String(r.value.anomaly_error)}: ${r.text}`);
      return p;
    });
    expect(problems.slice(0, SHOWN_FAILURES)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("sample records keep every field and gain ours", () => {
  it.each([ATTACK_FILE, NORMAL_FILE])("%s", (file) => {
    const problems: string[] = [];
    let failed = 0;
    for (const [i, record] of records(file).entries()) {
      const p = roundTripProblems(record, host.filter(record, { timeSec: T0 + i }));
      if (p.length > 0 && failed++ < SHOWN_FAILURES) problems.push(`line ${i + 1}:\n  ${p.join("\n  ")}`);
    }
    expect(failed, problems.join("\n")).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------

type Expect = { wrapped: string } | { object: "keeps-fields" } | { object: "any" };

/** Deeper than the scanner read before (512 levels); JSON.parse and JSON.stringify in the checks still manage it. */
const DEEP = 600;
/** Past the scanner's static bit stack (json-scan.ts STATIC_DEPTH = 4096), so the heap one grows. */
const VERY_DEEP = 100_000;
const BIG_RECORD = `{"user":"big","event_type":"login","message":"${"x".repeat(MIB)}","n":1}`;
const DEEP_RECORD = `{"user":"deep","data":${"[".repeat(DEEP)}${"]".repeat(DEEP)}}`;
const MANY_MEMBERS = `{${Array.from({ length: 10_000 }, (_, i) => `"k${i}":${i}`).join(",")}}`;

const BAD_INPUTS: [name: string, input: string | Uint8Array, expected: Expect][] = [
  // --- not JSON ---
  ["malformed JSON", '{"user":"bob",', { wrapped: "invalid_json" }],
  ["unquoted key", '{user:"bob"}', { wrapped: "invalid_json" }],
  ["byte order mark before the object", "\ufeff{\"user\":\"bob\"}", { wrapped: "invalid_json" }],
  ["invalid UTF-8, not JSON", bytesOf([0xff, 0xc3, 0x28]), { wrapped: "invalid_json" }],
  ["raw NUL byte inside a string", bytesOf('{"user":"a', [0], 'b"}'), { wrapped: "invalid_json" }],
  // --- JSON, but not an object ---
  ["array", "[1,2]", { wrapped: "not_object" }],
  ["string", '"str"', { wrapped: "not_object" }],
  ["number", "42", { wrapped: "not_object" }],
  ["null", "null", { wrapped: "not_object" }],
  ["true", "true", { wrapped: "not_object" }],
  // --- nothing ---
  ["empty string", "", { wrapped: "empty_record" }],
  ["whitespace", " \t\r\n ", { wrapped: "empty_record" }],
  // --- objects at the limits ---
  [`${DEEP}-deep nesting keeps its top-level members`, DEEP_RECORD, { object: "keeps-fields" }],
  ["1 MiB record", BIG_RECORD, { object: "keeps-fields" }],
  ["10,000 members", MANY_MEMBERS, { object: "keeps-fields" }],
  ["empty object", "{}", { object: "keeps-fields" }],
  ["whitespace around the object", '  {"user":"bob"}\n', { object: "keeps-fields" }],
  // --- odd but valid objects ---
  ["escaped NUL inside a string", '{"user":"a\\u0000b","n":1}', { object: "keeps-fields" }],
  ["lone surrogate escape", '{"user":"\\ud800","n":1}', { object: "keeps-fields" }],
  ["duplicate keys", '{"user":"a","user":"b","n":1}', { object: "keeps-fields" }],
  ["null fields", '{"user":null,"timestamp":null,"source_ip":null}', { object: "keeps-fields" }],
  ["fields of the wrong type", '{"user":42,"timestamp":true,"source_ip":{"a":1},"bytes":"many"}', { object: "keeps-fields" }],
  ["invalid UTF-8 inside a string", bytesOf('{"user":"a', [0xff, 0xfe], '","n":1}'), { object: "any" }],
  // --- trailing data ---
  ["trailing garbage", '{"user":"bob"} xyz', { wrapped: "trailing_data" }],
  ["two objects", '{"a":1}{"b":2}', { wrapped: "trailing_data" }],
];

describe("bad input comes back as a JSON object, never dropped", () => {
  it.each(BAD_INPUTS)("%s", (_name, input, expected) => {
    const r = host.filter(input, { timeSec: T0 });
    const v = objectOf(r);
    const show = `output: ${r.text?.slice(0, 2000)}`;
    expect(ourFieldProblems(v), show).toEqual([]);
    if ("wrapped" in expected) {
      expect(v.anomaly_error, show).toBe(expected.wrapped);
      expect(v.anomaly_score, show).toBe(0);
      expect(v.threat_type, show).toBe("none");
      expect(v.severity, show).toBe("NONE");
      const text = typeof input === "string" ? input : new TextDecoder().decode(input);
      expect(v.log, show).toBe(text);
    } else {
      expect(topLevelKeys(r.text ?? ""), show).toEqual(expect.arrayContaining([...OUR_KEYS]));
      if (expected.object === "keeps-fields") {
        const text = input as string;
        expect(roundTripProblems(text, r)).toEqual([]);
        // Members are copied byte for byte, duplicates included.
        const body = text.trim().slice(1, -1);
        if (body !== "") expect(r.text?.startsWith(`{${body},`), show).toBe(true);
      }
    }
  });

  it(`a ${VERY_DEEP}-deep record keeps its members byte for byte, ours spliced in`, () => {
    const body = `"user":"deep","data":${"[".repeat(VERY_DEEP)}{}${"]".repeat(VERY_DEEP)},"n":1`;
    const r = host.filter(`{${body}}`, { timeSec: T0 });
    expect(r.ok, r.ok ? "" : r.reason).toBe(true);
    expect(r.text?.startsWith(`{${body},"anomaly_score":`)).toBe(true);
    expect(r.text?.includes("anomaly_error")).toBe(false);
  });

  it("keeps working after all of them (the instance is intact)", () => {
    const record = records(ATTACK_FILE)[0];
    expect(roundTripProblems(record, host.filter(record, { timeSec: T0 }))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

const MANY_OWN = 40;

describe("our fields already in the record are replaced, never duplicated", () => {
  it.each([
    ["first", '{"anomaly_score":0.1,"user":"bob","message":"hi"}'],
    ["middle", '{"user":"bob","threat_type":"x","message":"hi"}'],
    ["last", '{"user":"bob","message":"hi","severity":"LOW"}'],
    ["all three", '{"severity":"LOW","user":"bob","anomaly_score":"0.9","threat_type":null}'],
    ["only ours", '{"anomaly_score":1,"threat_type":"x","severity":"HIGH"}'],
    ["duplicates", '{"anomaly_score":1,"anomaly_score":2,"user":"bob","severity":"a","severity":"b"}'],
    ["escaped key", '{"anomaly\\u005fscore":1,"user":"bob"}'],
    ["object value", '{"user":"bob","threat_type":{"a":[1,{"b":2}]},"message":"hi"}'],
    [`${MANY_OWN} copies`, `{${Array.from({ length: MANY_OWN }, (_, i) => `"severity":"s${i}"`).join(",")},"user":"bob"}`],
    ["re-scored output", '{"user":"bob","anomaly_score":0.7,"threat_type":"anomaly","severity":"MEDIUM","anomaly_reasons":["x=1"],"mitre_technique":"T1110","incident_id":"i-1","anomaly_error":"invalid_json"}'],
  ])("%s", (_name, record) => {
    const r = host.filter(record, { timeSec: T0 });
    const v = objectOf(r);
    const text = r.text ?? "";
    const keys = topLevelKeys(text);
    for (const k of OUR_KEYS) {
      expect(keys.filter((x) => x === k), `key ${k} in output: ${text}`).toHaveLength(1);
      expect(occurrences(text, `"${k}"`), `raw "${k}" in output: ${text}`).toBe(1);
    }
    expect(new Set(keys).size, `duplicate keys in output: ${text}`).toBe(keys.length);
    expect(ourFieldProblems(v), text).toEqual([]);
    expect(v.user, text).toBe(record.includes('"user"') ? "bob" : undefined);
  });

  it("nested keys with our names are left alone", () => {
    const record = '{"user":"bob","detail":{"anomaly_score":5,"severity":"x"}}';
    const r = host.filter(record, { timeSec: T0 });
    const v = objectOf(r);
    expect(v.detail, r.text ?? "").toEqual({ anomaly_score: 5, severity: "x" });
    expect(topLevelKeys(r.text ?? "").filter((k) => k === "anomaly_score"), r.text ?? "").toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Streams compared on fresh instances: the verdicts show which entity a record was counted for.

function failedLogin(user: string, i: number, withTimestamp: boolean): string {
  const ts = withTimestamp ? `"timestamp":"${new Date((T0 + i * 3) * 1000).toISOString().replace(".000", "")}",` : "";
  return `{${ts}"user":"${user}","source_ip":"203.0.113.9","host":"web-01","event_type":"login","action":"failure","message":"Failed password from 203.0.113.9"}`;
}

async function verdicts(records: string[], timeSec: (i: number) => number = () => T0): Promise<string[]> {
  const fresh = await FluentBitHost.load(filterBytes);
  return records.map((rec, i) => verdictOf(fresh.filter(rec, { timeSec: timeSec(i) }), rec));
}

const STREAM = 14;
const ERIC = "\u00e9ric"; // éric as UTF-8 bytes
const ERIC_ESCAPED = "\\u00e9ric"; // éric as Fluent Bit sends it by default (json.escape_unicode on)

describe("\\uXXXX escapes in entity fields are decoded", () => {
  it("a user sent as \\u00e9ric is the same entity as éric", async () => {
    const plain = await verdicts(Array.from({ length: STREAM }, (_, i) => failedLogin(ERIC, i, true)));
    const mixed = await verdicts(Array.from({ length: STREAM }, (_, i) => failedLogin(i % 2 ? ERIC : ERIC_ESCAPED, i, true)));
    const control = await verdicts(Array.from({ length: STREAM }, (_, i) => failedLogin(i % 2 ? ERIC : "eric", i, true)));
    expect(mixed).toEqual(plain);
    expect(control, "control stream with two users should differ; the comparison proves nothing").not.toEqual(plain);
  });

  it.each([
    [ERIC_ESCAPED, ERIC],
    ["\\ud83d\\ude00x", "\u{1f600}x"],
    ['a\\\\b\\"c\\/', 'a\\b"c/'],
  ])("the batch report shows user %s as %s", async (sent, decoded) => {
    const scorer = await Scorer.load(filterBytes);
    const report = new TextDecoder().decode(scorer.process(enc.encode(`${failedLogin(sent, 0, true)}\n`), OUTPUT.REPORT).report);
    expect((JSON.parse(report) as { user: string }).user, report).toBe(decoded);
  });
});

describe("time", () => {
  it("a record without a timestamp field is placed at time_sec/time_nsec", async () => {
    const stamped = await verdicts(Array.from({ length: STREAM }, (_, i) => failedLogin(ERIC, i, true)), (i) => T0 + i * 3);
    const unstamped = await verdicts(Array.from({ length: STREAM }, (_, i) => failedLogin(ERIC, i, false)), (i) => T0 + i * 3);
    const spread = await verdicts(Array.from({ length: STREAM }, (_, i) => failedLogin(ERIC, i, false)), (i) => T0 + i * 7200);
    expect(unstamped).toEqual(stamped);
    expect(spread, "records 2 h apart should not look like a burst; the comparison proves nothing").not.toEqual(unstamped);
  });
});

// ---------------------------------------------------------------------------------------------

/** Login events from ever new users and IPs: the spray that bounded state must absorb. */
function sprayRecord(i: number): string {
  const user = `u${Math.imul(i, 2654435761) >>> 0}`;
  const minute = String((i >> 6) % 60).padStart(2, "0");
  return `{"timestamp":"2024-01-22T10:${minute}:00Z","user":"${user}","source_ip":"10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}","host":"web-${i % 7}","event_type":"login","action":"${i % 3 ? "success" : "failure"}","message":"Accepted password for ${user}"}`;
}

describe("memory", () => {
  it(`does not grow per record: ${MEMORY_RECORDS} records after a warm-up leave memory as it was`, () => {
    const samples = [...records(ATTACK_FILE), ...records(NORMAL_FILE)];
    for (const rec of samples) host.filter(rec, { timeSec: T0 });
    for (let i = 0; i < MEMORY_WARMUP; i++) host.filter(sprayRecord(i), { timeSec: T0 });
    const before = host.memoryBytes;
    let dropped = 0;
    let firstDrop = "";
    for (let i = 0; i < MEMORY_RECORDS; i++) {
      const rec = i % 4 === 0 ? samples[i % samples.length] : sprayRecord(MEMORY_WARMUP + i);
      const r = host.filter(rec, { timeSec: T0 + (i >> 10) });
      if (!r.ok && dropped++ === 0) firstDrop = `${r.reason}: ${r.text}`;
    }
    expect(dropped, firstDrop).toBe(0);
    expect(host.memoryBytes).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------

describe("parity with the batch ABI", () => {
  it("records one by one through the Fluent Bit ABI give byte-identical enriched output to Scorer.process", async () => {
    const stream = [...records(NORMAL_FILE), ...records(ATTACK_FILE), '{"user":"\\u00e9ric","action":"failure"}', "[1,2]", '{"a":1} x', '{"severity":"x","user":"bob"}'];
    const fresh = await FluentBitHost.load(filterBytes);
    const inline = stream.map((rec) => {
      const r = fresh.filter(rec, { timeSec: T0, timeNsec: 0 });
      return r.ok ? r.text : `DROPPED ${r.reason}`;
    });
    const scorer = await Scorer.load(filterBytes);
    const batch = new TextDecoder().decode(scorer.process(enc.encode(stream.join("\n") + "\n"), OUTPUT.ENRICHED, T0 * 1000).enriched).split("\n");
    expect(batch.pop()).toBe("");
    expect(batch.length).toBe(inline.length);
    const first = inline.findIndex((line, i) => line !== batch[i]);
    expect(first, first < 0 ? "" : `record ${first + 1}: ${stream[first]}\ninline: ${inline[first]}\nbatch:  ${batch[first]}`).toBe(-1);
  });
});

// ---------------------------------------------------------------------------------------------
// --- internal ---

/** Parameter and result types of an exported function. */
function exportSignature(bytes: Uint8Array, name: string): { params: string[]; results: string[] } {
  const m = binaryen.readBinary(bytes);
  try {
    const internal = binaryen.getExportInfo(m.getExport(name)).value;
    const info = binaryen.getFunctionInfo(m.getFunction(internal));
    const typeName = (t: number): string => (t === binaryen.i32 ? "i32" : t === binaryen.i64 ? "i64" : t === binaryen.f32 ? "f32" : t === binaryen.f64 ? "f64" : `type ${t}`);
    return { params: binaryen.expandType(info.params).map(typeName), results: binaryen.expandType(info.results).map(typeName) };
  } finally {
    m.dispose();
  }
}

