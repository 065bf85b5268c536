// The cardinality attack of DESIGN.md "Bounded state": a stream in which every record brings a
// new user and a new source IP, with a brute force (15 failed logins for `admin` from one IP
// within a minute) hidden in its middle. Records go through the Node batch ABI (Scorer.process)
// in chunks, written into one reused buffer from a fixed-width template, so generating a million
// records costs well under a second.
//
//   const r = await runCardinalityAttack({ filter, model }, { records: 200_000 });
//   expect(r.problems).toEqual([]);
//
// Shared by test/reliability/cardinality.test.ts and scripts/fuzz-long.ts (--cardinality).

import { OUTPUT, Scorer } from "../../trainer/wasm/scorer.ts";
import { readModel } from "../../trainer/model/read.ts";
import { compileAs } from "./compile-as.ts";

export interface CardinalityOptions {
  records: number;
  /** Records per Scorer.process call. */
  chunkRecords?: number;
  log?: (line: string) => void;
}

export interface Verdict {
  threat_type: string;
  anomaly_score: number;
  severity: string;
  anomaly_reasons: string[];
  incident_id: string;
}

export interface CardinalityResult {
  records: number;
  distinctUsers: number;
  distinctIps: number;
  elapsedMs: number;
  /** memory.buffer.byteLength when the module was instantiated (static data + embedded model). */
  initialMemory: number;
  memoryAfterWarmup: number;
  peakMemory: number;
  finalMemory: number;
  boundBytes: number;
  boundFormula: string;
  /** What the per-entity state would take without bounds: distinct entities × slot bytes. */
  unboundedBytes: number;
  userCapacity: number;
  ipCapacity: number;
  userSlotBytes: number;
  ipSlotBytes: number;
  stats: Record<string, number | string>;
  /** threat_type of each of the 15 brute-force records, in order. */
  bruteForceThreats: string[];
  /** The same 15 records on a fresh instance, without the spray. */
  controlThreats: string[];
  /** Full verdicts (score, threat, severity, reasons, incident) of the 15 records, inside the spray and alone. */
  bruteForce: Verdict[];
  controlVerdicts: Verdict[];
  /** 1-based numbers of the failures flagged brute_force, with the spray around them and without. */
  detectedOn: number[];
  controlDetectedOn: number[];
  problems: string[];
}

/** trainer/wasm/scorer.ts CHUNK_BYTES: the batch ABI hands records over in pieces of about this size. */
export const SCORER_CHUNK_BYTES = 4 << 20;
/** Spray records per second of log time. */
export const RECORDS_PER_SECOND = 100;
export const BRUTE_FORCE_ATTEMPTS = 15;
/** Spray records between two failed logins: 3 s apart, so all 15 fall within 42 s. */
export const BRUTE_FORCE_SPACING = 300;
/**
 * The later failures that must be flagged brute_force (failures 12–15 of 15): with the
 * quick test model at the default contamination 0.005 the score crosses 0.5 on the
 * 12th (on the 10th at 0.01).
 */
export const MUST_DETECT_FROM = 12;
const T0_SEC = Date.UTC(2024, 0, 22, 10) / 1000;
const ADMIN_IP = "203.0.113.66";

/** Slot sizes from the scorer's own source (assembly/features/features.ts), via a one-function harness. */
export async function slotBytes(): Promise<{ user: number; ip: number }> {
  const wasm = await compileAs("test/reliability/harness/slot-bytes.ts");
  const { instance } = await WebAssembly.instantiate(wasm, {});
  const e = instance.exports as { userSlotBytes(): number; ipSlotBytes(): number };
  return { user: e.userSlotBytes(), ip: e.ipSlotBytes() };
}

