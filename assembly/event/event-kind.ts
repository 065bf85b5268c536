// Event classification: kind, outcome and cue bits from the decoded eventType, action, message and
// path of an Event. ASCII case-insensitive matching over the arena bytes; no allocation per event.
//
// The words and phrases below are the patterns of event-patterns.ts (which also says how they
// match); pattern-automaton.ts finds them, one pass per slice. This header changes with that table.
//
// Outcome (first rule that fires)
//   | source                  | FAILURE                                      | SUCCESS                          |
//   |-------------------------|----------------------------------------------|----------------------------------|
//   | action (whole words)    | failure failed fail denied deny rejected     | success succeeded successful ok  |
//   |                         | reject error invalid blocked block false     | accepted accept allowed allow    |
//   |                         | refused unauthorized forbidden unsuccessful  | pass passed granted permitted    |
//   |                         | dropped drop                                 | true                             |
//   | action (number)         | HTTP 400..599                                | 0, HTTP 100..399                 |
//   | eventType (whole words) | same words as action                         | same words as action             |
//   | message (substrings)    | fail denied invalid incorrect rejected       | "accepted password/publickey/    |
//   |                         | unauthorized forbidden unsuccessful          |  keyboard-interactive", success* |
//   |                         | "bad password"                               |  (word start)                    |
//   otherwise UNKNOWN.
//
// Kind: families are read from eventType (whole words); if it names none, from action; if still
// none, from the message (phrases). The highest family in this list wins:
//   | family       | eventType / action words                    | message phrases (examples)            | kind                        |
//   |--------------|---------------------------------------------|---------------------------------------|-----------------------------|
//   | GROUP        | group(s) role(s) member membership           | "to group", "member was added",       | PRIVILEGE_CHANGE if an admin|
//   |              | privilege_change group_change ... 4728 4732  | usermod, gpasswd, "granted role"      | group is named, else        |
//   |              | 4756                                         |                                       | ACCOUNT_CHANGE              |
//   | ACCOUNT      | account_change user_created user_add ...     | "new user", useradd, "password        | ACCOUNT_CHANGE              |
//   |              | password_change password_reset 4720..4726    |  changed", "account was created"      |                             |
//   | PRIV_USE     | sudo su privilege(s) runas elevation         | "sudo:", "command=", "su:", "(to      | PRIVILEGE_USE               |
//   |              | escalation special_logon 4672                |  root)", runas, "special privileges"  |                             |
//   | LOGOUT       | logout logoff sign_out 4634 4647             | "logged out", logoff, "session closed"| OTHER                       |
//   | LOGIN        | login logon auth authentication ssh sshd     | "password for", "publickey for",      | LOGIN_FAILURE if outcome is |
//   |              | signin sign_in rdp kerberos ntlm 4624 4625   | authentication, login, logon,         | FAILURE, else LOGIN_SUCCESS |
//   |              | 4648 4776                                    | "logged in"                           |                             |
//   | ACCOUNT_WEAK | account(s) password(s) passwd                | -                                     | ACCOUNT_CHANGE              |
//   | SERVICE      | service(s) service_install 4697 7045         | "service was installed", "new service"| SERVICE_INSTALL             |
//   | PROCESS      | process process_start exec execve command    | "new process", execve, executed       | PROCESS_START               |
//   |              | cmd 4688                                     |                                       |                             |
//   | FILE         | file(s) file_access file_read file_write     | "opened file", "file access",         | FILE_ACCESS                 |
//   |              | download upload object object_access 4663    | download, upload                      |                             |
//   | NETWORK      | network connection(s) conn flow netflow      | "connection from", "connected to",    | NETWORK_CONNECTION          |
//   |              | transfer firewall 5156                       | transferred, "bytes sent"             |                             |
//   no family → OTHER.
//
// Cues
//   | cue            | rule                                                                                  |
//   |----------------|---------------------------------------------------------------------------------------|
//   | SENSITIVE_PATH | path contains /etc/shadow /etc/passwd /etc/sudoers /etc/gshadow id_rsa id_ed25519     |
//   |                | id_ecdsa id_dsa .ssh/ .ssh\ .aws/credentials ntds.dit /root/ .kdbx backup.sql, .pem   |
//   |                | .key .pfx .p12 \sam (at a word end), secret credential password dump; the message is  |
//   |                | checked for the same list minus the bare words secret/credential/password/dump (they  |
//   |                | would flag every "Failed password for" sshd line)                                     |
//   | MENTIONS_ROOT  | message has the word root or administrator, or authority\system, user=system          |
//   | FAIL_WORD      | message or eventType has a failure word (outcome table above)                         |
//   | REMOTE_LOGON   | message or eventType has ssh rdp remote explicit network_logon, or eventType 4648     |
//   | ADMIN_GROUP    | message or eventType names wheel administrators domain_admins enterprise_admins       |
//   |                | schema_admins; or sudo admin(s) root when the text also says group(s) or the family  |
//   |                | is GROUP                                                                              |
//
// Format hints (formats/*.ts): a format module that knows the event (a Windows EventID, a
// CloudTrail eventName, an sshd line) sets ev.kindHint / ev.outcomeHint / ev.cueHint; they take
// precedence over the rules above (a LOGIN family follows the hinted outcome), and cueHint bits are
// added to the cues found in the text. When ev.typeIsProgram is set, eventType is a program name
// (syslog ident such as "sshd") and is not read for kind, outcome or cues.

