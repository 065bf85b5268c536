// The keys and nested paths the scanner captures: one table for every log format. Each format
// module (formats/*.ts) registers its keys at start (addKey, addObject, newNode); the table is
// sealed the first time a field map is applied, and the user's field map is added on top of the
// built-in entries (rebuilt when a model is installed, never per record). The scanner looks each
// member key up under the node of the object it is in; a hit says which capture slot takes the
// value (Cap), whether an object value is descended into (child node), and what the key tells
// about the record's format (evidence bits for --log-format auto).
//
//   node 0 = the record itself; nodes are shared where formats nest the same fields in
//   different places (EventData, winlog.event_data and Event.EventData are one node).
//
// Entry layout (ENTRY_MAX entries k; chains link ids k + 1, 0 = end of a chain):
//   ENTRY_INFO  u32 × ENTRY_MAX   capture (bits 0-7, CAP_NONE = none) | child node (8-15, 0 = none)
//                                 | flags (16-23: F_ARRAY, F_OWN, EV_*, F_EV_OBJECT_ONLY)
//   RECORD      16 bytes per id   the lookup's side of entry id - 1 (record 0 unused), so a chain
//                                 step reads one record:
//     WORDS u64   the key's first and last four bytes (keys under 4 bytes: bytes 0, len/2, len-1);
//                 with the length they are the whole key up to 8 bytes, so most hits compare no
//                 bytes (common records' keys are 4 to 10 bytes long)
//     KEY   u32   address of the key bytes in KEY_POOL (bytes 4..len-4 of longer keys are compared)
//     TAG   u16   length (1..MAX_KEY_LEN) | node the key belongs to << 8
//     NEXT  u16   next id in the bucket's chain
//   HEAD        u16 × BUCKETS     first id per hash bucket of (WORDS, TAG)
// It replaced parallel arrays hashed on (parent, first byte, last byte, length) and a byte-by-byte
// compare, at well under half the instructions (bench/README.md has the figures).
//
// Dotted keys ("user.name": "x", as some shippers flatten ECS) are registered as literal keys of
// the record, so they land in the same capture as the nested form.

import { MAX_FIELD_MAP, MAX_KEY_BYTES, MAX_PATH_SEGMENTS } from "../../contract/model-format.ts";

/** Longest key the table holds; longer keys never match. A field map's keys have the same bound. */
// @ts-ignore: decorator
@inline export const MAX_KEY_LEN: i32 = MAX_KEY_BYTES;
/** Objects nested deeper than this (below the record) are never descended into. */
// @ts-ignore: decorator
@inline export const MAX_PATH_DEPTH: i32 = MAX_PATH_SEGMENTS;
// @ts-ignore: decorator
@inline export const ROOT: i32 = 0;
// @ts-ignore: decorator
@inline export const CAP_NONE: i32 = 0xff;
// @ts-ignore: decorator
@inline const ENTRY_MAX: i32 = 1024;
// @ts-ignore: decorator
@inline const NODE_MAX: i32 = 255;
// @ts-ignore: decorator
@inline const BUCKET_BITS: i32 = 11;
// @ts-ignore: decorator
@inline const BUCKETS: i32 = 1 << BUCKET_BITS;
// @ts-ignore: decorator
@inline const KEY_POOL_BYTES: i32 = 16384;
// @ts-ignore: decorator
@inline const CHILD_SHIFT: u32 = 8;
// @ts-ignore: decorator
@inline const FLAG_SHIFT: u32 = 16;