export async function runCardinalityAttack(artifacts: { filter: Uint8Array; model: Uint8Array }, options: CardinalityOptions): Promise<CardinalityResult> {
  const records = options.records;
  const chunk = options.chunkRecords ?? 50_000;
  const log = options.log ?? (() => {});
  const started = Date.now();
  const slots = await slotBytes();
  const state = readModel(artifacts.model).state;
  const userCapacity = state?.userCapacity ?? 8192;
  const ipCapacity = state?.ipCapacity ?? 8192;

  const scorer = await Scorer.load(artifacts.filter);
  const memory = () => scorer.exports.memory.buffer.byteLength;
  const initialMemory = memory();

  const attackAt = Math.floor(records / 2);
  const attackIndex = new Map<number, number>(); // spray position → attempt number (0-based)
  for (let k = 0; k < BRUTE_FORCE_ATTEMPTS; k++) attackIndex.set(attackAt + k * BRUTE_FORCE_SPACING, k);

  const buf = Buffer.alloc(chunk * (SPRAY.length + BRUTE.length));
  let memoryAfterWarmup = 0;
  let peakMemory = 0;
  let maxRatio = 0;
  let longestLine = BRUTE.length;
  const bruteForce: Verdict[] = [];
  for (let from = 0; from < records; from += chunk) {
    const n = Math.min(chunk, records - from);
    let at = 0;
    let withAttack = false;
    for (let i = from; i < from + n; i++) {
      if (attackIndex.has(i)) {
        at = writeBrute(buf, at, timeOf(i));
        withAttack = true;
      }
      at = writeSpray(buf, at, i);
    }
    const input = buf.subarray(0, at);
    const out = scorer.process(input, OUTPUT.ENRICHED).enriched;
    maxRatio = Math.max(maxRatio, out.length / input.length);
    if (withAttack) bruteForce.push(...verdictsOfAdmin(out));
    peakMemory = Math.max(peakMemory, memory());
    if (from === 0) memoryAfterWarmup = memory();
    if ((from / chunk) % 5 === 4) log(`  ${from + n} records, memory ${memory()} bytes`);
  }
  longestLine = Math.max(longestLine, SPRAY.length);

  // The brute force alone, on a fresh instance: what the verdicts are without the spray.
  const control = await Scorer.load(artifacts.filter);
  let controlInput = "";
  for (let k = 0; k < BRUTE_FORCE_ATTEMPTS; k++) controlInput += bruteLine(timeOf(attackAt + k * BRUTE_FORCE_SPACING));
  const controlVerdicts = verdictsOfAdmin(control.process(Buffer.from(controlInput), OUTPUT.ENRICHED).enriched);
  const bruteForceThreats = bruteForce.map((v) => v.threat_type);
  const controlThreats = controlVerdicts.map((v) => v.threat_type);

  // The bound. Live heap: the per-entity tables, one input piece copied in, and the enriched
  // output buffer, which doubles when it fills (so up to twice the largest piece's output, plus
  // the smaller buffers it outgrew). AssemblyScript's TLSF allocator grows linear memory by at
  // least its current size, so the module's memory may be up to twice what is live.
  const tables = userCapacity * slots.user + ipCapacity * slots.ip;
  const piece = SCORER_CHUNK_BYTES + longestLine;
  const outputCap = nextPow2(Math.ceil(piece * maxRatio));
  const live = initialMemory + tables + piece + 2 * outputCap;
  const boundBytes = 2 * live;
  const boundFormula =
    `2 × (initial ${initialMemory} + tables ${userCapacity}×${slots.user} + ${ipCapacity}×${slots.ip} = ${tables}` +
    ` + input piece ${piece} + 2 × output buffer ${outputCap} (enriched/input ≤ ${maxRatio.toFixed(2)}))`;

  const stats = scorer.stats();
  const detectedOn = numbersFlagged(bruteForceThreats);
  const controlDetectedOn = numbersFlagged(controlThreats);
  const problems: string[] = [];
  if (peakMemory > boundBytes) problems.push(`memory peaked at ${peakMemory} bytes, above the bound ${boundBytes} = ${boundFormula}`);
  if (stats.records !== records + BRUTE_FORCE_ATTEMPTS) problems.push(`stats.records ${stats.records}, expected ${records + BRUTE_FORCE_ATTEMPTS}`);
  if (records > userCapacity && !(Number(stats.user_evictions) >= records - userCapacity)) problems.push(`user_evictions ${stats.user_evictions} < ${records - userCapacity}`);
  if (records > ipCapacity && !(Number(stats.ip_evictions) >= records - ipCapacity)) problems.push(`ip_evictions ${stats.ip_evictions} < ${records - ipCapacity}`);
  if (bruteForceThreats.length !== BRUTE_FORCE_ATTEMPTS) problems.push(`found ${bruteForceThreats.length} of the ${BRUTE_FORCE_ATTEMPTS} brute-force records in the output`);
  const missed = range(MUST_DETECT_FROM, BRUTE_FORCE_ATTEMPTS).filter((k) => bruteForceThreats[k - 1] !== "brute_force");
  if (missed.length > 0) problems.push(`failed logins ${missed.join(", ")} of ${BRUTE_FORCE_ATTEMPTS} not flagged brute_force inside the spray (threats: ${bruteForceThreats.join(", ")})`);
  const changed = bruteForce.findIndex((v, k) => JSON.stringify(v) !== JSON.stringify(controlVerdicts[k]));
  if (changed >= 0) {
    problems.push(`the spray changed the verdict on failed login ${changed + 1}: ${JSON.stringify(bruteForce[changed])} vs alone ${JSON.stringify(controlVerdicts[changed])}`);
  }
  const last = bruteForce.at(-1)?.anomaly_reasons.join("; ") ?? "";
  if (!new RegExp(`ip_failed_logins_(60s|10m|1h)=${BRUTE_FORCE_ATTEMPTS} `).test(last)) problems.push(`the last failed login does not count all ${BRUTE_FORCE_ATTEMPTS} failures in its minute: ${last}`);

  return {
    records,
    distinctUsers: records + 1,
    distinctIps: records + 1,
    elapsedMs: Date.now() - started,
    initialMemory,
    memoryAfterWarmup,
    peakMemory,
    finalMemory: memory(),
    boundBytes,
    boundFormula,
    unboundedBytes: (records + 1) * (slots.user + slots.ip),
    userCapacity,
    ipCapacity,
    userSlotBytes: slots.user,
    ipSlotBytes: slots.ip,
    stats,
    bruteForceThreats,
    controlThreats,
    bruteForce,
    controlVerdicts,
    detectedOn,
    controlDetectedOn,
    problems,
  };
}

