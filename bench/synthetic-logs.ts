/**
 * Large, realistic, reproducible log streams for the benchmark, built fast by
 * replicating the bundled sample generator (bench/simulate/sample-logs.ts).
 *
 * One replica is the sample's small office (11 people, one ordinary week,
 * ~1.2k events) with its entities renamed: user `alice` becomes `alice_17`,
 * host `ws-alice` becomes `ws-alice-17`, and each source IP gets an address of
 * its own per replica. Every mention is renamed, in messages and paths too, so
 * a replica reads like another office of the same company. Replicas run in
 * parallel time, each shifted by up to ±15 minutes so their working days
 * interleave; when more events are asked for than one week of all replicas
 * holds, further weeks follow, each drawn from the generator with the next
 * seed. The merged stream is in time order and cut at exactly `events` records.
 *
 * Records are rendered straight to NDJSON bytes from per-record templates (the
 * JSON text split at every entity name), so a million records take a second or
 * two, not a JSON.stringify each.
 */
import { generateSampleLogs, type SampleRecord } from "./simulate/sample-logs.ts";
import { createRng } from "../trainer/util/rng.ts";

export interface SyntheticOptions {
  /** Records in the stream, exactly. */
  events: number;
  /** Seed of the first week; week w uses seed + w. Same seed, same bytes. */
  seed?: number;
  /** Offices in parallel; default: defaultReplicas(events). */
  replicas?: number;
  /** Also mix in the sample's injected attacks (15 records) for every ATTACK_EVERY-th replica and week. */
  attacks?: boolean;
}

export interface SyntheticLogs {
  /** Newline-terminated NDJSON. */
  ndjson: Uint8Array;
  count: number;
  replicas: number;
  weeks: number;
  /** Injected attack records in the stream. */
  attackRecords: number;
  startMs: number;
  endMs: number;
}

/** Default cap on parallel offices: 400 × 11 users keeps a realistic load on the filter's 8192-slot tables. */
export const DEFAULT_MAX_REPLICAS = 400;
/** Every this-many-th replica is attacked once per week when `attacks` is set. */
export const ATTACK_EVERY = 50;
/** IP renaming encodes the replica in two octets. */
export const MAX_REPLICAS = 65536;
/** Half-width of the per-replica time shift. */
const JITTER_S = 900;
const WEEK_S = 7 * 86400;
/** Initial output size per record (the sample's records average ~280 bytes). */
const BYTES_PER_RECORD_GUESS = 300;
/** Room kept free for the fixed-width parts of a record (ids, timestamps, newline). */
const RECORD_HEADROOM = 64;
/** Pieces up to this long are copied in a loop. */
const SHORT_COPY = 48;
const NEWLINE = 0x0a;
const COLON = 0x3a;
const LETTER_Z = 0x5a;
const DIGIT_0 = 0x30;
const EVENT_ID_PREFIX = new TextEncoder().encode("evt-");

const TOKEN_ID = -1;
const TOKEN_TIME = -2;
const ID_MARK = "@@EVENT_ID@@";
const TIME_MARK = "@@TIMESTAMP@@";

/** One record's JSON split at its renamable parts: lits[0] toks[0] lits[1] ... lits[n], as ASCII bytes. */
interface Template {
  lits: Uint8Array[];
  toks: Int32Array;
  /** Epoch seconds. */
  t: number;
}

type EntityKind = "user" | "ip" | "host";

/** The entity names of the sample, and how each is renamed for replica r. */
export class EntityTokens {
  readonly names: string[] = [];
  readonly kinds: EntityKind[] = [];
  private readonly pattern: RegExp;
  private readonly index = new Map<string, number>();

  constructor(records: SampleRecord[]) {
    const add = (name: string, kind: EntityKind) => {
      if (name === "" || this.index.has(name)) return;
      this.index.set(name, this.names.length);
      this.names.push(name);
      this.kinds.push(kind);
    };
    // Sorted, so a name's renaming does not depend on which seed's records introduced it.
    const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    for (const name of [...new Set(records.map((r) => r.host))].sort(byName)) add(name, "host");
    for (const name of [...new Set(records.map((r) => r.user))].sort(byName)) add(name, "user");
    for (const name of [...new Set(records.map((r) => r.source_ip))].sort(byName)) add(name, "ip");
    // Longest first, so "ws-alice" wins over "alice"; never inside a longer word or address.
    const alternatives = [...this.names].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = new RegExp(`${escapeRegExp(ID_MARK)}|${escapeRegExp(TIME_MARK)}|(?<![\\w.])(?:${alternatives.join("|")})(?![\\w]|\\.\\d)`, "g");
  }

