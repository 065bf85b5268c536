// Issue #14 item 4: the lines of one sshd/sudo/su process (host + program + pid) share the user and
// source IP it announced, and an empty user name is a user of its own. Shown on the scanner's report
// rows (no model), then end to end: the empty-user burst the issue saw missed entirely after a
// week's baseline with background guessing.

import { beforeAll, describe, expect, it } from "vitest";
import { FEATURE_ROW_HEAD, OUTPUT, Scorer } from "../../trainer/wasm/scorer.ts";
import { SyslogHost, type SyslogLine } from "../helpers/syslog-host.ts";
import { runOnHost } from "../helpers/host-run.ts";

const T0 = Date.UTC(2024, 0, 22, 3, 0, 0);
const MONDAY = Date.UTC(2024, 0, 15);
const MS_PER_MIN = 60_000;

interface ReportRow {
  user: string;
  ip: string;
  msg: string;
}

let scorer: Scorer;
beforeAll(async () => {
  scorer = await Scorer.load();
});

function report(log: SyslogHost): ReportRow[] {
  scorer.resetState();
  const { report } = scorer.process(log.records(), OUTPUT.REPORT);
  return new TextDecoder().decode(report).trim().split("\n").map((l) => JSON.parse(l) as ReportRow);
}

describe("session fill", () => {
  it("gives a connection's lines without user or IP the ones its process announced", () => {
    const log = new SyslogHost("web-01");
    log.guess(T0, "203.0.113.9", "oracle");
    const rows = report(log);
    expect(rows.map((r) => [r.user, r.ip])).toEqual(Array(6).fill(["oracle", "203.0.113.9"]));
  });

  it("keeps an empty user name as the user \"\" of its session", () => {
    const log = new SyslogHost("web-01");
    log.guess(T0, "203.0.113.9", "");
    expect(report(log).map((r) => [r.user, r.ip])).toEqual(Array(6).fill(["", "203.0.113.9"]));
  });

  it("counts failures of the empty user name as one user's, from any source", () => {
    const log = new SyslogHost("web-01");
    log.line(T0, "sshd", 4000, "Invalid user  from 203.0.113.9 port 40000");
    log.line(T0 + 1000, "sshd", 4001, "Invalid user  from 198.51.100.77 port 40001");
    const names = scorer.schema().features;
    scorer.resetState();
    const { rows } = scorer.process(log.records(), OUTPUT.FEATURES);
    const f = new Float32Array(rows.buffer, rows.byteOffset, rows.byteLength / 4);
    const at = (row: number, name: string) => f[row * (FEATURE_ROW_HEAD + 2 * names.length) + FEATURE_ROW_HEAD + names.indexOf(name)];
    expect([at(1, "user_failed_logins_10m"), at(1, "user_distinct_failed_ips_10m")]).toEqual([2, 2]);
  });

  it("never overrides what the line says itself", () => {
    const log = new SyslogHost("web-01");
    log.line(T0, "sshd", 4000, "Invalid user bob from 203.0.113.9 port 40000");
    log.line(T0 + 10, "sshd", 4000, "Failed password for invalid user eve from 203.0.113.9 port 40000 ssh2");
    expect(report(log).map((r) => r.user)).toEqual(["bob", "eve"]);
  });

  it("does not share across hosts", () => {
    const log = new SyslogHost("web-01");
    log.line(T0, "sshd", 4000, "Invalid user bob from 203.0.113.9 port 40000");
    const other = new SyslogHost("db-02");
    other.line(T0 + 1000, "sshd", 4000, "pam_unix(sshd:auth): check pass; user unknown");
    log.lines.push(...other.lines);
    expect(report(log)[1]).toMatchObject({ user: "", ip: "" });
  });

  it("does not share with another program, after ten idle minutes, or once the pid announces another IP", () => {
    const log = new SyslogHost("web-01");
    log.line(T0, "sshd", 4000, "Invalid user bob from 203.0.113.9 port 40000");
    log.line(T0 + 1000, "CRON", 4000, "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)");
    log.line(T0 + 11 * MS_PER_MIN, "sshd", 4000, "pam_unix(sshd:auth): check pass; user unknown");
    log.line(T0 + 12 * MS_PER_MIN, "sshd", 4001, "Invalid user bob from 203.0.113.9 port 40001");
    log.line(T0 + 12 * MS_PER_MIN + 10, "sshd", 4001, "Accepted password for alice from 198.51.100.20 port 50000 ssh2");
    log.line(T0 + 12 * MS_PER_MIN + 20, "sshd", 4001, "pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)");
    const rows = report(log);
    expect(rows[1]).toMatchObject({ user: "root", ip: "" });
    expect(rows[2]).toMatchObject({ user: "", ip: "" });
    // pid 4001 reused by a new connection: its lines take the new one's IP, not the guesser's
    expect(rows[5]).toMatchObject({ user: "alice", ip: "198.51.100.20" });
  });

  it("leaves records without a pid alone", () => {
    const log = new SyslogHost("web-01");
    log.lines.push(
      { timeMs: T0, record: JSON.stringify({ time: new Date(T0).toISOString(), host: "web-01", ident: "sshd", message: "Invalid user bob from 203.0.113.9 port 40000" }) },
      { timeMs: T0 + 1, record: JSON.stringify({ time: new Date(T0 + 1).toISOString(), host: "web-01", ident: "sshd", message: "pam_unix(sshd:auth): check pass; user unknown" }) },
    );
    expect(report(log)[1]).toMatchObject({ user: "", ip: "" });
  });

  it("reads the pid of a raw syslog line's TAG[PID]", () => {
    const log = new SyslogHost("web-01");
    const raw = (t: number, msg: string) => ({ timeMs: t, record: JSON.stringify({ log: `Jan 22 03:00:0${t - T0} web-01 sshd[4000]: ${msg}` }) });
    log.lines.push(raw(T0, "Invalid user bob from 203.0.113.9 port 40000"), raw(T0 + 1, "pam_unix(sshd:auth): check pass; user unknown"));
    expect(report(log)[1]).toMatchObject({ user: "bob", ip: "203.0.113.9" });
  });
});

