// What the authentication programs of a Linux host say, read into user, source IP, object and
// event kind. The message is the part after "TAG[PID]: ". Each row is matched literally, as the
// programs print it (OpenSSH, Linux-PAM pam_unix, sudo, util-linux su, shadow-utils):
//
//   | message                                                              | kind             | user | ip    |
//   |----------------------------------------------------------------------|------------------|------|-------|
//   | Failed <method> for [invalid user ]X from IP port P ssh2             | LOGIN_FAILURE    | X    | IP    |
//   | Accepted <method> for X from IP port P ssh2[: ...]                   | LOGIN_SUCCESS    | X    | IP    |
//   | Invalid user X from IP [port P]                                      | LOGIN_FAILURE    | X    | IP    |
//   | error: maximum authentication attempts exceeded for [invalid user ]X | LOGIN_FAILURE    | X    | IP    |
//   |   from IP port P ssh2 [preauth]                                      |                  |      |       |
//   | Connection closed by|Disconnected from [authenticating |invalid ]    | OTHER            | X    | IP    |
//   |   [user X ]IP port P                                                 |                  |      |       |
//   | input_userauth_request: invalid user X [preauth]                     | OTHER, F         | X    |       |
//   | [pam_unix(S:auth): |PAM n more ]authentication failure[s]; ...       | PRIVILEGE_USE if | user=| rhost=|
//   |   tty=T ruser= rhost=H  user=X                                       | S is su/sudo,    |      |       |
//   |                                                                      | else LOGIN_FAIL. |      |       |
//   | pam_unix(S:session): session opened for user T[(uid=n)] by X[(uid=m)]| PRIVILEGE_USE if | X    |       |
//   |                                                                      | S is su/sudo and |      |       |
//   |                                                                      | X named, else    | (T)  |       |
//   |                                                                      | OTHER            |      |       |
//   | pam_unix(S:session): session closed for user X                       | OTHER            | X    |       |
//   | pam_unix(passwd:chauthtok): password changed for X                   | ACCOUNT_CHANGE   | X    |       |
//   | X : TTY=t ; PWD=d ; USER=T ; COMMAND=C   (sudo; path = C)            | PRIVILEGE_USE    | X    |       |
//   | X : 3 incorrect password attempts ; TTY=... (and other refusals)     | PRIVILEGE_USE, F | X    |       |
//   | FAILED su for T by X  /  FAILED SU (to T) X on tty  /  'su T' failed | PRIVILEGE_USE, F | X    |       |
//   |   for X on tty                                                       |                  |      |       |
//   | Successful su for T by X  /  (to T) X on tty                         | PRIVILEGE_USE    | X    |       |
//   | new user: name=X, UID=...                                            | ACCOUNT_CHANGE   | X    |       |
//   | new group: name=G, GID=...  (path = G)                               | ACCOUNT_CHANGE   |      |       |
//   | add 'X' to [shadow ]group 'G'  /  user X added [by Y ]to group G     | PRIVILEGE_CHANGE | X    |       |
//   |   (path = G)                                                         | if G is an admin |      |       |
//   |                                                                      | group, else      |      |       |
//   |                                                                      | ACCOUNT_CHANGE   |      |       |
//   | delete user 'X'  /  change user 'X' password  /  password for 'X'    | ACCOUNT_CHANGE   | X    |       |
//   |   changed by 'Y'                                                     |                  |      |       |
//
// An invalid user's name may be empty ("Invalid user  from IP"): that is the user "" (gUserEmpty), a
// value of its own, not a missing one.
// Outcome: F = FAILURE; logins follow their kind; OTHER rows UNKNOWN; the other rows SUCCESS. sshd
// logins, and PAM failures with tty=ssh or service sshd, carry the REMOTE_LOGON cue; an admin
// group ADMIN_GROUP.
// A message that matches no row is left to the text rules of event-kind.ts.

import { Cue, Kind, Outcome } from "../event";
import { isAdminGroupName } from "../event-kind";
import {
  byteAt, hasAt, indexOf, indexOfByte, isSpace, lastIndexOf, patLen, skipSpaces, tokenEnd,
} from "./text";

