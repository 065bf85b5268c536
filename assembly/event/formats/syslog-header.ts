// A raw syslog line, as it arrives in `message` / `log` when no shipper parsed it (Fluent Bit's
// tail input without a parser, Docker/journald forwarding, a plain file of JSON-wrapped lines):
//
//   [<PRI>]Mmm dd hh:mm:ss HOST TAG[PID]: MSG                  RFC 3164 (BSD; also "Mmm  d",
//                                                              fractional seconds, or a year)
//   [<PRI>]YYYY-MM-DDThh:mm:ss[.frac]ZONE HOST TAG[PID]: MSG   rsyslog's RSYSLOG_FileFormat
//   <PRI>VERSION TIMESTAMP HOST APP PROCID MSGID SD [MSG]      RFC 5424 ('-' = no value,
//                                                              SD = '-' or [id k="v" ...]...)
//
// When the token after the time ends with ':' it is the tag and the host is missing
// ("Jan 22 03:14:05 sshd[1]: ..."). A 3164 line whose TAG has no ':' has no tag: the rest after
// HOST is the message. Results are offsets into the line, in the gHdr* globals.

import { bsdLength, parseBsd, parseTimestamp } from "../timestamp";
import { byteAt, isSpace, skipSpaces, tokenEnd } from "./text";

// @ts-ignore: decorator
@inline const CH_LT: u32 = 0x3c;
// @ts-ignore: decorator
@inline const CH_GT: u32 = 0x3e;
// @ts-ignore: decorator
@inline const CH_COLON: u32 = 0x3a;
// @ts-ignore: decorator
@inline const CH_LBRACKET: u32 = 0x5b;
// @ts-ignore: decorator
@inline const CH_RBRACKET: u32 = 0x5d;
// @ts-ignore: decorator
@inline const CH_BACKSLASH: u32 = 0x5c;
// @ts-ignore: decorator
@inline const CH_QUOTE: u32 = 0x22;
// @ts-ignore: decorator
@inline const CH_DASH: u32 = 0x2d;
/** PRI is 1 to 3 digits (0..191). */
// @ts-ignore: decorator
@inline const MAX_PRI_DIGITS: i32 = 3;
/** RFC 5424 VERSION is 1 to 3 digits. */
// @ts-ignore: decorator
@inline const MAX_VERSION_DIGITS: i32 = 3;
/** The shortest ISO timestamp taken in a header: YYYY-MM-DDThh:mm. */
// @ts-ignore: decorator
@inline const MIN_ISO_LEN: i32 = 16;

/** Epoch ms of the header's timestamp (NaN when it has none or it is unusable). */
// @ts-ignore: decorator
@lazy export let gHdrTime: f64 = NaN;
// Spans [start, stop) in the line; start == stop when absent.
// @ts-ignore: decorator
@lazy export let gHdrHostStart: i32 = 0;
// @ts-ignore: decorator
@lazy export let gHdrHostStop: i32 = 0;
// @ts-ignore: decorator
@lazy export let gHdrProgStart: i32 = 0;
// @ts-ignore: decorator
@lazy export let gHdrProgStop: i32 = 0;
// @ts-ignore: decorator
@lazy export let gHdrMsgStart: i32 = 0;

/** The process id after the program (TAG[PID] or the RFC 5424 PROCID); start == stop: none. */
// @ts-ignore: decorator
@lazy export let gHdrPidStart: i32 = 0;
// @ts-ignore: decorator
@lazy export let gHdrPidStop: i32 = 0;
/** Whether [ptr, ptr+len) is a syslog line; fills the gHdr* globals when it is. */
export function parseSyslogLine(ptr: usize, len: i32): bool {
  gHdrTime = NaN;
  gHdrPidStart = 0;
  gHdrPidStop = 0;
  gHdrHostStart = 0;
  gHdrHostStop = 0;
  gHdrProgStart = 0;
  gHdrProgStop = 0;
  gBsdLen = 0;
  gHdrMsgStart = len;
  if (len < MIN_ISO_LEN) return false;
  let p = 0;
  if (byteAt(ptr, 0) == CH_LT) {
    let q = 1;
    while (q < len && q <= MAX_PRI_DIGITS && byteAt(ptr, q) - 0x30 <= 9) q++;
    if (q == 1 || q >= len || byteAt(ptr, q) != CH_GT) return false;
    p = q + 1;
    // RFC 5424: a VERSION and a space follow the PRI.
    let v = p;
    while (v < len && v - p < MAX_VERSION_DIGITS && byteAt(ptr, v) - 0x30 <= 9) v++;
    if (v > p && v < len && byteAt(ptr, v) == 0x20 && byteAt(ptr, p) != 0x30) return parse5424(ptr, len, v + 1);
  }
  return parse3164(ptr, len, p);
}

// --- internal ---

