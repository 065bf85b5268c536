// fail2ban's sshd jail as shipped: filter.d/sshd.conf (mode = normal) with jail.conf's
// defaults maxretry = 5, findtime = 10m, bantime = 10m (fail2ban/fail2ban config/filter.d/sshd.conf
// and config/jail.conf at deffcbcd1712a3a0cbd79c1da324096ebf36d306).
//
// Failures are the failregex lines without <F-NOFAIL> (a pam_unix "authentication failure", a
// "Received disconnect … 11:", "Connection closed/Disconnected" and "Connection from" lines only
// help multi-line matching, which maxlines = 1 turns off; "Failed publickey" for a valid user is
// <F-NOFAIL> under publickey = nofail). A host with maxretry failures within findtime is banned
// at that failure (runJail says how fail2ban counts "within findtime"); the ban resets its
// failures, and while it lasts the host's later failures are blocked: its firewall rule keeps
// them from sshd, so they are marked by the ban and never counted towards a new one.

import { syslogLine, type Peer, type PeerAlert, type PeerEvent } from "./alert.ts";

export interface JailConfig {
  maxretry: number;
  findtimeMs: number;
  bantimeMs: number;
}

export const SSHD_JAIL: JailConfig = { maxretry: 5, findtimeMs: 600_000, bantimeMs: 600_000 };

const DAEMON = /^sshd(?:-session)?$/;
/** __pref: an "error:"/"fatal:" (and "PAM:") prefix before the content. */
const PREF = String.raw`(?:(?:error|fatal): (?:PAM: )?)?`;
/** <HOST>: an IPv4/IPv6 address or a host name. */
const HOST = String.raw`(?<host>(?:\d{1,3}(?:\.\d{1,3}){3})|(?:[0-9a-fA-F:]*:[0-9a-fA-F:.]+)|(?:[\w.-]+))`;
const SUFF = String.raw`(?: (?:port \d+|on \S+|\[preauth\])){0,3}\s*`;
const ON_PORT = String.raw`(?: (?:port \d+|on \S+)){0,2}`;

const FAILREGEX: RegExp[] = [
  String.raw`[aA]uthentication (?:failure|error|failed) for .*? (?:from )?${HOST}(?: via \S+)?${SUFF}$`,
  String.raw`User not known to the underlying authentication module for .*? (?:from )?${HOST}${SUFF}$`,
  String.raw`Failed publickey for invalid user (?:\S+|(?:(?! from ).)*?) from ${HOST}${ON_PORT}(?: ssh\d*)?`,
  // Failed <cmnfailed> where "publickey" is <F-NOFAIL>: any other method is a failure.
  String.raw`Failed (?!publickey\b)\S+ for (?:invalid user )?(?:\S+|(?:(?! from ).)*?) from ${HOST}${ON_PORT}(?: ssh\d*)?`,
  String.raw`ROOT LOGIN REFUSED FROM ${HOST}`,
  String.raw`[iI](?:llegal|nvalid) user .*? (?:from )?${HOST}${SUFF}$`,
  String.raw`User (?:\S+|.*?) (?:from )?${HOST} not allowed because (?:not listed in AllowUsers|listed in DenyUsers|not in any group|a group is listed in DenyGroups|none of user's groups are listed in AllowGroups)${SUFF}$`,
  String.raw`refused connect from \S+ \(${HOST}\)`,
  String.raw`Received disconnect from ${HOST}${ON_PORT}:\s*3: .*: Auth fail${SUFF}$`,
  String.raw`maximum authentication attempts exceeded for (?:invalid user )?.*? (?:from )?${HOST}${ON_PORT}(?: ssh\d*)?${SUFF}$`,
  String.raw`Disconnecting(?: from)?(?: (?:invalid|authenticating)) user \S+ ${HOST}${ON_PORT}:\s*Change of username or service not allowed:\s*.*\[preauth\]\s*$`,
].map((re) => new RegExp(`^${PREF}${re}`));

/** The failing host of an sshd line, or undefined when fail2ban would not count it. */
export function fail2banFailure(program: string, message: string): string | undefined {
  if (!DAEMON.test(program)) return undefined;
  for (const re of FAILREGEX) {
    const host = re.exec(message)?.groups?.host;
    if (host) return host;
  }
  return undefined;
}

/** Python's round(): halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

interface Ticket {
  firstMs: number;
  lastMs: number;
  retry: number;
  events: number[];
}

/**
 * fail2ban's FailManager: one ticket per host. A failure more than findtime after the ticket's
 * first one rescales its count to the rate over the last findtime (FailTicket.adjustTime:
 * retry = round(retry / (t - first) * findtime), first = t - findtime), then adds one; a ticket
 * whose last failure is findtime old is dropped (FailManager.cleanup). retry >= maxretry bans.
 */
export function runJail(events: readonly PeerEvent[], jail: JailConfig = SSHD_JAIL): PeerAlert[] {
  const tickets = new Map<string, Ticket>();
  const bans = new Map<string, { until: number; alert: PeerAlert }>();
  const alerts: PeerAlert[] = [];
  events.forEach((e, i) => {
    const { program, message } = syslogLine(e.record);
    const host = fail2banFailure(program, message);
    if (!host) return;
    const t = e.timeMs;
    const ban = bans.get(host);
    if (ban && t < ban.until) return void ban.alert.marks.push(i);
    let ticket = tickets.get(host);
    if (ticket && t - ticket.lastMs >= jail.findtimeMs) ticket = undefined;
    if (!ticket) {
      ticket = { firstMs: t, lastMs: t, retry: 0, events: [] };
      tickets.set(host, ticket);
    } else if (t > ticket.lastMs) {
      if (ticket.firstMs < t - jail.findtimeMs) {
        ticket.retry = roundHalfEven((ticket.retry / (t - ticket.firstMs)) * jail.findtimeMs);
        ticket.firstMs = t - jail.findtimeMs;
        ticket.events = ticket.events.filter((j) => events[j].timeMs >= ticket!.firstMs);
      }
      ticket.lastMs = t;
    }
    ticket.retry++;
    ticket.events.push(i);
    if (ticket.retry < jail.maxretry) return;
    const alert: PeerAlert = { rule: "sshd jail", trigger: i, marks: ticket.events, key: host };
    alerts.push(alert);
    bans.set(host, { until: t + jail.bantimeMs, alert });
    tickets.delete(host);
  });
  return alerts;
}

export const FAIL2BAN_SSHD: Peer = {
  name: "fail2ban sshd",
  cites: ["fail2ban/fail2ban config/filter.d/sshd.conf", "fail2ban/fail2ban config/jail.conf [DEFAULT] maxretry/findtime/bantime"],
  run: (events) => runJail(events),
};