// ---- entry flags ----
/** An array value is captured as its raw text (e.g. ECS event.category: ["authentication"]). */
// @ts-ignore: decorator
@inline export const F_ARRAY: u32 = 1;
/** One of the scorer's own output keys (record level only): its span is recorded. */
// @ts-ignore: decorator
@inline export const F_OWN: u32 = 2;
/** Evidence for auto-detection: set when the value is captured, or descended into for keys with a child. */
// @ts-ignore: decorator
@inline export const EV_SECURITY: u32 = 4;
// @ts-ignore: decorator
@inline export const EV_CLOUDTRAIL: u32 = 8;
// @ts-ignore: decorator
@inline export const EV_SYSLOG: u32 = 16;
// @ts-ignore: decorator
@inline export const EV_ECS: u32 = 32;
/** The evidence bits count only when the value is an object ("user": {...} is ECS, "user": "x" is not). */
// @ts-ignore: decorator
@inline export const F_EV_OBJECT_ONLY: u32 = 64;
/** Every evidence bit. */
// @ts-ignore: decorator
@inline export const EV_ALL: u32 = EV_SECURITY | EV_CLOUDTRAIL | EV_SYSLOG | EV_ECS;

/** Capture slots. A key (or path) fills one slot; the format modules read slots in priority order. */
export const enum Cap {
  // -- flat aliases (auth) --
  TIMESTAMP, TIME, AT_TIMESTAMP, DATETIME, DATE,
  USER, USERNAME, UID, ACCOUNT, IDENTITY, USER_NAME,
  SOURCE_IP, SRC_IP, IP, CLIENT_IP, REMOTE_ADDR, SRC,
  HOST, HOSTNAME, DEST_HOST, DESTINATION_HOST, COMPUTER,
  EVENT_TYPE, TYPE, EVENT, CATEGORY,
  ACTION, RESULT, STATUS, OUTCOME,
  MESSAGE, MSG, DESCRIPTION, TEXT, LOG,
  PATH, FILE, FILE_PATH, RESOURCE, OBJECT,
  BYTES, SIZE, BYTES_OUT, BYTES_SENT, BYTES_TRANSFERRED, LENGTH,
  // -- syslog (Fluent Bit syslog parsers, Vector parse_syslog, journald) --
  SL_IDENT, SL_APPNAME, SL_APP_NAME, SL_PROGRAMNAME, SL_PROGRAM, SL_J_IDENTIFIER, SL_J_COMM,
  SL_J_HOSTNAME, SL_J_MESSAGE, SL_J_TIME, SL_PID, SL_PROCID, SL_J_PID,
  // -- Windows Security / Sysmon (flat, EventData, winlog.event_data, Event.System) --
  W_EVENT_ID, W_EVENT_ID_OLD, W_TIME, W_COMPUTER, W_HOSTNAME, W_EVENT_TYPE, W_KEYWORDS, W_CHANNEL,
  W_PROVIDER, W_MESSAGE, W_TARGET_USER, W_SUBJECT_USER, W_IP, W_WORKSTATION_NAME, W_WORKSTATION,
  W_LOGON_TYPE, W_STATUS, W_NEW_PROCESS, W_PROCESS_NAME, W_COMMAND_LINE, W_SERVICE_NAME,
  W_SERVICE_FILE, W_IMAGE_PATH, W_SHARE_NAME, W_RELATIVE_TARGET, W_OBJECT_NAME, W_IMAGE, W_SYSMON_USER,
  W_SOURCE_IP, W_TARGET_FILENAME,
  // -- Elastic Common Schema --
  E_CATEGORY, E_TYPE, E_ACTION, E_OUTCOME, E_CODE, E_PROVIDER, E_USER_NAME, E_SOURCE_IP,
  E_SOURCE_ADDRESS, E_SOURCE_BYTES, E_DEST_IP, E_DEST_BYTES, E_NETWORK_BYTES, E_HOST_NAME,
  E_HOST_HOSTNAME, E_PROCESS_NAME, E_PROCESS_EXE, E_PROCESS_CMD, E_FILE_PATH, E_GROUP_NAME,
  // -- AWS CloudTrail --
  C_EVENT_TIME, C_EVENT_SOURCE, C_EVENT_NAME, C_UI_TYPE, C_UI_USERNAME, C_UI_ARN, C_ISSUER_USERNAME,
  C_SOURCE_IP, C_CONSOLE_LOGIN, C_MFA_USED, C_ERROR_CODE, C_ERROR_MESSAGE, C_REGION, C_BUCKET, C_KEY,
  C_REQ_USERNAME, C_REQ_GROUP, C_REQ_POLICY_ARN, C_REQ_POLICY_NAME, C_REQ_ROLE_ARN, C_BYTES_OUT,
  C_BYTES_IN,
  // -- the user's field map (--field-map), one slot per entry --
  USER_MAP,
  COUNT = USER_MAP + 16,
}

