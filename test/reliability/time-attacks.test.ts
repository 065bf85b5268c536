// Time attacks on the stream clock (assembly/features/clock.ts, DESIGN.md "Bounded state"): record
// timestamps are attacker controlled. Far-future (year 2999), far-past (1970) and out-of-order
// records interleaved into a normal stream must not poison the windows: the brute force that
// follows (normal timestamps) gets exactly the verdicts it gets without them, normal traffic is
// not flagged more, and stats_json() counts the distrusted timestamps. Each stream runs on a fresh
// filter instance through the Fluent Bit harness; time_sec is the shipper's honest clock.

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { FluentBitHost } from "../helpers/fluent-bit-host.ts";
import { trainedModel } from "../helpers/trained-model.ts";

const NORMAL_FILE = "samples/test_logs_normal.json";
/** The normal stream: the last days of the baseline sample, in time order. */
const NORMAL_FROM = "2024-01-17";
/** One hostile record after every this many normal ones. */
const EVERY = 25;
const BRUTE_FORCE_ATTEMPTS = 15;
const BRUTE_FORCE_SPACING_MS = 3_000;
/** Forged records in a row the time_key bursts use (issue #16 item 5a: three stamped 2099 moved the clock for good). */
const CLOCK_JUMP_CONFIRMATIONS = 3;
const YEAR_2099 = "2099-01-01T00:00:00Z";
const FOUR_HOURS_MS = 4 * 3_600_000;
const ALERT = 0.5;
const FAR_FUTURE = "2999-01-01T00:00:00Z";
const FAR_PAST = "1970-01-01T00:00:01Z";
const OUT_OF_ORDER_MS = 45 * 60_000;

type Kind = "normal" | "brute" | "hostile";
interface Item {
  kind: Kind;
  record: string;
  /** time_sec as Fluent Bit passes it: when the shipper read the record. */
  timeSec: number;
  /** Whether this hostile record claims a time far ahead of the stream (what the clock distrusts). */
  farFuture?: boolean;
}
interface Outcome {
  verdicts: { kind: Kind; score: number; verdict: string }[];
  stats: Record<string, number | string>;
}

let filter: Uint8Array;
let normal: { record: string; ms: number }[];

beforeAll(async () => {
  filter = (await trainedModel()).filter();
  const all = JSON.parse(readFileSync(NORMAL_FILE, "utf8")) as { timestamp: string }[];
  normal = all.filter((r) => r.timestamp >= NORMAL_FROM).map((r) => ({ record: JSON.stringify(r), ms: Date.parse(r.timestamp) }));
});

afterAll(async () => (await trainedModel()).dispose());

// ---------------------------------------------------------------------------------------------

function hostileRecord(ts: string | number, i: number): string {
  const t = typeof ts === "number" ? String(ts) : JSON.stringify(ts);
  return `{"timestamp":${t},"user":"mallory${i % 3}","source_ip":"198.51.100.${7 + (i % 3)}","host":"web-01","event_type":"login","action":"success","message":"Accepted password for mallory"}`;
}

function bruteForce(startMs: number): Item[] {
  return Array.from({ length: BRUTE_FORCE_ATTEMPTS }, (_, k) => {
    const ms = startMs + k * BRUTE_FORCE_SPACING_MS;
    const ts = new Date(ms).toISOString().replace(".000Z", "Z");
    return { kind: "brute" as const, timeSec: ms / 1000, record: `{"timestamp":"${ts}","user":"admin","source_ip":"203.0.113.66","host":"web-01","event_type":"login","action":"failure","message":"Failed password for admin from 203.0.113.66"}` };
  });
}

type HostileAt = (nowMs: number, i: number) => Item[];

