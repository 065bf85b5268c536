// The security format: Windows Security (and Sysmon) events as Winlogbeat (winlog.event_id,
// winlog.event_data.*, ECS fields), NXLog im_msvistalog (flat: EventID, EventTime, Hostname,
// EventType, Keywords, the EventData fields) or evtx converters (Event.System.EventID,
// Event.System.TimeCreated.#attributes.SystemTime, Event.EventData.*) export them.
//
// Fields: timestamp ← EventTime | SystemTime | TimeCreated, event type ← the EventID as text,
// host ← Computer | winlog.computer_name | computer_name | Hostname, action ← EventType (NXLog's
// AUDIT_SUCCESS / AUDIT_FAILURE), message ← Message | message, then ECS and the flat aliases. The EventID
// decides the rest:
//
//   | EventID             | kind                              | user            | source IP           | path              |
//   |---------------------|-----------------------------------|-----------------|---------------------|-------------------|
//   | 4624 / 4625         | LOGIN_SUCCESS / LOGIN_FAILURE;    | TargetUserName  | IpAddress |         |                   |
//   |                     | REMOTE_LOGON for LogonType 3 (net-|                 | WorkstationName     |                   |
//   |                     | work), 8 (cleartext), 10 (RDP)    |                 |                     |                   |
//   | 4648                | LOGIN_SUCCESS, REMOTE_LOGON       | TargetUserName  | IpAddress           |                   |
//   |                     | (explicit credentials)            |                 |                     |                   |
//   | 4672                | PRIVILEGE_USE (special privileges)| SubjectUserName |                     |                   |
//   | 4673 / 4674         | OTHER (privileged service / object| SubjectUserName |                     |                   |
//   |                     | call; a failure is no failed logon|                 |                     |                   |
//   | 4688                | PROCESS_START (message ←          | SubjectUserName |                     | NewProcessName    |
//   |                     | CommandLine when none)            |                 |                     |                   |
//   | 4697 / 7045         | SERVICE_INSTALL                   | SubjectUserName |                     | ServiceFileName / |
//   |                     |                                   |                 |                     | ImagePath         |
//   | 4720 4722-4726 4738 | ACCOUNT_CHANGE                    | SubjectUserName |                     | TargetUserName    |
//   | 4728 / 4732 / 4756  | PRIVILEGE_CHANGE + ADMIN_GROUP if | SubjectUserName |                     | TargetUserName    |
//   |                     | the group is an admin group, else |                 |                     | (the group)       |
//   |                     | ACCOUNT_CHANGE                    |                 |                     |                   |
//   | 4729 / 4733 / 4757  | ACCOUNT_CHANGE                    | SubjectUserName |                     | TargetUserName    |
//   | 4768 / 4769 / 4776  | LOGIN_*, by Status (0x0 success)  | TargetUserName  | IpAddress (4776:    |                   |
//   |                     |                                   | (no @REALM)     | Workstation)        |                   |
//   | 4771                | LOGIN_FAILURE (Kerberos pre-auth) | TargetUserName  | IpAddress           |                   |
//   | 5140 / 5145         | FILE_ACCESS, REMOTE_LOGON (share  | SubjectUserName | IpAddress           | ShareName /       |
//   |                     | access: the lateral-movement cue) |                 |                     | RelativeTargetName|
//   | 4663                | FILE_ACCESS                       | SubjectUserName |                     | ObjectName        |
//   | 4634 / 4647         | OTHER (logoff)                    | TargetUserName  |                     |                   |
//   | Sysmon 1 / 3 / 11   | PROCESS_START / NETWORK_CONNECTION| User (no domain)| SourceIp (3)        | Image /           |
//   |                     | / FILE_ACCESS                     |                 |                     | TargetFilename    |
//   | other               | (text rules)                      | TargetUserName | SubjectUserName      |                   |
//
// Outcome: 4624 success, 4625 and 4771 failure; Kerberos/NTLM events by Status; otherwise the audit
// keyword (EventType AUDIT_FAILURE, Keywords 0x8010000000000000 or its signed decimal, winlog
// keywords "Audit Failure", event.outcome failure) and success by default. Users: "DOMAIN\name"
// is cut to name, and "-" is no user. Addresses: "-", "::1" and "127.0.0.1" name no remote source
// (they would lump every local logon into one "IP") and are dropped; "::ffff:a.b.c.d" is a.b.c.d.
// A user named Administrator, root or SYSTEM adds MENTIONS_ROOT, as the word does in a message.

