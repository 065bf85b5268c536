// Log formats (assembly/event/normalize.ts, assembly/event/formats/*, assembly/event/field-table.ts): every fixture
// record under test/fixtures/formats/<format>.jsonl parses to the normalised event on the same line
// of <format>.expected.jsonl (checked by hand against the formats' documentation; a field missing
// there must be absent), under --log-format auto and under its own format; auto-detection,
// yearless syslog timestamps, the user's field map, and the scanner's contract on nested paths.

import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { compileAs } from "../helpers/compile-as.ts";
import { inputPayload } from "../../trainer/model/write.ts";
import type { FieldMapEntry, InputSettings, LogFormatName } from "../../trainer/model/format.ts";

const KINDS = ["OTHER", "LOGIN_SUCCESS", "LOGIN_FAILURE", "PRIVILEGE_USE", "PRIVILEGE_CHANGE", "PROCESS_START", "SERVICE_INSTALL", "FILE_ACCESS", "NETWORK_CONNECTION", "ACCOUNT_CHANGE"];
const OUTCOMES = ["UNKNOWN", "SUCCESS", "FAILURE"];
const CUES: Record<string, number> = { SENSITIVE_PATH: 1, MENTIONS_ROOT: 2, FAIL_WORD: 4, REMOTE_LOGON: 8, ADMIN_GROUP: 16 };
const FORMATS: LogFormatName[] = ["auto", "auth", "syslog", "security", "ecs", "cloudtrail"];
const SLICES = ["user", "sourceIp", "host", "eventType", "action", "message", "path"] as const;
/** Reference time of the fixtures' yearless syslog stamps (the Fluent Bit host's time_sec in the filter). */
const REF = Date.UTC(2024, 0, 25, 12);
const OFF_FORMAT = 368;

interface Normalised {
  format: string;
  kind: string;
  outcome: string;
  cues: string[];
  time?: string;
  bytes?: number;
  user?: string;
  sourceIp?: string;
  host?: string;
  eventType?: string;
  action?: string;
  message?: string;
  path?: string;
}

interface Harness {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  scan_record(ptr: number, len: number, classify: number, refMs: number): number;
  set_input(ptr: number, len: number): number;
  reset_input(): void;
  parse_timestamp_ref(ptr: number, len: number, refMs: number): number;
  rejected_table_entries(): number;
}

let h: Harness;
const enc = new TextEncoder();
const dec = new TextDecoder();