// A model's field map has at most MAX_FIELD_MAP entries (contract/model-format.ts), one
// capture slot each.

// ---- storage ----
// @ts-ignore: decorator
@inline const RECORD_SHIFT: i32 = 4;
// @ts-ignore: decorator
@inline const R_WORDS: usize = 0;
// @ts-ignore: decorator
@inline const R_KEY: usize = 8;
// @ts-ignore: decorator
@inline const R_TAG: usize = 12;
// @ts-ignore: decorator
@inline const R_NEXT: usize = 14;
// @ts-ignore: decorator
@lazy const ENTRY_INFO: usize = memory.data(ENTRY_MAX << 2, 4);
// @ts-ignore: decorator
@lazy const RECORD: usize = memory.data((ENTRY_MAX + 1) << RECORD_SHIFT, 8);
// @ts-ignore: decorator
@lazy const STATIC_INFO: usize = memory.data(ENTRY_MAX << 2, 4); // ENTRY_INFO of static entries, restored on rebuild
// @ts-ignore: decorator
@lazy const HEAD: usize = memory.data(BUCKETS << 1, 2);
// @ts-ignore: decorator
@lazy const KEY_POOL: usize = memory.data(KEY_POOL_BYTES);

let entryCount: i32 = 0;
let nodeCount: i32 = 1; // ROOT
let poolUsed: i32 = 0;
let sealed = false;
let staticEntries: i32 = 0;
let staticNodes: i32 = 0;
let staticPool: i32 = 0;
let rejected: i32 = 0;

/** Table entries that could not be added (table or pool full, bad key); tests pin this to 0. */
export function rejectedKeys(): i32 {
  return rejected;
}

// ---- lookup (hot path) ----

// @ts-ignore: decorator
@inline function record(id: i32): usize {
  return RECORD + (<usize>id << RECORD_SHIFT);
}

/** RECORD.WORDS of key bytes [p, p+len), len >= 1. */
// @ts-ignore: decorator
@inline function keyWords(p: usize, len: i32): u64 {
  if (len >= 4) return <u64>load<u32>(p) | (<u64>load<u32>(p + <usize>(len - 4)) << 32);
  const middle = <u64>load<u8>(p + <usize>(len >> 1));
  return <u64>load<u8>(p) | (middle << 8) | (<u64>load<u8>(p + <usize>(len - 1)) << 16);
}

// @ts-ignore: decorator
@inline function bucketOf(words: u64, tag: u32): usize {
  return <usize>(((words ^ <u64>tag) * 0x9e3779b97f4a7c15) >>> (64 - BUCKET_BITS));
}

/** Whether bytes 4..len-4 of two keys of length `len` are equal (the rest is in WORDS). */
function middleEqual(a: usize, b: usize, len: i32): bool {
  for (let i = 4; i < len - 4; i += 4) {
    if (load<u32>(a + <usize>i) != load<u32>(b + <usize>i)) return false; // bounds: i + 4 < len
  }
  return true;
}

/** Entry id of key bytes [p, p+len) under `parent`, or -1. */
export function lookupKey(parent: i32, p: usize, len: i32): i32 {
  if (<u32>(len - 1) >= <u32>MAX_KEY_LEN) return -1;
  const words = keyWords(p, len);
  const tag = <u32>len | (<u32>parent << 8);
  let id = <i32>load<u16>(HEAD + (bucketOf(words, tag) << 1));
  while (id != 0) {
    const r = record(id);
    if (load<u64>(r, R_WORDS) == words && <u32>load<u16>(r, R_TAG) == tag) {
      if (len <= 8 || middleEqual(<usize>load<u32>(r, R_KEY), p, len)) return id - 1;
    }
    id = <i32>load<u16>(r, R_NEXT);
  }
  return -1;
}