import { Cap, EV_SECURITY, F_ARRAY, ROOT, addKey, addObject, newNode } from "../field-table";
import { Cue, Kind, Outcome } from "../event";
import { isAdminGroupName } from "../event-kind";
import {
  Field, capNumber, capText, gTextLen, gTextPtr, hint, isSet, putText, sliceLen, slicePtr, take,
} from "../event-fill";
import { byteAt, containsIgnoreCase, equalsIgnoreCase, hasAt, lastIndexOfByte, parseHex, patLen } from "./text";

const P_DASH = changetype<usize>("-");
const P_LOOPBACK6 = changetype<usize>("::1");
const P_LOOPBACK4 = changetype<usize>("127.0.0.1");
const P_MAPPED = changetype<usize>("::ffff:");
const P_SYSMON = changetype<usize>("sysmon");
const P_FAILURE = changetype<usize>("failure");
const P_SUCCESS = changetype<usize>("success");
const P_KW_FAILURE_HEX = changetype<usize>("0x8010");
const P_KW_SUCCESS_HEX = changetype<usize>("0x8020");
const P_KW_FAILURE_DEC = changetype<usize>("-9218868437227405312");
const P_KW_SUCCESS_DEC = changetype<usize>("-9214364837600034816");
const P_ADMINISTRATOR = changetype<usize>("administrator");
const P_ROOT = changetype<usize>("root");
const P_SYSTEM = changetype<usize>("system");

// @ts-ignore: decorator
@inline const CH_BACKSLASH: u32 = 0x5c;
// @ts-ignore: decorator
@inline const CH_AT: u32 = 0x40;

// How an event names its actor.
// @ts-ignore: decorator
@inline const BY_TARGET: i32 = 0;
// @ts-ignore: decorator
@inline const BY_SUBJECT: i32 = 1;
// @ts-ignore: decorator
@inline const BY_SYSMON: i32 = 2;

// LogonType values that come over the network.
// @ts-ignore: decorator
@inline const LOGON_NETWORK: i32 = 3;
// @ts-ignore: decorator
@inline const LOGON_NETWORK_CLEARTEXT: i32 = 8;
// @ts-ignore: decorator
@inline const LOGON_REMOTE_INTERACTIVE: i32 = 10;

/** The EventID of the record (EventID, winlog.event_id, event.code, Winlogbeat 6 event_id), or -1. */
function eventId(): i32 {
  let v = capNumber(Cap.W_EVENT_ID);
  if (isNaN(v)) v = capNumber(Cap.E_CODE);
  if (isNaN(v)) v = capNumber(Cap.W_EVENT_ID_OLD);
  return v >= 0 && v < 65536 && v == Math.floor(v) ? <i32>v : -1;
}