// ---- results (offsets into the message; start == stop: absent) ----
// @ts-ignore: decorator
@lazy export let gMsgKind: i32 = -1;
// @ts-ignore: decorator
@lazy export let gMsgOutcome: i32 = -1;
// @ts-ignore: decorator
@lazy export let gMsgCues: i32 = 0;
// @ts-ignore: decorator
@lazy export let gUserStart: i32 = 0;
// @ts-ignore: decorator
@lazy export let gUserStop: i32 = 0;
/** The user is named and the name is empty (only after "invalid user "). */
// @ts-ignore: decorator
@lazy export let gUserEmpty: bool = false;
// @ts-ignore: decorator
@lazy export let gIpStart: i32 = 0;
// @ts-ignore: decorator
@lazy export let gIpStop: i32 = 0;
// @ts-ignore: decorator
@lazy export let gObjStart: i32 = 0;
// @ts-ignore: decorator
@lazy export let gObjStop: i32 = 0;

// ---- patterns (ASCII literals by address; see text.ts) ----
const P_FAILED = changetype<usize>("Failed ");
const P_ACCEPTED = changetype<usize>("Accepted ");
const P_FOR = changetype<usize>(" for ");
const P_INVALID_USER = changetype<usize>("invalid user ");
const P_INVALID_USER_CAP = changetype<usize>("Invalid user ");
const P_AUTHENTICATING_USER = changetype<usize>("authenticating user ");
const P_USER_SP = changetype<usize>("user ");
const P_FROM = changetype<usize>(" from ");
const P_MAX_ATTEMPTS = changetype<usize>("error: maximum authentication attempts exceeded for ");
const P_CONN_CLOSED = changetype<usize>("Connection closed by ");
const P_USERAUTH_REQUEST = changetype<usize>("input_userauth_request: invalid user ");
const P_DISCONNECTED = changetype<usize>("Disconnected from ");
const P_PAM_UNIX = changetype<usize>("pam_unix(");
const P_PAM_SP = changetype<usize>("PAM ");
const P_AUTH_FAILURE = changetype<usize>("authentication failure");
const P_RHOST = changetype<usize>("rhost=");
const P_USER_EQ = changetype<usize>(" user=");
const P_LOGNAME = changetype<usize>("logname=");
const P_TTY_SSH = changetype<usize>("tty=ssh");
const P_SESSION_OPENED = changetype<usize>("session opened for user ");
const P_SESSION_CLOSED = changetype<usize>("session closed for user ");
const P_PASSWORD_CHANGED = changetype<usize>("password changed for ");
const P_BY = changetype<usize>(" by ");
const P_COLON_SEP = changetype<usize>(" : ");
const P_TTY = changetype<usize>("TTY=");
const P_PWD = changetype<usize>("PWD=");
const P_USER_KEY = changetype<usize>("USER=");
const P_HOST_KEY = changetype<usize>("HOST=");
const P_COMMAND = changetype<usize>("COMMAND=");
const P_FAILED_SU = changetype<usize>("FAILED su for ");
const P_SUCCESSFUL_SU = changetype<usize>("Successful su for ");
const P_FAILED_SU_TO = changetype<usize>("FAILED SU (to ");
const P_TO = changetype<usize>("(to ");
const P_QUOTE_SU = changetype<usize>("'su ");
const P_FAILED_FOR = changetype<usize>("' failed for ");
const P_NEW_USER = changetype<usize>("new user: name=");
const P_NEW_GROUP = changetype<usize>("new group: name=");
const P_ADD_Q = changetype<usize>("add '");
const P_TO_GROUP_Q = changetype<usize>("' to group '");
const P_TO_SHADOW_GROUP_Q = changetype<usize>("' to shadow group '");
const P_ADDED = changetype<usize>(" added ");
const P_TO_GROUP = changetype<usize>("to group ");
const P_DELETE_USER_Q = changetype<usize>("delete user '");
const P_CHANGE_USER_Q = changetype<usize>("change user '");
const P_PASSWORD_FOR_Q = changetype<usize>("password for '");
const P_CHANGED_BY = changetype<usize>("' changed by ");
const P_SSHD = changetype<usize>("sshd");
const P_SU = changetype<usize>("su");
const P_SU_L = changetype<usize>("su-l");
const P_SUDO = changetype<usize>("sudo");
const P_SUDO_I = changetype<usize>("sudo-i");

