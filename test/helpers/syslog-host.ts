// Real-shaped auth logs of one Internet-facing Linux host, as Fluent Bit's syslog-rfc5424 parser
// emits them (test/fixtures/formats/syslog.jsonl): routine CRON sessions, the admin's ssh logins
// and sudo, and the guessing every such host receives. Each sshd connection is one process (pid),
// and its lines are the ones OpenSSH 8/9 with pam_unix writes, in their order:
//
//   const log = new SyslogHost("web-01");
//   log.cron(t);                                   // pam_unix(cron:session) opened + closed for root
//   log.guess(t, "203.0.113.9", "");              // one connection guessing an (empty) invalid user
//   log.records()                                  // NDJSON texts in time order

const MS_PER_MIN = 60_000;

export interface SyslogLine {
  timeMs: number;
  record: string;
  /** Set on the lines of attacks the test labels. */
  label?: string;
}

export class SyslogHost {
  lines: SyslogLine[] = [];
  private pid = 1000;
  private port = 40000;

  constructor(readonly host: string) {}

  line(timeMs: number, ident: string, pid: number, message: string, label?: string): void {
    const record = JSON.stringify({
      pri: "86",
      time: new Date(timeMs).toISOString().replace("Z", "+00:00"),
      host: this.host,
      ident,
      pid: String(pid),
      msgid: "-",
      extradata: "-",
      message,
    });
    this.lines.push({ timeMs, record, label });
  }

  /** A CRON job's session for root. */
  cron(t: number): void {
    const pid = this.nextPid();
    this.line(t, "CRON", pid, "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)");
    this.line(t + 1000, "CRON", pid, "pam_unix(cron:session): session closed for user root");
  }

  /** The admin logs in by key from the office, runs sudo, logs out. */
  adminSession(t: number, user = "alice", ip = "198.51.100.20"): void {
    const pid = this.nextPid();
    const port = this.nextPort();
    this.line(t, "sshd", pid, `Accepted publickey for ${user} from ${ip} port ${port} ssh2: ED25519 SHA256:Zm9vYmFyYmF6cXV4`);
    this.line(t + 10, "sshd", pid, `pam_unix(sshd:session): session opened for user ${user}(uid=1000) by (uid=0)`);
    const sudoPid = this.nextPid();
    this.line(t + 60_000, "sudo", sudoPid, `${user} : TTY=pts/0 ; PWD=/home/${user} ; USER=root ; COMMAND=/usr/bin/apt update`);
    this.line(t + 60_010, "sudo", sudoPid, `pam_unix(sudo:session): session opened for user root(uid=0) by ${user}(uid=1000)`);
    this.line(t + 90_000, "sudo", sudoPid, "pam_unix(sudo:session): session closed for user root");
    this.line(t + 600_000, "sshd", pid, `Received disconnect from ${ip} port ${port}:11: disconnected by user`);
    this.line(t + 600_010, "sshd", pid, `Disconnected from user ${user} ${ip} port ${port}`);
    this.line(t + 600_020, "sshd", pid, `pam_unix(sshd:session): session closed for user ${user}`);
  }

  /**
   * One connection guessing a password for an invalid user (`user` may be empty: `Invalid user  from`),
   * or for an existing one (`existing`): the lines sshd writes, 2 s from first to last.
   */
  guess(t: number, ip: string, user: string, label?: string, existing = false): void {
    const pid = this.nextPid();
    const port = this.nextPort();
    if (existing) {
      this.line(t + 1000, "sshd", pid, `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}  user=${user}`, label);
      this.line(t + 1500, "sshd", pid, `Failed password for ${user} from ${ip} port ${port} ssh2`, label);
      this.line(t + 2000, "sshd", pid, `Connection closed by authenticating user ${user} ${ip} port ${port} [preauth]`, label);
      return;
    }
    this.line(t, "sshd", pid, `Invalid user ${user} from ${ip} port ${port}`, label);
    this.line(t + 10, "sshd", pid, `input_userauth_request: invalid user ${user} [preauth]`, label);
    this.line(t + 1000, "sshd", pid, "pam_unix(sshd:auth): check pass; user unknown", label);
    this.line(t + 1010, "sshd", pid, `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}`, label);
    this.line(t + 1500, "sshd", pid, `Failed password for invalid user ${user} from ${ip} port ${port} ssh2`, label);
    this.line(t + 2000, "sshd", pid, `Connection closed by ${ip} port ${port} [preauth]`, label);
  }

  /** `attempts` connections from `ip`, evenly over `spanMs`. */
  burst(t: number, ip: string, user: string, attempts: number, spanMs: number, label?: string, existing = false): void {
    for (let i = 0; i < attempts; i++) this.guess(t + Math.round((i * spanMs) / attempts), ip, user, label, existing);
  }

  /**
   * `days` days from `startMs` of ordinary traffic: CRON every 10 minutes, the admin's session at
   * 09:00 on weekdays, and background guessing (`guessers` sources a day, each a few attempts at
   * root or a common name; with `bursts`, a fast burst from a few of them as well).
   */
  ordinaryDays(startMs: number, days: number, opts: { guessers?: number; bursts?: number } = {}): void {
    const guessers = opts.guessers ?? 0;
    for (let d = 0; d < days; d++) {
      const day = startMs + d * 1440 * MS_PER_MIN;
      for (let m = 0; m < 1440; m += 10) this.cron(day + m * MS_PER_MIN + 5_000);
      const weekday = new Date(day).getUTCDay();
      if (weekday >= 1 && weekday <= 5) this.adminSession(day + 9 * 60 * MS_PER_MIN + 30_000);
      for (let g = 0; g < guessers; g++) {
        const ip = `192.0.2.${(d * guessers + g) % 250 + 1}`;
        const at = day + ((g * 997 + d * 131) % 1400) * MS_PER_MIN;
        const names = ["root", "admin", "test", "oracle", "ubuntu"];
        for (let a = 0; a < 3; a++) this.guess(at + a * 20_000, ip, names[(g + a) % names.length], "background", names[(g + a) % names.length] === "root");
      }
      for (let b = 0; b < (opts.bursts ?? 0); b++) {
        this.burst(day + (180 + b * 240) * MS_PER_MIN, `203.0.113.${d * 4 + b + 1}`, b % 2 ? "root" : "admin", 120, 60_000, "background", b % 2 === 1);
      }
    }
  }

  records(): string[] {
    return this.sorted().map((l) => l.record);
  }

  sorted(): SyslogLine[] {
    return [...this.lines].sort((a, b) => a.timeMs - b.timeMs);
  }

  private nextPid(): number {
    this.pid = this.pid >= 32000 ? 1000 : this.pid + 1;
    return this.pid;
  }

  private nextPort(): number {
    this.port = this.port >= 60000 ? 40000 : this.port + 1;
    return this.port;
  }
}
