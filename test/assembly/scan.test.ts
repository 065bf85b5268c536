// JSON record scanner, timestamp parser and event classification (assembly/event/json-scan.ts,
// assembly/event/timestamp.ts, assembly/event/event-kind.ts), driven through test/assembly/harness/scan-harness.ts.

import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { compileAs } from "../helpers/compile-as.ts";

// ---- mirrors of the AssemblyScript enums (assembly/event/event.ts, assembly/event/json-scan.ts) ----
const E = { NONE: 0, EMPTY: 1, NOT_OBJECT: 2, INVALID_JSON: 3, TRAILING_DATA: 5, BAD_RANGE: 6 } as const;
const K = {
  OTHER: 0, LOGIN_SUCCESS: 1, LOGIN_FAILURE: 2, PRIVILEGE_USE: 3, PRIVILEGE_CHANGE: 4, PROCESS_START: 5,
  SERVICE_INSTALL: 6, FILE_ACCESS: 7, NETWORK_CONNECTION: 8, ACCOUNT_CHANGE: 9,
} as const;
const O = { UNKNOWN: 0, SUCCESS: 1, FAILURE: 2 } as const;
const C = { SENSITIVE_PATH: 1, MENTIONS_ROOT: 2, FAIL_WORD: 4, REMOTE_LOGON: 8, ADMIN_GROUP: 16 } as const;
/** assembly/event/json-scan.ts STATIC_DEPTH: levels before the bit stack moves to the heap. */
const STATIC_DEPTH = 4096;
const FIELD_CAP = 1024;
const MESSAGE_CAP = 4096;
const OWN_SPAN_CAPACITY = 32;

const HARNESS = "test/assembly/harness/scan-harness.ts";
const SLICE_NAMES = ["user", "sourceIp", "host", "eventType", "action", "message", "path"] as const;
type SliceName = (typeof SLICE_NAMES)[number];

interface Scan {
  valid: boolean;
  error: number;
  errorPos: number;
  objStart: number;
  objEnd: number;
  ownCount: number;
  ownOverflow: boolean;
  kind: number;
  outcome: number;
  cues: number;
  timeMs: number;
  bytes: number;
  /** Decoded slices as strings (absent = undefined); raw bytes in `raw`. */
  fields: Partial<Record<SliceName, string>>;
  raw: Partial<Record<SliceName, Uint8Array>>;
  /** Own spans as [start, end) byte offsets. */
  spans: [number, number][];
}

interface Harness {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  scan_record(ptr: number, len: number, classify: number, refMs?: number): number;
  parse_timestamp(ptr: number, len: number): number;
  rejected_table_entries(): number;
  scan_tags(ptr: number, len: number, lookup: number): number;
  pattern_count(): number;
  pattern(i: number): number;
  epoch_to_ms(v: number): number;
}

let h: Harness;
const enc = new TextEncoder();
const dec = new TextDecoder();

beforeAll(async () => {
  const wasm = await compileAs(HARNESS);
  const { instance } = await WebAssembly.instantiate(wasm, {});
  h = instance.exports as unknown as Harness;
});

function withBytes<T>(bytes: Uint8Array, fn: (ptr: number, len: number) => T): T {
  const ptr = h.malloc(Math.max(bytes.length, 1));
  new Uint8Array(h.memory.buffer).set(bytes, ptr);
  try {
    return fn(ptr, bytes.length);
  } finally {
    h.free(ptr);
  }
}

function scanBytes(bytes: Uint8Array, classify = true): Scan {
  return withBytes(bytes, (ptr, len) => readResult(h.scan_record(ptr, len, classify ? 1 : 0)));
}

function readResult(r: number): Scan {
  const dv = new DataView(h.memory.buffer);
  const i32 = (o: number) => dv.getInt32(r + o, true);
  const s: Scan = {
    valid: i32(0) === 1, error: i32(4), errorPos: i32(8), objStart: i32(12), objEnd: i32(16),
    ownCount: i32(20), ownOverflow: i32(24) === 1, kind: i32(28), outcome: i32(32), cues: i32(36),
    timeMs: dv.getFloat64(r + 40, true), bytes: dv.getFloat64(r + 48, true), fields: {}, raw: {}, spans: [],
  };
  SLICE_NAMES.forEach((name, i) => {
    const ptr = dv.getUint32(r + 56 + i * 8, true);
    const len = dv.getInt32(r + 60 + i * 8, true);
    if (len > 0) {
      const bytes = new Uint8Array(h.memory.buffer, ptr, len).slice();
      s.raw[name] = bytes;
      s.fields[name] = dec.decode(bytes);
    }
  });
  for (let i = 0; i < s.ownCount; i++) s.spans.push([i32(112 + i * 8), i32(116 + i * 8)]);
  return s;
}

const scan = (json: string, classify = true) => scanBytes(enc.encode(json), classify);
const show = (x: unknown) =>
  `actual: ${JSON.stringify(x, (_k, v) => (v instanceof Uint8Array ? [...v] : Number.isNaN(v) ? "NaN" : v))}`;
const parseTs = (text: string) => withBytes(enc.encode(text), (p, n) => h.parse_timestamp(p, n));
const kindName = (k: number) => Object.keys(K).find((n) => K[n as keyof typeof K] === k);
const cueNames = (c: number) => Object.keys(C).filter((n) => (c & C[n as keyof typeof C]) !== 0);