/** How far into a sudo message " : " may lie: "sudo: " plus padding plus a user name (32 bytes at most on Linux). */
// @ts-ignore: decorator
@inline const SUDO_USER_SPAN: i32 = 64;
// @ts-ignore: decorator
@inline const CH_QUOTE1: u32 = 0x27; // '
// @ts-ignore: decorator
@inline const CH_LPAREN: u32 = 0x28;
// @ts-ignore: decorator
@inline const CH_RPAREN: u32 = 0x29;
// @ts-ignore: decorator
@inline const CH_COLON: u32 = 0x3a;
// @ts-ignore: decorator
@inline const CH_COMMA: u32 = 0x2c;
// @ts-ignore: decorator
@inline const CH_SEMI: u32 = 0x3b;

/**
 * Matches the message [ptr, ptr+len) against the table above; on a match fills the results and
 * returns true. Results only ever point inside the message.
 */
export function parseAuthMessage(ptr: usize, len: i32): bool {
  gMsgKind = -1;
  gMsgOutcome = -1;
  gMsgCues = 0;
  gUserStart = 0;
  gUserStop = 0;
  gUserEmpty = false;
  gIpStart = 0;
  gIpStop = 0;
  gObjStart = 0;
  gObjStop = 0;
  if (len < 4) return false;
  const p = skipSpaces(ptr, len, 0);
  return sshd(ptr, len, p) || pam(ptr, len, p) || sudo(ptr, len, p) || su(ptr, len, p) || shadow(ptr, len, p);
}

// --- internal ---

function result(kind: Kind, outcome: Outcome, cues: i32): bool {
  gMsgKind = <i32>kind;
  gMsgOutcome = <i32>outcome;
  gMsgCues = cues;
  return true;
}

function setUser(start: i32, stop: i32): void {
  if (stop > start) {
    gUserStart = start;
    gUserStop = stop;
  }
}

function setIp(start: i32, stop: i32): void {
  if (stop > start) {
    gIpStart = start;
    gIpStop = stop;
  }
}

/** A name token at `at`: up to a space, '(' or ',' (so "alice(uid=1000)" is alice). */
function nameEnd(ptr: usize, len: i32, at: i32): i32 {
  let i = at;
  while (i < len) {
    const c = byteAt(ptr, i);
    if (isSpace(c) || c == CH_LPAREN || c == CH_COMMA || c == CH_SEMI) break;
    i++;
  }
  return i;
}

/** "X from IP ..." with the user in [at, last " from "): user and IP. `invalid`: X followed "invalid user ", so it may be empty. */
function userFromIp(ptr: usize, len: i32, at: i32, invalid: bool): bool {
  const from = lastIndexOf(ptr, len, at, P_FROM);
  if (from < 0) return false;
  setUser(at, from);
  gUserEmpty = invalid && from == at;
  const ip = from + patLen(P_FROM);
  setIp(ip, tokenEnd(ptr, len, ip));
  return true;
}

