// Regenerates data/linux-vps-sshd.* from a Rootly-AI-Lab/logs-dataset snapshot:
//   npx tsx bench/real/derive/rootly-openssh.ts <path of the repository's git directory>
// openssh/openssh.log is the sshd log of one Internet-facing VPS over 3.8 days (Apache-2.0).
// Each line becomes a Fluent Bit syslog record (syslog-record.ts). Labels follow what the lines
// show, per source IP (README.md, "Labels"): the lines of one sshd process belong to the IP that
// process announced; an IP that logs in, tried no other user and no more attempts than logins (a
// key the server refused before the one it took) is the admin (benign); every other IP is an
// attacker, guessing (brute_force) when its lines name a user it tried, else probing (anomaly).

import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { sourceNamed } from "../sources.ts";
import { syslogRecord, type SyslogRecord } from "../syslog-record.ts";
import type { AttackLabel, SourceLabels } from "./labels.ts";

const DATA = new URL("../data/", import.meta.url).pathname;
/** sshd writes every peer address as "<ip> port <n>". */
const PEER = /(\d{1,3}(?:\.\d{1,3}){3}) port \d+/;
const ACCEPTED = /^Accepted \S+ for /;
/** A line that names the user an attempt was for: an unknown user, a known one that did not get in, or too many tries. */
const ATTEMPT = /^(?:Invalid user |Failed \S+ for |Disconnected from (?:invalid|authenticating) user |Connection (?:closed|reset) by (?:invalid|authenticating) user |Disconnecting (?:invalid|authenticating) user |error: maximum authentication attempts exceeded for )/;

interface Peer {
  lines: number[];
  logins: number;
  loginUsers: Set<string>;
  attempts: number;
  users: Set<string>;
}

const userOf = (message: string) => /user (\S*)/.exec(message)?.[1] ?? /for (\S+) from/.exec(message)?.[1] ?? "";

/** An IP that got in without guessing: only the users it logged in as, at most one refused attempt per login. */
const isAdmin = (p: Peer) => p.logins > 0 && p.attempts <= p.logins && [...p.users].every((u) => p.loginUsers.has(u));

/** Source IP of each line: its own, else the one its sshd process announced (host + pid). */
function sourceIps(records: SyslogRecord[]): Array<string | undefined> {
  const byProcess = new Map<string, string>();
  const key = (r: SyslogRecord) => `${r.host} ${r.ident} ${r.pid}`;
  for (const r of records) {
    const ip = PEER.exec(r.message)?.[1];
    if (ip && !byProcess.has(key(r))) byProcess.set(key(r), ip);
  }
  return records.map((r) => PEER.exec(r.message)?.[1] ?? byProcess.get(key(r)));
}

function peersOf(records: SyslogRecord[], ips: Array<string | undefined>): Map<string, Peer> {
  const peers = new Map<string, Peer>();
  records.forEach((r, i) => {
    const ip = ips[i];
    if (!ip) return;
    let p = peers.get(ip);
    if (!p) peers.set(ip, (p = { lines: [], logins: 0, loginUsers: new Set(), attempts: 0, users: new Set() }));
    p.lines.push(i);
    if (ACCEPTED.test(r.message)) {
      p.logins++;
      p.loginUsers.add(userOf(r.message));
    }
    if (ATTEMPT.test(r.message)) {
      p.attempts++;
      p.users.add(userOf(r.message));
    }
  });
  return peers;
}

function main(): void {
  const repo = process.argv[2];
  if (!repo) throw new Error("usage: tsx bench/real/derive/rootly-openssh.ts <Rootly-AI-Lab/logs-dataset git directory>");
  const source = sourceNamed("linux-vps-sshd")!;
  const [origin] = source.origin;
  const text = execFileSync("git", ["--git-dir", repo, "show", `${origin.commit}:${origin.path}`], { encoding: "utf8", maxBuffer: 1 << 26 });
  const records = text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((line) => syslogRecord(line) ?? fail(`not a syslog line: ${line}`));
  const ips = sourceIps(records);
  const peers = peersOf(records, ips);
  const attacks: AttackLabel[] = [];
  const admins: string[] = [];
  for (const [ip, p] of peers) {
    if (isAdmin(p)) {
      admins.push(ip);
      continue;
    }
    const kind = p.logins > 0 ? "compromise" : p.attempts > 0 ? "guessing" : "probe";
    const type = kind === "probe" ? "anomaly" : "brute_force";
    attacks.push({ instance: `${kind} ${ip}`, type, technique: kind === "probe" ? "T1046" : "T1110", lines: p.lines });
  }
  const labels: SourceLabels = {
    source: source.name,
    rule: "per source IP (a line without one takes the IP of its sshd process): an IP with an Accepted login that named no other user and made no more attempts than logins is the admin, benign; any other IP is one attack instance: compromise (brute_force) when attempts end in an Accepted login, guessing (brute_force) when its lines name a user it tried (invalid user, authenticating user disconnected or closed, too many authentication failures), else probe (anomaly: connections closed before authentication, bad banners, failed key exchange)",
    attacks,
  };
  writeFileSync(join(DATA, source.file), gzipSync(records.map((r) => JSON.stringify(r)).join("\n") + "\n", { level: 9 }));
  writeFileSync(join(DATA, source.labels), JSON.stringify(labels) + "\n");
  const unattributed = ips.filter((ip) => ip === undefined).length;
  const kind = (k: string) => attacks.filter((a) => a.instance.startsWith(`${k} `));
  const lines = (ls: Array<{ lines: number[] }>) => ls.reduce((n, a) => n + a.lines.length, 0);
  const buckets = [1, 2, 5, 20, 100].map((lo, k, all) => [lo, all[k + 1] ?? Infinity] as const);
  const byAttempts = buckets.map(([lo, hi]) => `${lo}${hi === Infinity ? "+" : `-${hi - 1}`}: ${[...peers.values()].filter((p) => p.attempts >= lo && p.attempts < hi).length}`);
  const manyUsers = [...peers.values()].filter((p) => p.users.size >= 5).length;
  process.stdout.write(
    [
      `${source.name}: ${records.length} records, ${peers.size} source IPs, ${unattributed} lines without one`,
      `admin (benign): ${admins.join(", ")}: ${lines(admins.map((ip) => peers.get(ip)!))} lines`,
      ...["compromise", "guessing", "probe"].map((k) => `${k}: ${kind(k).length} IPs, ${lines(kind(k))} lines`),
      `IPs by user attempts ${byAttempts.join(", ")}; IPs trying >= 5 distinct users: ${manyUsers}`,
    ].join("\n") + "\n",
  );
}

function fail(message: string): never {
  throw new Error(message);
}

main();