export function securityFields(): void {
  take(Field.TIMESTAMP, Cap.W_TIME);
  take(Field.EVENT_TYPE, Cap.W_EVENT_ID) || take(Field.EVENT_TYPE, Cap.E_CODE) || take(Field.EVENT_TYPE, Cap.W_EVENT_ID_OLD);
  take(Field.HOST, Cap.W_COMPUTER) || take(Field.HOST, Cap.W_HOSTNAME);
  take(Field.ACTION, Cap.W_EVENT_TYPE);
  take(Field.MESSAGE, Cap.W_MESSAGE) || take(Field.MESSAGE, Cap.MESSAGE);

  const id = eventId();
  const sysmon = (capText(Cap.W_PROVIDER) && containsIgnoreCase(gTextPtr, gTextLen, P_SYSMON)) ||
    (capText(Cap.W_CHANNEL) && containsIgnoreCase(gTextPtr, gTextLen, P_SYSMON));
  let kind = -1;
  let outcome = -1;
  let cues = 0;
  let actor = BY_TARGET;
  let path1 = -1;
  let path2 = -1;
  let byStatus = false;
  let realm = false;
  let ipFromWorkstation = false;
  if (sysmon) {
    actor = BY_SYSMON;
    if (id == 1) {
      kind = Kind.PROCESS_START;
      path1 = Cap.W_IMAGE;
    } else if (id == 3) {
      kind = Kind.NETWORK_CONNECTION;
      path1 = Cap.W_IMAGE;
      takeIp(Cap.W_SOURCE_IP);
    } else if (id == 11) {
      kind = Kind.FILE_ACCESS;
      path1 = Cap.W_TARGET_FILENAME;
    }
  } else {
    switch (id) {
      case 4624: { kind = Kind.LOGIN_SUCCESS; outcome = Outcome.SUCCESS; cues = logonTypeCue(); break; }
      case 4625: { kind = Kind.LOGIN_FAILURE; outcome = Outcome.FAILURE; cues = logonTypeCue(); break; }
      case 4648: { kind = Kind.LOGIN_SUCCESS; cues = Cue.REMOTE_LOGON; break; }
      case 4672: { kind = Kind.PRIVILEGE_USE; actor = BY_SUBJECT; break; }
      // A privileged service or object call, refused or not: routine audit traffic (thousands an hour
      // on a busy host), never a failed logon; its "Logon ID" line must not make the text rules read one.
      case 4673: case 4674: { kind = Kind.OTHER; actor = BY_SUBJECT; break; }
      case 4688: { kind = Kind.PROCESS_START; actor = BY_SUBJECT; path1 = Cap.W_NEW_PROCESS; path2 = Cap.W_PROCESS_NAME; break; }
      case 4697: { kind = Kind.SERVICE_INSTALL; actor = BY_SUBJECT; path1 = Cap.W_SERVICE_FILE; path2 = Cap.W_SERVICE_NAME; break; }
      case 7045: { kind = Kind.SERVICE_INSTALL; actor = BY_SUBJECT; path1 = Cap.W_IMAGE_PATH; path2 = Cap.W_SERVICE_NAME; break; }
      case 4720: case 4722: case 4723: case 4724: case 4725: case 4726: case 4738:
      case 4729: case 4733: case 4757: {
        kind = Kind.ACCOUNT_CHANGE; actor = BY_SUBJECT; path1 = Cap.W_TARGET_USER; break;
      }
      case 4728: case 4732: case 4756: {
        actor = BY_SUBJECT;
        path1 = Cap.W_TARGET_USER;
        const admin = capText(Cap.W_TARGET_USER) && isAdminGroupName(gTextPtr, gTextLen);
        kind = admin ? Kind.PRIVILEGE_CHANGE : Kind.ACCOUNT_CHANGE;
        cues = admin ? Cue.ADMIN_GROUP : 0;
        break;
      }
      case 4768: case 4769: { kind = Kind.LOGIN_SUCCESS; byStatus = true; realm = true; break; }
      case 4771: { kind = Kind.LOGIN_FAILURE; outcome = Outcome.FAILURE; realm = true; break; }
      case 4776: { kind = Kind.LOGIN_SUCCESS; byStatus = true; ipFromWorkstation = true; break; }
      case 5140: { kind = Kind.FILE_ACCESS; actor = BY_SUBJECT; path1 = Cap.W_SHARE_NAME; cues = Cue.REMOTE_LOGON; break; }
      case 5145: {
        kind = Kind.FILE_ACCESS; actor = BY_SUBJECT; path1 = Cap.W_RELATIVE_TARGET; path2 = Cap.W_SHARE_NAME;
        cues = Cue.REMOTE_LOGON; break;
      }
      case 4663: { kind = Kind.FILE_ACCESS; actor = BY_SUBJECT; path1 = Cap.W_OBJECT_NAME; break; }
      case 4634: case 4647: { kind = Kind.OTHER; break; }
    }
  }

  // user
  if (actor == BY_SYSMON) takeUser(Cap.W_SYSMON_USER, false);
  else if (actor == BY_SUBJECT) takeUser(Cap.W_SUBJECT_USER, false) || takeUser(Cap.W_TARGET_USER, false);
  else takeUser(Cap.W_TARGET_USER, realm) || takeUser(Cap.W_SUBJECT_USER, realm);
  if (isSet(Field.USER) && isRootName(slicePtr(Field.USER), sliceLen(Field.USER))) cues |= Cue.MENTIONS_ROOT;

  // source
  if (ipFromWorkstation) takeIp(Cap.W_WORKSTATION) || takeIp(Cap.W_IP);
  else takeIp(Cap.W_IP) || takeIp(Cap.W_WORKSTATION_NAME) || takeIp(Cap.W_WORKSTATION);

  // object
  if (path1 >= 0) take(Field.PATH, path1);
  if (path2 >= 0) take(Field.PATH, path2);
  if (kind == Kind.PROCESS_START) take(Field.MESSAGE, Cap.W_COMMAND_LINE);

  // outcome
  if (outcome < 0 && byStatus) outcome = statusOutcome();
  if (outcome < 0) outcome = auditOutcome();
  if (outcome < 0 && kind >= 0) outcome = Outcome.SUCCESS;
  if (kind == Kind.LOGIN_SUCCESS && outcome == Outcome.FAILURE) kind = Kind.LOGIN_FAILURE;
  hint(kind, outcome, cues);
}

