// The keys and nested paths the scanner captures: one table for every log format, built once at
// start (plus the user's field map, rebuilt when a model is installed). The scanner looks each
// member key up under the node of the object it is in; a hit says which capture slot takes the
// value (Cap), whether an object value is descended into (child node), and what the key tells
// about the record's format (evidence bits for --log-format auto).
//
//   node 0 = the record itself; nodes are shared where formats nest the same fields in
//   different places (EventData, winlog.event_data and Event.EventData are one node).
//
// Entry layout (parallel arrays, ENTRY_MAX entries, ids are u16, 0 = end of a chain):
//   ENTRY_INFO  u32   capture (bits 0-7, CAP_NONE = none) | child node (8-15, 0 = none)
//                     | flags (16-23: F_ARRAY, F_OWN, EV_*, F_EV_OBJECT_ONLY)
//   ENTRY_KEY   u32   address of the key bytes in KEY_POOL
//   ENTRY_LEN   u8    key length (1..MAX_KEY_LEN)
//   ENTRY_PARENT u8   node the key belongs to
//   HEAD        u16 × BUCKETS   first entry id + 1 per hash bucket of (parent, first, last, length)
//   NEXT        u16 × ENTRY_MAX next entry id + 1
//
// Dotted keys ("user.name": "x", as some shippers flatten ECS) are registered as literal keys of
// the record, so they land in the same capture as the nested form.

/** Longest key the table holds; longer keys never match. */
// @ts-ignore: decorator
@inline export const MAX_KEY_LEN: i32 = 63;
/** Objects nested deeper than this (below the record) are never descended into. */
// @ts-ignore: decorator
@inline export const MAX_PATH_DEPTH: i32 = 8;
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
  SL_J_HOSTNAME, SL_J_MESSAGE, SL_J_TIME,
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

/** Field-map entries a model can carry (one capture slot each). */
// @ts-ignore: decorator
@inline export const MAX_FIELD_MAP: i32 = 16;

// ---- storage ----
// @ts-ignore: decorator
@lazy const ENTRY_INFO: usize = memory.data(ENTRY_MAX << 2, 4);
// @ts-ignore: decorator
@lazy const ENTRY_KEY: usize = memory.data(ENTRY_MAX << 2, 4);
// @ts-ignore: decorator
@lazy const ENTRY_LEN: usize = memory.data(ENTRY_MAX);
// @ts-ignore: decorator
@lazy const ENTRY_PARENT: usize = memory.data(ENTRY_MAX);
// @ts-ignore: decorator
@lazy const STATIC_INFO: usize = memory.data(ENTRY_MAX << 2, 4); // ENTRY_INFO of static entries, restored on rebuild
// @ts-ignore: decorator
@lazy const HEAD: usize = memory.data(BUCKETS << 1, 2);
// @ts-ignore: decorator
@lazy const NEXT: usize = memory.data(ENTRY_MAX << 1, 2);
// @ts-ignore: decorator
@lazy const KEY_POOL: usize = memory.data(KEY_POOL_BYTES);

let entryCount: i32 = 0;
let nodeCount: i32 = 1; // ROOT
let poolUsed: i32 = 0;
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
@inline function bucketOf(parent: u32, first: u32, last: u32, len: u32): u32 {
  return ((len | (first << 6) | (last << 14) | (parent << 22)) * 0x9e3779b1) >>> (32 - BUCKET_BITS);
}

