// The syslog format: records as Fluent Bit's syslog-rfc3164 / syslog-rfc5424 parsers (time, host,
// ident, pid, message), Vector's parse_syslog (timestamp, hostname, appname, procid, message),
// rsyslog / syslog-ng JSON templates (programname, program) or journald (SYSLOG_IDENTIFIER,
// _HOSTNAME, MESSAGE, __REALTIME_TIMESTAMP) emit them; and raw lines in message / log
// (syslog-header.ts). The program's message is then read by syslog-message.ts.
//
//   | field      | syslog keys (before the flat aliases of auth.ts)                             |
//   |------------|------------------------------------------------------------------------------|
//   | timestamp  | timestamp time __REALTIME_TIMESTAMP, else the raw line's header; a BSD stamp |
//   |            | without a year ("Jan 22 03:14:05") takes it from the reference time          |
//   | host       | host hostname _HOSTNAME, else the raw line's header                          |
//   | event type | the program: ident appname app_name programname program SYSLOG_IDENTIFIER    |
//   |            | _COMM, else the raw line's tag (never read as a kind by itself)              |
//   | message    | message log MESSAGE (a raw line is cut to the part after "TAG[PID]: ")       |
//   | user, IP,  | from the message (syslog-message.ts), when no key gave them                  |
//   | path       |                                                                              |

import { Cap, EV_SYSLOG, ROOT, addKey } from "../field-table";
import {
  Field, capText, gRefMs, gTextLen, gTextPtr, hint, isSet, markTypeIsProgram, markUserEmpty, resetSlice, setPidKey,
  setSlice, setTime, sliceLen, slicePtr, take,
} from "../event-fill";
import {
  gHdrHostStart, gHdrHostStop, gHdrMsgStart, gHdrPidStart, gHdrPidStop, gHdrProgStart, gHdrProgStop, headerTime,
  parseSyslogLine,
} from "./syslog-header";
import {
  gIpStart, gIpStop, gMsgCues, gMsgKind, gMsgOutcome, gObjStart, gObjStop, gUserEmpty, gUserStart, gUserStop,
  parseAuthMessage,
} from "./syslog-message";
import { hashBytes } from "../../features/hash";

export function syslogFields(): void {
  take(Field.TIMESTAMP, Cap.TIMESTAMP) || take(Field.TIMESTAMP, Cap.TIME) || take(Field.TIMESTAMP, Cap.SL_J_TIME);
  take(Field.HOST, Cap.HOST) || take(Field.HOST, Cap.HOSTNAME) || take(Field.HOST, Cap.SL_J_HOSTNAME);
  if (!isSet(Field.EVENT_TYPE) && (
    take(Field.EVENT_TYPE, Cap.SL_IDENT) || take(Field.EVENT_TYPE, Cap.SL_APPNAME) ||
    take(Field.EVENT_TYPE, Cap.SL_APP_NAME) || take(Field.EVENT_TYPE, Cap.SL_PROGRAMNAME) ||
    take(Field.EVENT_TYPE, Cap.SL_PROGRAM) || take(Field.EVENT_TYPE, Cap.SL_J_IDENTIFIER) ||
    take(Field.EVENT_TYPE, Cap.SL_J_COMM)
  )) markTypeIsProgram();
  take(Field.MESSAGE, Cap.MESSAGE) || take(Field.MESSAGE, Cap.LOG) || take(Field.MESSAGE, Cap.SL_J_MESSAGE);
  if (capText(Cap.SL_PID) || capText(Cap.SL_PROCID) || capText(Cap.SL_J_PID)) setPidKey(hashBytes(gTextPtr, gTextLen));
}

/**
 * Reads the message as a syslog line (header, when it has one) and as a program's message.
 * With `needHeader`, does nothing and returns false unless the message is a raw syslog line
 * (how --log-format auto recognises one in an otherwise flat record).
 */
export function syslogMessage(needHeader: bool): bool {
  let ptr = slicePtr(Field.MESSAGE);
  let len = sliceLen(Field.MESSAGE);
  if (len > 0 && parseSyslogLine(ptr, len)) {
    setTime(headerTime(ptr, gRefMs));
    setSlice(Field.HOST, ptr + <usize>gHdrHostStart, gHdrHostStop - gHdrHostStart);
    if (!isSet(Field.EVENT_TYPE) && setSlice(Field.EVENT_TYPE, ptr + <usize>gHdrProgStart, gHdrProgStop - gHdrProgStart)) {
      markTypeIsProgram();
    }
    if (gHdrPidStop > gHdrPidStart) setPidKey(hashBytes(ptr + <usize>gHdrPidStart, gHdrPidStop - gHdrPidStart));
    ptr += <usize>gHdrMsgStart;
    len -= gHdrMsgStart;
    resetSlice(Field.MESSAGE, ptr, len);
  } else if (needHeader) {
    return false;
  }
  if (len > 0 && parseAuthMessage(ptr, len)) {
    if (gUserEmpty) markUserEmpty();
    else setSlice(Field.USER, ptr + <usize>gUserStart, gUserStop - gUserStart);
    setSlice(Field.SOURCE_IP, ptr + <usize>gIpStart, gIpStop - gIpStart);
    setSlice(Field.PATH, ptr + <usize>gObjStart, gObjStop - gObjStart);
    hint(gMsgKind, gMsgOutcome, gMsgCues);
  }
  return true;
}

// --- keys ---

function registerKeys(): void {
  addKey(ROOT, "ident", Cap.SL_IDENT, 0, EV_SYSLOG);
  addKey(ROOT, "appname", Cap.SL_APPNAME, 0, EV_SYSLOG);
  addKey(ROOT, "app_name", Cap.SL_APP_NAME, 0, EV_SYSLOG);
  addKey(ROOT, "programname", Cap.SL_PROGRAMNAME, 0, EV_SYSLOG);
  addKey(ROOT, "program", Cap.SL_PROGRAM, 0, EV_SYSLOG);
  addKey(ROOT, "SYSLOG_IDENTIFIER", Cap.SL_J_IDENTIFIER, 0, EV_SYSLOG);
  addKey(ROOT, "_COMM", Cap.SL_J_COMM);
  addKey(ROOT, "_HOSTNAME", Cap.SL_J_HOSTNAME);
  addKey(ROOT, "MESSAGE", Cap.SL_J_MESSAGE);
  addKey(ROOT, "__REALTIME_TIMESTAMP", Cap.SL_J_TIME);
  addKey(ROOT, "pid", Cap.SL_PID);
  addKey(ROOT, "procid", Cap.SL_PROCID);
  addKey(ROOT, "_PID", Cap.SL_J_PID);
}
registerKeys();
