// Raw text logs in, as a Debian or Ubuntu host writes /var/log/auth.log: sshd, sudo,
// CRON and pam_unix lines, rotated (auth.log.1) and gzipped (auth.log.2.gz), and the
// same lines on stdin (`--data-path -`). Each line becomes {"log": "<line>"}, as Fluent
// Bit's tail input would hand it to the filter, and the scanner reads it as syslog.
// A week of ordinary logins, then a day with an SSH brute force: validate, run, detect.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.ts";
import { createRng } from "../../trainer/util/rng.ts";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const BASELINE_START = Date.UTC(2024, 0, 15);
const ATTACK_DAY = Date.UTC(2024, 0, 22);
const ATTACKER = "203.0.113.7";
const ATTEMPTS = 30;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const FAST = ["--autoencoder-epochs", "5", "--iso-forest-estimators", "50"];
const CLI = resolve("bin/log-anomaly.mjs");

interface Line {
  timeMs: number;
  host: string;
  program: string;
  message: string;
  attack?: boolean;
}

const pad = (n: number, w = 2, c = "0") => String(n).padStart(w, c);
/** The traditional rsyslog format: `Jan 22 03:14:05 host prog[pid]: msg`, no year. */
function bsdLine(l: Line, pid: number): string {
  const d = new Date(l.timeMs);
  const stamp = `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate(), 2, " ")} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${stamp} ${l.host} ${l.program}[${pid}]: ${l.message}`;
}
/** Debian 12's default (RSYSLOG_FileFormat): `2024-01-22T03:14:05.000000+00:00 host prog[pid]: msg`. */
function isoLine(l: Line, pid: number): string {
  return `${new Date(l.timeMs).toISOString().replace(/\.(\d{3})Z$/, ".$1000+00:00")} ${l.host} ${l.program}[${pid}]: ${l.message}`;
}

function generate(): Line[] {
  const random = createRng(18).next;
  const port = () => 40000 + Math.floor(random() * 20000);
  const out: Line[] = [];
  const users = [["alice", "10.0.1.11"], ["bob", "10.0.1.12"], ["carol", "10.0.1.13"], ["dave", "10.0.1.14"]] as const;
  for (let day = BASELINE_START; day <= ATTACK_DAY; day += DAY) {
    const at = (hour: number) => day + hour * HOUR + Math.floor((random() * HOUR) / 1000) * 1000;
    for (let h = 0; h < 24; h++) {
      out.push({ timeMs: day + h * HOUR + 17 * 60_000, host: "web-01", program: "CRON", message: "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)" });
      out.push({ timeMs: day + h * HOUR + 17 * 60_000 + 1000, host: "web-01", program: "CRON", message: "(root) CMD (cd / && run-parts --report /etc/cron.hourly)" });
    }
    for (const [user, ip] of users) {
      for (let k = 0; k < 4; k++) {
        const t = at(8 + k * 2);
        if (random() < 0.15) out.push({ timeMs: t - 15_000, host: "web-01", program: "sshd", message: `Failed password for ${user} from ${ip} port ${port()} ssh2` });
        out.push({ timeMs: t, host: "web-01", program: "sshd", message: `Accepted publickey for ${user} from ${ip} port ${port()} ssh2: ED25519 SHA256:k${k}${user}` });
        out.push({ timeMs: t + 1000, host: "web-01", program: "sshd", message: `pam_unix(sshd:session): session opened for user ${user}(uid=100${k}) by (uid=0)` });
      }
    }
    const s = at(10);
    out.push({ timeMs: s, host: "web-01", program: "sudo", message: "   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx" });
    out.push({ timeMs: s + 1000, host: "web-01", program: "sudo", message: "pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)" });
  }
  const start = ATTACK_DAY + 3 * HOUR + 14 * 60_000;
  for (let i = 0; i < ATTEMPTS; i++) {
    out.push({ timeMs: start + i * 2000, host: "web-01", program: "sshd", message: `Failed password for root from ${ATTACKER} port ${50000 + i} ssh2`, attack: true });
  }
  return out.sort((a, b) => a.timeMs - b.timeMs);
}

