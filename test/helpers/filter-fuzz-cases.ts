// Generators of hostile input for the Fluent Bit filter ABI (fast-check): one family per kind of
// input (random bytes, deep nesting, megabyte strings, invalid UTF-8, NUL bytes, duplicate keys,
// numbers beyond f64, odd timestamps, our own keys anywhere, almost-valid JSON, ...). Records are
// built as raw text or bytes, so duplicates, escapes and invalid bytes survive as sent. The
// invariants they are checked against live in filter-fuzz.ts, which re-exports these.

import fc from "fast-check";
import { OWN_KEYS } from "./own-keys.ts";

/** Keys the scorer writes: a top-level member with one of these names is replaced, never duplicated. */
export { OWN_KEYS } from "./own-keys.ts";
/** The largest record the generators make; warmUp() feeds one of each worst case of this size. */
export const MAX_RECORD_BYTES = (1 << 20) + 4096;
/** 2024-01-22T12:00:00Z */
export const T0_SEC = Date.UTC(2024, 0, 22, 12) / 1000;

/** Aliased field names the scanner reads (assembly/event/json-scan.ts ALIASES), so generated records are scored, not just copied. */
const FIELD_KEYS = [
  "timestamp", "time", "@timestamp", "datetime", "date",
  "user", "username", "uid", "account",
  "source_ip", "src_ip", "ip", "client_ip",
  "host", "hostname", "event_type", "type", "event", "action", "result", "status", "outcome",
  "message", "msg", "log", "path", "file", "bytes", "size", "length",
];
const TIMESTAMP_KEYS = ["timestamp", "time", "@timestamp", "datetime", "date"];

export interface FuzzCase {
  family: string;
  bytes: Uint8Array;
  tag: string;
  timeSec: number;
  timeNsec: number;
}

// ---------------------------------------------------------------------------------------------
// generators: raw JSON text pieces, then records, then families

const ws = fc.constantFrom("", "", "", " ", "\n", "\t", "\r\n  ");

/** A JSON string literal (raw text) whose content is arbitrary Unicode, lone surrogates included. */
const jsonStringText = fc.string({ unit: "binary", maxLength: 24 }).map((s) => JSON.stringify(s));

/** Strings that stress escaping: quotes, backslashes, controls, separators, astral and RTL text. */
const nastyStringText = fc.constantFrom(
  '"a\\"b"', '"\\\\"', '"\\/"', '"\\u0000"', '"a\\u0000b"', '"\\ud800"', '"\\udc00\\ud800"', '"\\ud83d\\ude00"',
  '"\\u2028\\u2029"', '"line1\\nline2\\r\\n"', '"\\t\\b\\f"', '"\u00e9\u4e2d\u{1f600}"', '"\u202eevil"', '"=cmd|\' /C calc\'!A0"',
  '"<script>alert(1)</script>"', '""', '" "', '"\\u00e9ric"', '"null"', '"{\\"nested\\":1}"',
);

const numberText = fc.oneof(
  fc.constantFrom(
    "0", "-0", "1", "-1", "1e400", "-1e400", "1E+400", "1e-400", "5e-324", "1.7976931348623157e308", "9007199254740993",
    "4294967296", "-2147483649", "0.1", "123.456e7", `${"9".repeat(400)}`, `-${"1".repeat(400)}`, `0.${"0".repeat(399)}1`,
  ),
  fc.double().filter((d) => Number.isFinite(d)).map((d) => JSON.stringify(d)),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
);