  template(r: SampleRecord): Template {
    const text = JSON.stringify({ ...r, event_id: ID_MARK, timestamp: TIME_MARK });
    const lits: string[] = [];
    const toks: number[] = [];
    let last = 0;
    for (const m of text.matchAll(this.pattern)) {
      lits.push(text.slice(last, m.index));
      toks.push(m[0] === ID_MARK ? TOKEN_ID : m[0] === TIME_MARK ? TOKEN_TIME : this.index.get(m[0])!);
      last = m.index! + m[0].length;
    }
    lits.push(text.slice(last));
    return { lits: lits.map(ascii), toks: Int32Array.from(toks), t: Date.parse(r.timestamp) / 1000 };
  }

  /** The names of replica r, in token order. */
  renamed(r: number): Uint8Array[] {
    let ip = 0;
    return this.names.map((name, k) => {
      switch (this.kinds[k]) {
        case "user":
          return ascii(`${name}_${r}`);
        case "host":
          return ascii(`${name}-${r}`);
        case "ip":
          return ascii(`10.${16 + ip++}.${r >> 8}.${r & 255}`);
      }
    });
  }

  /** Names for the i-th event of a stream where every event has a user and source IP never seen before. */
  fresh(i: number): Uint8Array[] {
    return this.names.map((name, k) => {
      switch (this.kinds[k]) {
        case "user":
          return ascii(`user_${i}`);
        case "host":
          return ascii(name);
        case "ip":
          return ascii(`10.${128 + ((i >>> 16) & 127)}.${(i >>> 8) & 255}.${i & 255}`);
      }
    });
  }
}

/** A stream of `events` records from `replicas` offices over as many weeks as it takes. */
export function syntheticLogs(opts: SyntheticOptions): SyntheticLogs {
  const seed = opts.seed ?? 1;
  const first = generateSampleLogs(seed);
  const weekSize = first.normal.length;
  const replicas = opts.replicas ?? defaultReplicas(opts.events, weekSize);
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > MAX_REPLICAS) throw new Error(`replicas must be an integer in [1, ${MAX_REPLICAS}], got: ${replicas}`);
  const tokens = new EntityTokens([...first.normal, ...first.attack]);
  const names = Array.from({ length: replicas }, (_, r) => tokens.renamed(r));
  const jitter = replicaJitter(seed, replicas);

  // Every candidate record as (week, replica, template); more weeks until there are enough.
  const weeks: Template[][] = [];
  const attackStart: number[] = []; // per week: index of the first attack template
  for (let candidates = 0, w = 0; candidates < opts.events; w++) {
    const logs = w === 0 ? first : generateSampleLogs(seed + w);
    const attackIds = new Set(logs.labels.map((l) => l.event_id));
    const attacks = opts.attacks ? logs.attack.filter((r) => attackIds.has(r.event_id)) : [];
    weeks.push([...logs.normal, ...attacks].map((r) => tokens.template(r)));
    attackStart.push(logs.normal.length);
    candidates += replicas * logs.normal.length;
  }
  const attacked = Math.ceil(replicas / ATTACK_EVERY);
  const total = weeks.reduce((n, tps, w) => n + replicas * attackStart[w] + attacked * (tps.length - attackStart[w]), 0);
  const entryWeek = new Uint16Array(total);
  const entryReplica = new Uint32Array(total);
  const entryTemplate = new Uint32Array(total);
  const entryTime = new Float64Array(total);
  let e = 0;
  weeks.forEach((tps, w) => {
    for (let r = 0; r < replicas; r++) {
      const n = r % ATTACK_EVERY === 0 ? tps.length : attackStart[w];
      for (let i = 0; i < n; i++, e++) {
        entryWeek[e] = w;
        entryReplica[e] = r;
        entryTemplate[e] = i;
        entryTime[e] = tps[i].t + w * WEEK_S + jitter[r];
      }
    }
  });
  const order = timeOrder(entryTime);

  const count = Math.min(opts.events, order.length);
  const out = new ByteOut(count * BYTES_PER_RECORD_GUESS);
  let attackRecords = 0;
  for (let n = 0; n < count; n++) {
    const e = order[n];
    const w = entryWeek[e];
    const i = entryTemplate[e];
    if (i >= attackStart[w]) attackRecords++;
    out.record(weeks[w][i], names[entryReplica[e]], n + 1, entryTime[e]);
  }
  return {
    ndjson: out.bytes(),
    count,
    replicas,
    weeks: weeks.length,
    attackRecords,
    startMs: count > 0 ? entryTime[order[0]] * 1000 : 0,
    endMs: count > 0 ? entryTime[order[count - 1]] * 1000 : 0,
  };
}

/** Offices for a stream of `events`: enough that it spans at least one whole week, at most DEFAULT_MAX_REPLICAS. */
export function defaultReplicas(events: number, weekSize = generateSampleLogs(1).normal.length): number {
  return Math.max(1, Math.min(DEFAULT_MAX_REPLICAS, Math.floor(events / weekSize)));
}