// --- internal ---

function logonTypeCue(): i32 {
  const t = <i32>capNumber(Cap.W_LOGON_TYPE);
  return t == LOGON_NETWORK || t == LOGON_NETWORK_CLEARTEXT || t == LOGON_REMOTE_INTERACTIVE ? Cue.REMOTE_LOGON : 0;
}

/** Status of Kerberos / NTLM events: 0x0 success, any other code failure; -1 without one. */
function statusOutcome(): i32 {
  if (!capText(Cap.W_STATUS)) return -1;
  const v = parseHex(gTextPtr, gTextLen);
  if (v < 0) return -1;
  return v == 0 ? Outcome.SUCCESS : Outcome.FAILURE;
}

/** Audit success / failure from EventType, Keywords (hex, signed decimal or names) or event.outcome. */
function auditOutcome(): i32 {
  if (capText(Cap.W_EVENT_TYPE)) {
    if (containsIgnoreCase(gTextPtr, gTextLen, P_FAILURE)) return Outcome.FAILURE;
    if (containsIgnoreCase(gTextPtr, gTextLen, P_SUCCESS)) return Outcome.SUCCESS;
  }
  if (capText(Cap.W_KEYWORDS)) {
    const p = gTextPtr;
    const n = gTextLen;
    if (hasAt(p, n, 0, P_KW_FAILURE_HEX) || hasAt(p, n, 0, P_KW_FAILURE_DEC) || containsIgnoreCase(p, n, P_FAILURE)) return Outcome.FAILURE;
    if (hasAt(p, n, 0, P_KW_SUCCESS_HEX) || hasAt(p, n, 0, P_KW_SUCCESS_DEC) || containsIgnoreCase(p, n, P_SUCCESS)) return Outcome.SUCCESS;
  }
  if (capText(Cap.E_OUTCOME)) {
    if (equalsIgnoreCase(gTextPtr, gTextLen, P_FAILURE)) return Outcome.FAILURE;
    if (equalsIgnoreCase(gTextPtr, gTextLen, P_SUCCESS)) return Outcome.SUCCESS;
  }
  return -1;
}