import { Cue, Event, Kind, NO_HINT, Outcome } from "./event";
import {
  F_ACCOUNT, F_ACCOUNT_WEAK, F_ALL, F_FILE, F_GROUP, F_LOGIN, F_NETWORK, F_PRIV_USE, F_PROCESS, F_SERVICE,
  T_ADMIN_STRONG, T_ADMIN_WEAK, T_FAIL, T_GROUP_WORD, T_REMOTE, T_ROOT, T_SENSITIVE, T_SUCCESS,
} from "./event-patterns";
import { L_ACTION, L_MSG, L_PATH, L_TYPE, scanTags } from "./pattern-automaton";

// ---- HTTP-like status codes in action ----
// @ts-ignore: decorator
@inline const STATUS_OK_MIN: i32 = 100;
// @ts-ignore: decorator
@inline const STATUS_FAIL_MIN: i32 = 400;
// @ts-ignore: decorator
@inline const STATUS_MAX: i32 = 599;
// @ts-ignore: decorator
@inline const STATUS_DIGITS: i32 = 3;

/** Sets ev.kind, ev.outcome and ev.cues from the event's decoded slices. */
export function classify(ev: Event): void {
  const action = ev.action;
  const actionPtr = action.ptr;
  const actionLen = action.len;
  const typeTags = ev.typeIsProgram ? 0 : scanTags(ev.eventType.ptr, ev.eventType.len, L_TYPE);
  const actionTags = scanTags(actionPtr, actionLen, L_ACTION);
  const msgTags = scanTags(ev.message.ptr, ev.message.len, L_MSG);
  const pathTags = scanTags(ev.path.ptr, ev.path.len, L_PATH);

  // Outcome.
  let outcome = outcomeOf(actionTags);
  if (outcome == Outcome.UNKNOWN) outcome = statusOutcome(actionPtr, actionLen);
  if (outcome == Outcome.UNKNOWN) outcome = outcomeOf(typeTags);
  if (outcome == Outcome.UNKNOWN) outcome = outcomeOf(msgTags);
  if (ev.outcomeHint != NO_HINT) outcome = <Outcome>ev.outcomeHint;

  // Family: eventType, then action, then message.
  let fam = typeTags & F_ALL;
  if (fam == 0) fam = actionTags & F_ALL;
  if (fam == 0) fam = msgTags & F_ALL;
  fam &= ~fam + 1; // keep the highest-priority (lowest) bit

  const named = msgTags | typeTags;
  const admin = (named & T_ADMIN_STRONG) != 0 ||
    ((named & T_ADMIN_WEAK) != 0 && ((named & T_GROUP_WORD) != 0 || fam == F_GROUP));

  let kind = Kind.OTHER;
  if (fam == F_GROUP) kind = admin ? Kind.PRIVILEGE_CHANGE : Kind.ACCOUNT_CHANGE;
  else if (fam == F_ACCOUNT || fam == F_ACCOUNT_WEAK) kind = Kind.ACCOUNT_CHANGE;
  else if (fam == F_PRIV_USE) kind = Kind.PRIVILEGE_USE;
  else if (fam == F_LOGIN) kind = outcome == Outcome.FAILURE ? Kind.LOGIN_FAILURE : Kind.LOGIN_SUCCESS;
  else if (fam == F_SERVICE) kind = Kind.SERVICE_INSTALL;
  else if (fam == F_PROCESS) kind = Kind.PROCESS_START;
  else if (fam == F_FILE) kind = Kind.FILE_ACCESS;
  else if (fam == F_NETWORK) kind = Kind.NETWORK_CONNECTION;
  // F_LOGOUT and no family: OTHER.
  if (ev.kindHint != NO_HINT) kind = <Kind>ev.kindHint;

  let cues: i32 = ev.cueHint;
  if (((msgTags | pathTags) & T_SENSITIVE) != 0) cues |= Cue.SENSITIVE_PATH;
  if ((msgTags & T_ROOT) != 0) cues |= Cue.MENTIONS_ROOT;
  if ((named & T_FAIL) != 0) cues |= Cue.FAIL_WORD;
  if ((named & T_REMOTE) != 0) cues |= Cue.REMOTE_LOGON;
  if (admin) cues |= Cue.ADMIN_GROUP;

  ev.kind = kind;
  ev.outcome = outcome;
  ev.cues = cues;
}

/**
 * Whether a group (or role, or policy) name is an administrators' one: wheel, administrators,
 * domain/enterprise/schema admins, sudo, admin(s), root, ... as the ADMIN_GROUP cue reads them.
 */
export function isAdminGroupName(ptr: usize, len: i32): bool {
  return (scanTags(ptr, len, L_MSG) & (T_ADMIN_STRONG | T_ADMIN_WEAK)) != 0;
}

// --- internal ---

function outcomeOf(tags: u32): Outcome {
  if ((tags & T_FAIL) != 0) return Outcome.FAILURE;
  if ((tags & T_SUCCESS) != 0) return Outcome.SUCCESS;
  return Outcome.UNKNOWN;
}

/** "0" → SUCCESS; a three-digit HTTP-like status: 100..399 SUCCESS, 400..599 FAILURE. */
function statusOutcome(ptr: usize, len: i32): Outcome {
  if (len != 1 && len != STATUS_DIGITS) return Outcome.UNKNOWN;
  let v: i32 = 0;
  for (let i = 0; i < len; i++) {
    const d = <u32>load<u8>(ptr + <usize>i) - 0x30; // bounds: i < len
    if (d > 9) return Outcome.UNKNOWN;
    v = v * 10 + <i32>d;
  }
  if (len == 1) return v == 0 ? Outcome.SUCCESS : Outcome.UNKNOWN;
  if (v >= STATUS_OK_MIN && v < STATUS_FAIL_MIN) return Outcome.SUCCESS;
  if (v >= STATUS_FAIL_MIN && v <= STATUS_MAX) return Outcome.FAILURE;
  return Outcome.UNKNOWN;
}