/** `events` records, each with a user and a source IP no earlier record had, one second apart. */
export function distinctUserLogs(events: number, seed = 1): Uint8Array {
  const logs = generateSampleLogs(seed);
  const tokens = new EntityTokens([...logs.normal, ...logs.attack]);
  const templates = logs.normal.map((r) => tokens.template(r));
  const t0 = templates[0].t;
  const out = new ByteOut(events * BYTES_PER_RECORD_GUESS);
  for (let i = 0; i < events; i++) out.record(templates[i % templates.length], tokens.fresh(i), i + 1, t0 + i);
  return out.bytes();
}

/** The first `n` lines of the stream (all of it when shorter). */
export function firstLines(ndjson: Uint8Array, n: number): Uint8Array {
  let end = 0;
  for (let i = 0; i < n && end < ndjson.length; i++) {
    const nl = ndjson.indexOf(0x0a, end);
    end = nl < 0 ? ndjson.length : nl + 1;
  }
  return ndjson.subarray(0, end);
}

/** Start and end (exclusive, without the newline) of every non-empty line. */
export function lineSpans(ndjson: Uint8Array): { start: Uint32Array; end: Uint32Array } {
  const starts: number[] = [];
  const ends: number[] = [];
  let from = 0;
  while (from < ndjson.length) {
    let nl = ndjson.indexOf(0x0a, from);
    if (nl < 0) nl = ndjson.length;
    if (nl > from) {
      starts.push(from);
      ends.push(nl);
    }
    from = nl + 1;
  }
  return { start: Uint32Array.from(starts), end: Uint32Array.from(ends) };
}

// --- internal ---

/** A growable NDJSON byte buffer that renders templates; short pieces are copied byte by byte (faster than set()). */
class ByteOut {
  private buf: Uint8Array;
  private pos = 0;
  private day = NaN;
  private date: Uint8Array = new Uint8Array(0);

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(1024, capacity));
  }

  record(tp: Template, names: Uint8Array[], id: number, t: number): void {
    this.reserve(RECORD_HEADROOM);
    this.put(tp.lits[0]);
    for (let j = 0; j < tp.toks.length; j++) {
      const k = tp.toks[j];
      if (k === TOKEN_ID) this.eventId(id);
      else if (k === TOKEN_TIME) this.timestamp(t);
      else this.put(names[k]);
      this.put(tp.lits[j + 1]);
    }
    this.buf[this.pos++] = NEWLINE;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  private put(v: Uint8Array): void {
    const n = v.length;
    this.reserve(n + RECORD_HEADROOM);
    if (n > SHORT_COPY) {
      this.buf.set(v, this.pos);
      this.pos += n;
      return;
    }
    for (let i = 0; i < n; i++) this.buf[this.pos++] = v[i];
  }

  private digits(v: number, width: number): void {
    for (let i = width - 1; i >= 0; i--) {
      this.buf[this.pos + i] = DIGIT_0 + (v % 10);
      v = Math.floor(v / 10);
    }
    this.pos += width;
  }

  /** evt-00000042 (at least 8 digits). */
  private eventId(id: number): void {
    this.put(EVENT_ID_PREFIX);
    this.digits(id, Math.max(8, String(id).length));
  }

  /** 2024-01-15T08:03:12Z for whole epoch seconds; the date part is cached per day. */
  private timestamp(t: number): void {
    const day = Math.floor(t / 86400);
    if (day !== this.day) {
      this.day = day;
      this.date = ascii(new Date(day * 86_400_000).toISOString().slice(0, 11));
    }
    const s = t - day * 86400;
    this.put(this.date);
    this.digits(Math.floor(s / 3600), 2);
    this.buf[this.pos++] = COLON;
    this.digits(Math.floor(s / 60) % 60, 2);
    this.buf[this.pos++] = COLON;
    this.digits(s % 60, 2);
    this.buf[this.pos++] = LETTER_Z;
  }
}

function replicaJitter(seed: number, replicas: number): Int32Array {
  const rng = createRng(seed ^ 0x5eed);
  // Replica 0 keeps the sample's own times.
  return Int32Array.from({ length: replicas }, (_, r) => (r === 0 ? 0 : rng.int(2 * JITTER_S + 1) - JITTER_S));
}

/** Entry indices sorted by time, ties in entry order; one typed-array sort of packed keys. */
function timeOrder(time: Float64Array): Uint32Array {
  const n = time.length;
  let tMin = Infinity;
  let tMax = -Infinity;
  for (let e = 0; e < n; e++) {
    if (time[e] < tMin) tMin = time[e];
    if (time[e] > tMax) tMax = time[e];
  }
  const indexBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const scale = 2 ** indexBits;
  if ((tMax - tMin + 1) * scale >= Number.MAX_SAFE_INTEGER) throw new Error("synthetic stream: span too long to sort by packed keys");
  const keys = new Float64Array(n);
  for (let e = 0; e < n; e++) keys[e] = (time[e] - tMin) * scale + e;
  keys.sort();
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = keys[k] % scale;
  return order;
}

function ascii(s: string): Uint8Array {
  return Buffer.from(s, "latin1");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