function sshd(ptr: usize, len: i32, p: i32): bool {
  const failed = hasAt(ptr, len, p, P_FAILED);
  if (failed || hasAt(ptr, len, p, P_ACCEPTED)) {
    const f = indexOf(ptr, len, p, P_FOR);
    if (f < 0) return false;
    let u = f + patLen(P_FOR);
    const invalid = hasAt(ptr, len, u, P_INVALID_USER);
    if (invalid) u += patLen(P_INVALID_USER);
    if (!userFromIp(ptr, len, u, invalid)) return false;
    return failed
      ? result(Kind.LOGIN_FAILURE, Outcome.FAILURE, Cue.REMOTE_LOGON)
      : result(Kind.LOGIN_SUCCESS, Outcome.SUCCESS, Cue.REMOTE_LOGON);
  }
  if (hasAt(ptr, len, p, P_INVALID_USER_CAP)) {
    if (!userFromIp(ptr, len, p + patLen(P_INVALID_USER_CAP), true)) return false;
    return result(Kind.LOGIN_FAILURE, Outcome.FAILURE, Cue.REMOTE_LOGON);
  }
  if (hasAt(ptr, len, p, P_MAX_ATTEMPTS)) {
    let u = p + patLen(P_MAX_ATTEMPTS);
    const invalid = hasAt(ptr, len, u, P_INVALID_USER);
    if (invalid) u += patLen(P_INVALID_USER);
    if (!userFromIp(ptr, len, u, invalid)) return false;
    return result(Kind.LOGIN_FAILURE, Outcome.FAILURE, Cue.REMOTE_LOGON);
  }
  if (hasAt(ptr, len, p, P_USERAUTH_REQUEST)) {
    const u = p + patLen(P_USERAUTH_REQUEST);
    const ue = tokenEnd(ptr, len, u);
    setUser(u, ue);
    gUserEmpty = ue == u;
    return result(Kind.OTHER, Outcome.FAILURE, 0);
  }
  let at = -1;
  if (hasAt(ptr, len, p, P_CONN_CLOSED)) at = p + patLen(P_CONN_CLOSED);
  else if (hasAt(ptr, len, p, P_DISCONNECTED)) at = p + patLen(P_DISCONNECTED);
  if (at < 0) return false;
  // [authenticating |invalid ]user X IP port P, or just IP port P
  const invalid = hasAt(ptr, len, at, P_INVALID_USER);
  if (hasAt(ptr, len, at, P_AUTHENTICATING_USER)) at += patLen(P_AUTHENTICATING_USER);
  else if (invalid) at += patLen(P_INVALID_USER);
  else if (hasAt(ptr, len, at, P_USER_SP)) at += patLen(P_USER_SP);
  else {
    setIp(at, tokenEnd(ptr, len, at));
    return result(Kind.OTHER, Outcome.UNKNOWN, 0);
  }
  const ue = tokenEnd(ptr, len, at);
  setUser(at, ue);
  gUserEmpty = invalid && ue == at;
  const ip = skipSpaces(ptr, len, ue);
  setIp(ip, tokenEnd(ptr, len, ip));
  return result(Kind.OTHER, Outcome.UNKNOWN, 0);
}

/** The value of `key` (e.g. "rhost=") up to the next space, searched from `from`. */
function keyValue(ptr: usize, len: i32, from: i32, key: usize, isUser: bool): bool {
  const k = indexOf(ptr, len, from, key);
  if (k < 0) return false;
  const v = k + patLen(key);
  const e = tokenEnd(ptr, len, v);
  if (e <= v) return false;
  if (isUser) setUser(v, e);
  else setIp(v, e);
  return true;
}

function isPrivilegeService(ptr: usize, s0: i32, s1: i32): bool {
  const n = s1 - s0;
  const q = ptr + <usize>s0;
  return (n == 2 && hasAt(q, n, 0, P_SU)) || (n == 4 && (hasAt(q, n, 0, P_SU_L) || hasAt(q, n, 0, P_SUDO))) ||
    (n == 6 && hasAt(q, n, 0, P_SUDO_I));
}

