// Turns one normalised event into the feature vector (schema.ts). Features are
// causal: a feature of event n uses only event n and the events before it, held
// in bounded per-user and per-IP slots, plus the baselines learned in training.
//
// User slot payload (after the 16-byte EntityTable header):
//   +16  f64   time of the user's previous event (0 = none)
//   then bucket windows and distinct sets, in USER_* offset order below.
// IP slot payload: bucket windows and distinct sets, in IP_* offset order.

import { Cue, Event, Kind, Outcome } from "../event/event";
import { EntityTable, SLOT_HEADER } from "./entity-table";
import { StreamClock } from "./clock";
import { SESSION_CAPACITY, SESSION_SLOT_BYTES, joinSession } from "./session";
import { holdUncovered } from "./coverage";
import { HOURS, NIGHT_END_HOUR, SATURDAY, hourAngle } from "./time-of-day";
import { hashBytes, hashPair } from "./hash";
import { BaselineSet, F, FEATURE_LOG1P, N_FEATURES, R } from "./schema";
import { Model } from "../model/model-view";
import { inSet, userProfile } from "../model/baseline-lookup";
import { Span, distinctAdd, distinctBytes, distinctCount, windowAdd, windowBytes } from "./window";
import { MAX_EVENT_GAP_S } from "../constants";
import { INCIDENT_BYTES, incidentOpen } from "../verdict/incident";
import { COMPROMISE_BYTES, followsCompromise } from "./pattern";
import { tableKey } from "./entity-key";

/** Distinct sets remember this many keys, so their counts stop there (reasons say ">="). */
// @ts-ignore: decorator
@inline export const USER_DISTINCT_SLOTS: i32 = 8;
// @ts-ignore: decorator
@inline export const IP_DISTINCT_SLOTS: i32 = 16;
// @ts-ignore: decorator
@inline const MS_PER_HOUR: f64 = 3600000;
// @ts-ignore: decorator
@inline const MS_PER_DAY: f64 = 86400000;
/** 1970-01-01 was a Thursday; +3 makes Monday day 0. */
// @ts-ignore: decorator
@inline const EPOCH_WEEKDAY_SHIFT: i64 = 3;

const W1 = windowBytes(Span.MIN1_BUCKETS);
const W10 = windowBytes(Span.MIN10_BUCKETS);
const W60 = windowBytes(Span.HOUR1_BUCKETS);
const UD = distinctBytes(USER_DISTINCT_SLOTS);
const ID = distinctBytes(IP_DISTINCT_SLOTS);

const USER_PREV = SLOT_HEADER;
const USER_EVENTS_1M = USER_PREV + 8;
const USER_FAILED_1M = USER_EVENTS_1M + W1;
const USER_FAILED_10M = USER_FAILED_1M + W1;
const USER_FAILED_1H = USER_FAILED_10M + W10;
const USER_LOGINS_10M = USER_FAILED_1H + W60;
const USER_PRIV_1H = USER_LOGINS_10M + W10;
const USER_FILES_10M = USER_PRIV_1H + W60;
const USER_SENSITIVE_1H = USER_FILES_10M + W10;
const USER_BYTES_1H = USER_SENSITIVE_1H + W60;
const USER_IPS_1H = USER_BYTES_1H + W60;
const USER_HOSTS_1H = USER_IPS_1H + UD;
const USER_NEW_HOSTS_1H = USER_HOSTS_1H + UD;
const USER_FAILED_IPS_10M = USER_NEW_HOSTS_1H + UD;
/** The entity's open incident (incident.ts), in both slot kinds. */
export const USER_INCIDENT = USER_FAILED_IPS_10M + UD;
/** The compromise that the user's next actions may continue (pattern.ts). */
export const USER_COMPROMISE = USER_INCIDENT + INCIDENT_BYTES;
export const USER_SLOT_BYTES = (USER_COMPROMISE + COMPROMISE_BYTES + 7) & ~7;