// --- internal ---

// Fixed-width templates: digits are patched in place. Users u0000000…, IPs 10.ddd.ddd.ddd (as
// text: the scorer hashes the string, zero padding only makes them longer), all distinct up to 2^24.
const SPRAY = Buffer.from('{"timestamp":0000000000,"user":"u00000000","source_ip":"10.000.000.000","host":"web-0","event_type":"login","action":"success","message":"Accepted password"}\n');
const SPRAY_TS = SPRAY.indexOf("0000000000");
const SPRAY_USER = SPRAY.indexOf('"u0') + 2;
const SPRAY_IP = SPRAY.indexOf('"10.') + 4;
const SPRAY_HOST = SPRAY.indexOf("web-") + 4;
const SPRAY_ACTION = SPRAY.indexOf("success");
const FAILURE = Buffer.from("failure");
const BRUTE = Buffer.from(bruteLine(0));

function bruteLine(timeSec: number): string {
  return `{"timestamp":${String(timeSec).padStart(10, "0")},"user":"admin","source_ip":"${ADMIN_IP}","host":"web-0","event_type":"login","action":"failure","message":"Failed password for admin from ${ADMIN_IP}"}\n`;
}

function timeOf(i: number): number {
  return T0_SEC + Math.floor(i / RECORDS_PER_SECOND);
}

function digits(b: Buffer, at: number, v: number, width: number): void {
  for (let k = width - 1; k >= 0; k--) {
    b[at + k] = 0x30 + (v % 10);
    v = Math.floor(v / 10);
  }
}

function writeSpray(b: Buffer, at: number, i: number): number {
  SPRAY.copy(b, at);
  digits(b, at + SPRAY_TS, timeOf(i), 10);
  digits(b, at + SPRAY_USER, i, 8);
  digits(b, at + SPRAY_IP, (i >> 16) & 255, 3);
  digits(b, at + SPRAY_IP + 4, (i >> 8) & 255, 3);
  digits(b, at + SPRAY_IP + 8, i & 255, 3);
  b[at + SPRAY_HOST] = 0x30 + (i % 7);
  if (i % 3 === 0) FAILURE.copy(b, at + SPRAY_ACTION);
  return at + SPRAY.length;
}

function writeBrute(b: Buffer, at: number, timeSec: number): number {
  BRUTE.copy(b, at);
  digits(b, at + SPRAY_TS, timeSec, 10);
  return at + BRUTE.length;
}

/** Our verdict fields of every enriched line about `admin`, in order. */
function verdictsOfAdmin(enriched: Uint8Array): Verdict[] {
  const buf = Buffer.from(enriched.buffer, enriched.byteOffset, enriched.byteLength);
  const out: Verdict[] = [];
  const needle = Buffer.from('"user":"admin"');
  for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + 1)) {
    const start = buf.lastIndexOf(0x0a, at) + 1;
    const end = buf.indexOf(0x0a, at);
    const v = JSON.parse(buf.toString("utf8", start, end < 0 ? buf.length : end)) as Record<string, unknown>;
    out.push({ threat_type: String(v.threat_type), anomaly_score: Number(v.anomaly_score), severity: String(v.severity), anomaly_reasons: (v.anomaly_reasons as string[]) ?? [], incident_id: String(v.incident_id ?? "") });
  }
  return out;
}

function numbersFlagged(threats: string[]): number[] {
  return threats.flatMap((t, k) => (t === "brute_force" ? [k + 1] : []));
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