function parse3164(ptr: usize, len: i32, p: i32): bool {
  const bsd = bsdLength(ptr + <usize>p, len - p);
  let t: f64 = NaN;
  let q: i32;
  if (bsd > 0) {
    q = p + bsd;
  } else {
    q = tokenEnd(ptr, len, p);
    if (q - p < MIN_ISO_LEN || byteAt(ptr, p + 4) != CH_DASH) return false;
    t = parseTimestamp(ptr + <usize>p, q - p);
    if (isNaN(t)) return false;
  }
  if (q >= len || !isSpace(byteAt(ptr, q))) return false;
  const time0 = p;
  const timeLen = q - p;
  p = skipSpaces(ptr, len, q);
  if (p >= len) return false;
  // HOST, or the tag when the host is missing
  let e = tokenEnd(ptr, len, p);
  if (byteAt(ptr, e - 1) == CH_COLON) {
    tag(ptr, p, e);
  } else {
    gHdrHostStart = p;
    gHdrHostStop = e;
    p = skipSpaces(ptr, len, e);
    e = tokenEnd(ptr, len, p);
    if (e > p && byteAt(ptr, e - 1) == CH_COLON) tag(ptr, p, e);
    else e = p; // no tag: the message starts right after the host
  }
  gHdrMsgStart = skipSpaces(ptr, len, e);
  gHdrTime = t;
  gBsdAt = time0;
  gBsdLen = bsd > 0 ? timeLen : 0;
  return true;
}

// Where a BSD timestamp of the line is, for timeOf (the year needs the caller's reference).
// @ts-ignore: decorator
@lazy let gBsdAt: i32 = 0;
// @ts-ignore: decorator
@lazy let gBsdLen: i32 = 0;

/** The header's time: an ISO stamp as parsed, a BSD stamp with its year taken from refMs. */
export function headerTime(ptr: usize, refMs: f64): f64 {
  if (gBsdLen > 0) return parseBsd(ptr + <usize>gBsdAt, gBsdLen, refMs);
  return gHdrTime;
}

/** TAG[PID]: at [p, e) (e just past the ':'): the program is TAG. */
function tag(ptr: usize, p: i32, e: i32): void {
  let stop = e - 1;
  const lb = indexOfIn(ptr, p, stop, CH_LBRACKET);
  if (lb >= 0 && byteAt(ptr, stop - 1) == CH_RBRACKET) {
    gHdrPidStart = lb + 1;
    gHdrPidStop = stop - 1;
    stop = lb;
  }
  gHdrProgStart = p;
  gHdrProgStop = stop;
}

function indexOfIn(ptr: usize, from: i32, to: i32, c: u32): i32 {
  for (let i = from; i < to; i++) if (byteAt(ptr, i) == c) return i; // bounds: i < to <= len
  return -1;
}

/** RFC 5424 after "<PRI>VERSION ": TIMESTAMP HOST APP PROCID MSGID SD [MSG]. */
function parse5424(ptr: usize, len: i32, p: i32): bool {
  // TIMESTAMP
  let e = tokenEnd(ptr, len, p);
  if (e >= len) return false;
  if (!(e - p == 1 && byteAt(ptr, p) == CH_DASH)) gHdrTime = parseTimestamp(ptr + <usize>p, e - p);
  // HOST
  p = e + 1;
  e = tokenEnd(ptr, len, p);
  if (e >= len) return false;
  if (!isNil(ptr, p, e)) {
    gHdrHostStart = p;
    gHdrHostStop = e;
  }
  // APP-NAME
  p = e + 1;
  e = tokenEnd(ptr, len, p);
  if (e >= len) return false;
  if (!isNil(ptr, p, e)) {
    gHdrProgStart = p;
    gHdrProgStop = e;
  }
  // PROCID, MSGID
  for (let i = 0; i < 2; i++) {
    p = e + 1;
    e = tokenEnd(ptr, len, p);
    if (e >= len) return false;
    if (i == 0 && !isNil(ptr, p, e)) {
      gHdrPidStart = p;
      gHdrPidStop = e;
    }
  }
  // STRUCTURED-DATA: '-' or one or more [ ... ] (values are quoted; '\' escapes '"', '\' and ']')
  p = e + 1;
  if (p >= len) return false;
  if (byteAt(ptr, p) == CH_DASH) {
    p++;
  } else {
    while (p < len && byteAt(ptr, p) == CH_LBRACKET) {
      let inQuote = false;
      p++;
      while (p < len) {
        const c = byteAt(ptr, p);
        if (c == CH_BACKSLASH) p++;
        else if (c == CH_QUOTE) inQuote = !inQuote;
        else if (c == CH_RBRACKET && !inQuote) break;
        p++;
      }
      if (p >= len) return false;
      p++;
    }
  }
  if (p < len && !isSpace(byteAt(ptr, p))) return false;
  p = skipSpaces(ptr, len, p);
  // A UTF-8 BOM may start MSG.
  if (p + 3 <= len && byteAt(ptr, p) == 0xef && byteAt(ptr, p + 1) == 0xbb && byteAt(ptr, p + 2) == 0xbf) p += 3;
  gHdrMsgStart = p;
  return true;
}

function isNil(ptr: usize, p: i32, e: i32): bool {
  return e - p == 1 && byteAt(ptr, p) == CH_DASH;
}