const IP_EVENTS_1M = SLOT_HEADER;
const IP_FAILED_1M = IP_EVENTS_1M + W1;
const IP_FAILED_10M = IP_FAILED_1M + W1;
const IP_FAILED_1H = IP_FAILED_10M + W10;
const IP_LOGINS_10M = IP_FAILED_1H + W60;
const IP_USERS_10M = IP_LOGINS_10M + W10;
const IP_FAILED_USERS_10M = IP_USERS_10M + ID;
const IP_UNKNOWN_FAILED_10M = IP_FAILED_USERS_10M + ID;
export const IP_INCIDENT = IP_UNKNOWN_FAILED_10M + W10;
export const IP_SLOT_BYTES = (IP_INCIDENT + INCIDENT_BYTES + 7) & ~7;

/** Evidence an open incident is worth in eviction (entity-table.ts): more than any count of failures. */
// @ts-ignore: decorator
@inline const INCIDENT_EVIDENCE: u32 = 1 << 16;

/** What the slot holds against eviction: its failed logins in the last hour, and an open incident. */
// @ts-ignore: decorator
@inline function storeEvidence(slot: usize, failed1h: f32, incident: usize, nowSec: u32): void {
  store<u32>(slot, <u32>min<f32>(failed1h, <f32>(INCIDENT_EVIDENCE - 1)) + (incidentOpen(incident, nowSec) ? INCIDENT_EVIDENCE : 0), 4);
}

// @ts-ignore: decorator
@inline const SECONDS_10M: u32 = 600;
// @ts-ignore: decorator
@inline const SECONDS_1H: u32 = 3600;

/** The hashes of the event's entities, 0 where the event has none. Also the trainer's baseline keys. */
export class EntityKeys {
  user: u32 = 0;
  ip: u32 = 0;
  host: u32 = 0;
  userIp: u32 = 0;
  userHost: u32 = 0;
  userKind: u32 = 0;
}

/** Bytes of the per-entity tables for these capacities (MAX_STATE_BYTES bounds it). */
export function stateBytes(userCapacity: i32, ipCapacity: i32): u64 {
  return <u64>userCapacity * <u64>USER_SLOT_BYTES + <u64>ipCapacity * <u64>IP_SLOT_BYTES;
}

export class FeatureState {
  users: EntityTable;
  ips: EntityTable;
  /** Syslog processes (session.ts). */
  sessions: EntityTable = new EntityTable(SESSION_CAPACITY, SESSION_SLOT_BYTES);
  clock: StreamClock = new StreamClock();
  keys: EntityKeys = new EntityKeys();
  /** Raw feature values of the last event (what reasons quote). */
  raw: StaticArray<f32> = new StaticArray<f32>(N_FEATURES);
  /** log1p-transformed values (what normalisation statistics are learned on). */
  transformed: StaticArray<f32> = new StaticArray<f32>(N_FEATURES);
  /** Normalised values (what the detectors see); equal to `transformed` without a normalisation. */
  normalized: StaticArray<f32> = new StaticArray<f32>(N_FEATURES);
  /** Slots of the last event's user and source IP (0 when it has none). */
  userSlot: usize = 0;
  ipSlot: usize = 0;
  /** Epoch ms used for the event's time-of-day features. */
  eventTimeMs: f64 = 0;
  hour: i32 = 0;
  /** The user's baseline p99 bytes per event (global p99 without a profile), 0 without a model. */
  bytesRef: f32 = 0;
  /** The event's bytes as read (EVENT_BYTES holds them as f32, which rounds above 2^24). */
  eventBytes: f64 = 0;
  /** The user's usual hours of the day (bit h = hour h UTC), 0 without a baseline profile. */
  usualHours: u32 = 0;
  /** The event continues a compromise of its user (pattern.ts). */
  followsCompromise: bool = false;

  constructor(userCapacity: i32, ipCapacity: i32) {
    this.users = new EntityTable(userCapacity, USER_SLOT_BYTES);
    this.ips = new EntityTable(ipCapacity, IP_SLOT_BYTES);
  }

  dispose(): void {
    this.users.dispose();
    this.ips.dispose();
    this.sessions.dispose();
  }

  reset(): void {
    this.users.clear();
    this.ips.clear();
    this.sessions.clear();
    this.clock.reset();
  }
}