describe("an empty-user burst after a baseline with background guessing", () => {
  /** The time fail2ban's sshd jail (maxretry 5) could ban at the earliest: its 5th matching line. */
  function fail2banBanMs(lines: SyslogLine[]): number {
    const matches = lines.filter((l) => /"message":"(Invalid user|Failed password)/.test(l.record));
    return matches[4].timeMs;
  }

  it.each([1, 3, 7])("with a %d-day baseline: 95 percent or more of its failure lines alert, the first no later than fail2ban", async (days) => {
    const log = new SyslogHost("web-01");
    log.ordinaryDays(MONDAY, days + 1, { guessers: 10, bursts: 2 });
    log.burst(MONDAY + days * 1440 * MS_PER_MIN + 15 * 60 * MS_PER_MIN, "198.18.0.43", "", 43, 4 * MS_PER_MIN, "burst");
    const r = await runOnHost(log, { baselineDays: days });
    const burst = log.sorted().filter((l) => l.label === "burst");
    const failures = burst.filter((l) => !l.record.includes("Connection closed"));
    const share = failures.filter((l) => r.alerted(l)).length / failures.length;
    expect(share).toBeGreaterThanOrEqual(0.95);
    const first = burst.find((l) => r.alerted(l));
    expect(first!.timeMs).toBeLessThanOrEqual(fail2banBanMs(burst));
    // the connections' closing lines count for them too
    const closed = burst.filter((l) => l.record.includes("Connection closed"));
    expect(closed.filter((l) => r.alerted(l)).length / closed.length).toBeGreaterThanOrEqual(0.95);
  }, 120_000);
});
