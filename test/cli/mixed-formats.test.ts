// Acceptance of "read the logs people really ship": one directory holding syslog (Fluent Bit
// syslog-rfc3164 records, yearless timestamps), Windows Security (Winlogbeat), ECS and CloudTrail
// (a {"Records": [...]} log file) goes through `log-anomaly run` with --log-format auto: a week of
// mixed baseline, then a day with a brute force in syslog form and one in Windows 4625 form. Both
// must come out as brute_force, and the filter built by the run (the Fluent Bit ABI) must say
// exactly what the batch said about every record of that day.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.ts";
import { FluentBitHost } from "../helpers/fluent-bit-host.ts";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const BASELINE_START = Date.UTC(2024, 0, 15);
const ANALYSIS_DAY = Date.UTC(2024, 0, 22);
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const SYSLOG_ATTACKER = "203.0.113.7";
const WINDOWS_ATTACKER = "198.51.100.50";
const ATTEMPTS = 30;

interface Generated {
  file: string;
  timeMs: number;
  text: string;
  attack?: "syslog" | "windows";
}

interface DetailedAnomaly {
  timestamp: string;
  user: string;
  message: string;
  event_type: string;
  anomaly_score: number;
  threat_type: string;
  source: string;
}

/** mulberry32: a small seeded generator, so the data set is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** RFC 3164 timestamp, as Fluent Bit's syslog-rfc3164 parser keeps it with Time_Keep On: no year. */
function bsd(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function generate(): Generated[] {
  const random = rng(20240122);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const port = () => 40000 + Math.floor(random() * 20000);
  const out: Generated[] = [];
  let pid = 2000;
  const syslog = (t: number, host: string, ident: string, message: string, attack?: Generated["attack"]) =>
    out.push({ file: "linux-auth.jsonl", timeMs: t, attack, text: JSON.stringify({ time: bsd(t), host, ident, pid: String(pid++), message }) });
  const windows = (t: number, id: number, computer: string, data: Record<string, string>, attack?: Generated["attack"]) =>
    out.push({
      file: "windows-security.jsonl",
      timeMs: t,
      attack,
      text: JSON.stringify({
        "@timestamp": new Date(t).toISOString(),
        event: { code: String(id), provider: "Microsoft-Windows-Security-Auditing" },
        winlog: { channel: "Security", computer_name: computer, event_id: String(id), event_data: data },
        host: { name: computer },
      }),
    });
  const ecs = (t: number, user: string, ip: string, host: string, outcome: string) =>
    out.push({
      file: "ecs.jsonl",
      timeMs: t,
      text: JSON.stringify({
        "@timestamp": new Date(t).toISOString(),
        event: { category: ["authentication"], action: "ssh_login", outcome },
        user: { name: user },
        source: { ip, port: port() },
        host: { name: host },
        process: { name: "sshd" },
      }),
    });
  const cloudtrail = (t: number, user: string, ip: string, name: string, extra: Record<string, unknown> = {}) =>
    out.push({
      file: "cloudtrail.json",
      timeMs: t,
      text: JSON.stringify({
        eventVersion: "1.08",
        userIdentity: { type: "IAMUser", arn: `arn:aws:iam::123456789012:user/${user}`, accountId: "123456789012", userName: user },
        eventTime: new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z"),
        eventSource: name === "ConsoleLogin" ? "signin.amazonaws.com" : "s3.amazonaws.com",
        eventName: name,
        awsRegion: "eu-west-1",
        sourceIPAddress: ip,
        eventID: `ev-${out.length}`,
        ...extra,
      }),
    });

  const linuxUsers = [["alice", "10.0.1.11"], ["bob", "10.0.1.12"], ["carol", "10.0.1.13"], ["dave", "10.0.1.14"]] as const;
  const winUsers = [["jsmith", "10.0.2.21", "WKS-01"], ["mdoe", "10.0.2.22", "WKS-02"], ["kwong", "10.0.2.23", "WKS-03"]] as const;
  for (let day = BASELINE_START; day <= ANALYSIS_DAY; day += DAY) {
    // whole seconds: syslog stamps carry no more, and the order below must be the scanner's
    const at = (hour: number) => day + hour * HOUR + Math.floor((random() * HOUR) / 1000) * 1000;
    for (const [user, ip] of linuxUsers) {
      for (let k = 0; k < 4; k++) {
        const t = at(8 + k * 2);
        const host = pick(["web-01", "web-02", "db-01"]);
        if (random() < 0.15) syslog(t - 15_000, host, "sshd", `Failed password for ${user} from ${ip} port ${port()} ssh2`);
        syslog(t, host, "sshd", `Accepted publickey for ${user} from ${ip} port ${port()} ssh2: ED25519 SHA256:k${k}`);
        syslog(t + 1000, host, "sshd", `pam_unix(sshd:session): session opened for user ${user}(uid=100${k}) by (uid=0)`);
      }
    }
    const s = at(10);
    syslog(s, "db-01", "sudo", "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl restart postgresql");
    syslog(s + 1000, "db-01", "sudo", "pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)");
    for (const [user, ip, ws] of winUsers) {
      windows(at(8), 4624, ws, { TargetUserName: user, TargetDomainName: "CONTOSO", LogonType: "2", IpAddress: "127.0.0.1", WorkstationName: ws });
      for (let k = 0; k < 3; k++) {
        const t = at(9 + k * 3);
        if (random() < 0.15) windows(t - 20_000, 4625, "FS01", { TargetUserName: user, LogonType: "3", IpAddress: ip, Status: "0xc000006d", SubStatus: "0xc000006a" });
        windows(t, 4624, "FS01", { TargetUserName: user, TargetDomainName: "CONTOSO", LogonType: "3", IpAddress: ip, WorkstationName: ws });
        windows(t + 2000, 4688, ws, { SubjectUserName: user, NewProcessName: pick(["C:\\Program Files\\Microsoft Office\\EXCEL.EXE", "C:\\Windows\\System32\\notepad.exe"]), CommandLine: "" });
      }
    }
    windows(at(9), 4672, "DC01", { SubjectUserName: "adm-jsmith", SubjectDomainName: "CONTOSO", PrivilegeList: "SeBackupPrivilege" });
    for (let k = 0; k < 2; k++) ecs(at(9 + k * 4), "deploy", "10.0.3.5", "build-01", "success");
    for (const user of ["anaya", "devops"]) {
      cloudtrail(at(9), user, "192.0.2.10", "ConsoleLogin", { responseElements: { ConsoleLogin: "Success" }, additionalEventData: { MFAUsed: "Yes" } });
      cloudtrail(at(11), user, "192.0.2.10", "GetObject", {
        requestParameters: { bucketName: "reports", key: `daily/${new Date(day).toISOString().slice(0, 10)}.csv` },
        additionalEventData: { bytesTransferredOut: 20000 + Math.floor(random() * 5000) },
      });
    }
  }
  // The attacks, on the analysis day.
  const sshStart = ANALYSIS_DAY + 3 * HOUR + 14 * 60_000;
  for (let i = 0; i < ATTEMPTS; i++) {
    syslog(sshStart + i * 2000, "web-01", "sshd", `Failed password for root from ${SYSLOG_ATTACKER} port ${50000 + i} ssh2`, "syslog");
  }
  const winStart = ANALYSIS_DAY + 4 * HOUR + 20 * 60_000;
  for (let i = 0; i < ATTEMPTS; i++) {
    windows(winStart + i * 2000, 4625, "FS01", { TargetUserName: "Administrator", TargetDomainName: "CONTOSO", LogonType: "3", IpAddress: WINDOWS_ATTACKER, WorkstationName: "KALI", Status: "0xc000006d", SubStatus: "0xc000006a" }, "windows");
  }
  return out;
}

describe("run on a mixed-format directory (--log-format auto)", () => {
  const dir = mkdtempSync(join(tmpdir(), "la-mixed-"));
  const outDir = join(dir, "out");
  const data = join(dir, "logs");
  const records = generate();
  /** The analysis day in the order `run` scores it: by time, ties in load order (files by name, then line). */
  const files = [...new Set(records.map((r) => r.file))].sort();
  const loadOrder = files.flatMap((f) => records.filter((r) => r.file === f));
  const analysis = loadOrder
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.timeMs >= ANALYSIS_DAY)
    .sort((a, b) => a.r.timeMs - b.r.timeMs || a.i - b.i)
    .map(({ r }) => r);
  const keyOf = (timestamp: string, user: string, message: string) => `${new Date(timestamp).toISOString()}|${user}|${message}`;
  let result: CliRun;
  let anomalies: DetailedAnomaly[];

  beforeAll(async () => {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(data);
    for (const f of files) {
      const texts = records.filter((r) => r.file === f).map((r) => r.text);
      // CloudTrail delivers {"Records": [...]} files; the others are NDJSON.
      writeFileSync(join(data, f), f.endsWith(".json") ? `{"Records":[${texts.join(",\n")}]}\n` : texts.join("\n") + "\n");
    }
    result = await runCli([
      "run", "--data-path", data, "--output-dir", outDir, "--baseline-period-days", "7",
      "--autoencoder-epochs", "5", "--iso-forest-estimators", "50", "--quiet",
    ]);
    anomalies = (JSON.parse(readFileSync(join(outDir, "anomalies_detailed.json"), "utf8")) as { anomalies: DetailedAnomaly[] }).anomalies;
  }, 120_000);

  it("exits 0 and reads every record (yearless syslog stamps dated from the data)", () => {
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(outDir, "anomalies_detailed.json"), "utf8")).summary;
    expect(summary.skipped, JSON.stringify(summary.skipped)).toEqual({});
    expect(summary.total_events).toBe(analysis.length);
    expect(summary.analysis_start.slice(0, 10)).toBe("2024-01-22");
  });

  it("validate sees what run sees: every record usable, the CloudTrail file as a Records object", async () => {
    const r = await runCli(["validate", "--data-path", data, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { files: Array<{ file: string; format: string; records: number; usable: number; first: string }> };
    for (const f of doc.files) expect(f.usable, f.file).toBe(f.records);
    expect(doc.files.find((f) => f.file.endsWith("cloudtrail.json"))?.format).toBe("records object");
    expect(doc.files.find((f) => f.file.endsWith("linux-auth.jsonl"))?.first.slice(0, 10)).toBe("2024-01-15");
  });

  it.each([
    ["syslog", "linux-auth.jsonl", "sshd"],
    ["windows", "windows-security.jsonl", "4625"],
  ] as const)("flags the brute force in %s form as brute_force", (attack, source, eventType) => {
    const flagged = anomalies.filter((a) => a.source === source && a.threat_type === "brute_force");
    const attempts = analysis.filter((r) => r.attack === attack);
    // Every attempt after the first few (the windows need a handful of failures to fill).
    const late = attempts.slice(8);
    const missing = late.filter((r) => !flagged.some((a) => a.timestamp === new Date(r.timeMs).toISOString()));
    expect(missing.map((r) => r.text)).toEqual([]);
    for (const a of flagged) expect(a.event_type, JSON.stringify(a)).toBe(eventType);
    expect(flagged.every((a) => a.user === (attack === "syslog" ? "root" : "Administrator"))).toBe(true);
  });

  it("raises few false alarms on the normal records of the analysis day", () => {
    const attackKeys = new Set(analysis.filter((r) => r.attack).map((r) => new Date(r.timeMs).toISOString()));
    const falseAlarms = anomalies.filter((a) => !attackKeys.has(a.timestamp));
    const normal = analysis.filter((r) => !r.attack).length;
    expect(falseAlarms.length, falseAlarms.map((a) => `${a.source} ${a.user} ${a.message} ${a.threat_type}`).join("\n")).toBeLessThanOrEqual(Math.ceil(normal * 0.05));
  });

  it("gives the filter (Fluent Bit ABI, the run's log_anomaly_filter.wasm) exactly the batch's verdicts", async () => {
    const host = await FluentBitHost.load(join(outDir, "log_anomaly_filter.wasm"));
    const byKey = new Map(anomalies.map((a) => [keyOf(a.timestamp, a.user, a.message), a]));
    const inline: string[] = [];
    for (const r of analysis) {
      const out = host.filter(r.text, { timeSec: Math.floor(r.timeMs / 1000), timeNsec: (r.timeMs % 1000) * 1e6 });
      expect(out.ok, out.ok ? "" : out.reason).toBe(true);
      if (!out.ok) continue;
      const v = out.value as { anomaly_score: number; threat_type: string };
      if (v.anomaly_score >= 0.5) inline.push(`${r.timeMs}|${v.threat_type}|${v.anomaly_score}`);
    }
    const batch = analysis.flatMap((r) => {
      const a = [...byKey.values()].find(
        (x) => x.timestamp === new Date(r.timeMs).toISOString() && r.text.includes(x.user) && r.text.includes(JSON.stringify(x.message).slice(1, -1)),
      );
      return a ? [`${r.timeMs}|${a.threat_type}|${Math.round(a.anomaly_score * 10_000) / 10_000}`] : [];
    });
    expect(inline).toEqual(batch);
    expect(inline.length).toBeGreaterThanOrEqual(2 * (ATTEMPTS - 8));
  });
});