beforeAll(async () => {
  const { instance } = await WebAssembly.instantiate(await compileAs("test/assembly/harness/scan-harness.ts"), {});
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

/** Scans and classifies one record; null when it is not a valid JSON object. */
function normalise(record: string | Uint8Array, refMs = REF): Normalised | null {
  const bytes = typeof record === "string" ? enc.encode(record) : record;
  return withBytes(bytes, (ptr, len) => {
    const r = h.scan_record(ptr, len, 1, refMs);
    const dv = new DataView(h.memory.buffer);
    if (dv.getInt32(r, true) !== 1) return null;
    const out: Normalised = {
      format: FORMATS[dv.getInt32(r + OFF_FORMAT, true)],
      kind: KINDS[dv.getInt32(r + 28, true)],
      outcome: OUTCOMES[dv.getInt32(r + 32, true)],
      cues: Object.keys(CUES).filter((c) => (dv.getInt32(r + 36, true) & CUES[c]) !== 0),
    };
    const t = dv.getFloat64(r + 40, true);
    if (!Number.isNaN(t)) out.time = new Date(t).toISOString();
    const bytesMoved = dv.getFloat64(r + 48, true);
    if (bytesMoved) out.bytes = bytesMoved;
    SLICES.forEach((name, i) => {
      const p = dv.getUint32(r + 56 + i * 8, true);
      const n = dv.getInt32(r + 60 + i * 8, true);
      if (n > 0) out[name] = dec.decode(new Uint8Array(h.memory.buffer, p, n));
    });
    return out;
  });
}

/** Installs a log format and field map, as a model's FIELD_MAP section would. Returns the scorer's answer (0 = taken). */
function setInput(settings: InputSettings): number {
  return withBytes(inputPayload(settings), (p, n) => h.set_input(p, n));
}

function withInput<T>(settings: InputSettings, fn: () => T): T {
  expect(setInput(settings)).toBe(0);
  try {
    return fn();
  } finally {
    h.reset_input();
  }
}

const show = (x: unknown) => `actual: ${JSON.stringify(x)}`;
const lines = (file: string) => readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");

// -------------------------------------------------------------------------------------------------
describe.each(["auth", "syslog", "security", "ecs", "cloudtrail"] as const)("fixtures: %s", (format) => {
  const records = lines(`test/fixtures/formats/${format}.jsonl`);
  const expected = lines(`test/fixtures/formats/${format}.expected.jsonl`).map((l) => JSON.parse(l) as Normalised);
  const rows = records.map((record, i) => [i + 1, record, expected[i]] as const);

  it("has one expected event per record", () => {
    expect(expected).toHaveLength(records.length);
  });

  it.each(rows)("record %d, --log-format auto", (_line, record, want) => {
    const got = normalise(record);
    expect(got, show(got)).toEqual(want);
  });

  it.each(rows)(`record %d, --log-format ${format}`, (_line, record, want) => {
    const got = withInput({ logFormat: format, fieldMap: [] }, () => normalise(record));
    expect(got, show(got)).toEqual({ ...want, format });
  });
});

// -------------------------------------------------------------------------------------------------
describe("auto-detection, per record", () => {
  it.each([
    // ---- security: EventID or a Windows object ----
    ['{"EventID":4625}', "security"],
    ['{"EventID":"4625"}', "security"],
    ['{"Event":{"System":{"EventID":4624}}}', "security"],
    ['{"winlog":{}}', "security"],
    ['{"EventData":{"TargetUserName":"x"}}', "security"],
    ['{"event_data":{"TargetUserName":"x"},"event_id":4625}', "security"],
    ['{"EventID":4625,"eventSource":"x","ident":"y","user":{"name":"z"}}', "security"],
    // ---- cloudtrail: eventSource or a userIdentity object ----
    ['{"eventSource":"iam.amazonaws.com","eventName":"CreateUser"}', "cloudtrail"],
    ['{"userIdentity":{"type":"Root"}}', "cloudtrail"],
    ['{"eventSource":"s3.amazonaws.com","ident":"sshd"}', "cloudtrail"],
    // ---- syslog: a program key, or a raw syslog line in a flat record ----
    ['{"ident":"sshd","message":"x"}', "syslog"],
    ['{"appname":"sudo"}', "syslog"],
    ['{"SYSLOG_IDENTIFIER":"sshd","MESSAGE":"x"}', "syslog"],
    ['{"ident":"sshd","user":{"name":"x"}}', "syslog"],
    ['{"log":"<13>Jan 22 03:14:05 web-01 app: hello"}', "syslog"],
    ['{"message":"Jan 22 03:14:05 web-01 sshd[1]: hello"}', "syslog"],
    ['{"message":"Jan  2 03:14:05 sshd[1]: no host"}', "syslog"],
    ['{"message":"2024-01-22T03:14:05.123456+00:00 web-01 CRON[99]: (root) CMD (true)"}', "syslog"],
    ['{"message":"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\\"3\\" eventSource=\\"Application\\"] An application event"}', "syslog"],
    // ---- ecs: an ECS object or dotted key ----
    ['{"user":{"name":"x"}}', "ecs"],
    ['{"host":{"name":"h"},"message":"m"}', "ecs"],
    ['{"event":{"action":"x"},"user":"y"}', "ecs"],
    ['{"event.category":"authentication"}', "ecs"],
    ['{"source":{"ip":"10.0.0.1"}}', "ecs"],
    // ---- auth: everything else ----
    ['{"user":"x","host":"h","event":"login"}', "auth"],
    ['{"event_id":"evt-000001","user":"x"}', "auth"],
    ['{"message":"hello world"}', "auth"],
    ['{"message":"Failed password for root from 10.0.0.1 port 22 ssh2"}', "auth"],
    ['{"message":"sshd[1]: no timestamp, not a syslog line"}', "auth"],
    ['{"message":"Jan 22 03:14:05"}', "auth"],
    ['{"log":"2024-01-22 no time here at all"}', "auth"],
    ['{"user":{},"winlog":1,"userIdentity":"x","EventData":[1]}', "ecs"],
    ["{}", "auth"],
  ])("%s → %s", (record, format) => {
    const got = normalise(record);
    expect(got?.format, show(got)).toBe(format);
  });

  it("decides per record: a mixed stream reads each record as its own format", () => {
    const all = (["syslog", "security", "ecs", "cloudtrail", "auth"] as const).flatMap((f) =>
      lines(`test/fixtures/formats/${f}.jsonl`).map((record, i) => ({ record, want: JSON.parse(lines(`test/fixtures/formats/${f}.expected.jsonl`)[i]) })),
    );
    // interleave: a, b, c, ... from different files, so no record follows one of its own format
    const shuffled = all.map((x, i) => ({ x, k: (i * 7919) % all.length })).sort((a, b) => a.k - b.k).map((e) => e.x);
    for (const { record, want } of shuffled) expect(normalise(record), record).toEqual(want);
  });
});

// -------------------------------------------------------------------------------------------------
describe("explicit --log-format reads only that format's keys (and the flat aliases)", () => {
  const winlogbeat = lines("test/fixtures/formats/security.jsonl")[0];
  it.each([
    // a Winlogbeat 4625 read as auth: no nested fields; kind from the text rules ("failed to log on")
    [winlogbeat, "auth", { format: "auth", user: undefined, eventType: undefined, host: undefined, message: "An account failed to log on.", kind: "LOGIN_FAILURE", cues: ["FAIL_WORD"] }],
    // the same as ecs: ECS fields, kind from event.category + outcome
    [winlogbeat, "ecs", { format: "ecs", user: "Administrator", sourceIp: "203.0.113.50", host: "DC01.contoso.local", eventType: "logon-failed", kind: "LOGIN_FAILURE" }],
    // a syslog record as auth: no program, no message grammar
    ['{"ident":"sshd","host":"h","message":"Failed password for root from 10.0.0.1 port 22 ssh2"}', "auth", { format: "auth", user: undefined, eventType: undefined, kind: "LOGIN_FAILURE" }],
    // a raw line under explicit auth stays a message
    ['{"log":"<38>Jan 22 03:40:01 web-01 sshd[2400]: Failed password for root from 203.0.113.9 port 41000 ssh2"}', "auth", { format: "auth", host: undefined, time: undefined, user: undefined }],
    // a flat record read as syslog: the message grammar fills user and IP
    ['{"time":"2024-01-22T03:14:05Z","message":"Accepted password for bob from 10.0.0.6 port 40000 ssh2"}', "syslog", { format: "syslog", user: "bob", sourceIp: "10.0.0.6", kind: "LOGIN_SUCCESS" }],
    // CloudTrail keys are ignored outside cloudtrail
    ['{"eventTime":"2024-01-22T04:00:00Z","eventName":"ConsoleLogin","userIdentity":{"userName":"a"}}', "security", { format: "security", time: undefined, user: undefined, eventType: undefined }],
  ] as const)("%s as %s", (record, format, want) => {
    const got = withInput({ logFormat: format, fieldMap: [] }, () => normalise(record));
    expect(got, show(got)).toMatchObject(Object.fromEntries(Object.entries(want).filter(([, v]) => v !== undefined)));
    for (const [k, v] of Object.entries(want)) if (v === undefined) expect(got?.[k as keyof Normalised], `${k}: ${show(got)}`).toBeUndefined();
  });
});

// -------------------------------------------------------------------------------------------------
describe("syslog timestamps without a year", () => {
  const at = (text: string, refMs: number) => withBytes(enc.encode(text), (p, n) => h.parse_timestamp_ref(p, n, refMs));
  it.each([
    // ---- the year that puts the date closest to the reference, not more than 3 days after it ----
    ["Jan 22 03:14:05", "2024-01-25T12:00:00Z", "2024-01-22T03:14:05Z"],
    ["Jan 27 23:00:00", "2024-01-25T12:00:00Z", "2024-01-27T23:00:00Z"],
    ["Jan 29 00:00:00", "2024-01-25T12:00:00Z", "2023-01-29T00:00:00Z"],
    ["Dec 31 23:59:59", "2024-01-01T00:00:05Z", "2023-12-31T23:59:59Z"],
    ["Jan  1 00:00:01", "2023-12-31T23:00:00Z", "2024-01-01T00:00:01Z"],
    ["Jan  5 00:00:00", "2023-12-31T23:00:00Z", "2023-01-05T00:00:00Z"],
    ["Jun 30 12:00:00", "2024-01-25T12:00:00Z", "2023-06-30T12:00:00Z"],
    ["Feb 29 12:00:00", "2025-03-01T00:00:00Z", "2024-02-29T12:00:00Z"],
    ["Feb 29 12:00:00", "2024-02-28T00:00:00Z", "2024-02-29T12:00:00Z"],
    ["Mar  1 00:00:00", "2024-03-01T00:00:00Z", "2024-03-01T00:00:00Z"],
    // ---- forms ----
    ["Jan 2 03:14:05", "2024-01-25T12:00:00Z", "2024-01-02T03:14:05Z"],
    ["jan 22 03:14:05", "2024-01-25T12:00:00Z", "2024-01-22T03:14:05Z"],
    ["JAN 22 03:14:05", "2024-01-25T12:00:00Z", "2024-01-22T03:14:05Z"],
    ["Jan 22 03:14:05.250", "2024-01-25T12:00:00Z", "2024-01-22T03:14:05.250Z"],
    ["Jan 22 2019 03:14:05", "2024-01-25T12:00:00Z", "2019-01-22T03:14:05Z"],
    ["Jan 22 2019 03:14:05", "NaN", "2019-01-22T03:14:05Z"],
    ["/Date(1705893245123)/", "NaN", "2024-01-22T03:14:05.123Z"],
    ["/Date(1705893245123+0100)/", "NaN", "2024-01-22T03:14:05.123Z"],
    ["2024-01-22T03:14:05Z", "NaN", "2024-01-22T03:14:05Z"],
    // ---- unusable ----
    ["Jan 22 03:14:05", "NaN", null],
    ["Foo 22 03:14:05", "2024-01-25T12:00:00Z", null],
    ["Jan 32 03:14:05", "2024-01-25T12:00:00Z", null],
    ["Jan 00 03:14:05", "2024-01-25T12:00:00Z", null],
    ["Jan 22 24:00:00", "2024-01-25T12:00:00Z", null],
    ["Jan 22 03:60:00", "2024-01-25T12:00:00Z", null],
    ["Jan 22 03:14", "2024-01-25T12:00:00Z", null],
    ["Jan 22 03:14:05 extra", "2024-01-25T12:00:00Z", null],
    ["Feb 30 12:00:00", "2024-01-25T12:00:00Z", null],
    ["Jan 22 2019 03:14:05x", "NaN", null],
    ["/Date(abc)/", "NaN", null],
    ["/Date(-5)/", "NaN", null],
  ])("%j with reference %s → %s", (text, ref, expected) => {
    const v = at(text, ref === "NaN" ? Number.NaN : Date.parse(ref));
    if (expected === null) expect(v, show(v)).toBeNaN();
    else expect(v, show(new Date(v))).toBeCloseTo(Date.parse(expected), 3);
  });

  it("takes the reference from the host (the filter's time_sec); without one a yearless stamp is no timestamp", () => {
    const record = '{"time":"Dec 31 23:59:58","ident":"sshd","message":"x"}';
    expect(normalise(record, Date.UTC(2024, 0, 1, 0, 0, 5))?.time).toBe("2023-12-31T23:59:58.000Z");
    expect(normalise(record, Date.UTC(2023, 11, 31, 23, 59, 50))?.time).toBe("2023-12-31T23:59:58.000Z");
    expect(normalise(record, Number.NaN)?.time).toBeUndefined();
  });
});

// -------------------------------------------------------------------------------------------------
describe("field map (--field-map, the model's FIELD_MAP section)", () => {
  const map = (...entries: Array<[FieldMapEntry["field"], string]>): InputSettings => ({
    logFormat: "auto",
    fieldMap: entries.map(([field, path]) => ({ field, path })),
  });
  it.each<[string, InputSettings, string, Partial<Normalised>]>([
    // ---- nested paths, overriding every alias ----
    ["nested path", map(["user", "actor.login"]), '{"actor":{"login":"octocat","id":5},"user":"x"}', { user: "octocat" }],
    ["dotted literal key", map(["user", "actor.login"]), '{"actor.login":"octo","user":"x"}', { user: "octo" }],
    ["deep path", map(["source_ip", "a.b.c.d.e.f.g.h"]), '{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":"10.9.8.7"}}}}}}}}', { sourceIp: "10.9.8.7" }],
    ["through an ECS object", map(["user", "user.login"]), '{"user":{"login":"l","name":"n"}}', { user: "l", format: "ecs" }],
    ["overrides a format's field", map(["user", "winlog.event_data.SubjectUserName"]), lines("test/fixtures/formats/security.jsonl")[6], { user: "mallory" }],
    ["over a flat alias key", map(["host", "src"]), '{"src":"10.0.0.1","source_ip":"10.0.0.2"}', { host: "10.0.0.1", sourceIp: "10.0.0.2" }],
    ["under a flat alias key", map(["source_ip", "src.addr"]), '{"src":{"addr":"1.2.3.4"}}', { sourceIp: "1.2.3.4" }],
    ["a flat alias key still works when a path goes under it", map(["source_ip", "src.addr"]), '{"src":"5.6.7.8"}', { sourceIp: "5.6.7.8" }],
    ["priority order", map(["user", "a.u"], ["user", "b.u"]), '{"b":{"u":"second"},"a":{"u":"first"}}', { user: "first" }],
    ["falls back to the next path", map(["user", "a.u"], ["user", "b.u"]), '{"b":{"u":"second"},"a":{"u":""}}', { user: "second" }],
    ["falls back to the aliases", map(["user", "a.u"]), '{"username":"alias"}', { user: "alias" }],
    // ---- every field ----
    ["timestamp (epoch)", map(["timestamp", "meta.ts"]), '{"meta":{"ts":1705893245}}', { time: "2024-01-22T03:14:05.000Z" }],
    ["timestamp (yearless)", map(["timestamp", "meta.ts"]), '{"meta":{"ts":"Jan 22 03:14:05"}}', { time: "2024-01-22T03:14:05.000Z" }],
    ["bytes (number as string)", map(["bytes", "stats.out"]), '{"stats":{"out":"4096"}}', { bytes: 4096 }],
    ["event type + action", map(["event_type", "evt.kind"], ["action", "evt.result"]), '{"evt":{"kind":"login","result":"denied"}}', { eventType: "login", action: "denied", kind: "LOGIN_FAILURE" }],
    ["message with escapes", map(["message", "m.text"]), '{"m":{"text":"say \\"hi\\" caf\\u00e9"}}', { message: 'say "hi" café' }],
    ["path and host", map(["path", "req.uri"], ["host", "srv.fqdn"]), '{"req":{"uri":"/etc/shadow"},"srv":{"fqdn":"a.b"}}', { path: "/etc/shadow", host: "a.b" }],
    ["escaped key in the record", map(["user", "actor.login"]), '{"act\\u006fr":{"l\\u006fgin":"esc"}}', { user: "esc" }],
    ["explicit format with a map", { logFormat: "syslog", fieldMap: [{ field: "host", path: "origin.host" }] }, '{"origin":{"host":"h9"},"message":"Accepted password for z from 10.0.0.1 port 1 ssh2"}', { host: "h9", user: "z", format: "syslog" }],
  ])("%s", (_name, settings, record, want) => {
    const got = withInput(settings, () => normalise(record));
    expect(got, show(got)).toMatchObject(want);
  });

  it.each([
    // ---- values a path cannot take ----
    ['{"actor":{"login":["a"]}}'],
    ['{"actor":{"login":{"x":1}}}'],
    ['{"actor":{"login":null}}'],
    ['{"actor":"octocat"}'],
    ['{"actor":{"name":{"login":"deeper"}}}'],
  ])("%s → no user", (record) => {
    const got = withInput(map(["user", "actor.login"]), () => normalise(record));
    expect(got?.user, show(got)).toBeUndefined();
  });

  it("is gone after the defaults come back (a model without a FIELD_MAP section)", () => {
    withInput(map(["user", "actor.login"]), () => expect(normalise('{"actor":{"login":"a"}}')?.user).toBe("a"));
    expect(normalise('{"actor":{"login":"a"}}')?.user).toBeUndefined();
    expect(normalise('{"src":"1.1.1.1"}')?.sourceIp).toBe("1.1.1.1");
  });

  it("replaces the previous map when another is installed", () => {
    expect(setInput(map(["user", "a.x"]))).toBe(0);
    expect(setInput(map(["user", "b.x"]))).toBe(0);
    try {
      expect(normalise('{"a":{"x":"1"},"b":{"x":"2"}}')?.user).toBe("2");
    } finally {
      h.reset_input();
    }
  });

  it("holds 16 entries of 8 levels after every rebuild, with no table entry rejected", () => {
    const entries = Array.from({ length: 16 }, (_, i) => ["user", `p${i}.a.b.c.d.e.f.x${"y".repeat(50)}`] as [FieldMapEntry["field"], string]);
    for (let round = 0; round < 5; round++) expect(setInput(map(...entries))).toBe(0);
    try {
      const record = JSON.stringify({ p15: { a: { b: { c: { d: { e: { f: { [`x${"y".repeat(50)}`]: "last" } } } } } } } });
      expect(normalise(record)?.user).toBe("last");
      expect(h.rejected_table_entries()).toBe(0);
    } finally {
      h.reset_input();
    }
  });

  // Payloads the scorer refuses, byte for byte (docs/model-format.md §5.10): [what, bytes].
  const payload = (format: number, entries: Array<[number, Uint8Array]>, n = entries.length): Uint8Array => {
    const parts: number[] = [];
    const u32 = (v: number) => parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    u32(format);
    u32(n);
    for (const [field, path] of entries) {
      u32(field);
      u32(path.length);
      parts.push(...path);
      while (parts.length % 4) parts.push(0);
    }
    return Uint8Array.from(parts);
  };
  const p = (s: string) => enc.encode(s);
  it.each<[string, Uint8Array]>([
    ["shorter than its header", new Uint8Array(7)],
    ["log format 6", payload(6, [])],
    ["17 entries", payload(0, Array.from({ length: 17 }, () => [1, p("a")] as [number, Uint8Array]))],
    ["entry count past the payload", payload(0, [[1, p("a")]], 2)],
    ["field 9", payload(0, [[9, p("a")]])],
    ["empty path", payload(0, [[1, new Uint8Array(0)]])],
    ["empty segment", payload(0, [[1, p("a..b")]])],
    ["trailing dot", payload(0, [[1, p("a.")]])],
    ["segment of 64 bytes", payload(0, [[1, p("a." + "k".repeat(64))]])],
    ["9 levels", payload(0, [[1, p("a.b.c.d.e.f.g.h.i")]])],
    ["path of 256 bytes", payload(0, [[1, p(Array.from({ length: 8 }, () => "k".repeat(31)).join(".") + "kk")]])],
    ["length past the payload", payload(0, [[1, p("abcd")]]).subarray(0, 16)],
  ])("refuses %s", (_name, bytes) => {
    expect(withBytes(bytes, (ptr, n) => h.set_input(ptr, n))).toBe(1);
  });

  it("keeps reading with the defaults after a refused payload", () => {
    expect(withBytes(new Uint8Array(3), (ptr, n) => h.set_input(ptr, n))).toBe(1);
    expect(normalise('{"user":"u"}')).toMatchObject({ user: "u", format: "auth" });
  });
});

// -------------------------------------------------------------------------------------------------
describe("the scanner on nested paths", () => {
  it("records own-key spans only at the top level, also inside objects it descends into", () => {
    // (the harness does not return spans; the scan must stay valid and the fields intact)
    const got = normalise('{"event":{"severity":"x","action":"a"},"user":{"anomaly_score":1,"name":"n"},"severity":"HIGH"}');
    expect(got).toMatchObject({ eventType: "a", user: "n", format: "ecs" });
  });

  it.each([
    // ---- errors inside descended objects are the same errors ----
    ['{"user":{"name"}}', false],
    ['{"user":{"name":"x",}}', false],
    ['{"user":{"name":"x"}', false],
    ['{"user":{"name":"x"}}}', false],
    ['{"winlog":{"event_data":{"TargetUserName":"x"]}}', false],
    ['{"user":{}}', true],
    ['{"user":{},"host":{ },"event":{"category":[]}}', true],
    ['{"Event":{"System":{"EventID":{"#text":4625,"#attributes":{"Qualifiers":""}}}}}', true],
  ])("%s valid=%s", (json, valid) => {
    expect(normalise(json) !== null).toBe(valid);
  });

  const knownKey = fc.constantFrom(
    "user", "name", "event", "category", "action", "winlog", "event_data", "EventData", "TargetUserName", "Event", "System",
    "EventID", "#text", "userIdentity", "sessionContext", "sessionIssuer", "userName", "source", "ip", "host", "message",
    "requestParameters", "bucketName", "key", "TimeCreated", "#attributes", "SystemTime", "x",
  );
  const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(""));
  const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node"), { maxLength: 3 }), fc.dictionary(knownKey, tie("node"), { maxKeys: 4 })),
  })).node;
  const record = fc.dictionary(knownKey, value, { maxKeys: 6 });

  it("accepts every object built from the formats' keys, never trapping, and reads the same event twice", () => {
    fc.assert(
      fc.property(record, (obj) => {
        const json = JSON.stringify(obj);
        const a = normalise(json);
        expect(a, json).not.toBeNull();
        expect(normalise(json), json).toEqual(a);
      }),
      { numRuns: 1500, seed: 20240122 },
    );
  });

  it("agrees with JSON.parse on mutated records of the formats' keys", () => {
    fc.assert(
      fc.property(record, fc.nat(), fc.nat(3), fc.constantFrom(..."{}[]\",:\\0-.tfnu \u00e9"), (obj, at, del, ch) => {
        const json = JSON.stringify(obj);
        const i = at % (json.length + 1);
        const text = json.slice(0, i) + ch + json.slice(i + del);
        let ok: boolean;
        try {
          const v: unknown = JSON.parse(text);
          ok = v !== null && typeof v === "object" && !Array.isArray(v);
        } catch {
          ok = false;
        }
        expect(normalise(text) !== null, text).toBe(ok);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it("never traps on arbitrary bytes under any format", () => {
    for (const logFormat of FORMATS) {
      withInput({ logFormat, fieldMap: [{ field: "user", path: "a.b" }] }, () => {
        fc.assert(fc.property(fc.uint8Array({ maxLength: 96 }), (bytes) => void normalise(bytes)), { numRuns: 500, seed: 3 });
        fc.assert(fc.property(fc.string({ maxLength: 96 }), (s) => void normalise(`{"message":${JSON.stringify(s)},"ident":"sshd"}`)), { numRuns: 500, seed: 4 });
      });
    }
  });
});