// -------------------------------------------------------------------------------------------------
describe("field aliases", () => {
  const ALIASES: Record<string, string[]> = {
    user: ["user", "username", "uid", "account", "identity", "user_name"],
    sourceIp: ["source_ip", "src_ip", "ip", "client_ip", "remote_addr", "src"],
    host: ["host", "hostname", "dest_host", "destination_host", "computer"],
    eventType: ["event_type", "type", "event", "category"],
    action: ["action", "result", "status", "outcome"],
    message: ["message", "msg", "description", "text", "log"],
    path: ["path", "file", "file_path", "resource", "object"],
  };
  const stringRows = Object.entries(ALIASES).flatMap(([field, keys]) =>
    keys.map((key) => [field, key] as const),
  );

  // ---- every string alias, alone, among unrelated keys ----
  it.each(stringRows)("%s ← %s", (field, key) => {
    const s = scan(`{"other":"x","${key}":"v-${key}","zzz":[1]}`, false);
    expect(s.fields, show(s)).toEqual({ [field]: `v-${key}` });
    expect(s.valid).toBe(true);
  });

  // ---- timestamp and bytes aliases ----
  it.each(["timestamp", "time", "@timestamp", "datetime", "date"])("timeMs ← %s", (key) => {
    const s = scan(`{"${key}":"2024-01-15T10:30:00Z"}`, false);
    expect(s.timeMs, show(s)).toBe(Date.UTC(2024, 0, 15, 10, 30));
  });
  it.each(["bytes", "size", "bytes_out", "bytes_sent", "bytes_transferred", "length"])("bytes ← %s", (key) => {
    const s = scan(`{"${key}":4096}`, false);
    expect(s.bytes, show(s)).toBe(4096);
  });

  // ---- keys are exact and case-sensitive; nested members never count ----
  it.each([
    ['{"User":"x"}', {}],
    ['{"users":"x"}', {}],
    ['{"use":"x"}', {}],
    ['{"data":{"user":"mallory"}}', {}],
    ['{"data":{"user":"mallory"},"user":"alice"}', { user: "alice" }],
    ['{"list":[{"user":"m"}],"user":"alice"}', { user: "alice" }],
    ['{"anomaly_score":0.5,"user":"a"}', { user: "a" }],
  ])("%s", (json, fields) => {
    const s = scan(json, false);
    expect(s.fields, show(s)).toEqual(fields);
  });

  // ---- a key differing from an alias in any one byte is another key ----
  // field-table.ts compares a key's first and last four bytes as one word and only the bytes
  // between them one by one, so every position of every alias length (2 to 16 bytes) is tried.
  it.each(stringRows)("%s ← %s, one byte changed", (_field, key) => {
    for (let i = 0; i < key.length; i++) {
      const other = key.slice(0, i) + (key[i] === "q" ? "z" : "q") + key.slice(i + 1);
      const s = scan(`{"${other}":"v"}`, false);
      expect(s.fields, `${other}: ${show(s)}`).toEqual({});
    }
  });
});

// -------------------------------------------------------------------------------------------------
describe("alias priority", () => {
  it.each([
    // ---- first alias in the list wins, in any order ----
    ['{"time":"2024-01-01T00:00:00Z","timestamp":"2024-01-02T00:00:00Z"}', "timeMs", Date.UTC(2024, 0, 2)],
    ['{"date":"2024-01-03","@timestamp":"2024-01-04T00:00:00Z","datetime":"2024-01-05"}', "timeMs", Date.UTC(2024, 0, 4)],
    ['{"src":"1.1.1.1","ip":"3.3.3.3","source_ip":"2.2.2.2"}', "sourceIp", "2.2.2.2"],
    ['{"user_name":"x","user":"y","username":"z"}', "user", "y"],
    ['{"identity":"x","uid":"y"}', "user", "y"],
    ['{"computer":"c","hostname":"h"}', "host", "h"],
    ['{"category":"c","event":"e","type":"t"}', "eventType", "t"],
    ['{"outcome":"o","status":"s","result":"r"}', "action", "r"],
    ['{"log":"a","text":"t","message":"b"}', "message", "b"],
    ['{"object":"o","file":"f"}', "path", "f"],
    ['{"length":5,"bytes_out":6,"bytes":7}', "bytes", 7],
    // ---- duplicate keys: the first usable occurrence wins ----
    ['{"user":"a","user":"b"}', "user", "a"],
    ['{"user":null,"user":"b"}', "user", "b"],
    // ---- unusable values do not claim the field ----
    ['{"user":null,"username":"bob"}', "user", "bob"],
    ['{"user":"","username":"bob"}', "user", "bob"],
    ['{"user":{"id":"x"},"username":"bob"}', "user", "bob"], // ECS user object without user.name
    ['{"user":{"name":"x"},"username":"bob"}', "user", "x"], // ECS user.name (formats.test.ts has the rest)
    ['{"user":[1],"username":"bob"}', "user", "bob"],
    ['{"timestamp":"garbage","time":1700000000}', "timeMs", 1700000000000],
    ['{"timestamp":true,"time":1700000000}', "timeMs", 1700000000000],
    ['{"bytes":"many","size":10}', "bytes", 10],
    ['{"bytes":-1,"size":10}', "bytes", 10],
  ] as const)("%s → %s", (json, field, expected) => {
    const s = scan(json, false);
    const actual = field === "timeMs" ? s.timeMs : field === "bytes" ? s.bytes : s.fields[field as SliceName];
    expect(actual, show(s)).toBe(expected);
  });
});

// -------------------------------------------------------------------------------------------------
describe("string decoding", () => {
  it.each([
    // ---- escapes ----
    ['"caf\\u00e9"', "café"],
    ['"\\u00C9T\\u00c9"', "ÉTÉ"],
    ['"\\u20ac5"', "€5"],
    ['"\\ud83d\\ude00!"', "😀!"],
    ['"\\uD83D\\uDE00"', "😀"],
    ['"a\\ud83dx"', "a\ufffdx"], // lone high surrogate
    ['"a\\ude00x"', "a\ufffdx"], // lone low surrogate
    ['"\\ud83d\\ud83d\\ude00"', "\ufffd😀"], // high + pair
    ['"\\ud83d\\n"', "\ufffd\n"],
    ['"\\ud83d"', "\ufffd"], // high surrogate at the very end
    ['"say \\"hi\\""', 'say "hi"'],
    ['"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\\/\b\f\n\r\t'],
    ['"C:\\\\Windows\\\\System32"', "C:\\Windows\\System32"],
    ['"\\u0000nul"', "\u0000nul"],
    // ---- raw UTF-8 passes through ----
    ['"José Ñandú 日本 😀"', "José Ñandú 日本 😀"],
    // ---- non-string scalars as their raw text ----
    ["1001", "1001"],
    ["-1.5e3", "-1.5e3"],
    ["0", "0"],
    ["true", "true"],
    ["false", "false"],
  ])("user: %s → %j", (value, expected) => {
    const s = scan(`{"user":${value}}`, false);
    expect(s.fields.user, show(s)).toBe(expected);
  });

  it.each([
    // ---- absent values ----
    ["null"],
    ['""'],
    ["[]"],
    ['["a"]'],
    ["{}"],
    ['{"a":"b"}'],
  ])("user: %s → absent", (value) => {
    const s = scan(`{"user":${value}}`, false);
    expect(s.valid, show(s)).toBe(true);
    expect(s.fields.user, show(s)).toBeUndefined();
  });

  it.each([
    // ---- keys with escapes match after decoding ----
    ['{"us\\u0065r":"bob"}', { user: "bob" }],
    ['{"\\u0075ser":"bob"}', { user: "bob" }],
    ['{"source\\u005fip":"1.2.3.4"}', { sourceIp: "1.2.3.4" }],
    ['{"u\\"ser":"bob"}', {}],
    ['{"user\\u0000":"bob"}', {}],
    ['{"\\u00fcser":"bob"}', {}],
    [`{"${"\\u0061".repeat(40)}":"bob","user":"x"}`, { user: "x" }],
  ])("%s", (json, fields) => {
    const s = scan(json, false);
    expect(s.fields, show(s)).toEqual(fields);
  });

  it("accepts invalid UTF-8 inside strings as bytes (no trap)", () => {
    const bytes = new Uint8Array([...enc.encode('{"user":"a'), 0xff, 0xfe, 0xc3, ...enc.encode('b","x":1}')]);
    const s = scanBytes(bytes, true);
    expect(s.valid, show(s)).toBe(true);
    expect([...(s.raw.user ?? [])]).toEqual([0x61, 0xff, 0xfe, 0xc3, 0x62]);
  });

  it.each([
    // ---- caps: truncated at the cap, never inside a UTF-8 sequence ----
    ["user ASCII", "user", "a".repeat(5000), FIELD_CAP],
    ["message ASCII", "message", "m".repeat(10000), MESSAGE_CAP],
    ["user 2-byte", "user", "é".repeat(600), 1024],
    ["user 3-byte", "user", "€".repeat(400), 1023],
    ["user 4-byte offset", "user", "a" + "😀".repeat(300), 1021],
    ["user escaped 3-byte", "user", "\\u20ac".repeat(400), 1023],
    ["user escaped pairs", "user", "ab" + "\\ud83d\\ude00".repeat(300), 1022],
    ["path mixed", "path", "x".repeat(1023) + "\\u00e9", 1023],
  ])("%s", (_name, field, value, expectedLen) => {
    const s = scan(`{"${field}":"${value}"}`, false);
    const raw = s.raw[field as SliceName];
    expect(raw?.length, show({ len: raw?.length })).toBe(expectedLen);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(raw)).not.toThrow();
  });

  it("fills every field at its cap in one record", () => {
    const obj = Object.fromEntries(
      ["user", "source_ip", "host", "event_type", "action", "message", "path"].map((k) => [k, k[0].repeat(9000)]),
    );
    const s = scan(JSON.stringify(obj), false);
    expect(s.valid).toBe(true);
    for (const name of SLICE_NAMES) {
      expect(s.fields[name]?.length, name).toBe(name === "message" ? MESSAGE_CAP : FIELD_CAP);
    }
  });
});