const farFuture: HostileAt = (nowMs, i) => [{ kind: "hostile", farFuture: true, timeSec: nowMs / 1000, record: hostileRecord(FAR_FUTURE, i) }];
const farPast: HostileAt = (nowMs, i) => [{ kind: "hostile", timeSec: nowMs / 1000, record: hostileRecord(FAR_PAST, i) }];
const outOfOrder: HostileAt = (nowMs, i) => [{ kind: "hostile", timeSec: nowMs / 1000, record: hostileRecord(new Date(nowMs - OUT_OF_ORDER_MS).toISOString(), i) }];
/** Far-future in other spellings: epoch seconds of year 2999, epoch ms, an offset. */
const farFutureForms: HostileAt = (nowMs, i) => [
  { kind: "hostile", farFuture: true, timeSec: nowMs / 1000, record: hostileRecord([32_472_144_000, 32_472_144_000_000, "2999-01-01T00:00:00+14:00", "2999-06-30 12:00:00"][i % 4], i) },
];
// With Fluent Bit's time_key the event time is the record's own, so time_sec carries the forged time too.
const timeKeyed = (ms: number, i: number): Item => ({ kind: "hostile", farFuture: true, timeSec: ms / 1000, record: hostileRecord(new Date(ms).toISOString(), i) });
const timeKey2099: HostileAt = (_nowMs, i) => Array.from({ length: CLOCK_JUMP_CONFIRMATIONS }, (_, k) => timeKeyed(Date.parse(YEAR_2099), i * CLOCK_JUMP_CONFIRMATIONS + k));
const timeKey4h: HostileAt = (nowMs, i) => [timeKeyed(nowMs + FOUR_HOURS_MS, i)];
const mixed: HostileAt = (nowMs, i) => [farFuture, farPast, outOfOrder, farFutureForms][i % 4](nowMs, i);
const burst: HostileAt = (nowMs, i) => Array.from({ length: CLOCK_JUMP_CONFIRMATIONS }, (_, k) => farFuture(nowMs, i * CLOCK_JUMP_CONFIRMATIONS + k)[0]);

/** The normal stream with `hostile` records after every EVERY-th normal one (and `first` before all), then the brute force. */
function stream(hostile?: HostileAt, first?: HostileAt): Item[] {
  const items: Item[] = [];
  if (first) items.push(...first(normal[0].ms, 0));
  normal.forEach((n, i) => {
    items.push({ kind: "normal", record: n.record, timeSec: n.ms / 1000 });
    if (hostile && i % EVERY === EVERY - 1) items.push(...hostile(n.ms, Math.floor(i / EVERY)));
  });
  items.push(...bruteForce(normal[normal.length - 1].ms + 60_000));
  return items;
}

async function run(items: Item[]): Promise<Outcome> {
  const host = await FluentBitHost.load(filter);
  const verdicts = items.map((it) => {
    const r = host.filter(it.record, { timeSec: Math.floor(it.timeSec) });
    if (!r.ok) throw new Error(`record dropped (${r.reason}): ${it.record}`);
    const v = r.value;
    return { kind: it.kind, score: Number(v.anomaly_score), verdict: JSON.stringify([v.anomaly_score, v.threat_type, v.severity, v.anomaly_reasons ?? [], v.incident_id ?? "", v.anomaly_error ?? ""]) };
  });
  return { verdicts, stats: statsOf(host) };
}

function statsOf(host: FluentBitHost): Record<string, number | string> {
  const e = host.exports as unknown as { stats_json(): number; info_length(): number; memory: WebAssembly.Memory };
  const ptr = e.stats_json();
  return JSON.parse(new TextDecoder().decode(new Uint8Array(e.memory.buffer, ptr, e.info_length()))) as Record<string, number | string>;
}

const of = (o: Outcome, kind: Kind) => o.verdicts.filter((v) => v.kind === kind);
const flagged = (o: Outcome) => of(o, "normal").filter((v) => v.score >= ALERT).length;

let clean: Outcome;

