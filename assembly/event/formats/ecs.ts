// The ECS format: Elastic Common Schema records (Filebeat, Winlogbeat, Auditbeat, Elastic Agent,
// Vector/Logstash pipelines), with nested objects or the same fields as dotted keys.
//
//   | field      | ECS fields (before the flat aliases of auth.ts)                              |
//   |------------|------------------------------------------------------------------------------|
//   | timestamp  | @timestamp (a flat alias)                                                    |
//   | user       | user.name                                                                    |
//   | source IP  | source.ip, source.address                                                    |
//   | host       | host.name, host.hostname (destination.ip when no host is named at all)       |
//   | event type | event.action, event.category (first element), event.code                     |
//   | action     | event.outcome                                                                |
//   | path       | file.path (process.executable, process.name for process events)              |
//   | bytes      | source.bytes + destination.bytes, else network.bytes                         |
//   | message    | message, else process.command_line                                           |
//
// Kind, from event.category (any element) and event.type:
//   authentication → LOGIN_SUCCESS / LOGIN_FAILURE by event.outcome (type "end": OTHER, a logoff);
//   iam → PRIVILEGE_CHANGE (+ ADMIN_GROUP) for a group change to an admin group (group.name, or
//   the message), else ACCOUNT_CHANGE; process → PROCESS_START (type "end": OTHER);
//   file → FILE_ACCESS; network → NETWORK_CONNECTION. Outcome from event.outcome.
// Without a category that says so, the message is read like a syslog program's (Filebeat's system
// module ships sshd / sudo lines this way), then the text rules of event-kind.ts apply.

import { Cap, EV_ECS, F_ARRAY, F_EV_OBJECT_ONLY, ROOT, addKey, addObject, newNode } from "../field-table";
import { Cue, Kind, Outcome } from "../event";
import { isAdminGroupName } from "../event-kind";
import {
  Field, arrayText, capNumber, capText, gTextLen, gTextPtr, hint, isSet, setBytes, sliceLen, slicePtr, take,
} from "../event-fill";
import { containsWord, equalsIgnoreCase } from "./text";
import { syslogMessage } from "./syslog";

const P_AUTHENTICATION = changetype<usize>("authentication");
const P_IAM = changetype<usize>("iam");
const P_PROCESS = changetype<usize>("process");
const P_FILE = changetype<usize>("file");
const P_NETWORK = changetype<usize>("network");
const P_END = changetype<usize>("end");
const P_GROUP = changetype<usize>("group");
const P_FAILURE = changetype<usize>("failure");
const P_SUCCESS = changetype<usize>("success");

export function ecsFields(): void {
  take(Field.USER, Cap.E_USER_NAME);
  take(Field.SOURCE_IP, Cap.E_SOURCE_IP) || take(Field.SOURCE_IP, Cap.E_SOURCE_ADDRESS);
  take(Field.HOST, Cap.E_HOST_NAME) || take(Field.HOST, Cap.E_HOST_HOSTNAME);
  take(Field.EVENT_TYPE, Cap.E_ACTION) || take(Field.EVENT_TYPE, Cap.E_CATEGORY) || take(Field.EVENT_TYPE, Cap.E_CODE);
  take(Field.ACTION, Cap.E_OUTCOME);
  take(Field.PATH, Cap.E_FILE_PATH);
  if (!isSet(Field.BYTES)) {
    const src = capNumber(Cap.E_SOURCE_BYTES);
    const dst = capNumber(Cap.E_DEST_BYTES);
    if (src >= 0 || dst >= 0) setBytes((src >= 0 ? src : 0) + (dst >= 0 ? dst : 0));
    else take(Field.BYTES, Cap.E_NETWORK_BYTES);
  }
}

/** After the flat aliases: fallbacks, and the kind from event.category / event.type. */
export function ecsFinish(): void {
  take(Field.MESSAGE, Cap.E_PROCESS_CMD);
  take(Field.HOST, Cap.E_DEST_IP);
  let outcome = -1;
  if (capText(Cap.E_OUTCOME)) {
    if (equalsIgnoreCase(gTextPtr, gTextLen, P_FAILURE)) outcome = Outcome.FAILURE;
    else if (equalsIgnoreCase(gTextPtr, gTextLen, P_SUCCESS)) outcome = Outcome.SUCCESS;
  }
  let kind = -1;
  let cues = 0;
  if (arrayText(Cap.E_CATEGORY)) {
    const cat = gTextPtr;
    const catLen = gTextLen;
    const ended = arrayText(Cap.E_TYPE) && containsWord(gTextPtr, gTextLen, P_END);
    if (containsWord(cat, catLen, P_AUTHENTICATION)) {
      kind = ended ? Kind.OTHER : outcome == Outcome.FAILURE ? Kind.LOGIN_FAILURE : Kind.LOGIN_SUCCESS;
    } else if (containsWord(cat, catLen, P_IAM)) {
      kind = Kind.ACCOUNT_CHANGE;
      const group = (arrayText(Cap.E_TYPE) && containsWord(gTextPtr, gTextLen, P_GROUP)) ||
        (capText(Cap.E_ACTION) && containsWord(gTextPtr, gTextLen, P_GROUP));
      if (group && adminGroupNamed()) {
        kind = Kind.PRIVILEGE_CHANGE;
        cues = Cue.ADMIN_GROUP;
      }
    } else if (containsWord(cat, catLen, P_PROCESS)) {
      kind = ended ? Kind.OTHER : Kind.PROCESS_START;
      take(Field.PATH, Cap.E_PROCESS_EXE) || take(Field.PATH, Cap.E_PROCESS_NAME);
    } else if (containsWord(cat, catLen, P_FILE)) {
      kind = Kind.FILE_ACCESS;
    } else if (containsWord(cat, catLen, P_NETWORK)) {
      kind = Kind.NETWORK_CONNECTION;
    }
  }
  if (kind < 0) syslogMessage(false);
  hint(kind, outcome, cues);
}