/** Entry id of key bytes [p, p+len) under `parent`, or -1. */
export function lookupKey(parent: i32, p: usize, len: i32): i32 {
  if (<u32>(len - 1) >= <u32>MAX_KEY_LEN) return -1;
  const first = <u32>load<u8>(p); // bounds: len >= 1
  const last = <u32>load<u8>(p + <usize>(len - 1));
  let id = <i32>load<u16>(HEAD + (<usize>bucketOf(<u32>parent, first, last, <u32>len) << 1));
  while (id != 0) {
    const k = id - 1;
    if (<i32>load<u8>(ENTRY_LEN + <usize>k) == len && <i32>load<u8>(ENTRY_PARENT + <usize>k) == parent) {
      const key = <usize>load<u32>(ENTRY_KEY + (<usize>k << 2));
      let i: i32 = 0;
      while (i < len && load<u8>(key + <usize>i) == load<u8>(p + <usize>i)) i++; // bounds: i < len
      if (i == len) return k;
    }
    id = <i32>load<u16>(NEXT + (<usize>k << 1));
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

function newNode(): i32 {
  if (nodeCount >= NODE_MAX) {
    rejected++;
    return -1;
  }
  return nodeCount++;
}

function link(k: i32): void {
  const p = <usize>load<u32>(ENTRY_KEY + (<usize>k << 2));
  const len = <i32>load<u8>(ENTRY_LEN + <usize>k);
  const parent = <u32>load<u8>(ENTRY_PARENT + <usize>k);
  let slot = HEAD + (<usize>bucketOf(parent, <u32>load<u8>(p), <u32>load<u8>(p + <usize>(len - 1)), <u32>len) << 1);
  // Append at the chain's tail.
  while (load<u16>(slot) != 0) slot = NEXT + (<usize>(load<u16>(slot) - 1) << 1);
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
  store<u32>(ENTRY_KEY + (<usize>k << 2), <u32>key);
  store<u8>(ENTRY_LEN + <usize>k, <u8>len);
  store<u8>(ENTRY_PARENT + <usize>k, <u8>parent);
  store<u32>(ENTRY_INFO + (<usize>k << 2), <u32>(cap & 0xff) | (<u32>max(child, 0) << CHILD_SHIFT) | (flags << FLAG_SHIFT));
  store<u16>(NEXT + (<usize>k << 1), 0);
  link(k);
  return k;
}

// ASCII text of a static key → bytes in KEY_SCRATCH, then putEntry. Only used while building.
// @ts-ignore: decorator
@lazy const BUILD_SCRATCH: usize = memory.data(MAX_KEY_LEN + 1);

function put(parent: i32, key: string, cap: i32, child: i32 = 0, flags: u32 = 0): void {
  const n = key.length;
  if (n > MAX_KEY_LEN) {
    rejected++;
    return;
  }
  for (let i = 0; i < n; i++) store<u8>(BUILD_SCRATCH + <usize>i, <u8>key.charCodeAt(i));
  putEntry(parent, BUILD_SCRATCH, n, cap, child, flags, false);
}

/** A record-level key whose object value is descended into as `child`. */
function obj(parent: i32, key: string, child: i32, flags: u32 = 0): void {
  put(parent, key, CAP_NONE, child, flags);
}

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
        child = newNode();
        if (child < 0) return false;
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
  entryCount = staticEntries;
  nodeCount = staticNodes;
  poolUsed = staticPool;
  memory.copy(ENTRY_INFO, STATIC_INFO, <usize>(staticEntries << 2));
  memory.fill(HEAD, 0, <usize>(BUCKETS << 1));
  for (let k = 0; k < staticEntries; k++) {
    store<u16>(NEXT + (<usize>k << 1), 0);
    link(k);
  }
}

// ---- the built-in table ----
// @ts-ignore: decorator
@inline const ECS: u32 = EV_ECS;
/** ECS evidence from an object value only (the key is also a flat alias). */
// @ts-ignore: decorator
@inline const ECS_OBJECT: u32 = EV_ECS | F_EV_OBJECT_ONLY;

function buildTable(): void {
  // ECS objects
  const nEvent = newNode();
  const nUser = newNode();
  const nSource = newNode();
  const nDest = newNode();
  const nHost = newNode();
  const nProcess = newNode();
  const nFile = newNode();
  const nGroup = newNode();
  const nNetwork = newNode();
  // Windows
  const nWinData = newNode();
  const nWinlog = newNode();
  const nEvtx = newNode();
  const nWinSystem = newNode();
  const nEventIdObj = newNode();
  const nTimeCreated = newNode();
  const nTimeAttr = newNode();
  const nProvider = newNode();
  const nProviderAttr = newNode();
  // CloudTrail
  const nIdentity = newNode();
  const nSession = newNode();
  const nIssuer = newNode();
  const nResponse = newNode();
  const nAdditional = newNode();
  const nRequest = newNode();

  // -- flat aliases: the auth format, and the fallback of every other format --
  put(ROOT, "timestamp", Cap.TIMESTAMP);
  put(ROOT, "time", Cap.TIME);
  put(ROOT, "@timestamp", Cap.AT_TIMESTAMP);
  put(ROOT, "datetime", Cap.DATETIME);
  put(ROOT, "date", Cap.DATE);
  put(ROOT, "user", Cap.USER, nUser, ECS_OBJECT);
  put(ROOT, "username", Cap.USERNAME);
  put(ROOT, "uid", Cap.UID);
  put(ROOT, "account", Cap.ACCOUNT);
  put(ROOT, "identity", Cap.IDENTITY);
  put(ROOT, "user_name", Cap.USER_NAME);
  put(ROOT, "source_ip", Cap.SOURCE_IP);
  put(ROOT, "src_ip", Cap.SRC_IP);
  put(ROOT, "ip", Cap.IP);
  put(ROOT, "client_ip", Cap.CLIENT_IP);
  put(ROOT, "remote_addr", Cap.REMOTE_ADDR);
  put(ROOT, "src", Cap.SRC);
  put(ROOT, "host", Cap.HOST, nHost, ECS_OBJECT);
  put(ROOT, "hostname", Cap.HOSTNAME);
  put(ROOT, "dest_host", Cap.DEST_HOST);
  put(ROOT, "destination_host", Cap.DESTINATION_HOST);
  put(ROOT, "computer", Cap.COMPUTER);
  put(ROOT, "event_type", Cap.EVENT_TYPE);
  put(ROOT, "type", Cap.TYPE);
  put(ROOT, "event", Cap.EVENT, nEvent, ECS_OBJECT);
  put(ROOT, "category", Cap.CATEGORY);
  put(ROOT, "action", Cap.ACTION);
  put(ROOT, "result", Cap.RESULT);
  put(ROOT, "status", Cap.STATUS);
  put(ROOT, "outcome", Cap.OUTCOME);
  put(ROOT, "message", Cap.MESSAGE);
  put(ROOT, "msg", Cap.MSG);
  put(ROOT, "description", Cap.DESCRIPTION);
  put(ROOT, "text", Cap.TEXT);
  put(ROOT, "log", Cap.LOG);
  put(ROOT, "path", Cap.PATH);
  put(ROOT, "file", Cap.FILE, nFile, ECS_OBJECT);
  put(ROOT, "file_path", Cap.FILE_PATH);
  put(ROOT, "resource", Cap.RESOURCE);
  put(ROOT, "object", Cap.OBJECT);
  put(ROOT, "bytes", Cap.BYTES);
  put(ROOT, "size", Cap.SIZE);
  put(ROOT, "bytes_out", Cap.BYTES_OUT);
  put(ROOT, "bytes_sent", Cap.BYTES_SENT);
  put(ROOT, "bytes_transferred", Cap.BYTES_TRANSFERRED);
  put(ROOT, "length", Cap.LENGTH);

  // -- syslog: Fluent Bit syslog-rfc3164/rfc5424 (time host ident pid message), Vector parse_syslog
  //    (timestamp hostname appname procid message), rsyslog/syslog-ng JSON, journald --
  put(ROOT, "ident", Cap.SL_IDENT, 0, EV_SYSLOG);
  put(ROOT, "appname", Cap.SL_APPNAME, 0, EV_SYSLOG);
  put(ROOT, "app_name", Cap.SL_APP_NAME, 0, EV_SYSLOG);
  put(ROOT, "programname", Cap.SL_PROGRAMNAME, 0, EV_SYSLOG);
  put(ROOT, "program", Cap.SL_PROGRAM, 0, EV_SYSLOG);
  put(ROOT, "SYSLOG_IDENTIFIER", Cap.SL_J_IDENTIFIER, 0, EV_SYSLOG);
  put(ROOT, "_COMM", Cap.SL_J_COMM);
  put(ROOT, "_HOSTNAME", Cap.SL_J_HOSTNAME);
  put(ROOT, "MESSAGE", Cap.SL_J_MESSAGE);
  put(ROOT, "__REALTIME_TIMESTAMP", Cap.SL_J_TIME);

  // -- Windows: NXLog im_msvistalog and flat evtx exports put everything on the record --
  const SEC = EV_SECURITY;
  put(ROOT, "EventID", Cap.W_EVENT_ID, nEventIdObj, SEC);
  put(ROOT, "event_id", Cap.W_EVENT_ID_OLD); // Winlogbeat 6; only read when the record is Windows
  put(ROOT, "EventTime", Cap.W_TIME);
  put(ROOT, "TimeCreated", Cap.W_TIME, nTimeCreated);
  put(ROOT, "Hostname", Cap.W_HOSTNAME);
  put(ROOT, "Computer", Cap.W_COMPUTER);
  put(ROOT, "computer_name", Cap.W_COMPUTER);
  put(ROOT, "MachineName", Cap.W_COMPUTER);
  put(ROOT, "EventType", Cap.W_EVENT_TYPE);
  put(ROOT, "Keywords", Cap.W_KEYWORDS, 0, F_ARRAY);
  put(ROOT, "Channel", Cap.W_CHANNEL);
  put(ROOT, "SourceName", Cap.W_PROVIDER);
  put(ROOT, "ProviderName", Cap.W_PROVIDER);
  put(ROOT, "Message", Cap.W_MESSAGE);
  obj(ROOT, "EventData", nWinData, SEC);
  obj(ROOT, "event_data", nWinData, SEC);
  obj(ROOT, "winlog", nWinlog, SEC);
  obj(ROOT, "Event", nEvtx, SEC);
  obj(ROOT, "System", nWinSystem, SEC);
  obj(nEvtx, "EventData", nWinData);
  obj(nEvtx, "System", nWinSystem);
  put(nWinlog, "event_id", Cap.W_EVENT_ID);
  put(nWinlog, "computer_name", Cap.W_COMPUTER);
  put(nWinlog, "channel", Cap.W_CHANNEL);
  put(nWinlog, "provider_name", Cap.W_PROVIDER);
  put(nWinlog, "keywords", Cap.W_KEYWORDS, 0, F_ARRAY);
  obj(nWinlog, "event_data", nWinData);
  put(nWinSystem, "EventID", Cap.W_EVENT_ID, nEventIdObj);
  put(nWinSystem, "Computer", Cap.W_COMPUTER);
  put(nWinSystem, "Keywords", Cap.W_KEYWORDS);
  put(nWinSystem, "Channel", Cap.W_CHANNEL);
  put(nWinSystem, "TimeCreated", Cap.W_TIME, nTimeCreated);
  obj(nWinSystem, "Provider", nProvider);
  put(nEventIdObj, "#text", Cap.W_EVENT_ID);
  put(nEventIdObj, "value", Cap.W_EVENT_ID);
  put(nTimeCreated, "SystemTime", Cap.W_TIME);
  put(nTimeCreated, "@SystemTime", Cap.W_TIME);
  obj(nTimeCreated, "#attributes", nTimeAttr);
  put(nTimeAttr, "SystemTime", Cap.W_TIME);
  put(nProvider, "Name", Cap.W_PROVIDER);
  put(nProvider, "@Name", Cap.W_PROVIDER);
  obj(nProvider, "#attributes", nProviderAttr);
  put(nProviderAttr, "Name", Cap.W_PROVIDER);
  // EventData fields: in EventData / winlog.event_data / Event.EventData, and flat on NXLog records.
  for (let i = 0; i < 2; i++) {
    const at = i == 0 ? ROOT : nWinData;
    put(at, "TargetUserName", Cap.W_TARGET_USER);
    put(at, "SubjectUserName", Cap.W_SUBJECT_USER);
    put(at, "IpAddress", Cap.W_IP);
    put(at, "WorkstationName", Cap.W_WORKSTATION_NAME);
    put(at, "Workstation", Cap.W_WORKSTATION);
    put(at, "LogonType", Cap.W_LOGON_TYPE);
    put(at, "Status", Cap.W_STATUS);
    put(at, "NewProcessName", Cap.W_NEW_PROCESS);
    put(at, "ProcessName", Cap.W_PROCESS_NAME);
    put(at, "CommandLine", Cap.W_COMMAND_LINE);
    put(at, "ServiceName", Cap.W_SERVICE_NAME);
    put(at, "ServiceFileName", Cap.W_SERVICE_FILE);
    put(at, "ImagePath", Cap.W_IMAGE_PATH);
    put(at, "ShareName", Cap.W_SHARE_NAME);
    put(at, "RelativeTargetName", Cap.W_RELATIVE_TARGET);
    put(at, "ObjectName", Cap.W_OBJECT_NAME);
    put(at, "Image", Cap.W_IMAGE);
    put(at, "User", Cap.W_SYSMON_USER);
    put(at, "SourceIp", Cap.W_SOURCE_IP);
    put(at, "TargetFilename", Cap.W_TARGET_FILENAME);
  }

  // -- ECS: nested objects, and the same fields as dotted keys --
  put(nEvent, "category", Cap.E_CATEGORY, 0, F_ARRAY);
  put(nEvent, "type", Cap.E_TYPE, 0, F_ARRAY);
  put(nEvent, "action", Cap.E_ACTION);
  put(nEvent, "outcome", Cap.E_OUTCOME);
  put(nEvent, "code", Cap.E_CODE);
  put(nEvent, "provider", Cap.E_PROVIDER);
  put(nUser, "name", Cap.E_USER_NAME);
  put(nSource, "ip", Cap.E_SOURCE_IP);
  put(nSource, "address", Cap.E_SOURCE_ADDRESS);
  put(nSource, "bytes", Cap.E_SOURCE_BYTES);
  put(nDest, "ip", Cap.E_DEST_IP);
  put(nDest, "bytes", Cap.E_DEST_BYTES);
  put(nNetwork, "bytes", Cap.E_NETWORK_BYTES);
  put(nHost, "name", Cap.E_HOST_NAME);
  put(nHost, "hostname", Cap.E_HOST_HOSTNAME);
  put(nProcess, "name", Cap.E_PROCESS_NAME);
  put(nProcess, "executable", Cap.E_PROCESS_EXE);
  put(nProcess, "command_line", Cap.E_PROCESS_CMD);
  put(nFile, "path", Cap.E_FILE_PATH);
  put(nGroup, "name", Cap.E_GROUP_NAME);
  obj(ROOT, "source", nSource, ECS);
  obj(ROOT, "destination", nDest, ECS);
  obj(ROOT, "process", nProcess, ECS);
  obj(ROOT, "group", nGroup, ECS);
  obj(ROOT, "network", nNetwork, ECS);
  put(ROOT, "event.category", Cap.E_CATEGORY, 0, F_ARRAY | ECS);
  put(ROOT, "event.type", Cap.E_TYPE, 0, F_ARRAY | ECS);
  put(ROOT, "event.action", Cap.E_ACTION, 0, ECS);
  put(ROOT, "event.outcome", Cap.E_OUTCOME, 0, ECS);
  put(ROOT, "event.code", Cap.E_CODE, 0, ECS);
  put(ROOT, "event.provider", Cap.E_PROVIDER, 0, ECS);
  put(ROOT, "user.name", Cap.E_USER_NAME, 0, ECS);
  put(ROOT, "source.ip", Cap.E_SOURCE_IP, 0, ECS);
  put(ROOT, "source.address", Cap.E_SOURCE_ADDRESS, 0, ECS);
  put(ROOT, "source.bytes", Cap.E_SOURCE_BYTES, 0, ECS);
  put(ROOT, "destination.ip", Cap.E_DEST_IP, 0, ECS);
  put(ROOT, "destination.bytes", Cap.E_DEST_BYTES, 0, ECS);
  put(ROOT, "network.bytes", Cap.E_NETWORK_BYTES, 0, ECS);
  put(ROOT, "host.name", Cap.E_HOST_NAME, 0, ECS);
  put(ROOT, "host.hostname", Cap.E_HOST_HOSTNAME, 0, ECS);
  put(ROOT, "process.name", Cap.E_PROCESS_NAME, 0, ECS);
  put(ROOT, "process.executable", Cap.E_PROCESS_EXE, 0, ECS);
  put(ROOT, "process.command_line", Cap.E_PROCESS_CMD, 0, ECS);
  put(ROOT, "file.path", Cap.E_FILE_PATH, 0, ECS);
  put(ROOT, "group.name", Cap.E_GROUP_NAME, 0, ECS);

  // -- CloudTrail records (one element of a log file's "Records" array) --
  const CT = EV_CLOUDTRAIL;
  put(ROOT, "eventTime", Cap.C_EVENT_TIME);
  put(ROOT, "eventSource", Cap.C_EVENT_SOURCE, 0, CT);
  put(ROOT, "eventName", Cap.C_EVENT_NAME);
  put(ROOT, "sourceIPAddress", Cap.C_SOURCE_IP);
  put(ROOT, "errorCode", Cap.C_ERROR_CODE);
  put(ROOT, "errorMessage", Cap.C_ERROR_MESSAGE);
  put(ROOT, "awsRegion", Cap.C_REGION);
  obj(ROOT, "userIdentity", nIdentity, CT);
  obj(ROOT, "responseElements", nResponse);
  obj(ROOT, "additionalEventData", nAdditional);
  obj(ROOT, "requestParameters", nRequest);
  put(nIdentity, "type", Cap.C_UI_TYPE);
  put(nIdentity, "userName", Cap.C_UI_USERNAME);
  put(nIdentity, "arn", Cap.C_UI_ARN);
  obj(nIdentity, "sessionContext", nSession);
  obj(nSession, "sessionIssuer", nIssuer);
  put(nIssuer, "userName", Cap.C_ISSUER_USERNAME);
  put(nResponse, "ConsoleLogin", Cap.C_CONSOLE_LOGIN);
  put(nAdditional, "MFAUsed", Cap.C_MFA_USED);
  put(nAdditional, "bytesTransferredOut", Cap.C_BYTES_OUT);
  put(nAdditional, "bytesTransferredIn", Cap.C_BYTES_IN);
  put(nRequest, "bucketName", Cap.C_BUCKET);
  put(nRequest, "key", Cap.C_KEY);
  put(nRequest, "userName", Cap.C_REQ_USERNAME);
  put(nRequest, "groupName", Cap.C_REQ_GROUP);
  put(nRequest, "policyArn", Cap.C_REQ_POLICY_ARN);
  put(nRequest, "policyName", Cap.C_REQ_POLICY_NAME);
  put(nRequest, "roleArn", Cap.C_REQ_ROLE_ARN);

  // -- the scorer's own output keys: their spans are recorded so they can be replaced --
  put(ROOT, "anomaly_score", CAP_NONE, 0, F_OWN);
  put(ROOT, "threat_type", CAP_NONE, 0, F_OWN);
  put(ROOT, "severity", CAP_NONE, 0, F_OWN);
  put(ROOT, "anomaly_reasons", CAP_NONE, 0, F_OWN);
  put(ROOT, "anomaly_error", CAP_NONE, 0, F_OWN);
  put(ROOT, "mitre_technique", CAP_NONE, 0, F_OWN);
  put(ROOT, "incident_id", CAP_NONE, 0, F_OWN);

  staticEntries = entryCount;
  staticNodes = nodeCount;
  staticPool = poolUsed;
  memory.copy(STATIC_INFO, ENTRY_INFO, <usize>(entryCount << 2));
}
buildTable();