export function entityKeys(ev: Event, k: EntityKeys): void {
  // The empty name hashes as the empty string: a user of its own (session.ts, syslog-message.ts).
  k.user = ev.user.len > 0 || ev.userEmpty ? hashBytes(ev.user.ptr, ev.user.len) : 0;
  k.ip = ev.sourceIp.len > 0 ? hashBytes(ev.sourceIp.ptr, ev.sourceIp.len) : 0;
  k.host = ev.host.len > 0 ? hashBytes(ev.host.ptr, ev.host.len) : 0;
  k.userIp = k.user != 0 && k.ip != 0 ? hashPair(k.user, k.ip) : 0;
  k.userHost = k.user != 0 && k.host != 0 ? hashPair(k.user, k.host) : 0;
  k.userKind = k.user != 0 ? hashPair(k.user, <u32>ev.kind + 1) : 0;
}

/** Hour of the day, UTC, 0–23. */
export function hourOfDay(tMs: f64): i32 {
  const day = Math.floor(tMs / MS_PER_DAY);
  return <i32>Math.floor((tMs - day * MS_PER_DAY) / MS_PER_HOUR);
}

/** The event's own time when it has one, else the host's, else the stream clock. */
export function eventTime(ev: Event, hostTimeMs: f64, clock: StreamClock): f64 {
  if (isFinite(ev.timeMs)) return ev.timeMs;
  if (isFinite(hostTimeMs) && hostTimeMs > 0) return hostTimeMs;
  return isFinite(clock.nowMs) ? clock.nowMs : 0;
}

// Per event, the hour's point on the circle and log1p of each count would cost more than the rest
// of the features together; the values they take most are worked out once here, by the same
// expressions the general case evaluates, so every output keeps its bits.
// @ts-ignore: decorator
@inline const LOG1P_WHOLE: i32 = 256; // counts and message lengths below this come from the table

// @ts-ignore: decorator
@lazy const HOUR_SIN: usize = memory.data(HOURS << 2, 4); // f32 per hour
// @ts-ignore: decorator
@lazy const HOUR_COS: usize = memory.data(HOURS << 2, 4);
for (let h = 0; h < HOURS; h++) {
  store<f32>(HOUR_SIN + (<usize>h << 2), <f32>Math.sin(hourAngle(h)));
  store<f32>(HOUR_COS + (<usize>h << 2), <f32>Math.cos(hourAngle(h)));
}
// @ts-ignore: decorator
@lazy const LOG1P_OF: usize = memory.data(LOG1P_WHOLE << 2, 4); // f32 per whole number
for (let i = 0; i < LOG1P_WHOLE; i++) store<f32>(LOG1P_OF + (<usize>i << 2), <f32>Math.log1p(<f64>i));

/** log1p of max(0, v), in f32. */
function log1pClamped(v: f32): f32 {
  if (v >= 0 && v < <f32>LOG1P_WHOLE) {
    const n = <i32>v; // bounds: 0 <= v < LOG1P_WHOLE
    if (<f32>n == v) return load<f32>(LOG1P_OF + (<usize>n << 2));
  }
  return <f32>Math.log1p(Math.max(0, <f64>v));
}

// @ts-ignore: decorator
@inline function set(x: usize, i: F, v: f32): void {
  store<f32>(x + (<usize>i << 2), v); // bounds: i < N_FEATURES, the length of the raw vector
}

// @ts-ignore: decorator
@inline function flag(b: bool): f32 {
  return b ? 1 : 0;
}