/** capture | child << 8 | flags << 16 of entry k. */
// @ts-ignore: decorator
@inline export function entryInfo(k: i32): u32 {
  return load<u32>(ENTRY_INFO + (<usize>k << 2));
}

// @ts-ignore: decorator
@inline export function infoCapture(info: u32): i32 {
  return <i32>(info & 0xff);
}

// @ts-ignore: decorator
@inline export function infoChild(info: u32): i32 {
  return <i32>((info >> CHILD_SHIFT) & 0xff);
}

// @ts-ignore: decorator
@inline export function infoFlags(info: u32): u32 {
  return info >> FLAG_SHIFT;
}

// ---- building ----

function link(k: i32): void {
  const r = record(k + 1);
  store<u16>(r, 0, R_NEXT);
  let slot = HEAD + (bucketOf(load<u64>(r, R_WORDS), <u32>load<u16>(r, R_TAG)) << 1);
  // Append at the chain's tail.
  while (load<u16>(slot) != 0) slot = record(<i32>load<u16>(slot)) + R_NEXT;
  store<u16>(slot, <u16>(k + 1));
}

/**
 * Adds (or extends) the entry for key bytes [p, p+len) under `parent`: a capture, a child node,
 * flags. An existing entry keeps a capture or child it already has unless `replace` is set.
 * Returns the entry id, or -1.
 */
function putEntry(parent: i32, p: usize, len: i32, cap: i32, child: i32, flags: u32, replace: bool): i32 {
  if (len < 1 || len > MAX_KEY_LEN || parent < 0) {
    rejected++;
    return -1;
  }
  let k = lookupKey(parent, p, len);
  if (k >= 0) {
    let info = entryInfo(k);
    if (cap != CAP_NONE && (replace || infoCapture(info) == CAP_NONE)) info = (info & ~<u32>0xff) | <u32>cap;
    if (child > 0 && (replace || infoChild(info) == 0)) info = (info & ~(<u32>0xff << CHILD_SHIFT)) | (<u32>child << CHILD_SHIFT);
    info |= flags << FLAG_SHIFT;
    store<u32>(ENTRY_INFO + (<usize>k << 2), info);
    return k;
  }
  if (entryCount >= ENTRY_MAX || poolUsed + len > KEY_POOL_BYTES) {
    rejected++;
    return -1;
  }
  k = entryCount++;
  const key = KEY_POOL + <usize>poolUsed;
  memory.copy(key, p, <usize>len);
  poolUsed += len;
  const r = record(k + 1);
  store<u64>(r, keyWords(key, len), R_WORDS);
  store<u32>(r, <u32>key, R_KEY);
  store<u16>(r, <u16>(len | (parent << 8)), R_TAG);
  store<u32>(ENTRY_INFO + (<usize>k << 2), <u32>(cap & 0xff) | (<u32>max(child, 0) << CHILD_SHIFT) | (flags << FLAG_SHIFT));
  link(k);
  return k;
}

// ASCII text of a built-in key → bytes, then putEntry. Only used while building.
// @ts-ignore: decorator
@lazy const BUILD_SCRATCH: usize = memory.data(MAX_KEY_LEN + 1);

// ---- the user's field map (installed with a model; see input-config.ts) ----

/**
 * Adds a dotted path (bytes [p, p+len), segments split at '.') whose value fills capture `cap`,
 * creating nodes as needed; also adds the whole path as a literal record-level key. An existing
 * entry at the end of the path is taken over (the user's map overrides the built-in aliases).
 * Returns false when the path cannot be held.
 */