function pam(ptr: usize, len: i32, p: i32): bool {
  // "pam_unix(SERVICE:TYPE): ..." or "PAM n more authentication failures; ..."
  const unix = hasAt(ptr, len, p, P_PAM_UNIX);
  if (!unix && !hasAt(ptr, len, p, P_PAM_SP)) return false;
  let s0 = 0;
  let s1 = 0;
  let rest = p;
  if (unix) {
    s0 = p + patLen(P_PAM_UNIX);
    s1 = indexOfByte(ptr, len, s0, CH_COLON);
    const close = indexOfByte(ptr, len, s0, CH_RPAREN);
    if (s1 < 0 || close < s1) return false;
    rest = skipSpaces(ptr, len, close + 2);
  }
  const privilege = s1 > s0 && isPrivilegeService(ptr, s0, s1);
  const viaSsh = s1 - s0 == 4 && hasAt(ptr, len, s0, P_SSHD);
  const failure = indexOf(ptr, len, rest, P_AUTH_FAILURE);
  if (failure >= 0 && (s1 > s0 || indexOf(ptr, len, rest, P_RHOST) >= 0)) {
    if (!keyValue(ptr, len, failure, P_USER_EQ, true)) keyValue(ptr, len, failure, P_LOGNAME, true);
    keyValue(ptr, len, failure, P_RHOST, false);
    const remote = viaSsh || indexOf(ptr, len, failure, P_TTY_SSH) >= 0 ? Cue.REMOTE_LOGON : 0;
    return privilege
      ? result(Kind.PRIVILEGE_USE, Outcome.FAILURE, remote)
      : result(Kind.LOGIN_FAILURE, Outcome.FAILURE, remote);
  }
  if (s1 <= s0) return false;
  if (hasAt(ptr, len, rest, P_SESSION_OPENED)) {
    const t = rest + patLen(P_SESSION_OPENED);
    const te = nameEnd(ptr, len, t);
    const by = indexOf(ptr, len, te, P_BY);
    const x = by < 0 ? len : by + patLen(P_BY);
    const xe = nameEnd(ptr, len, x);
    if (privilege && xe > x) {
      setUser(x, xe);
      return result(Kind.PRIVILEGE_USE, Outcome.SUCCESS, 0);
    }
    setUser(t, te);
    return result(Kind.OTHER, Outcome.UNKNOWN, 0);
  }
  if (hasAt(ptr, len, rest, P_SESSION_CLOSED)) {
    const t = rest + patLen(P_SESSION_CLOSED);
    setUser(t, nameEnd(ptr, len, t));
    return result(Kind.OTHER, Outcome.UNKNOWN, 0);
  }
  if (hasAt(ptr, len, rest, P_PASSWORD_CHANGED)) {
    const t = rest + patLen(P_PASSWORD_CHANGED);
    setUser(t, nameEnd(ptr, len, t));
    return result(Kind.ACCOUNT_CHANGE, Outcome.SUCCESS, 0);
  }
  return false;
}

function sudo(ptr: usize, len: i32, p: i32): bool {
  // " : " ends the user name, so it comes early; no need to search a long message for it.
  const sep = indexOf(ptr, min(len, p + SUDO_USER_SPAN), p, P_COLON_SEP);
  if (sep <= p) return false;
  const after = sep + patLen(P_COLON_SEP);
  const tty = indexOf(ptr, len, after, P_TTY);
  const cmd = indexOf(ptr, len, after, P_COMMAND);
  if (tty < 0 && cmd < 0) return false;
  // The user is the last token before " : " ("sudo:  bob : TTY=..." when the tag was not split off).
  let u = sep;
  while (u > p && !isSpace(byteAt(ptr, u - 1))) u--;
  setUser(u, sep);
  if (cmd >= 0) {
    gObjStart = cmd + patLen(P_COMMAND);
    gObjStop = len;
  }
  // "X : TTY=..." (or PWD=, USER=, HOST= first) is a command run; anything else before the
  // first field ("3 incorrect password attempts", "user NOT in sudoers", ...) a refusal.
  const ok = hasAt(ptr, len, after, P_TTY) || hasAt(ptr, len, after, P_PWD) || hasAt(ptr, len, after, P_USER_KEY) ||
    hasAt(ptr, len, after, P_HOST_KEY) || hasAt(ptr, len, after, P_COMMAND);
  return result(Kind.PRIVILEGE_USE, ok ? Outcome.SUCCESS : Outcome.FAILURE, 0);
}