// --- internal ---

function adminGroupNamed(): bool {
  if (capText(Cap.E_GROUP_NAME)) return isAdminGroupName(gTextPtr, gTextLen);
  return isSet(Field.MESSAGE) && isAdminGroupName(slicePtr(Field.MESSAGE), sliceLen(Field.MESSAGE));
}

// --- keys ---

// @ts-ignore: decorator
@inline const ECS: u32 = EV_ECS;
/** ECS evidence from an object value only. */
// @ts-ignore: decorator
@inline const ECS_OBJECT: u32 = EV_ECS | F_EV_OBJECT_ONLY;

function registerKeys(): void {
  const nEvent = newNode();
  const nUser = newNode();
  const nSource = newNode();
  const nDest = newNode();
  const nHost = newNode();
  const nProcess = newNode();
  const nFile = newNode();
  const nGroup = newNode();
  const nNetwork = newNode();
  // "user", "host", "event" and "file" are flat aliases too (auth.ts): ECS only when an object.
  addObject(ROOT, "user", nUser, ECS_OBJECT);
  addObject(ROOT, "host", nHost, ECS_OBJECT);
  addObject(ROOT, "event", nEvent, ECS_OBJECT);
  addObject(ROOT, "file", nFile, ECS_OBJECT);
  addKey(nEvent, "category", Cap.E_CATEGORY, 0, F_ARRAY);
  addKey(nEvent, "type", Cap.E_TYPE, 0, F_ARRAY);
  addKey(nEvent, "action", Cap.E_ACTION);
  addKey(nEvent, "outcome", Cap.E_OUTCOME);
  addKey(nEvent, "code", Cap.E_CODE);
  addKey(nEvent, "provider", Cap.E_PROVIDER);
  addKey(nUser, "name", Cap.E_USER_NAME);
  addKey(nSource, "ip", Cap.E_SOURCE_IP);
  addKey(nSource, "address", Cap.E_SOURCE_ADDRESS);
  addKey(nSource, "bytes", Cap.E_SOURCE_BYTES);
  addKey(nDest, "ip", Cap.E_DEST_IP);
  addKey(nDest, "bytes", Cap.E_DEST_BYTES);
  addKey(nNetwork, "bytes", Cap.E_NETWORK_BYTES);
  addKey(nHost, "name", Cap.E_HOST_NAME);
  addKey(nHost, "hostname", Cap.E_HOST_HOSTNAME);
  addKey(nProcess, "name", Cap.E_PROCESS_NAME);
  addKey(nProcess, "executable", Cap.E_PROCESS_EXE);
  addKey(nProcess, "command_line", Cap.E_PROCESS_CMD);
  addKey(nFile, "path", Cap.E_FILE_PATH);
  addKey(nGroup, "name", Cap.E_GROUP_NAME);
  addObject(ROOT, "source", nSource, ECS);
  addObject(ROOT, "destination", nDest, ECS);
  addObject(ROOT, "process", nProcess, ECS);
  addObject(ROOT, "group", nGroup, ECS);
  addObject(ROOT, "network", nNetwork, ECS);
  addKey(ROOT, "event.category", Cap.E_CATEGORY, 0, F_ARRAY | ECS);
  addKey(ROOT, "event.type", Cap.E_TYPE, 0, F_ARRAY | ECS);
  addKey(ROOT, "event.action", Cap.E_ACTION, 0, ECS);
  addKey(ROOT, "event.outcome", Cap.E_OUTCOME, 0, ECS);
  addKey(ROOT, "event.code", Cap.E_CODE, 0, ECS);
  addKey(ROOT, "event.provider", Cap.E_PROVIDER, 0, ECS);
  addKey(ROOT, "user.name", Cap.E_USER_NAME, 0, ECS);
  addKey(ROOT, "source.ip", Cap.E_SOURCE_IP, 0, ECS);
  addKey(ROOT, "source.address", Cap.E_SOURCE_ADDRESS, 0, ECS);
  addKey(ROOT, "source.bytes", Cap.E_SOURCE_BYTES, 0, ECS);
  addKey(ROOT, "destination.ip", Cap.E_DEST_IP, 0, ECS);
  addKey(ROOT, "destination.bytes", Cap.E_DEST_BYTES, 0, ECS);
  addKey(ROOT, "network.bytes", Cap.E_NETWORK_BYTES, 0, ECS);
  addKey(ROOT, "host.name", Cap.E_HOST_NAME, 0, ECS);
  addKey(ROOT, "host.hostname", Cap.E_HOST_HOSTNAME, 0, ECS);
  addKey(ROOT, "process.name", Cap.E_PROCESS_NAME, 0, ECS);
  addKey(ROOT, "process.executable", Cap.E_PROCESS_EXE, 0, ECS);
  addKey(ROOT, "process.command_line", Cap.E_PROCESS_CMD, 0, ECS);
  addKey(ROOT, "file.path", Cap.E_FILE_PATH, 0, ECS);
  addKey(ROOT, "group.name", Cap.E_GROUP_NAME, 0, ECS);
}
registerKeys();
