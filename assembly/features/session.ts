// Syslog sessions: the lines one sshd, sudo or su process writes (host + program + pid, while it
// lives) share the user and source IP it announced, so `Connection closed by IP port N [preauth]`,
// `pam_unix(sshd:auth): check pass; user unknown` and `input_userauth_request: invalid user X
// [preauth]` count for their connection. A line's own user and IP always win; only a line that
// lacks one takes the session's. sshd assigns the pid and prints the peer's address itself, so a
// remote client chooses nothing here but the user name it already chose in the announcing line,
// and a local forger who can write sshd[pid] lines could write the IP into them anyway: a filled-in
// value never says more than a line of that process could say itself.
//
// A process announces on its first line with a source IP (sshd: "Invalid user", "Failed …",
// "Accepted …"); a line of the same key with another IP is a new process on a reused pid and starts
// the session afresh, and so does a line after SESSION_IDLE_MS of silence (sshd's LoginGraceTime is
// 120 s; pids are reused only after the pid space wraps). The table is an EntityTable of its own,
// small and bounded: the least recently seen session is evicted.
//
// Slot payload (after the 16-byte EntityTable header):
//   +16  f64  last line, epoch ms
//   +24  u8   flags: FAILED (a login failed since the session began or last succeeded), USER_SET, USER_EMPTY
//   +25  u8   user length
//   +26  u8   source IP length
//   +28  u8[USER_MAX]  user bytes
//   +28 + USER_MAX     u8[IP_MAX]  source IP bytes

import { Event, Kind } from "../event/event";
import { EntityTable, SLOT_HEADER } from "./entity-table";
import { hashBytes, hashPair } from "./hash";
import { hasAt, patLen } from "../event/formats/text";

/** Sessions tracked at once (a power of two): concurrent sshd/sudo/su processes across the stream's hosts. */
// @ts-ignore: decorator
@inline export const SESSION_CAPACITY: i32 = 512;
/** A session silent this long is over; its pid may belong to another process now. */
// @ts-ignore: decorator
@inline const SESSION_IDLE_MS: f64 = 600000;
/** Longest user name kept (Linux: 32); a longer one is not shared. */
// @ts-ignore: decorator
@inline const USER_MAX: i32 = 64;
/** Longest source IP text kept (IPv6 with zone: 45 + a few). */
// @ts-ignore: decorator
@inline const IP_MAX: i32 = 48;

const S_LAST = SLOT_HEADER;
const S_FLAGS = S_LAST + 8;
const S_USER_LEN = S_FLAGS + 1;
const S_IP_LEN = S_FLAGS + 2;
const S_USER = S_FLAGS + 4;
const S_IP = S_USER + USER_MAX;
export const SESSION_SLOT_BYTES = (S_IP + IP_MAX + 7) & ~7;

// @ts-ignore: decorator
@inline const FAILED: u8 = 1;
// @ts-ignore: decorator
@inline const USER_SET: u8 = 2;
// @ts-ignore: decorator
@inline const USER_EMPTY: u8 = 4;

// ASCII literals by address (text.ts)
const P_SSHD = changetype<usize>("sshd");
const P_SSHD_SESSION = changetype<usize>("sshd-session");
const P_SUDO = changetype<usize>("sudo");
const P_SU = changetype<usize>("su");

/** Program names whose processes are sessions (OpenSSH 9.8 splits sshd-session off sshd). */
function isSessionProgram(ev: Event): bool {
  const p = ev.eventType.ptr;
  const n = ev.eventType.len;
  return isName(p, n, P_SSHD) || isName(p, n, P_SUDO) || isName(p, n, P_SU) || isName(p, n, P_SSHD_SESSION);
}

function isName(p: usize, n: i32, pat: usize): bool {
  return n == patLen(pat) && hasAt(p, n, 0, pat);
}

/**
 * Joins the event to its process's session at time tMs: the session learns what the line
 * announces, the line takes what it lacks (its user / sourceIp slices then point into the slot,
 * valid for this record), and `inFailedSession` says whether the process has failed a login.
 */
export function joinSession(ev: Event, tMs: f64, table: EntityTable): void {
  if (ev.pidKey == 0 || !ev.typeIsProgram || !isSessionProgram(ev)) return;
  const key = hashPair(hashPair(hashBytes(ev.host.ptr, ev.host.len), hashBytes(ev.eventType.ptr, ev.eventType.len)), ev.pidKey);
  const s = table.slot(key, tMs);
  const ip = ev.sourceIp;
  const ipLen = <i32>load<u8>(s + S_IP_LEN);
  let fresh = table.created || !(tMs - load<f64>(s + S_LAST) <= SESSION_IDLE_MS);
  if (!fresh && ip.len > 0 && ipLen > 0 && (ip.len != ipLen || memory.compare(ip.ptr, s + S_IP, <usize>ipLen) != 0)) fresh = true;
  if (fresh) memory.fill(s + S_LAST, 0, <usize>(SESSION_SLOT_BYTES - S_LAST));
  if (tMs > load<f64>(s + S_LAST)) store<f64>(s + S_LAST, tMs);
  announce(ev, s);
  fill(ev, s);
  let flags = load<u8>(s + S_FLAGS);
  if (ev.kind == Kind.LOGIN_FAILURE) flags |= FAILED;
  else if (ev.kind == Kind.LOGIN_SUCCESS) flags &= ~FAILED;
  store<u8>(s + S_FLAGS, flags);
  ev.inFailedSession = (flags & FAILED) != 0;
}

// --- internal ---

function announce(ev: Event, s: usize): void {
  const ip = ev.sourceIp;
  if (ip.len > 0 && ip.len <= IP_MAX && load<u8>(s + S_IP_LEN) == 0) {
    memory.copy(s + S_IP, ip.ptr, <usize>ip.len);
    store<u8>(s + S_IP_LEN, <u8>ip.len);
  }
  const flags = load<u8>(s + S_FLAGS);
  if ((flags & USER_SET) != 0) return;
  const user = ev.user;
  if (ev.userEmpty) {
    store<u8>(s + S_FLAGS, flags | USER_SET | USER_EMPTY);
  } else if (user.len > 0 && user.len <= USER_MAX) {
    memory.copy(s + S_USER, user.ptr, <usize>user.len);
    store<u8>(s + S_USER_LEN, <u8>user.len);
    store<u8>(s + S_FLAGS, flags | USER_SET);
  }
}

function fill(ev: Event, s: usize): void {
  const ipLen = <i32>load<u8>(s + S_IP_LEN);
  if (ev.sourceIp.len == 0 && ipLen > 0) {
    ev.sourceIp.ptr = s + S_IP;
    ev.sourceIp.len = ipLen;
  }
  const flags = load<u8>(s + S_FLAGS);
  if (ev.user.len > 0 || ev.userEmpty || (flags & USER_SET) == 0) return;
  if ((flags & USER_EMPTY) != 0) {
    ev.userEmpty = true;
  } else {
    ev.user.ptr = s + S_USER;
    ev.user.len = <i32>load<u8>(s + S_USER_LEN);
  }
}
