// Property-based fuzzing of the Fluent Bit filter ABI: the invariants every output must satisfy
// (the generators are in filter-fuzz-cases.ts, re-exported here), shared by
// test/reliability/filter-fuzz.test.ts (a bounded, seeded budget) and scripts/fuzz-long.ts.
//
//   const host = await FluentBitHost.load(filterBytes);
//   const plateau = warmUp(host);                      // one max-size record of every worst case
//   fc.assert(fc.property(FAMILIES["NUL bytes"], (c) => assertCase(host, c)), { seed, numRuns });
//   expect(host.memoryBytes).toBe(plateau);
//
// The oracle is JSON.parse on the input text (decoded leniently when the bytes are not UTF-8):
// an input that parses as an object, nested however deep, must come back with every
// top-level member except our own keys, value for value; anything else must come back wrapped,
// `log` holding the original text. Every output is a JSON object with our three fields from the
// documented sets, and no top-level key appears more often than the input gave it.

import type { FilterResult, FluentBitHost } from "./fluent-bit-host.ts";
import { MAX_RECORD_BYTES, OWN_KEYS, T0_SEC, bytesOf, type FuzzCase } from "./filter-fuzz-cases.ts";
import { SEVERITY_NAMES as SEVERITIES, THREAT_NAMES as THREAT_TYPES } from "../../contract/vocabulary.ts";

export { ANY_CASE, FAMILIES, MAX_RECORD_BYTES, OWN_KEYS, T0_SEC, bytesOf, casesExcept, type FamilyName, type FuzzCase } from "./filter-fuzz-cases.ts";

// ---------------------------------------------------------------------------------------------
// the contract (README "Outputs", DESIGN "Fail open", assembly/event/json-scan.ts)

export { SEVERITIES, THREAT_TYPES };
/** anomaly_error codes for input that is not a usable JSON object (it comes back wrapped). */
export const WRAP_ERRORS = ["invalid_json", "not_object", "empty_record", "trailing_data"] as const;
const ALERT_SCORE = 0.5;
/** Scores are printed with 4 decimals: closer than this to 0.5 the NONE/alert split is not checkable. */
const SCORE_ROUNDING = 5e-5;

// ---------------------------------------------------------------------------------------------
// invariants

export interface CaseExpectations {
  /**
   * The anomaly_error every usable object must carry because the model could not be used
   * (e.g. "model_bad_checksum"); such records pass through scored 0 / none / NONE.
   * Without it a usable object must carry no anomaly_error.
   */
  modelError?: string;
}

/** Problems with one call's outcome (empty when it satisfies every invariant). */
export function caseProblems(input: Uint8Array, r: FilterResult, expected: CaseExpectations = {}): string[] {
  if (!r.ok) return [`dropped by Fluent Bit: ${r.reason}`];
  const out: string[] = [];
  const v = r.value;
  const score = v.anomaly_score;
  if (typeof score !== "number" || !(score >= 0 && score <= 1)) out.push(`anomaly_score ${JSON.stringify(score)} is not a number in [0,1]`);
  if (!(THREAT_TYPES as readonly unknown[]).includes(v.threat_type)) out.push(`threat_type ${JSON.stringify(v.threat_type)} is not a documented threat type`);
  if (!(SEVERITIES as readonly unknown[]).includes(v.severity)) out.push(`severity ${JSON.stringify(v.severity)} is not a documented severity`);
  if (typeof score === "number" && Math.abs(score - ALERT_SCORE) > SCORE_ROUNDING && (score < ALERT_SCORE) !== (v.severity === "NONE")) {
    out.push(`severity ${String(v.severity)} does not match anomaly_score ${score}`);
  }
  if (v.severity === "NONE" && v.threat_type !== "none") out.push(`threat_type ${String(v.threat_type)} with severity NONE`);

  const outKeys = topLevelKeys(r.text);
  if (outKeys === null) out.push("output keys could not be listed");
  const counts = countOf(outKeys ?? []);
  for (const k of ["anomaly_score", "threat_type", "severity"]) {
    if (counts.get(k) !== 1) out.push(`key ${k} appears ${counts.get(k) ?? 0} times in the raw output`);
  }
  for (const k of OWN_KEYS) if ((counts.get(k) ?? 0) > 1) out.push(`key ${k} appears ${counts.get(k)} times in the raw output`);

  const utf8 = isUtf8(input);
  const text = decodeLoose(input);
  const parsed = parseJson(text);
  if (isPlainObject(parsed)) {
    // A usable object: every original member kept, value for value; ours replaced.
    if (v.anomaly_error !== expected.modelError) out.push(`anomaly_error ${JSON.stringify(v.anomaly_error)} on a valid object, expected ${JSON.stringify(expected.modelError)}`);
    if (expected.modelError !== undefined && (v.anomaly_score !== 0 || v.threat_type !== "none" || v.severity !== "NONE")) out.push("an unscored record must pass through as 0 / none / NONE");
    const key = (k: string) => (utf8 ? k : squeeze(k));
    const outCounts = countOf((outKeys ?? []).map(key));
    const inCounts = countOf((topLevelKeys(text) ?? []).filter((k) => !(OWN_KEYS as readonly string[]).includes(k)).map(key));
    for (const [k, n] of inCounts) {
      if ((outCounts.get(k) ?? 0) !== n) out.push(`key ${JSON.stringify(k)} appears ${n} times in the input, ${outCounts.get(k) ?? 0} in the output`);
    }
    for (const k of outCounts.keys()) {
      if (!inCounts.has(k) && !(OWN_KEYS as readonly string[]).includes(k)) out.push(`output has a key ${JSON.stringify(k)} the input did not have`);
    }
    const got = new Map(Object.entries(v).map(([k, x]) => [key(k), x] as const));
    for (const [k, x] of Object.entries(parsed)) {
      if ((OWN_KEYS as readonly string[]).includes(k)) continue;
      if (!sameJson(x, got.get(key(k)), utf8)) out.push(`field ${JSON.stringify(k)}: ${show(x)} came back as ${show(got.get(key(k)))}`);
    }
  } else {
    // Anything else comes back wrapped: {"log": "<original text>", ours..., "anomaly_error": ...}.
    if (!(WRAP_ERRORS as readonly unknown[]).includes(v.anomaly_error)) out.push(`anomaly_error ${JSON.stringify(v.anomaly_error)} on input that is not a usable object`);
    if (!sameJson(text, v.log, utf8)) out.push(`log ${show(v.log)} is not the original text ${show(text)}`);
    if (v.anomaly_score !== 0 || v.threat_type !== "none" || v.severity !== "NONE") out.push("a wrapped record must score 0 / none / NONE");
    const extra = (outKeys ?? []).filter((k) => k !== "log" && !(OWN_KEYS as readonly string[]).includes(k));
    if (extra.length > 0) out.push(`wrapped output has other keys: ${extra.join(", ")}`);
  }
  return out;
}