describe("raw auth.log text in", () => {
  const dir = mkdtempSync(join(tmpdir(), "la-raw-"));
  const logs = join(dir, "logs");
  const out = join(dir, "out");
  const lines = generate();
  const text = (from: number, to: number, format = bsdLine) => lines.filter((l) => l.timeMs >= from && l.timeMs < to).map((l, i) => format(l, 1000 + i)).join("\n") + "\n";
  const attackDay = lines.filter((l) => l.timeMs >= ATTACK_DAY);
  let run: CliRun;

  beforeAll(async () => {
    mkdirSync(logs);
    // As logrotate leaves them: the oldest days gzipped, yesterday's plain, today's live.
    writeFileSync(join(logs, "auth.log.2.gz"), gzipSync(text(BASELINE_START, BASELINE_START + 4 * DAY)));
    writeFileSync(join(logs, "auth.log.1"), text(BASELINE_START + 4 * DAY, ATTACK_DAY));
    writeFileSync(join(logs, "auth.log"), text(ATTACK_DAY, ATTACK_DAY + DAY));
    // No line carries a year: the files' modification times date them.
    for (const f of ["auth.log.2.gz", "auth.log.1", "auth.log"]) utimesSync(join(logs, f), new Date(ATTACK_DAY + DAY), new Date(ATTACK_DAY + DAY));
    run = await runCli(["run", "--data-path", logs, "--output-dir", out, ...FAST, "--quiet"]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("validate reads every line of every rotated file as a usable record", async () => {
    const r = await runCli(["validate", "--data-path", logs, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { files: Array<{ file: string; format: string; records: number; usable: number; problems: object; first: string }> };
    expect(doc.files.map((f) => [f.file.slice(logs.length + 1), f.format])).toEqual([
      ["auth.log", "text lines"],
      ["auth.log.1", "text lines"],
      ["auth.log.2.gz", "text lines"],
    ]);
    for (const f of doc.files) expect([f.file, f.usable, f.problems]).toEqual([f.file, f.records, {}]);
    expect(doc.files.reduce((n, f) => n + f.records, 0)).toBe(lines.length);
    expect(doc.files[2].first.slice(0, 10)).toBe("2024-01-15");
  });

  it("validate gives the line of each bad record", async () => {
    const file = join(dir, "bad.log");
    writeFileSync(file, ["Jan 22 03:14:05 web-01 sshd[1]: Accepted publickey for alice from 10.0.1.11 port 5 ssh2", "", "kernel: no header on this one", "Jan 22 03:15:05 web-01 CRON[2]: (root) CMD (true)", "still no header"].join("\n") + "\n");
    const r = await runCli(["validate", "--data-path", file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/text lines +4 +2 .*no usable timestamp 2 \(lines 3, 5\)$/m);
  });

  it("run dates the lines, trains on the week and flags the brute force", () => {
    expect(run.code, run.stderr).toBe(0);
    const { summary, anomalies } = JSON.parse(readFileSync(join(out, "anomalies_detailed.json"), "utf8"));
    expect(summary.skipped).toEqual({});
    expect(summary.total_events).toBe(attackDay.length);
    expect(summary.baseline_start.slice(0, 10)).toBe("2024-01-15");
    const flagged = (anomalies as Array<{ source_ip: string; threat_type: string; user: string }>).filter((a) => a.threat_type === "brute_force");
    // Every attempt after the first few (the windows need a handful of failures to fill); root's
    // next CRON session joins the incident, as it is root's account under attack.
    expect(flagged.filter((a) => a.source_ip === ATTACKER).length).toBeGreaterThanOrEqual(ATTEMPTS - 8);
    expect(flagged.filter((a) => a.user !== "root")).toEqual([]);
  });

  it("detect scores the day's auth.log with the run's model", async () => {
    const r = await runCli(["detect", "--model", join(out, "model.bin"), "--data-path", join(logs, "auth.log"), "--output-dir", join(dir, "detect"), "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).summary.by_threat_type.brute_force).toBeGreaterThanOrEqual(ATTEMPTS - 8);
  });

  it.each([
    ["plain", (s: string) => Buffer.from(s)],
    ["gzipped", (s: string) => gzipSync(s)],
  ])("detect reads %s lines from stdin (--data-path -)", (_kind, encode) => {
    const input = encode(text(ATTACK_DAY, ATTACK_DAY + DAY, isoLine));
    const r = spawnSync(process.execPath, [CLI, "detect", "--model", join(out, "model.bin"), "--data-path", "-", "--output-dir", join(dir, "stdin"), "--json"], { input, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary.total_events).toBe(attackDay.length);
    expect(doc.summary.by_threat_type.brute_force).toBeGreaterThanOrEqual(ATTEMPTS - 8);
  });

  it("validate reads stdin, yearless lines dated from now", () => {
    const r = spawnSync(process.execPath, [CLI, "validate", "--data-path", "-", "--json"], { input: text(ATTACK_DAY, ATTACK_DAY + DAY), encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const [f] = JSON.parse(r.stdout).files;
    expect([f.format, f.records, f.usable]).toEqual(["text lines", attackDay.length, attackDay.length]);
    expect(Math.abs(Date.parse(f.first) - Date.now())).toBeLessThan(366 * DAY);
  });
});