// -------------------------------------------------------------------------------------------------
describe("timestamps", () => {
  it.each([
    // ---- epoch numbers in the record: seconds, ms, µs, ns by magnitude ----
    ["1700000000", 1700000000000],
    ["1700000000.5", 1700000000500],
    ["1700000000123", 1700000000123],
    ["1700000000123456", 1700000000123.456],
    ["1700000000123456789", 1700000000123.4568],
    ['"1700000000"', 1700000000000],
    ['"1700000000.25"', 1700000000250],
    ['"1700000000123"', 1700000000123],
    ["0", 0],
    ["-1", NaN],
    ["1e300", NaN],
    ['"17e"', NaN],
    ['""', NaN],
  ])("time: %s", (value, expected) => {
    const s = scan(`{"time":${value}}`, false);
    if (Number.isNaN(expected)) expect(s.timeMs, show(s)).toBeNaN();
    else expect(s.timeMs, show(s)).toBeCloseTo(expected, 3);
  });

  it.each([
    // ---- ISO 8601 / RFC 3339 ----
    ["2024-01-15", Date.UTC(2024, 0, 15)],
    ["2024-01-15T10:30", Date.UTC(2024, 0, 15, 10, 30)],
    ["2024-01-15T10:30:00", Date.UTC(2024, 0, 15, 10, 30)],
    ["2024-01-15T10:30:00Z", Date.UTC(2024, 0, 15, 10, 30)],
    ["2024-01-15t10:30:00z", Date.UTC(2024, 0, 15, 10, 30)],
    ["2024-01-15 10:30:00", Date.UTC(2024, 0, 15, 10, 30)],
    ["2024-01-15T10:30:00.123Z", Date.UTC(2024, 0, 15, 10, 30, 0, 123)],
    ["2024-01-15T10:30:00,5Z", Date.UTC(2024, 0, 15, 10, 30, 0, 500)],
    ["2024-01-15T10:30:00.123456789Z", Date.UTC(2024, 0, 15, 10, 30, 0, 123) + 0.456789],
    ["2024-01-15T10:30:00.1234567891234Z", Date.UTC(2024, 0, 15, 10, 30, 0, 123) + 0.456789],
    // ---- offsets ----
    ["2024-01-15T10:30:00+05:30", Date.parse("2024-01-15T10:30:00+05:30")],
    ["2024-01-15T10:30:00-0800", Date.parse("2024-01-15T10:30:00-08:00")],
    ["2024-01-15T10:30:00+05", Date.parse("2024-01-15T10:30:00+05:00")],
    ["2024-01-15T02:00:00+05:30", Date.parse("2024-01-14T20:30:00Z")],
    ["2024-01-15T10:30:00.250-03:00", Date.parse("2024-01-15T13:30:00.250Z")],
    ["2024-01-15T10:30+01:00", Date.parse("2024-01-15T09:30:00Z")],
    // ---- calendar edges ----
    ["1970-01-01T00:00:00Z", 0],
    ["2024-02-29", Date.UTC(2024, 1, 29)],
    ["2000-02-29", Date.UTC(2000, 1, 29)],
    ["9999-12-31T23:59:59Z", Date.UTC(9999, 11, 31, 23, 59, 59)],
    ["2016-12-31T23:59:60Z", Date.UTC(2017, 0, 1)],
    // ---- epoch text ----
    ["1700000000", 1700000000000],
    ["1700000000123", 1700000000123],
    // ---- unusable → NaN ----
    ["2024-02-30", NaN],
    ["2023-02-29", NaN],
    ["2100-02-29", NaN],
    ["2024-04-31", NaN],
    ["2024-13-01", NaN],
    ["2024-00-10", NaN],
    ["2024-01-00", NaN],
    ["1969-12-31T23:59:59Z", NaN],
    ["10000-01-01", NaN],
    ["2024-01-15T24:00:00Z", NaN],
    ["2024-01-15T10:60:00Z", NaN],
    ["2024-01-15T10:30:61Z", NaN],
    ["2024-01-15T10:30:00+24:00", NaN],
    ["2024-01-15T10:30:00+05:60", NaN],
    ["2024-01-15T10:30:00+5", NaN],
    ["2024-01-15T10:30:00+05:3", NaN],
    ["2024-01-15T10:30:00Zjunk", NaN],
    ["2024-01-15T10:30:00.Z", NaN],
    ["2024-01-15T10", NaN],
    ["2024-01-15X10:30", NaN],
    ["2024-1-15", NaN],
    ["2024/01/15", NaN],
    [" 2024-01-15", NaN],
    ["Jan 15 10:30:00", NaN],
    ["", NaN],
    ["abc", NaN],
    ["-1700000000", NaN],
  ])("parseTimestamp(%j)", (text, expected) => {
    const v = parseTs(text);
    if (Number.isNaN(expected)) expect(v, show(v)).toBeNaN();
    else expect(v, show(v)).toBeCloseTo(expected, 3);
  });

  it.each([
    [0, 0],
    [1, 1000],
    [99999999999, 99999999999000],
    [1e11, 1e11],
    [99999999999999, 99999999999999],
    [1e14, 1e11],
    [1.7e15, 1.7e12],
    [1e17, 1e11],
    [1.7e18, 1.7e12],
    [-1, NaN],
    [Infinity, NaN],
    [NaN, NaN],
    [1e22, NaN],
  ])("epochToMs(%d)", (v, expected) => {
    const ms = h.epoch_to_ms(v);
    if (Number.isNaN(expected)) expect(ms).toBeNaN();
    else expect(ms).toBeCloseTo(expected, 3);
  });
});