/** A Windows account name: "-" is none, "DOMAIN\name" is name, and for Kerberos "name@REALM" is name. */
function takeUser(cap: i32, realm: bool): bool {
  if (isSet(Field.USER)) return true;
  if (!capText(cap)) return false;
  let p = gTextPtr;
  let n = gTextLen;
  if (equalsIgnoreCase(p, n, P_DASH)) return false;
  const slash = lastIndexOfByte(p, n, CH_BACKSLASH);
  if (slash >= 0) {
    p += <usize>(slash + 1);
    n -= slash + 1;
  }
  if (realm) {
    for (let i = 0; i < n; i++) {
      if (byteAt(p, i) == CH_AT) {
        n = i;
        break;
      }
    }
  }
  return n > 0 && putText(Field.USER, p, n);
}

/** A source address: "-", loopback and empty are none; "::ffff:a.b.c.d" is a.b.c.d; "\\NAME" is NAME. */
function takeIp(cap: i32): bool {
  if (isSet(Field.SOURCE_IP)) return true;
  if (!capText(cap)) return false;
  let p = gTextPtr;
  let n = gTextLen;
  if (equalsIgnoreCase(p, n, P_DASH) || equalsIgnoreCase(p, n, P_LOOPBACK6) || equalsIgnoreCase(p, n, P_LOOPBACK4)) return false;
  if (n > patLen(P_MAPPED) && hasAt(p, n, 0, P_MAPPED)) {
    p += <usize>patLen(P_MAPPED);
    n -= patLen(P_MAPPED);
  }
  while (n > 0 && byteAt(p, 0) == CH_BACKSLASH) {
    p++;
    n--;
  }
  if (equalsIgnoreCase(p, n, P_LOOPBACK4)) return false;
  return n > 0 && putText(Field.SOURCE_IP, p, n);
}

function isRootName(p: usize, n: i32): bool {
  return equalsIgnoreCase(p, n, P_ADMINISTRATOR) || equalsIgnoreCase(p, n, P_ROOT) || equalsIgnoreCase(p, n, P_SYSTEM);
}

// --- keys ---