function su(ptr: usize, len: i32, p: i32): bool {
  const failed = hasAt(ptr, len, p, P_FAILED_SU);
  if (failed || hasAt(ptr, len, p, P_SUCCESSFUL_SU)) {
    const by = indexOf(ptr, len, p, P_BY);
    if (by < 0) return false;
    const x = by + patLen(P_BY);
    setUser(x, nameEnd(ptr, len, x));
    return result(Kind.PRIVILEGE_USE, failed ? Outcome.FAILURE : Outcome.SUCCESS, 0);
  }
  const failedTo = hasAt(ptr, len, p, P_FAILED_SU_TO);
  if (failedTo || hasAt(ptr, len, p, P_TO)) {
    const close = indexOfByte(ptr, len, p, CH_RPAREN);
    if (close < 0) return false;
    const x = skipSpaces(ptr, len, close + 1);
    setUser(x, nameEnd(ptr, len, x));
    return result(Kind.PRIVILEGE_USE, failedTo ? Outcome.FAILURE : Outcome.SUCCESS, 0);
  }
  if (hasAt(ptr, len, p, P_QUOTE_SU)) {
    const f = indexOf(ptr, len, p, P_FAILED_FOR);
    if (f < 0) return false;
    const x = f + patLen(P_FAILED_FOR);
    setUser(x, nameEnd(ptr, len, x));
    return result(Kind.PRIVILEGE_USE, Outcome.FAILURE, 0);
  }
  return false;
}

/** The quoted name at `at` (just past an opening '), up to the closing '. */
function quoted(ptr: usize, len: i32, at: i32): i32 {
  const q = indexOfByte(ptr, len, at, CH_QUOTE1);
  return q < 0 ? len : q;
}

/** Group change of user [u0, u1) to group [g0, g1). */
function groupChange(ptr: usize, u0: i32, u1: i32, g0: i32, g1: i32): bool {
  setUser(u0, u1);
  gObjStart = g0;
  gObjStop = g1;
  return isAdminGroupName(ptr + <usize>g0, g1 - g0)
    ? result(Kind.PRIVILEGE_CHANGE, Outcome.SUCCESS, Cue.ADMIN_GROUP)
    : result(Kind.ACCOUNT_CHANGE, Outcome.SUCCESS, 0);
}

function shadow(ptr: usize, len: i32, p: i32): bool {
  if (hasAt(ptr, len, p, P_NEW_USER)) {
    const x = p + patLen(P_NEW_USER);
    setUser(x, nameEnd(ptr, len, x));
    return result(Kind.ACCOUNT_CHANGE, Outcome.SUCCESS, 0);
  }
  if (hasAt(ptr, len, p, P_NEW_GROUP)) {
    const g = p + patLen(P_NEW_GROUP);
    gObjStart = g;
    gObjStop = nameEnd(ptr, len, g);
    return result(Kind.ACCOUNT_CHANGE, Outcome.SUCCESS, 0);
  }
  if (hasAt(ptr, len, p, P_ADD_Q)) {
    const x = p + patLen(P_ADD_Q);
    const xe = quoted(ptr, len, x);
    let g = -1;
    if (hasAt(ptr, len, xe, P_TO_GROUP_Q)) g = xe + patLen(P_TO_GROUP_Q);
    else if (hasAt(ptr, len, xe, P_TO_SHADOW_GROUP_Q)) g = xe + patLen(P_TO_SHADOW_GROUP_Q);
    if (g < 0) return false;
    return groupChange(ptr, x, xe, g, quoted(ptr, len, g));
  }
  if (hasAt(ptr, len, p, P_USER_SP)) {
    // gpasswd: "user X added [by Y ]to group G"
    const x = p + patLen(P_USER_SP);
    const xe = tokenEnd(ptr, len, x);
    if (!hasAt(ptr, len, xe, P_ADDED)) return false;
    const t = indexOf(ptr, len, xe, P_TO_GROUP);
    if (t < 0) return false;
    const g = t + patLen(P_TO_GROUP);
    return groupChange(ptr, x, xe, g, nameEnd(ptr, len, g));
  }
  let x = -1;
  if (hasAt(ptr, len, p, P_DELETE_USER_Q)) x = p + patLen(P_DELETE_USER_Q);
  else if (hasAt(ptr, len, p, P_CHANGE_USER_Q)) x = p + patLen(P_CHANGE_USER_Q);
  else if (hasAt(ptr, len, p, P_PASSWORD_FOR_Q) && indexOf(ptr, len, p, P_CHANGED_BY) >= 0) x = p + patLen(P_PASSWORD_FOR_Q);
  if (x < 0) return false;
  setUser(x, quoted(ptr, len, x));
  return result(Kind.ACCOUNT_CHANGE, Outcome.SUCCESS, 0);
}