// -------------------------------------------------------------------------------------------------
describe("own-key spans", () => {
  const text = (json: string, s: Scan) => s.spans.map(([a, b]) => json.slice(a, b));
  it.each([
    // ---- position ----
    ['{"anomaly_score":0.9,"user":"a"}', ['"anomaly_score":0.9']],
    ['{"a":1,"severity":"HIGH","b":2}', ['"severity":"HIGH"']],
    ['{"a":1,"threat_type":"none"}', ['"threat_type":"none"']],
    ['{ "a":1 , "severity" : "HIGH" , "b":2 }', ['"severity" : "HIGH"']],
    // ---- value kinds ----
    ['{"anomaly_reasons":["a","b"],"x":1}', ['"anomaly_reasons":["a","b"]']],
    ['{"anomaly_error":{"code":1}}', ['"anomaly_error":{"code":1}']],
    ['{"incident_id":null}', ['"incident_id":null']],
    ['{"mitre_technique":"T1110"}', ['"mitre_technique":"T1110"']],
    ['{"anomaly\\u005fscore":1}', ['"anomaly\\u005fscore":1']],
    // ---- duplicates, all seven keys ----
    ['{"severity":"LOW","x":0,"severity":"HIGH"}', ['"severity":"LOW"', '"severity":"HIGH"']],
    [
      '{"anomaly_score":1,"threat_type":"t","severity":"s","anomaly_reasons":[],"anomaly_error":"e","mitre_technique":"m","incident_id":"i"}',
      ['"anomaly_score":1', '"threat_type":"t"', '"severity":"s"', '"anomaly_reasons":[]', '"anomaly_error":"e"', '"mitre_technique":"m"', '"incident_id":"i"'],
    ],
    // ---- not ours ----
    ['{"x":{"anomaly_score":1}}', []],
    ['{"Anomaly_Score":1,"anomaly_scores":2}', []],
  ])("%s", (json, expected) => {
    const s = scan(json, false);
    expect(s.valid, show(s)).toBe(true);
    expect(text(json, s), show(s)).toEqual(expected);
    expect(s.ownOverflow).toBe(false);
  });

  it("records spans as byte offsets in a non-ASCII record", () => {
    const json = '{"msg":"日本","severity":"HIGH"}';
    const bytes = enc.encode(json);
    const s = scanBytes(bytes, false);
    expect(s.spans.map(([a, b]) => dec.decode(bytes.slice(a, b))), show(s)).toEqual(['"severity":"HIGH"']);
  });

  it("stops recording beyond capacity and says so", () => {
    const json = `{${Array.from({ length: 40 }, (_, i) => `"threat_type":${i}`).join(",")}}`;
    const s = scan(json, false);
    expect(s.valid).toBe(true);
    expect(s.ownCount).toBe(OWN_SPAN_CAPACITY);
    expect(s.ownOverflow).toBe(true);
    expect(json.slice(...s.spans[31])).toBe('"threat_type":31');
  });
});