function registerKeys(): void {
  const nWinData = newNode();
  const nWinlog = newNode();
  const nEvtx = newNode();
  const nWinSystem = newNode();
  const nEventIdObj = newNode();
  const nTimeCreated = newNode();
  const nTimeAttr = newNode();
  const nProvider = newNode();
  const nProviderAttr = newNode();
  // NXLog im_msvistalog and flat evtx exports put everything on the record.
  const SEC = EV_SECURITY;
  addKey(ROOT, "EventID", Cap.W_EVENT_ID, nEventIdObj, SEC);
  addKey(ROOT, "event_id", Cap.W_EVENT_ID_OLD); // Winlogbeat 6; only read when the record is Windows
  addKey(ROOT, "EventTime", Cap.W_TIME);
  addKey(ROOT, "TimeCreated", Cap.W_TIME, nTimeCreated);
  addKey(ROOT, "Hostname", Cap.W_HOSTNAME);
  addKey(ROOT, "Computer", Cap.W_COMPUTER);
  addKey(ROOT, "computer_name", Cap.W_COMPUTER);
  addKey(ROOT, "MachineName", Cap.W_COMPUTER);
  addKey(ROOT, "EventType", Cap.W_EVENT_TYPE);
  addKey(ROOT, "Keywords", Cap.W_KEYWORDS, 0, F_ARRAY);
  addKey(ROOT, "Channel", Cap.W_CHANNEL);
  addKey(ROOT, "SourceName", Cap.W_PROVIDER);
  addKey(ROOT, "ProviderName", Cap.W_PROVIDER);
  addKey(ROOT, "Message", Cap.W_MESSAGE);
  addObject(ROOT, "EventData", nWinData, SEC);
  addObject(ROOT, "event_data", nWinData, SEC);
  addObject(ROOT, "winlog", nWinlog, SEC);
  addObject(ROOT, "Event", nEvtx, SEC);
  addObject(ROOT, "System", nWinSystem, SEC);
  addObject(nEvtx, "EventData", nWinData);
  addObject(nEvtx, "System", nWinSystem);
  addKey(nWinlog, "event_id", Cap.W_EVENT_ID);
  addKey(nWinlog, "computer_name", Cap.W_COMPUTER);
  addKey(nWinlog, "channel", Cap.W_CHANNEL);
  addKey(nWinlog, "provider_name", Cap.W_PROVIDER);
  addKey(nWinlog, "keywords", Cap.W_KEYWORDS, 0, F_ARRAY);
  addObject(nWinlog, "event_data", nWinData);
  addKey(nWinSystem, "EventID", Cap.W_EVENT_ID, nEventIdObj);
  addKey(nWinSystem, "Computer", Cap.W_COMPUTER);
  addKey(nWinSystem, "Keywords", Cap.W_KEYWORDS);
  addKey(nWinSystem, "Channel", Cap.W_CHANNEL);
  addKey(nWinSystem, "TimeCreated", Cap.W_TIME, nTimeCreated);
  addObject(nWinSystem, "Provider", nProvider);
  addKey(nEventIdObj, "#text", Cap.W_EVENT_ID);
  addKey(nEventIdObj, "value", Cap.W_EVENT_ID);
  addKey(nTimeCreated, "SystemTime", Cap.W_TIME);
  addKey(nTimeCreated, "@SystemTime", Cap.W_TIME);
  addObject(nTimeCreated, "#attributes", nTimeAttr);
  addKey(nTimeAttr, "SystemTime", Cap.W_TIME);
  addKey(nProvider, "Name", Cap.W_PROVIDER);
  addKey(nProvider, "@Name", Cap.W_PROVIDER);
  addObject(nProvider, "#attributes", nProviderAttr);
  addKey(nProviderAttr, "Name", Cap.W_PROVIDER);
  // EventData fields: in EventData / winlog.event_data / Event.EventData, and flat on NXLog records.
  for (let i = 0; i < 2; i++) {
    const at = i == 0 ? ROOT : nWinData;
    addKey(at, "TargetUserName", Cap.W_TARGET_USER);
    addKey(at, "SubjectUserName", Cap.W_SUBJECT_USER);
    addKey(at, "IpAddress", Cap.W_IP);
    addKey(at, "WorkstationName", Cap.W_WORKSTATION_NAME);
    addKey(at, "Workstation", Cap.W_WORKSTATION);
    addKey(at, "LogonType", Cap.W_LOGON_TYPE);
    addKey(at, "Status", Cap.W_STATUS);
    addKey(at, "NewProcessName", Cap.W_NEW_PROCESS);
    addKey(at, "ProcessName", Cap.W_PROCESS_NAME);
    addKey(at, "CommandLine", Cap.W_COMMAND_LINE);
    addKey(at, "ServiceName", Cap.W_SERVICE_NAME);
    addKey(at, "ServiceFileName", Cap.W_SERVICE_FILE);
    addKey(at, "ImagePath", Cap.W_IMAGE_PATH);
    addKey(at, "ShareName", Cap.W_SHARE_NAME);
    addKey(at, "RelativeTargetName", Cap.W_RELATIVE_TARGET);
    addKey(at, "ObjectName", Cap.W_OBJECT_NAME);
    addKey(at, "Image", Cap.W_IMAGE);
    addKey(at, "User", Cap.W_SYSMON_USER);
    addKey(at, "SourceIp", Cap.W_SOURCE_IP);
    addKey(at, "TargetFilename", Cap.W_TARGET_FILENAME);
  }
}
registerKeys();