export function addUserPath(p: usize, len: i32, cap: i32): bool {
  let parent = ROOT;
  let start = 0;
  let depth = 0;
  for (let i = 0; i <= len; i++) {
    if (i < len && load<u8>(p + <usize>i) != 0x2e) continue; // bounds: i < len
    const segLen = i - start;
    if (segLen < 1 || segLen > MAX_KEY_LEN || ++depth > MAX_PATH_DEPTH) return false;
    const seg = p + <usize>start;
    if (i == len) {
      if (putEntry(parent, seg, segLen, cap, 0, 0, true) < 0) return false;
    } else {
      let k = lookupKey(parent, seg, segLen);
      let child = k >= 0 ? infoChild(entryInfo(k)) : 0;
      if (child == 0) {
        if (nodeCount >= NODE_MAX) return false;
        child = nodeCount++;
        k = putEntry(parent, seg, segLen, CAP_NONE, child, 0, false);
        if (k < 0) return false;
      }
      parent = child;
    }
    start = i + 1;
  }
  if (depth > 1 && len <= MAX_KEY_LEN) putEntry(ROOT, p, len, cap, 0, 0, true);
  return true;
}

/** Drops every field-map entry and node: back to the built-in table. */
export function resetUserPaths(): void {
  if (!sealed) seal();
  entryCount = staticEntries;
  nodeCount = staticNodes;
  poolUsed = staticPool;
  memory.copy(ENTRY_INFO, STATIC_INFO, <usize>(staticEntries << 2));
  memory.fill(HEAD, 0, <usize>(BUCKETS << 1));
  for (let k = 0; k < staticEntries; k++) link(k);
}

// ---- building (the format modules register their keys at start: formats/*.ts) ----

/** A new node (an object the scanner reads member by member); -1 when the table is full. */
export function newNode(): i32 {
  if (nodeCount >= NODE_MAX || sealed) {
    rejected++;
    return -1;
  }
  return nodeCount++;
}

/**
 * Registers an ASCII key under `parent`: its value fills capture `cap` (CAP_NONE: none), an object
 * value is read under `child` (0: skipped), `flags` F_* / EV_*. Registering a key again adds to it.
 */
export function addKey(parent: i32, key: string, cap: i32, child: i32 = 0, flags: u32 = 0): void {
  const n = key.length;
  if (n > MAX_KEY_LEN || sealed) {
    rejected++;
    return;
  }
  for (let i = 0; i < n; i++) store<u8>(BUILD_SCRATCH + <usize>i, <u8>key.charCodeAt(i));
  putEntry(parent, BUILD_SCRATCH, n, cap, child, flags, false);
}

/** A key whose object value is read member by member under `child`. */
export function addObject(parent: i32, key: string, child: i32, flags: u32 = 0): void {
  addKey(parent, key, CAP_NONE, child, flags);
}

/** Freezes the built-in table (first time a field map is installed or removed): what resetUserPaths returns to. */
function seal(): void {
  sealed = true;
  staticEntries = entryCount;
  staticNodes = nodeCount;
  staticPool = poolUsed;
  memory.copy(STATIC_INFO, ENTRY_INFO, <usize>(entryCount << 2));
}

// The scorer's own output keys (record level): their spans are recorded so they can be replaced.
addKey(ROOT, "anomaly_score", CAP_NONE, 0, F_OWN);
addKey(ROOT, "threat_type", CAP_NONE, 0, F_OWN);
addKey(ROOT, "severity", CAP_NONE, 0, F_OWN);
addKey(ROOT, "anomaly_reasons", CAP_NONE, 0, F_OWN);
addKey(ROOT, "anomaly_error", CAP_NONE, 0, F_OWN);
addKey(ROOT, "mitre_technique", CAP_NONE, 0, F_OWN);
addKey(ROOT, "incident_id", CAP_NONE, 0, F_OWN);
addKey(ROOT, "allowlisted", CAP_NONE, 0, F_OWN);
addKey(ROOT, "suppressed_score", CAP_NONE, 0, F_OWN);
addKey(ROOT, "suppressed_threat_type", CAP_NONE, 0, F_OWN);