/** Runs one case through the host and throws a readable report when an invariant fails (for fc.property). */
export function assertCase(host: FluentBitHost, c: FuzzCase, expected: CaseExpectations = {}): void {
  const r = host.filter(c.bytes, { tag: c.tag, timeSec: c.timeSec, timeNsec: c.timeNsec });
  const problems = caseProblems(c.bytes, r, expected);
  if (problems.length > 0) {
    throw new Error(`${c.family}: ${problems.slice(0, 5).join("; ")}\n  input  (${c.bytes.length} bytes): ${preview(c.bytes)}\n  output: ${r.text === null ? "(none)" : clip(r.text)}`);
  }
}

/**
 * Brings the instance to its memory plateau: one max-size record of every worst case for the
 * output buffer (a wrapped record of control bytes grows 6x as \u00XX escapes) and for the heap
 * (record copies). Returns memory.buffer.byteLength afterwards.
 */
export function warmUp(host: FluentBitHost): number {
  const n = MAX_RECORD_BYTES;
  const worst: Uint8Array[] = [
    new Uint8Array(n).fill(0x01), // not JSON: wrapped, every byte escaped as \u0001
    new Uint8Array(n).fill(0xff), // not UTF-8: wrapped, every byte replaced by \ufffd
    bytesOf(`{"user":"big","message":"${"\\u0000".repeat(Math.floor((n - 32) / 6))}"}`), // an object with escapes
    bytesOf(`{"message":"`, new Uint8Array(n - 20).fill(0xe9), `"}`), // an object holding invalid UTF-8
    bytesOf(`"${"x".repeat(n - 2)}"`), // a JSON string: wrapped, quotes escaped
  ];
  for (const rec of worst) for (let i = 0; i < 2; i++) host.filter(rec, { timeSec: T0_SEC });
  return host.memoryBytes;
}

// ---------------------------------------------------------------------------------------------
// --- internal ---

// ignoreBOM: a leading U+FEFF is part of the record (and makes it invalid JSON), not a marker to drop.
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const loose = new TextDecoder("utf-8", { ignoreBOM: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function decodeLoose(bytes: Uint8Array): string {
  return loose.decode(bytes);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The decoded top-level keys of a JSON object text, in order, duplicates kept; null if it is not one. */
export function topLevelKeys(text: string): string[] | null {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (j >= text.length) return null;
      if (depth === 1 && expectKey) {
        try {
          keys.push(JSON.parse(text.slice(i, j + 1)) as string);
        } catch {
          return null;
        }
      }
      expectKey = false;
      i = j;
    } else if (c === "{" || c === "[") {
      depth++;
      expectKey = depth === 1 && c === "{";
    } else if (c === "}" || c === "]") {
      depth--;
    } else if (c === "," && depth === 1) {
      expectKey = true;
    }
  }
  return keys;
}

function countOf(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

/**
 * JSON equality. When the input was not UTF-8, a run of U+FFFD stands for any run of invalid
 * bytes (TextDecoder replaces a maximal invalid subsequence once, the scorer each byte).
 */
function sameJson(a: unknown, b: unknown, utf8: boolean): boolean {
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  if (sa === sb) return true;
  if (utf8 || sa === undefined || sb === undefined) return false;
  return squeeze(sa) === squeeze(sb);
}

function squeeze(s: string): string {
  return s.replace(/\ufffd+/g, "\ufffd");
}

function clip(s: string, n = 400): string {
  return s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;
}

function show(v: unknown): string {
  return clip(JSON.stringify(v) ?? String(v), 160);
}

/** The input as a JS string literal (escapes visible), clipped. */
export function preview(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 400);
  const text = isUtf8(head) ? JSON.stringify(loose.decode(head)) : `bytes ${JSON.stringify(Array.from(head.subarray(0, 200)))}`;
  return bytes.length > 400 ? `${text}… (${bytes.length} bytes)` : text;
}