describe("time attacks", () => {
  beforeAll(async () => {
    clean = await run(stream());
  });

  it("the clean stream is a fair baseline: the brute force is flagged, little normal traffic is", () => {
    const brute = of(clean, "brute").map((v) => JSON.parse(v.verdict)[1] as string);
    expect(brute.slice(-5)).toEqual(Array(5).fill("brute_force"));
    expect(of(clean, "brute").at(-1)?.verdict).toMatch(new RegExp(`ip_failed_logins_(60s|10m|1h)=${BRUTE_FORCE_ATTEMPTS} `));
    expect(flagged(clean)).toBeLessThan(of(clean, "normal").length / 4);
    // Honest gaps of over an hour that the records after them did not confirm in a row (clock.ts) are few.
    expect(Number(clean.stats.distrusted_timestamps)).toBeLessThan(of(clean, "normal").length / 100);
  });

  it.each<[string, HostileAt | undefined, HostileAt | undefined]>([
    ["far-future (2999) records interleaved", farFuture, undefined],
    ["far-future records in other spellings (epoch s, epoch ms, offsets)", farFutureForms, undefined],
    ["far-past (1970) records interleaved", farPast, undefined],
    ["out-of-order records (45 min back) interleaved", outOfOrder, undefined],
    ["all of them mixed", mixed, undefined],
    ["a far-future record as the very first record", undefined, farFuture],
    [`bursts of ${CLOCK_JUMP_CONFIRMATIONS} agreeing far-future records interleaved`, burst, undefined],
    [`time_key: bursts of ${CLOCK_JUMP_CONFIRMATIONS} records stamped 2099, time_sec 2099 too`, timeKey2099, undefined],
    ["time_key: records 4 h ahead, time_sec 4 h ahead too", timeKey4h, undefined],
  ])("%s cannot poison the windows", async (name, hostile, first) => {
    const items = stream(hostile, first);
    const attacked = await run(items);
    const normalClean = of(clean, "normal");
    const normalAttacked = of(attacked, "normal");
    const changed = normalAttacked.filter((v, i) => v.verdict !== normalClean[i].verdict).length;
    const hostileCount = items.filter((i) => i.kind === "hostile").length;
    const farFutureCount = items.filter((i) => i.farFuture).length;
    console.log(
      `time attack "${name}": ${hostileCount} hostile records among ${normalClean.length} normal; normal flagged ${flagged(attacked)} (clean ${flagged(clean)}), ` +
        `normal verdicts changed ${changed}; brute force flagged ${of(attacked, "brute").filter((v) => v.verdict.includes('"brute_force"')).length}/${BRUTE_FORCE_ATTEMPTS}; ` +
        `distrusted_timestamps ${attacked.stats.distrusted_timestamps} (far-future records ${farFutureCount})`,
    );
    // Normal traffic is not flagged more than without the hostile records.
    expect(flagged(attacked), `normal records flagged with the hostile records (${changed} verdicts changed)`).toBeLessThanOrEqual(flagged(clean));
    // The brute force after the hostile records gets exactly the verdicts it gets without them.
    expect(of(attacked, "brute").map((v) => v.verdict), "brute-force verdicts with vs without the hostile records").toEqual(of(clean, "brute").map((v) => v.verdict));
    // Far-future stamps are counted as distrusted, each one.
    if (hostile === farFuture || hostile === farFutureForms) expect(Number(attacked.stats.distrusted_timestamps) - Number(clean.stats.distrusted_timestamps)).toBe(farFutureCount);
    else if (farFutureCount > 0) expect(Number(attacked.stats.distrusted_timestamps)).toBeGreaterThanOrEqual(1);
  });
});

// ---------------------------------------------------------------------------------------------
// The batch path: `run` replays the files in time order and takes the first --baseline-period-days
// from the earliest timestamp as the baseline. A hostile stamp must not move that period.

describe("batch: a hostile timestamp in the logs", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it.each([
    ["one record stamped 1970-01-01", [FAR_PAST]],
    ["two records stamped 1970-01-01", [FAR_PAST, "1970-01-01T00:00:02Z"]],
    ["one record stamped 2999-01-01", [FAR_FUTURE]],
  ])("%s does not hijack the baseline period", async (_name, stamps) => {
    const dir = mkdtempSync(join(tmpdir(), "time-attack-batch-"));
    dirs.push(dir);
    const data = join(dir, "logs");
    const out = join(dir, "out");
    mkdirSync(data);
    for (const f of ["test_logs_normal.json", "test_logs_attack.json"]) copyFileSync(join("samples", f), join(data, f));
    writeFileSync(join(data, "zz-hostile.jsonl"), stamps.map((t, i) => hostileRecord(t, i)).join("\n") + "\n");
    const r = await runCli(["run", "--data-path", data, "--output-dir", out, "--json", "--quiet", "--autoencoder-epochs", "3", "--iso-forest-estimators", "30"]);
    const summary = r.code === 0 ? (JSON.parse(r.stdout) as { summary: Record<string, unknown> }).summary : {};
    console.log(`time attack (batch) "${_name}": exit ${r.code}, baseline ${summary.baseline_events} events from ${summary.baseline_start}, analysis ${summary.total_events} events, ${summary.anomalies} anomalies${r.code === 0 ? "" : `; stderr: ${r.stderr.trim()}`}`);
    expect(r.code, r.stderr).toBe(0);
    // The samples' own baseline: 1,221 records from 2024-01-15 (the hostile records may join it).
    expect(Number(summary.baseline_events)).toBeGreaterThanOrEqual(1221);
    expect(String(summary.baseline_start)).toMatch(/^2024-01-15/);
  });
});