/** Timestamps in every odd form, as JSON values (quoted text or bare numbers). */
const timestampText = fc.oneof(
  fc.constantFrom(
    '"2024-01-22T12:00:00Z"', '"2024-13-45"', '"2024-13-45T99:99:99Z"', '"0000-01-01T00:00:00Z"', '"99999-01-01T00:00:00Z"',
    '"-0001-01-01T00:00:00Z"', '"2016-12-31T23:59:60Z"', '"2024-01-22T12:00:60Z"', '"2024-01-22T12:00:00+25:00"',
    '"2024-01-22T12:00:00-25:00"', '"2024-01-22T12:00:00+99:99"', '"2024-01-22T12:00:00+0530"', '"2024-01-22T12:00:00+05"',
    '"2024-02-30T00:00:00Z"', '"2023-02-29"', '"2024-02-29"', '"2024-01-22T24:00:00Z"', '"2024-01-22 12:00:00,123456789123Z"',
    '"2024-01-22T12:00Z"', '"2024-01-22T12"', '"2024-1-2"', '"NaN"', '"Infinity"', '"-Infinity"', '"1e300"', '"-1700000000"',
    '"1700000000"', '"1700000000000"', '"1700000000000000"', '"1700000000000000000"', '""', '"now"', '"\\u0032024-01-22T12:00:00Z"',
    '"２０２４-01-22"', '"9999-12-31T23:59:59.999999999Z"', '"10000-01-01T00:00:00Z"', '"1969-12-31T23:59:59Z"', '"1970-01-01T00:00:00Z"',
    "1e300", "-1e300", "1e400", "-1700000000", "0", "-0", "1700000000.5", "1.7e18", "-1.7e18", "253402300800000", "253402300799999",
    "null", "true", "[]", "{}", '{"$date":"2024-01-22T12:00:00Z"}', `${"1".repeat(400)}`,
  ),
  fc
    .record({
      year: fc.integer({ min: -10, max: 100_000 }),
      month: fc.integer({ min: 0, max: 14 }),
      day: fc.integer({ min: 0, max: 40 }),
      hour: fc.integer({ min: 0, max: 25 }),
      minute: fc.integer({ min: 0, max: 61 }),
      second: fc.integer({ min: 0, max: 61 }),
      frac: fc.constantFrom("", ".5", ",25", ".123456789", ".1234567890123", "."),
      sep: fc.constantFrom("T", "t", " ", "_"),
      zone: fc.constantFrom("", "Z", "z", "+00:00", "-00:00", "+05:30", "+25:00", "-23:59", "+0530", "+05", "+5", "Z+01:00"),
    })
    .map((t) => JSON.stringify(`${t.year < 0 ? "-" : ""}${pad(Math.abs(t.year), 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}${t.sep}${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${t.frac}${t.zone}`)),
  fc.double().map((d) => (Number.isFinite(d) ? JSON.stringify(d) : JSON.stringify(String(d)))),
  fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }).map((n) => String(n * 1000 + 7)),
);

/** Any JSON value as raw text: arbitrary, nested, nasty strings, edge numbers, timestamps. */
const valueText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? "null"), weight: 3 },
  { arbitrary: jsonStringText, weight: 2 },
  { arbitrary: nastyStringText, weight: 2 },
  { arbitrary: numberText, weight: 2 },
  { arbitrary: timestampText, weight: 2 },
  { arbitrary: fc.constantFrom("true", "false", "null", "[]", "{}", '{"anomaly_score":2,"severity":"x"}', '[{"threat_type":[]}]'), weight: 1 },
);

/** A key as raw JSON text: aliased fields, our own keys (also spelled with escapes), arbitrary text. */
const keyText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...FIELD_KEYS).map((k) => JSON.stringify(k)), weight: 4 },
  { arbitrary: fc.constantFrom(...OWN_KEYS).map((k) => JSON.stringify(k)), weight: 2 },
  { arbitrary: fc.tuple(fc.constantFrom(...OWN_KEYS), fc.nat()).map(([k, i]) => escapeOneChar(k, i)), weight: 1 },
  { arbitrary: fc.constantFrom('""', '"__proto__"', '"constructor"', '"toString"', '"a"', '"a\\u0000"', '"\\u00e9"'), weight: 1 },
  { arbitrary: jsonStringText, weight: 2 },
);

const memberText = fc.tuple(keyText, ws, ws, valueText).map(([k, a, b, v]) => `${k}${a}:${b}${v}`);

