// CrowdSec's crowdsecurity/ssh-bf and crowdsecurity/ssh-slow-bf scenarios over the
// crowdsecurity/sshd-logs parser (crowdsecurity/hub scenarios/crowdsecurity/ssh-bf.yaml,
// ssh-slow-bf.yaml, parsers/s01-parse/crowdsecurity/sshd-logs.yaml at
// b03cb59b2131ebfc5300f5f14828e29967efd1a5; SSHD_FAIL, SSHD_USER_FAIL, SSHD_DISC_PREAUTH from
// crowdsec's grok pattern file `ssh`). Only the two brute-force scenarios, not their user-enum
// twins in the same files.
//
// A leaky bucket per source IP (groupby evt.Meta.source_ip) holds `capacity` events and leaks one
// every `leakspeed`; CrowdSec implements it as a token bucket (golang.org/x/time/rate, burst =
// capacity, one token per leakspeed), so the event that finds no token overflows it: with
// capacity 5 the 6th failure in a burst. A bucket that has leaked empty is collected; its events
// no longer count. The overflow empties the bucket; for `blackhole` after
// it the same IP cannot overflow again (its events are marked by the alert that holds it).

import { syslogLine, type Peer, type PeerAlert, type PeerEvent } from "./alert.ts";

const IPV4 = String.raw`(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)`;
const IP = String.raw`(?<ip>(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F.]*|${IPV4})`;
const USERNAME = String.raw`[a-zA-Z0-9._-]+`;

/** The parser's nodes in order; the first that matches decides (onsuccess: next_stage). Only `failed` ones are ssh_failed-auth. */
const NODES: Array<{ name: string; re: RegExp; failed: boolean }> = [
  { name: "SSHD_FAIL", re: new RegExp(String.raw`Failed \w+ for ${USERNAME} from ${IP} port \d+ \w+`), failed: true },
  { name: "SSHD_PREAUTH_AUTHENTICATING_USER_ALT", re: new RegExp(String.raw`Disconnected from (?:authenticating|invalid) user ${USERNAME} ${IP} port \d+ \[preauth\]`), failed: true },
  { name: "SSHD_PREAUTH_AUTHENTICATING_USER", re: new RegExp(String.raw`Connection (?:closed|reset) by(?: (?:authenticating|invalid) user ${USERNAME})? ${IP} port \d+ \[preauth\]`), failed: true },
  { name: "SSHD_DISC_PREAUTH", re: new RegExp(String.raw`Disconnected from ${IP} port \d+`), failed: false },
  { name: "SSHD_INVALID_USER", re: new RegExp(String.raw`Invalid user\s*(?:${USERNAME})? from ${IP}(?: port \d+)?`), failed: true },
  { name: "SSHD_INVALID_USER_ALT", re: new RegExp(String.raw`Failed keyboard-interactive/pam for invalid user ${USERNAME} from ${IP}(?: port \d+)?`), failed: true },
  { name: "SSHD_NOT_ALLOWED_USER", re: new RegExp(String.raw`User (?:${USERNAME})? from ${IP}(?: port \d+)? not allowed because not listed in AllowUsers`), failed: true },
  { name: "SSHD_INVALID_BANNER", re: new RegExp(String.raw`banner exchange: Connection from ${IP} port \d+: invalid format`), failed: true },
  { name: "SSHD_USER_FAIL", re: new RegExp(String.raw`Failed password for invalid user ${USERNAME} from ${IP} port \d+ \w+`), failed: true },
  { name: "SSHD_AUTH_FAIL", re: new RegExp(String.raw`pam_.*?\(sshd:auth\): authentication failure; logname= uid=\d*? euid=\d*? tty=ssh ruser= rhost=${IP}`), failed: true },
  { name: "SSHD_MAGIC_VALUE_FAILED", re: new RegExp(String.raw`Magic value check failed \(\d+\) on obfuscated handshake from ${IP} port \d+`), failed: true },
];

/** The source IP of an ssh_failed-auth event, else undefined. */
export function crowdsecFailedAuth(program: string, message: string): string | undefined {
  if (program !== "sshd" && program !== "sshd-session") return undefined;
  for (const node of NODES) {
    const m = node.re.exec(message);
    if (m) return node.failed ? m.groups!.ip : undefined;
  }
  return undefined;
}

export interface LeakyScenario {
  name: string;
  capacity: number;
  leakspeedMs: number;
  blackholeMs: number;
}

export const SSH_BF: LeakyScenario = { name: "crowdsecurity/ssh-bf", capacity: 5, leakspeedMs: 10_000, blackholeMs: 60_000 };
export const SSH_SLOW_BF: LeakyScenario = { name: "crowdsecurity/ssh-slow-bf", capacity: 10, leakspeedMs: 60_000, blackholeMs: 60_000 };

interface Bucket {
  tokens: number;
  lastMs: number;
  /** The events poured since the bucket was created (what the overflow reports). */
  events: number[];
}

export function runLeaky(events: readonly PeerEvent[], s: LeakyScenario): PeerAlert[] {
  const buckets = new Map<string, Bucket>();
  const held = new Map<string, { until: number; alert: PeerAlert }>();
  const alerts: PeerAlert[] = [];
  events.forEach((e, i) => {
    const { program, message } = syslogLine(e.record);
    const ip = crowdsecFailedAuth(program, message);
    if (!ip) return;
    const hole = held.get(ip);
    if (hole && e.timeMs < hole.until) return void hole.alert.marks.push(i);
    let b = buckets.get(ip);
    if (!b) buckets.set(ip, (b = { tokens: s.capacity, lastMs: e.timeMs, events: [] }));
    b.tokens = Math.min(s.capacity, b.tokens + (e.timeMs - b.lastMs) / s.leakspeedMs);
    b.lastMs = e.timeMs;
    // A bucket that has leaked empty is gone: CrowdSec collects it, and a new one starts.
    if (b.tokens >= s.capacity) b.events = [];
    b.events.push(i);
    if (b.tokens >= 1) return void (b.tokens -= 1);
    const alert: PeerAlert = { rule: s.name, trigger: i, marks: b.events, key: ip };
    alerts.push(alert);
    buckets.delete(ip);
    held.set(ip, { until: e.timeMs + s.blackholeMs, alert });
  });
  return alerts;
}

export const CROWDSEC_SSH_BF: Peer = {
  name: "crowdsec ssh-bf",
  cites: ["crowdsecurity/hub scenarios/crowdsecurity/ssh-bf.yaml", "crowdsecurity/hub parsers/s01-parse/crowdsecurity/sshd-logs.yaml"],
  run: (events) => runLeaky(events, SSH_BF),
};

export const CROWDSEC_SSH_SLOW_BF: Peer = {
  name: "crowdsec ssh-slow-bf",
  cites: ["crowdsecurity/hub scenarios/crowdsecurity/ssh-slow-bf.yaml", "crowdsecurity/hub parsers/s01-parse/crowdsecurity/sshd-logs.yaml"],
  run: (events) => runLeaky(events, SSH_SLOW_BF),
};
