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

import { Cap } from "../field-table";
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