/** An object record as raw text, members in any order, duplicates allowed. */
function objectText(members: fc.Arbitrary<string[]>): fc.Arbitrary<string> {
  return fc.tuple(ws, members, ws, ws).map(([a, ms, b, c]) => `${a}{${b}${ms.join(`${b},${c}`)}${c}}${a}`);
}

const objectRecord = objectText(fc.array(memberText, { maxLength: 12 }));

/** Records shaped like real log lines, with one field replaced by something hostile. */
const loginRecord = fc
  .record({
    ts: timestampText,
    tsKey: fc.constantFrom(...TIMESTAMP_KEYS),
    user: fc.oneof(jsonStringText, nastyStringText, fc.constantFrom('"admin"', '"alice"', '"\\u00e9ric"')),
    ip: fc.oneof(fc.constantFrom('"203.0.113.9"', '"::1"', '"10.0.0.1"', '"999.999.999.999"'), jsonStringText),
    action: fc.constantFrom('"failure"', '"success"', '"FAILED"', "null", "1"),
    bytes: numberText,
    extra: fc.array(memberText, { maxLength: 3 }),
  })
  .map((r) => `{"${r.tsKey}":${r.ts},"user":${r.user},"source_ip":${r.ip},"event_type":"login","action":${r.action},"bytes":${r.bytes}${r.extra.map((m) => `,${m}`).join("")}}`);