export function computeFeatures(ev: Event, hostTimeMs: f64, st: FeatureState, model: Model | null): void {
  // Plain addresses and values in locals: every managed reference held across a call costs a
  // shadow-stack store, and this function reads these dozens of times.
  const x = changetype<usize>(st.raw);
  const k = st.keys;
  const t = eventTime(ev, hostTimeMs, st.clock);
  joinSession(ev, t, st.sessions);
  entityKeys(ev, k);
  const user = k.user;
  const ip = k.ip;
  const host = k.host;
  const kind = ev.kind;
  const cues = ev.cues;
  const outcome = ev.outcome;
  st.eventTimeMs = t;
  const now = st.clock.advance(t, hostTimeMs);
  const nowSec = <u32>(now / 1000);

  // --- time of day, in UTC (the baseline's hours are UTC too) ---
  const day = Math.floor(t / MS_PER_DAY);
  const hour = hourOfDay(t);
  st.hour = hour;
  const dow = <i32>((<i64>day + EPOCH_WEEKDAY_SHIFT) % 7 + 7) % 7;
  // hourOfDay is 0..23 except where rounding bites on extreme times; those take the long way.
  const onClock = <u32>hour < <u32>HOURS;
  set(x, F.HOUR_SIN, onClock ? load<f32>(HOUR_SIN + (<usize>hour << 2)) : <f32>Math.sin(hourAngle(hour)));
  set(x, F.HOUR_COS, onClock ? load<f32>(HOUR_COS + (<usize>hour << 2)) : <f32>Math.cos(hourAngle(hour)));
  set(x, F.DAY_OF_WEEK, <f32>dow / 6);
  set(x, F.IS_WEEKEND, flag(dow >= SATURDAY));
  set(x, F.IS_NIGHT, flag(hour < NIGHT_END_HOUR));

  // --- what kind of event ---
  for (let i = 0; i < Kind.COUNT; i++) set(x, F.KIND_OTHER + i, flag(<i32>kind == i));
  const failedLogin = kind == Kind.LOGIN_FAILURE;
  const login = failedLogin || kind == Kind.LOGIN_SUCCESS;
  const privileged = kind == Kind.PRIVILEGE_USE || kind == Kind.PRIVILEGE_CHANGE;
  set(x, F.OUTCOME_FAILURE, flag(outcome == Outcome.FAILURE));
  set(x, F.SENSITIVE_PATH, flag((cues & Cue.SENSITIVE_PATH) != 0));
  set(x, F.MENTIONS_ROOT, flag((cues & Cue.MENTIONS_ROOT) != 0));
  set(x, F.REMOTE_LOGON, flag((cues & Cue.REMOTE_LOGON) != 0));
  set(x, F.ADMIN_GROUP, flag((cues & Cue.ADMIN_GROUP) != 0));
  const bytes = ev.bytes > 0 && isFinite(ev.bytes) ? ev.bytes : 0;
  st.eventBytes = bytes;
  set(x, F.EVENT_BYTES, <f32>bytes);
  set(x, F.MESSAGE_LENGTH, <f32>ev.message.len);

  // --- per-user windows ---
  const profile = model != null && user != 0 ? userProfile(model, user) : 0;
  // Pair novelty is only meaningful for a user the baseline knows: for a new user every
  // pair is new, and user_unknown already says so once.
  const userKnown = model != null && user != 0 && inSet(model, BaselineSet.USERS, user);
  const hostNew = userKnown && k.userHost != 0 && !inSet(model!, BaselineSet.USER_HOST_PAIRS, k.userHost);
  st.userSlot = 0;
  st.ipSlot = 0;
  if (user != 0) {
    const u = st.users.slot(tableKey(user), now);
    st.userSlot = u;
    const prev = load<f64>(u + USER_PREV);
    set(x, F.SECONDS_SINCE_USER_PREV, <f32>(prev > 0 ? Math.min(Math.max(0, (now - prev) / 1000), MAX_EVENT_GAP_S) : MAX_EVENT_GAP_S));
    store<f64>(u + USER_PREV, now);
    set(x, F.USER_EVENTS_60S, windowAdd(u + USER_EVENTS_1M, Span.MIN1_BUCKETS, Span.MIN1_WIDTH_MS, now, 1));
    set(x, F.USER_FAILED_LOGINS_60S, windowAdd(u + USER_FAILED_1M, Span.MIN1_BUCKETS, Span.MIN1_WIDTH_MS, now, flag(failedLogin)));
    const failed10 = windowAdd(u + USER_FAILED_10M, Span.MIN10_BUCKETS, Span.MIN10_WIDTH_MS, now, flag(failedLogin));
    const logins10 = windowAdd(u + USER_LOGINS_10M, Span.MIN10_BUCKETS, Span.MIN10_WIDTH_MS, now, flag(login));
    set(x, F.USER_FAILED_LOGINS_10M, failed10);
    const failed1h = windowAdd(u + USER_FAILED_1H, Span.HOUR1_BUCKETS, Span.HOUR1_WIDTH_MS, now, flag(failedLogin));
    set(x, F.USER_FAILED_LOGINS_1H, failed1h);
    storeEvidence(u, failed1h, u + USER_INCIDENT, nowSec);
    set(x, F.USER_FAIL_RATIO_10M, logins10 > 0 ? failed10 / logins10 : 0);
    set(x, F.USER_PRIVILEGE_EVENTS_1H, windowAdd(u + USER_PRIV_1H, Span.HOUR1_BUCKETS, Span.HOUR1_WIDTH_MS, now, flag(privileged)));
    set(x, F.USER_FILE_ACCESS_10M, windowAdd(u + USER_FILES_10M, Span.MIN10_BUCKETS, Span.MIN10_WIDTH_MS, now, flag(kind == Kind.FILE_ACCESS)));
    set(x, F.USER_SENSITIVE_ACCESS_1H, windowAdd(u + USER_SENSITIVE_1H, Span.HOUR1_BUCKETS, Span.HOUR1_WIDTH_MS, now, flag((cues & Cue.SENSITIVE_PATH) != 0)));
    set(x, F.USER_BYTES_1H, windowAdd(u + USER_BYTES_1H, Span.HOUR1_BUCKETS, Span.HOUR1_WIDTH_MS, now, <f32>bytes));
    set(x, F.USER_DISTINCT_IPS_1H, ip != 0 ? <f32>distinctAdd(u + USER_IPS_1H, USER_DISTINCT_SLOTS, ip, nowSec, SECONDS_1H) : 0);
    set(x, F.USER_DISTINCT_HOSTS_1H, host != 0 ? <f32>distinctAdd(u + USER_HOSTS_1H, USER_DISTINCT_SLOTS, host, nowSec, SECONDS_1H) : 0);
    // Hosts this user never used in the baseline, touched in the last hour: lateral movement's signature.
    set(x, F.USER_NEW_HOSTS_1H, hostNew ? <f32>distinctAdd(u + USER_NEW_HOSTS_1H, USER_DISTINCT_SLOTS, host, nowSec, SECONDS_1H) : <f32>distinctCount(u + USER_NEW_HOSTS_1H, USER_DISTINCT_SLOTS, nowSec, SECONDS_1H));
    set(x, F.USER_DISTINCT_FAILED_IPS_10M, failedLogin && ip != 0 ? <f32>distinctAdd(u + USER_FAILED_IPS_10M, USER_DISTINCT_SLOTS, ip, nowSec, SECONDS_10M) : 0);
  } else {
    for (let i = F.USER_EVENTS_60S; i <= F.USER_DISTINCT_FAILED_IPS_10M; i++) set(x, i, 0);
    set(x, F.USER_BYTES_1H, 0);
    set(x, F.SECONDS_SINCE_USER_PREV, <f32>MAX_EVENT_GAP_S);
  }

  // --- per-source-IP windows ---
  if (ip != 0) {
    const s = st.ips.slot(tableKey(ip), now);
    st.ipSlot = s;
    set(x, F.IP_EVENTS_60S, windowAdd(s + IP_EVENTS_1M, Span.MIN1_BUCKETS, Span.MIN1_WIDTH_MS, now, 1));
    set(x, F.IP_FAILED_LOGINS_60S, windowAdd(s + IP_FAILED_1M, Span.MIN1_BUCKETS, Span.MIN1_WIDTH_MS, now, flag(failedLogin)));
    const failed10 = windowAdd(s + IP_FAILED_10M, Span.MIN10_BUCKETS, Span.MIN10_WIDTH_MS, now, flag(failedLogin));
    const logins10 = windowAdd(s + IP_LOGINS_10M, Span.MIN10_BUCKETS, Span.MIN10_WIDTH_MS, now, flag(login));
    set(x, F.IP_FAILED_LOGINS_10M, failed10);
    const failed1h = windowAdd(s + IP_FAILED_1H, Span.HOUR1_BUCKETS, Span.HOUR1_WIDTH_MS, now, flag(failedLogin));
    set(x, F.IP_FAILED_LOGINS_1H, failed1h);
    storeEvidence(s, failed1h, s + IP_INCIDENT, nowSec);
    set(x, F.IP_FAIL_RATIO_10M, logins10 > 0 ? failed10 / logins10 : 0);
    set(x, F.IP_DISTINCT_USERS_10M, user != 0 ? <f32>distinctAdd(s + IP_USERS_10M, IP_DISTINCT_SLOTS, user, nowSec, SECONDS_10M) : 0);
    set(x, F.IP_DISTINCT_FAILED_USERS_10M, failedLogin && user != 0 ? <f32>distinctAdd(s + IP_FAILED_USERS_10M, IP_DISTINCT_SLOTS, user, nowSec, SECONDS_10M) : 0);
    // Failures for user names the organisation does not have: a breached credential list
    // (credential stuffing) holds many, a spray of enumerated accounts few.
    const unknownUser = model != null && user != 0 && !userKnown;
    set(x, F.IP_UNKNOWN_USER_FAILURES_10M, windowAdd(s + IP_UNKNOWN_FAILED_10M, Span.MIN10_BUCKETS, Span.MIN10_WIDTH_MS, now, flag(failedLogin && unknownUser)));
  } else {
    for (let i = F.IP_EVENTS_60S; i <= F.IP_UNKNOWN_USER_FAILURES_10M; i++) set(x, i, 0);
  }

  // --- the user's failures are evidence only for events of their pattern (pattern.ts) ---
  st.followsCompromise = st.userSlot != 0 && followsCompromise(st.userSlot + USER_COMPROMISE, nowSec, ip, host, kind);
  const sourceFailing = ip != 0 && load<f32>(x + (<usize>F.IP_FAILED_LOGINS_1H << 2)) > 0;
  if (st.userSlot != 0 && !failedLogin && !sourceFailing && !st.followsCompromise) {
    for (let i = F.USER_FAILED_LOGINS_60S; i <= F.USER_FAIL_RATIO_10M; i++) set(x, i, 0);
  }

  // --- against the baseline learned in training ---
  let offHours = false;
  let bytesRef: f64 = 0;
  st.usualHours = 0;
  if (model != null && model.hasRules) bytesRef = <f64>load<f32>(model.rules + 4 * R.GLOBAL_BYTES_P99);
  if (profile != 0) {
    st.usualHours = load<u32>(profile, 4);
    offHours = ((st.usualHours >> <u32>hour) & 1) == 0;
    bytesRef = <f64>load<f32>(profile, 8);
  }
  st.bytesRef = <f32>bytesRef;
  set(x, F.USER_OFF_HOURS, flag(offHours));
  set(x, F.BYTES_VS_USER_P99_LOG2, bytes > 0 ? <f32>Math.max(0, Math.log2((bytes + 1) / (bytesRef + 1))) : 0);
  const known = model != null;
  set(x, F.USER_UNKNOWN, flag(known && user != 0 && !userKnown));
  set(x, F.IP_UNKNOWN, flag(known && ip != 0 && !inSet(model!, BaselineSet.IPS, ip)));
  set(x, F.USER_IP_NEW, flag(userKnown && k.userIp != 0 && !inSet(model!, BaselineSet.USER_IP_PAIRS, k.userIp)));
  set(x, F.USER_HOST_NEW, flag(hostNew));
  set(x, F.USER_KIND_NEW, flag(userKnown && k.userKind != 0 && !inSet(model!, BaselineSet.USER_KIND_PAIRS, k.userKind)));
  set(x, F.PRIVILEGE_NEW_FOR_USER, flag(known && privileged && outcome != Outcome.FAILURE && user != 0 && !inSet(model!, BaselineSet.PRIVILEGED_USERS, user)));

  // --- transform and normalise ---
  const tr = changetype<usize>(st.transformed);
  const z = changetype<usize>(st.normalized);
  const log1p = changetype<usize>(FEATURE_LOG1P);
  const norm = model != null && model.hasNormalization;
  const mean = norm ? model!.mean : 0;
  const invStd = norm ? model!.invStd : 0;
  for (let i = 0; i < N_FEATURES; i++) {
    const at = <usize>i << 2; // bounds: i < N_FEATURES, the length of every vector here
    const v = load<f32>(x + at);
    const tv: f32 = load<u8>(log1p + <usize>i) ? log1pClamped(v) : v;
    store<f32>(tr + at, tv);
    store<f32>(z + at, norm ? (tv - load<f32>(mean + at)) * load<f32>(invStd + at) : tv);
  }
  if (model != null) holdUncovered(model, hour, dow, tr, z);
}
