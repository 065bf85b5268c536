// From captured values to the normalised Event, per record: which format the record is in
// (--log-format, or decided per record under auto), then that format's fields, the flat aliases
// for whatever it left open, and what the format knows about the event's kind.
//
// Auto-detection looks at which keys the record has (field-table.ts evidence bits), most specific
// first:
//   security    EventID, EventData / event_data / winlog / Event / System objects
//   cloudtrail  eventSource, or a userIdentity object
//   syslog      ident, appname, app_name, programname, program, SYSLOG_IDENTIFIER
//   ecs         event / user / source / destination / host / process / file / group / network
//               objects, or their dotted keys (event.category, user.name, ...)
//   auth        anything else; and a flat record whose message (or log) is a raw syslog line
//               ("<34>Jan 22 03:14:05 host sshd[1]: ...") is read as syslog
// The user's field map (input-config.ts) comes before every format.

import { gEvidence } from "./captures";
import { Cap, EV_CLOUDTRAIL, EV_ECS, EV_SECURITY, EV_SYSLOG } from "./field-table";
import { setFormat, take } from "./event-fill";
import { LogFormat, gLogFormat, gUserMapCount, userMapField } from "./input-config";
import { authFields } from "./formats/auth";
import { cloudtrailFields } from "./formats/cloudtrail";
import { ecsFields, ecsFinish } from "./formats/ecs";
import { securityFields } from "./formats/security";
import { syslogFields, syslogMessage } from "./formats/syslog";

/** The format of the current record under --log-format auto. */
export function detectFormat(evidence: u32): i32 {
  if ((evidence & EV_SECURITY) != 0) return LogFormat.SECURITY;
  if ((evidence & EV_CLOUDTRAIL) != 0) return LogFormat.CLOUDTRAIL;
  if ((evidence & EV_SYSLOG) != 0) return LogFormat.SYSLOG;
  if ((evidence & EV_ECS) != 0) return LogFormat.ECS;
  return LogFormat.AUTH;
}

/** Fills the current Event (event-fill.ts context) from the record's captures. */
export function mapRecord(): void {
  let format = gLogFormat;
  if (format == LogFormat.AUTO) format = detectFormat(gEvidence);
  for (let i = 0; i < gUserMapCount; i++) take(userMapField(i), <i32>Cap.USER_MAP + i);
  switch (format) {
    case LogFormat.SYSLOG: { syslogFields(); break; }
    case LogFormat.SECURITY: { securityFields(); ecsFields(); break; }
    case LogFormat.ECS: { ecsFields(); break; }
    case LogFormat.CLOUDTRAIL: { cloudtrailFields(); break; }
  }
  authFields();
  if (format == LogFormat.SYSLOG) syslogMessage(false);
  else if (format == LogFormat.ECS) ecsFinish();
  else if (format == LogFormat.AUTH && gLogFormat == LogFormat.AUTO && syslogMessage(true)) format = LogFormat.SYSLOG;
  setFormat(format);
}