const deepText = fc
  .record({ depth: fc.integer({ min: 1, max: 700 }), kind: fc.constantFrom("array", "object", "mixed", "unbalanced", "top-array") })
  .map(({ depth, kind }) => {
    if (kind === "array") return `{"user":"deep","d":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    if (kind === "object") return `{"user":"deep","d":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`;
    if (kind === "mixed") return `{"d":${'[{"a":'.repeat(depth)}1${"}]".repeat(depth)}}`;
    if (kind === "unbalanced") return `{"d":${"[".repeat(depth)}${"]".repeat(Math.max(0, depth - 1))}}`;
    return `${"[".repeat(depth)}${"]".repeat(depth)}`;
  });

/** Megabyte strings inside records (and outside any), up to MAX_RECORD_BYTES in all. */
const bigBytes = fc
  .record({
    len: fc.integer({ min: 1 << 16, max: 1 << 20 }),
    unit: fc.constantFrom("a", "\u00e9", "\u{1f600}", '\\"', "\\u0000", "\\ud800", "\n", "raw-ff", "raw-nul"),
    shape: fc.constantFrom("message", "key", "not-object", "unterminated"),
  })
  .map(({ len, unit, shape }) => {
    const body = unit === "raw-ff" ? new Uint8Array(len).fill(0xff) : unit === "raw-nul" ? new Uint8Array(len) : bytesOf(unit.repeat(Math.ceil(len / unitBytes(unit))));
    const b = body.subarray(0, Math.min(body.length, MAX_RECORD_BYTES - 64));
    if (shape === "message") return bytesOf('{"user":"big","message":"', b, '","n":1}');
    if (shape === "key") return bytesOf('{"', b, '":1,"user":"big"}');
    if (shape === "unterminated") return bytesOf('{"message":"', b);
    return b;
  });

/** Raw bytes with invalid UTF-8 inside string values and keys (bytes >= 0x80 are taken as they are by the scanner). */
const invalidUtf8Record = fc
  .record({
    junk: fc.uint8Array({ minLength: 1, maxLength: 12 }).map((a) => a.map((b) => (b % 3 === 0 ? 0x41 + (b % 26) : 0x80 | b))),
    where: fc.constantFrom("user", "message", "key", "timestamp", "outside"),
  })
  .map(({ junk, where }) => {
    if (where === "user") return bytesOf('{"user":"a', junk, '","event_type":"login","action":"failure"}');
    if (where === "message") return bytesOf('{"user":"bob","message":"', junk, '"}');
    if (where === "key") return bytesOf('{"', junk, '":"v","user":"bob"}');
    if (where === "timestamp") return bytesOf('{"timestamp":"2024-01-22T12:00:00', junk, '","user":"bob"}');
    return bytesOf('{"user":"bob"}', junk);
  });

/** NUL bytes: raw inside a string, raw between tokens, escaped, at either end. */
const nulRecord = fc
  .record({ at: fc.nat(), escaped: fc.boolean(), base: fc.constantFrom('{"user":"alice","message":"hello world"}', '{"a":[1,2,3],"b":{"c":"d"}}') })
  .map(({ at, escaped, base }) => {
    const i = at % (base.length + 1);
    return escaped ? bytesOf(base.slice(0, i), "\\u0000", base.slice(i)) : bytesOf(base.slice(0, i), [0], base.slice(i));
  });

const duplicateKeysRecord = fc
  .record({ key: keyText, values: fc.array(valueText, { minLength: 2, maxLength: 6 }), others: fc.array(memberText, { maxLength: 3 }) })
  .map(({ key, values, others }) => `{${[...values.map((v) => `${key}:${v}`), ...others].join(",")}}`);

/** Our own keys in every position: first, middle, last, many copies, nested, escaped, with any value. */
const ownKeysRecord = fc
  .record({
    own: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...OWN_KEYS).map((k) => JSON.stringify(k)), fc.tuple(fc.constantFrom(...OWN_KEYS), fc.nat()).map(([k, i]) => escapeOneChar(k, i))), valueText), { minLength: 1, maxLength: 48, size: "max" }),
    others: fc.array(memberText, { maxLength: 4 }),
    seed: fc.nat(),
  })
  .map(({ own, others, seed }) => {
    const members = [...others];
    own.forEach(([k, v], i) => members.splice((seed + i * 7) % (members.length + 1), 0, `${k}:${v}`));
    return `{${members.join(",")}}`;
  });

const emptyish = fc.constantFrom("", " ", "\t", "\n", "\r\n", " \t\r\n ", "\u00a0", "\ufeff", "{}", " {} ", "[]", '""', "null", "0", "-", "{", "}", "{,}", "{\"\":}");

/** Log records like the samples, bases for "almost valid" mutations. */
const SAMPLE_LIKE = [
  '{"event_id":"evt-001222","timestamp":"2024-01-22T02:00:27Z","user":"svc_backup","source_ip":"10.0.9.10","host":"backup-01","event_type":"login","action":"success","message":"Accepted password for svc_backup from 10.0.9.10 port 52215 ssh2"}',
  '{"timestamp":"2024-01-22T02:02:29Z","user":"svc_backup","event_type":"file_access","action":"success","bytes":291118394,"path":"/srv/data/home.tar"}',
  '{"user":"bob","anomaly_score":0.7,"threat_type":"anomaly","severity":"MEDIUM","anomaly_reasons":["x=1"],"mitre_technique":"T1110","incident_id":"i-1"}',
];

/** A valid record with one small mutation: deleted, inserted or replaced byte, truncation, trailing data. */
const almostValid = fc
  .record({
    base: fc.oneof(objectRecord, loginRecord, fc.constantFrom(...SAMPLE_LIKE)),
    op: fc.constantFrom("delete", "insert", "replace", "truncate", "append", "prepend", "swap"),
    at: fc.nat(),
    ch: fc.constantFrom("{", "}", "[", "]", ",", ":", '"', "\\", "0", "e", "-", ".", " ", "\u0000", "\u00e9", "x", "\ufeff", "/*"),
  })
  .map(({ base, op, at, ch }) => {
    const i = at % (base.length + 1);
    switch (op) {
      case "delete": return base.slice(0, i) + base.slice(i + 1);
      case "insert": return base.slice(0, i) + ch + base.slice(i);
      case "replace": return base.slice(0, i) + ch + base.slice(i + 1);
      case "truncate": return base.slice(0, i);
      case "append": return base + ch;
      case "prepend": return ch + base;
      default: return base.slice(i) + base.slice(0, i);
    }
  });

const randomBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => bytesOf("{", b, "}")),
  fc.string({ unit: "binary", maxLength: 200 }).map((s) => bytesOf(s)),
);

function toCase(family: string, record: fc.Arbitrary<string | Uint8Array>): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      record,
      tag: fc.oneof(fc.constant("app.logs"), fc.string({ maxLength: 40 })),
      timeSec: fc.oneof(fc.integer({ min: T0_SEC - 86_400, max: T0_SEC + 86_400 }), fc.constantFrom(0, 1, 0x7fffffff, 0xffffffff, 32503680000 >>> 0)),
      timeNsec: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999_999_999 }), fc.constant(0xffffffff)),
    })
    .map(({ record, tag, timeSec, timeNsec }) => ({ family, bytes: typeof record === "string" ? bytesOf(record) : record, tag, timeSec, timeNsec }));
}

/** One generator per kind of hostile input; each is its own property, so each failure shows on its own. */
export const FAMILIES = {
  "random bytes": toCase("random bytes", randomBytes),
  "random JSON objects": toCase("random JSON objects", objectRecord),
  "random JSON values (not objects)": toCase("random JSON values (not objects)", fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? "null")),
  "login records with hostile fields": toCase("login records with hostile fields", loginRecord),
  "deep nesting": toCase("deep nesting", deepText),
  "megabyte strings": toCase("megabyte strings", bigBytes),
  "invalid UTF-8": toCase("invalid UTF-8", invalidUtf8Record),
  "NUL bytes": toCase("NUL bytes", nulRecord),
  "duplicate keys": toCase("duplicate keys", duplicateKeysRecord),
  "numbers beyond f64": toCase("numbers beyond f64", objectText(fc.array(numberText.map((n) => `"bytes":${n}`), { minLength: 1, maxLength: 3 }))),
  "timestamps in odd forms": toCase("timestamps in odd forms", fc.tuple(fc.constantFrom(...TIMESTAMP_KEYS), timestampText, loginRecord).map(([k, t, rec]) => `{"${k}":${t},${rec.slice(1)}`)),
  "empty and whitespace": toCase("empty and whitespace", emptyish),
  "our own keys in every position": toCase("our own keys in every position", ownKeysRecord),
  "almost valid JSON": toCase("almost valid JSON", almostValid),
} as const satisfies Record<string, fc.Arbitrary<FuzzCase>>;

export type FamilyName = keyof typeof FAMILIES;

/** Every family at once, megabyte strings rarely (they cost ~1000 small cases each). */
export const ANY_CASE: fc.Arbitrary<FuzzCase> = fc.oneof(
  ...Object.entries(FAMILIES).map(([name, arbitrary]) => ({ arbitrary, weight: name === "megabyte strings" ? 1 : 20 })),
);

/** Every family but the named ones, mixed as in ANY_CASE. */
export function casesExcept(...skip: FamilyName[]): fc.Arbitrary<FuzzCase> {
  const names = (Object.keys(FAMILIES) as FamilyName[]).filter((n) => !skip.includes(n));
  return fc.oneof(...names.map((n) => ({ arbitrary: FAMILIES[n] as fc.Arbitrary<FuzzCase>, weight: n === "megabyte strings" ? 1 : 20 })));
}

// --- internal ---

const encoder = new TextEncoder();

export function bytesOf(...parts: (string | Uint8Array | number[])[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === "string" ? encoder.encode(p) : p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function unitBytes(unit: string): number {
  return encoder.encode(unit).length;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** `"anomaly\u005fscore"`: one character of the key written as a \u escape. */
function escapeOneChar(key: string, i: number): string {
  const at = i % key.length;
  return `"${key.slice(0, at)}\\u${key.charCodeAt(at).toString(16).padStart(4, "0")}${key.slice(at + 1)}"`;
}