// -------------------------------------------------------------------------------------------------
describe("validation and errors", () => {
  const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
  it.each([
    // ---- accepted ----
    ["{}", E.NONE],
    ["{ }", E.NONE],
    [' \t\r\n{"a":1} \n', E.NONE],
    ['{"a":[1,2.5,-3e-2,0,1E+2,true,false,null,"s",{},[]],"b":{"c":{"d":[[[]]]}}}', E.NONE],
    ['{"a":["\\"]\\\\",{"}":"{"}],"user":"x"}', E.NONE],
    [`{"a":${deep(STATIC_DEPTH - 1)}}`, E.NONE],
    [`{"a":${'{"a":'.repeat(STATIC_DEPTH - 1)}1${"}".repeat(STATIC_DEPTH - 1)}}`, E.NONE],
    // ---- EMPTY ----
    ["", E.EMPTY],
    ["   \n\t\r ", E.EMPTY],
    // ---- NOT_OBJECT ----
    ["[1,2]", E.NOT_OBJECT],
    ['"str"', E.NOT_OBJECT],
    ["42", E.NOT_OBJECT],
    ["null", E.NOT_OBJECT],
    [" true ", E.NOT_OBJECT],
    // ---- TRAILING_DATA ----
    ['{"a":1} x', E.TRAILING_DATA],
    ['{"a":1}{"b":2}', E.TRAILING_DATA],
    ['{"a":1},', E.TRAILING_DATA],
    ['{"a":1}\u0000', E.TRAILING_DATA],
    ["[1] x", E.TRAILING_DATA],
    // ---- INVALID_JSON: structure ----
    ['{"a":}', E.INVALID_JSON],
    ["{", E.INVALID_JSON],
    ['{"a', E.INVALID_JSON],
    ['{"a"', E.INVALID_JSON],
    ['{"a":', E.INVALID_JSON],
    ['{"a":1', E.INVALID_JSON],
    ['{"a":1,}', E.INVALID_JSON],
    ["{,}", E.INVALID_JSON],
    ["{'a':1}", E.INVALID_JSON],
    ['{a:1}', E.INVALID_JSON],
    ['{"a" 1}', E.INVALID_JSON],
    ['{"a":1 "b":2}', E.INVALID_JSON],
    ['{"a":[1,2}', E.INVALID_JSON],
    ['{"a":[1,2]]}', E.INVALID_JSON],
    ['{"a":{"b":1]}', E.INVALID_JSON],
    ['{"a":[,1]}', E.INVALID_JSON],
    ['{"a":[1,]}', E.INVALID_JSON],
    ['{"a":{"b"}}', E.INVALID_JSON],
    ['{"a":{1:2}}', E.INVALID_JSON],
    ["}", E.INVALID_JSON],
    ["\u0000{}", E.INVALID_JSON],
    ["\ufeff{}", E.INVALID_JSON],
    // ---- INVALID_JSON: literals and numbers ----
    ['{"a":tru}', E.INVALID_JSON],
    ['{"a":True}', E.INVALID_JSON],
    ['{"a":nul}', E.INVALID_JSON],
    ['{"a":fals}', E.INVALID_JSON],
    ['{"a":undefined}', E.INVALID_JSON],
    ['{"a":01}', E.INVALID_JSON],
    ['{"a":1.}', E.INVALID_JSON],
    ['{"a":.5}', E.INVALID_JSON],
    ['{"a":-}', E.INVALID_JSON],
    ['{"a":+1}', E.INVALID_JSON],
    ['{"a":1e}', E.INVALID_JSON],
    ['{"a":1e+}', E.INVALID_JSON],
    ['{"a":0x10}', E.INVALID_JSON],
    ['{"a":NaN}', E.INVALID_JSON],
    // ---- INVALID_JSON: strings ----
    ['{"a":"abc', E.INVALID_JSON],
    ['{"a":"abc\\"}', E.INVALID_JSON],
    ['{"a":"\\x"}', E.INVALID_JSON],
    ['{"a":"\\u12"}', E.INVALID_JSON],
    ['{"a":"\\u12G4"}', E.INVALID_JSON],
    ['{"a":"\\', E.INVALID_JSON],
    ['{"a":"tab\there"}', E.INVALID_JSON],
    ['{"a":"line\nbreak"}', E.INVALID_JSON],
    ['{"a":"nul\u0000byte"}', E.INVALID_JSON],
    ['{"k\u0001":1}', E.INVALID_JSON],
    // ---- any depth is read exactly, past the static bit stack too (the heap one grows) ----
    [`{"a":${deep(STATIC_DEPTH)}}`, E.NONE],
    [`{"a":${deep(100_000)}}`, E.NONE],
    [`{"a":${"[".repeat(100_000)}${"]".repeat(99_999)}}}`, E.INVALID_JSON],
    [`{"a":${"[".repeat(50_000)}{}${"]".repeat(49_999)}}]}`, E.INVALID_JSON],
    [deep(100_000), E.NOT_OBJECT],
    [`${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`, E.NONE],
  ])("%j → %d", (json, error) => {
    const s = scan(json);
    expect({ valid: s.valid, error: s.error }, show(s)).toEqual({ valid: error === E.NONE, error });
  });

  it.each([
    ['{"a":}', 5],
    ['{"a":1} x', 8],
    ['{"a":"abc', 9],
    ['{"a":[1,2}', 9],
  ])("errorPos of %j is %d", (json, pos) => {
    expect(scan(json).errorPos).toBe(pos);
  });

  it("reports '{' and '}' offsets", () => {
    const s = scan('  {"a":{"b":"}"}}  ');
    expect([s.objStart, s.objEnd], show(s)).toEqual([2, 16]);
  });

  it("resets the event on error (no partial fields)", () => {
    const s = scan('{"user":"alice","time":1700000000,"bytes":5,"x":}');
    expect(s.error).toBe(E.INVALID_JSON);
    expect({ fields: s.fields, bytes: s.bytes, t: s.timeMs }, show(s)).toEqual({ fields: {}, bytes: 0, t: NaN });
  });

  it("rejects a range outside linear memory and a negative length without trapping", () => {
    const size = h.memory.buffer.byteLength;
    expect(readResult(h.scan_record(size - 4, 100, 1)).error).toBe(E.BAD_RANGE);
    expect(readResult(h.scan_record(size, 1, 1)).error).toBe(E.BAD_RANGE);
    expect(readResult(h.scan_record(0, -5, 1)).error).toBe(E.EMPTY);
  });

  it("rejects invalid UTF-8 outside strings", () => {
    const s = scanBytes(new Uint8Array([...enc.encode('{"a":1'), 0xff, 0x7d]));
    expect(s.error).toBe(E.INVALID_JSON);
  });

  it("scans a 1 MiB record", () => {
    const filler = "x".repeat(1 << 20);
    const json = JSON.stringify({
      message: filler, user: "bob", items: Array.from({ length: 2000 }, (_, i) => ({ i, s: "a\\\"b" })),
      severity: "LOW",
    });
    expect(json.length).toBeGreaterThan(1 << 20);
    const s = scan(json);
    expect({ valid: s.valid, user: s.fields.user, msgLen: s.fields.message?.length, own: s.ownCount }, show({ error: s.error })).toEqual({
      valid: true, user: "bob", msgLen: MESSAGE_CAP, own: 1,
    });
    expect(json.slice(...s.spans[0])).toBe('"severity":"LOW"');
  });

  // ---- differential check against JSON.parse on generated and mutated inputs ----
  const jsonish = fc.oneof(
    fc.json({ maxDepth: 4 }),
    fc.json({ maxDepth: 3 }).chain((j) =>
      fc.tuple(fc.nat(j.length), fc.nat(3), fc.constantFrom(..."{}[]\",:\\0-.eE tfnu\u0000\u00e9")).map(
        ([at, del, ch]) => j.slice(0, at) + ch + j.slice(at + del),
      ),
    ),
    fc.string({ maxLength: 20 }),
  );
  it("agrees with JSON.parse on validity and never traps", () => {
    fc.assert(
      fc.property(jsonish, (text) => {
        let expected: number;
        try {
          const v: unknown = JSON.parse(text);
          expected = v !== null && typeof v === "object" && !Array.isArray(v) ? E.NONE : E.NOT_OBJECT;
        } catch {
          expected = -1;
        }
        const s = scan(text);
        if (expected === -1) {
          expect([E.EMPTY, E.INVALID_JSON, E.TRAILING_DATA], `${JSON.stringify(text)} ${show(s)}`).toContain(s.error);
        } else {
          expect(s.error, `${JSON.stringify(text)} ${show(s)}`).toBe(expected);
        }
      }),
      { numRuns: 2000, seed: 20240115 },
    );
  });

  it("never traps on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const s = scanBytes(bytes);
        expect(s.error).toBeGreaterThanOrEqual(E.NONE);
        expect(s.error).toBeLessThanOrEqual(E.BAD_RANGE);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  // ---- differential check of alias priority and decoding against a JS model ----
  it("picks the same user as a model of the alias rules", () => {
    const USER_KEYS = ["user", "username", "uid", "account", "identity", "user_name"];
    const value = fc.oneof(
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.constant(""),
      fc.array(fc.nat(), { maxLength: 2 }),
    );
    const entry = fc.tuple(fc.constantFrom(...USER_KEYS, "other", "users", "User"), value);
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
        const json = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`;
        let best: string | undefined;
        let bestRank = Infinity;
        for (const [k, v] of entries) {
          const rank = USER_KEYS.indexOf(k);
          if (rank < 0 || rank >= bestRank || v === null || v === "" || Array.isArray(v)) continue;
          best = typeof v === "string" ? dec.decode(enc.encode(v)) : JSON.stringify(v);
          bestRank = rank;
        }
        const s = scan(json, false);
        expect(s.fields.user, `${json} ${show(s)}`).toBe(best);
      }),
      { numRuns: 1000, seed: 99 },
    );
  });
});

// -------------------------------------------------------------------------------------------------
describe("classification", () => {
  it("holds every key and pattern in its lookup table", () => {
    expect(h.rejected_table_entries()).toBe(0);
  });

  type Row = [name: string, record: Record<string, unknown>, kind: number, outcome: number, cues: number];
  it.each<Row>([
    // ---- login via event type ----
    ["login + success", { event_type: "login", action: "success" }, K.LOGIN_SUCCESS, O.SUCCESS, 0],
    ["LOGIN + DENIED (case)", { event_type: "LOGIN", action: "DENIED" }, K.LOGIN_FAILURE, O.FAILURE, 0],
    ["ssh_login + failed", { event_type: "ssh_login", action: "failed" }, K.LOGIN_FAILURE, O.FAILURE, C.REMOTE_LOGON],
    ["logon, unknown outcome", { event_type: "logon", message: "user logged in" }, K.LOGIN_SUCCESS, O.UNKNOWN, 0],
    ["auth + fail word in message", { event_type: "auth", message: "Authentication failure for bob" }, K.LOGIN_FAILURE, O.FAILURE, C.FAIL_WORD],
    ["authentication + sshd line", { event_type: "authentication", message: "Failed password for root from 203.0.113.7 port 22 ssh2" }, K.LOGIN_FAILURE, O.FAILURE, C.FAIL_WORD | C.MENTIONS_ROOT | C.REMOTE_LOGON],
    ["Sign-In", { type: "Sign-In", result: "ok" }, K.LOGIN_SUCCESS, O.SUCCESS, 0],
    ["signin", { type: "signin", status: "blocked" }, K.LOGIN_FAILURE, O.FAILURE, 0],
    ["login_failed in type", { event_type: "login_failed" }, K.LOGIN_FAILURE, O.FAILURE, C.FAIL_WORD],
    ["rdp logon", { event_type: "rdp_logon", outcome: "success" }, K.LOGIN_SUCCESS, O.SUCCESS, C.REMOTE_LOGON],
    ["windows 4624", { event_type: "4624" }, K.LOGIN_SUCCESS, O.SUCCESS, 0],
    ["windows 4625", { event_type: 4625 }, K.LOGIN_FAILURE, O.FAILURE, C.FAIL_WORD],
    ["windows 4648 explicit", { event_type: "4648" }, K.LOGIN_SUCCESS, O.UNKNOWN, C.REMOTE_LOGON],
    // ---- login via message ----
    ["sshd failed password", { message: "Failed password for invalid user admin from 203.0.113.7 port 52211 ssh2" }, K.LOGIN_FAILURE, O.FAILURE, C.FAIL_WORD | C.REMOTE_LOGON],
    ["sshd accepted publickey", { message: "Accepted publickey for alice from 10.0.0.5 port 50000 ssh2" }, K.LOGIN_SUCCESS, O.SUCCESS, C.REMOTE_LOGON],
    ["sshd accepted password", { msg: "Accepted password for bob from 10.0.0.6 port 40000 ssh2" }, K.LOGIN_SUCCESS, O.SUCCESS, C.REMOTE_LOGON],
    ["windows logon text", { message: "An account was successfully logged on. Logon Type: 10 (RemoteInteractive)" }, K.LOGIN_SUCCESS, O.SUCCESS, C.REMOTE_LOGON],
    ["login via action", { action: "login_failed" }, K.LOGIN_FAILURE, O.FAILURE, 0],
    // ---- privilege use ----
    ["sudo type", { event_type: "sudo", message: "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash" }, K.PRIVILEGE_USE, O.UNKNOWN, C.MENTIONS_ROOT],
    ["sudo line", { message: "sudo:  bob : TTY=pts/1 ; USER=root ; COMMAND=/usr/bin/cat /etc/shadow" }, K.PRIVILEGE_USE, O.UNKNOWN, C.SENSITIVE_PATH | C.MENTIONS_ROOT],
    ["COMMAND= only", { message: "bob : TTY=pts/1 ; PWD=/ ; COMMAND=/usr/bin/id" }, K.PRIVILEGE_USE, O.UNKNOWN, 0],
    ["su to root", { message: "su: (to root) alice on pts/0" }, K.PRIVILEGE_USE, O.UNKNOWN, C.MENTIONS_ROOT],
    ["sudo auth failure", { message: "pam_unix(sudo:auth): authentication failure; user=bob" }, K.PRIVILEGE_USE, O.FAILURE, C.FAIL_WORD],
    ["runas", { event_type: "runas", user: "bob" }, K.PRIVILEGE_USE, O.UNKNOWN, 0],
    ["privilege elevation", { event_type: "privilege_elevation" }, K.PRIVILEGE_USE, O.UNKNOWN, 0],
    ["windows 4672", { event_type: "4672", message: "Special privileges assigned to new logon" }, K.PRIVILEGE_USE, O.UNKNOWN, 0],
    // ---- privilege change / account change ----
    ["group_change to sudo", { event_type: "group_change", message: "user bob added to group sudo" }, K.PRIVILEGE_CHANGE, O.UNKNOWN, C.ADMIN_GROUP],
    ["group_add to developers", { event_type: "group_add", message: "user bob added to group developers" }, K.ACCOUNT_CHANGE, O.UNKNOWN, 0],
    ["member_added Domain Admins", { event_type: "member_added", message: "A member was added to Domain Admins" }, K.PRIVILEGE_CHANGE, O.UNKNOWN, C.ADMIN_GROUP],
    ["role_change admin", { event_type: "role_change", message: "granted role admin to eve" }, K.PRIVILEGE_CHANGE, O.UNKNOWN, C.ADMIN_GROUP],
    ["privilege_change, no group named", { event_type: "privilege_change", message: "scope updated" }, K.ACCOUNT_CHANGE, O.UNKNOWN, 0],
    ["message usermod wheel", { message: "usermod[812]: add 'eve' to group 'wheel'" }, K.PRIVILEGE_CHANGE, O.UNKNOWN, C.ADMIN_GROUP],
    ["message added to admin group", { message: "user mallory added to group Administrators" }, K.PRIVILEGE_CHANGE, O.UNKNOWN, C.ADMIN_GROUP],
    ["message added to plain group", { message: "user eve added to group developers" }, K.ACCOUNT_CHANGE, O.UNKNOWN, 0],
    ["account_change", { event_type: "account_change" }, K.ACCOUNT_CHANGE, O.UNKNOWN, 0],
    ["user_created", { event_type: "user_created" }, K.ACCOUNT_CHANGE, O.UNKNOWN, 0],
    ["user_add", { event_type: "user_add" }, K.ACCOUNT_CHANGE, O.UNKNOWN, 0],
    ["password_change", { event_type: "password_change", result: "success" }, K.ACCOUNT_CHANGE, O.SUCCESS, 0],
    ["account", { event_type: "account" }, K.ACCOUNT_CHANGE, O.UNKNOWN, 0],
    ["account_logon is a login", { event_type: "account_logon" }, K.LOGIN_SUCCESS, O.UNKNOWN, 0],
    ["message new user", { message: "useradd[99]: new user: name=eve, UID=1005" }, K.ACCOUNT_CHANGE, O.UNKNOWN, 0],
    // ---- process / service / file / network ----
    ["process_start", { event_type: "process_start", message: "/usr/bin/curl http://x" }, K.PROCESS_START, O.UNKNOWN, 0],
    ["exec", { event_type: "exec" }, K.PROCESS_START, O.UNKNOWN, 0],
    ["command", { category: "command" }, K.PROCESS_START, O.UNKNOWN, 0],
    ["process via message", { message: "A new process has been created." }, K.PROCESS_START, O.UNKNOWN, 0],
    ["service_install", { event_type: "service_install" }, K.SERVICE_INSTALL, O.UNKNOWN, 0],
    ["service", { event_type: "service" }, K.SERVICE_INSTALL, O.UNKNOWN, 0],
    ["service via message", { message: "A service was installed in the system." }, K.SERVICE_INSTALL, O.UNKNOWN, 0],
    ["file_read /etc/shadow", { event_type: "file_read", path: "/etc/shadow" }, K.FILE_ACCESS, O.UNKNOWN, C.SENSITIVE_PATH],
    ["file_access id_rsa", { event_type: "file_access", file: "/home/u/.ssh/id_rsa" }, K.FILE_ACCESS, O.UNKNOWN, C.SENSITIVE_PATH],
    ["file_write", { event_type: "file_write", path: "/tmp/a.txt" }, K.FILE_ACCESS, O.UNKNOWN, 0],
    ["download backup.sql", { event_type: "download", resource: "/srv/backup.sql" }, K.FILE_ACCESS, O.UNKNOWN, C.SENSITIVE_PATH],
    ["upload", { event_type: "upload" }, K.FILE_ACCESS, O.UNKNOWN, 0],
    ["object_access SAM", { event_type: "object_access", object: "C:\\Windows\\System32\\config\\SAM" }, K.FILE_ACCESS, O.UNKNOWN, C.SENSITIVE_PATH],
    ["file", { event_type: "file", path: "/data/samples.txt" }, K.FILE_ACCESS, O.UNKNOWN, 0],
    ["network_connection", { event_type: "network_connection", bytes: 10 }, K.NETWORK_CONNECTION, O.UNKNOWN, 0],
    ["connection allowed", { event_type: "connection", action: "allow" }, K.NETWORK_CONNECTION, O.SUCCESS, 0],
    ["flow", { event_type: "flow" }, K.NETWORK_CONNECTION, O.UNKNOWN, 0],
    ["netflow", { event_type: "netflow" }, K.NETWORK_CONNECTION, O.UNKNOWN, 0],
    ["transfer", { event_type: "transfer" }, K.NETWORK_CONNECTION, O.UNKNOWN, 0],
    ["file_transfer is file", { event_type: "file_transfer" }, K.FILE_ACCESS, O.UNKNOWN, 0],
    // ---- other ----
    ["logout", { event_type: "logout" }, K.OTHER, O.UNKNOWN, 0],
    ["logoff", { event_type: "logoff" }, K.OTHER, O.UNKNOWN, 0],
    ["ssh_logout", { event_type: "ssh_logout" }, K.OTHER, O.UNKNOWN, C.REMOTE_LOGON],
    ["heartbeat", { event_type: "heartbeat", message: "all good" }, K.OTHER, O.UNKNOWN, 0],
    ["nothing", { x: 1 }, K.OTHER, O.UNKNOWN, 0],
    ["event type beats message", { event_type: "file_read", message: "Failed password for root" }, K.FILE_ACCESS, O.FAILURE, C.FAIL_WORD | C.MENTIONS_ROOT],
  ])("%s", (_name, record, kind, outcome, cues) => {
    const s = scan(JSON.stringify(record));
    const actual = { kind: kindName(s.kind), outcome: s.outcome, cues: cueNames(s.cues) };
    expect(actual, show({ ...actual, fields: s.fields })).toEqual({ kind: kindName(kind), outcome, cues: cueNames(cues) });
  });

  it.each([
    // ---- outcome words in action/result/status/outcome ----
    ...["success", "succeeded", "ok", "OK", "accepted", "allowed", "allow", "pass", "true", "0", "200", "302"].map(
      (a) => [a, O.SUCCESS] as const,
    ),
    ...["failure", "failed", "fail", "denied", "deny", "rejected", "error", "invalid", "blocked", "false", "403", "500", "unsuccessful"].map(
      (a) => [a, O.FAILURE] as const,
    ),
    ...["unknown", "started", "1", "42", "1000", "failover_check"].map((a) => [a, O.UNKNOWN] as const),
  ])("action %j → outcome %d", (action, outcome) => {
    const s = scan(JSON.stringify({ action }));
    expect(s.outcome, show(s)).toBe(outcome);
  });

  it.each([
    // ---- outcome and cues from the message alone ----
    ["permission denied for bob", O.FAILURE, C.FAIL_WORD],
    ["Login successful", O.SUCCESS, 0],
    ["unsuccessful login attempt", O.FAILURE, C.FAIL_WORD],
    ["incorrect password", O.FAILURE, C.FAIL_WORD],
    ["process started by NT AUTHORITY\\SYSTEM", O.UNKNOWN, C.MENTIONS_ROOT],
    ["logon by Administrator", O.UNKNOWN, C.MENTIONS_ROOT],
    ["chroot jail ready", O.UNKNOWN, 0],
    ["cat /root/.bash_history", O.UNKNOWN, C.SENSITIVE_PATH | C.MENTIONS_ROOT],
    ["read ~/.aws/credentials", O.UNKNOWN, C.SENSITIVE_PATH],
    ["copied ntds.dit to share", O.UNKNOWN, C.SENSITIVE_PATH],
    ["opened /srv/db.kdbx", O.UNKNOWN, C.SENSITIVE_PATH],
    ["loaded server.pem", O.UNKNOWN, C.SENSITIVE_PATH],
    ["pressed keyboard.keymap", O.UNKNOWN, 0],
    ["password rotated", O.UNKNOWN, 0],
    ["connection via explicit credentials", O.UNKNOWN, C.REMOTE_LOGON],
    ["remote desktop session", O.UNKNOWN, C.REMOTE_LOGON],
    ["user in wheel now", O.UNKNOWN, C.ADMIN_GROUP],
    ["admin viewed page", O.UNKNOWN, 0],
    ["group admins changed", O.UNKNOWN, C.ADMIN_GROUP],
  ])("message %j", (message, outcome, cues) => {
    const s = scan(JSON.stringify({ message }));
    expect({ outcome: s.outcome, cues: cueNames(s.cues) }, show(s)).toEqual({ outcome, cues: cueNames(cues) });
  });

  describe("pattern automata agree with a plain search", () => {
    // pattern-automaton.ts: lookup L_* → the scopes (S_*, event-patterns.ts) whose patterns it holds; flags WS = 1, WE = 2.
    const LOOKUP_SCOPES = [1, 2, 4, 4 | 8];
    interface Pattern { tags: number; scope: number; flags: number; text: Uint8Array }
    let patterns: Pattern[] = [];
    beforeAll(() => {
      patterns = Array.from({ length: h.pattern_count() }, (_, i) => {
        const r = h.pattern(i);
        const dv = new DataView(h.memory.buffer);
        const text = new Uint8Array(h.memory.buffer, r + 8, dv.getUint16(r + 6, true)).slice();
        return { tags: dv.getUint32(r, true), scope: dv.getUint8(r + 4), flags: dv.getUint8(r + 5), text };
      });
    });

    const isWord = (c: number) => (c | 0x20) - 0x61 >>> 0 < 26 || c - 0x30 >>> 0 < 10;
    const lower = (c: number) => (c >= 0x41 && c <= 0x5a ? c | 0x20 : c);
    const SEPARATORS = [0x5f, 0x2d, 0x20, 0x2e];
    const matchesAt = (t: Uint8Array, i: number, p: Pattern) =>
      p.text.every((pc, j) => pc === lower(t[i + j]) || (pc === 0x5f && SEPARATORS.includes(t[i + j])));
    const bounded = (t: Uint8Array, i: number, p: Pattern) =>
      !((p.flags & 1) && i > 0 && isWord(t[i - 1])) && !((p.flags & 2) && i + p.text.length < t.length && isWord(t[i + p.text.length]));
    /** The definition: OR of the tags of every pattern of the lookup that occurs with its word boundaries. */
    function plainTags(t: Uint8Array, lookup: number): number {
      let found = 0;
      for (const p of patterns) {
        if ((p.scope & LOOKUP_SCOPES[lookup]) === 0) continue;
        for (let i = 0; i + p.text.length <= t.length; i++) if (matchesAt(t, i, p) && bounded(t, i, p)) found |= p.tags;
      }
      return found >>> 0;
    }

    // Text made of pattern pieces (any case, '_' as any separator), separators, word bytes and raw bytes.
    const piece = fc.oneof(
      fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.array(fc.boolean(), { maxLength: 8 }), fc.nat()).map(([i, a, b, upper, sep]) => {
        const t = [...patterns[i % patterns.length].text];
        const [from, to] = a % 3 === 0 ? [0, t.length] : [Math.min(a, b) % t.length, (Math.max(a, b) % t.length) + 1];
        return t.slice(from, to).map((c, j) => (c === 0x5f ? SEPARATORS[(sep + j) % 4] : upper[j % 8] ? c & ~0x20 & 0xff : c));
      }),
      fc.constantFrom(...SEPARATORS, 0x2f, 0x5c, 0x3a, 0x3d, 0x28).map((c) => [c]),
      fc.integer({ min: 0, max: 255 }).map((c) => [c]),
      fc.constantFrom("a", "s", "0", "4", "x").map((c) => [c.charCodeAt(0)]),
    );
    const text = fc.array(piece, { maxLength: 12 }).map((parts) => new Uint8Array(parts.flat()));

    it.each([0, 1, 2, 3])("lookup %d", (lookup) => {
      fc.assert(
        fc.property(text, (t) => {
          expect(withBytes(t, (p, n) => h.scan_tags(p, n, lookup)) >>> 0, [...t].join(",")).toBe(plainTags(t, lookup));
        }),
        { numRuns: 3000 },
      );
    });

    it("finds every pattern alone, in either case", () => {
      for (const p of patterns) {
        const lookup = LOOKUP_SCOPES.findIndex((s) => (s & p.scope) !== 0);
        for (const t of [p.text, p.text.map((c) => (c >= 0x61 && c <= 0x7a ? c & ~0x20 : c))]) {
          const tags = withBytes(t, (q, n) => h.scan_tags(q, n, lookup)) >>> 0;
          expect(tags & p.tags, String.fromCharCode(...t)).toBe(p.tags);
        }
      }
    });
  });

  it.each([
    // ---- sensitive paths in the path field (bare words count here) ----
    ["/etc/shadow", true], ["/etc/passwd", true], ["/etc/sudoers", true], ["/home/a/.ssh/authorized_keys", true],
    ["/home/a/.aws/credentials", true], ["/etc/ssl/private/site.KEY", true], ["C:\\secrets\\db.txt", true],
    ["/var/backups/db_dump.gz", true], ["/opt/app/credentials.json", true], ["/home/a/passwords.xlsx", true],
    ["/home/a/id_ed25519", true], ["/root/.bashrc", true], ["C:\\Windows\\System32\\config\\SAM", true],
    ["/data/samples.txt", false], ["/var/www/index.html", false], ["/tmp/keyboard.txt", false], ["/usr/share/keys.txt", false],
  ])("path %j → sensitive %s", (path, sensitive) => {
    const s = scan(JSON.stringify({ event_type: "file_read", path }));
    expect((s.cues & C.SENSITIVE_PATH) !== 0, show(s)).toBe(sensitive);
  });
});
