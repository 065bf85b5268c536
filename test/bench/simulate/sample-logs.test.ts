import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  generateSampleLogs,
  renderSampleFiles,
  SAMPLE_FILES,
  type SampleRecord,
} from "../../../bench/simulate/sample-logs.ts";

const logs = generateSampleLogs(42);
const attackIds = new Set(logs.labels.map((l) => l.event_id));
const injected = logs.attack.filter((r) => attackIds.has(r.event_id));
const ordinaryDay8 = logs.attack.filter((r) => !attackIds.has(r.event_id));

const EMPLOYEES = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];
const EVENT_TYPES = ["login", "logout", "sudo", "file_access", "network_connection", "process_start", "group_change"];
const KEY_ORDER = ["event_id", "timestamp", "user", "source_ip", "host", "event_type", "action", "message", "bytes", "path"];
const MB = 1024 * 1024;
const GB = 1024 * MB;

const ms = (r: SampleRecord): number => Date.parse(r.timestamp);
const hourOf = (r: SampleRecord): number => {
  const d = new Date(ms(r));
  return d.getUTCHours() + d.getUTCMinutes() / 60 + d.getUTCSeconds() / 3600;
};
const dateOf = (r: SampleRecord): string => r.timestamp.slice(0, 10);
const byUser = (records: SampleRecord[], user: string) => records.filter((r) => r.user === user);

describe("generateSampleLogs", () => {
  it("is deterministic for a seed and different for another", () => {
    expect(generateSampleLogs(42)).toEqual(logs);
    const other = generateSampleLogs(7);
    expect(other.normal).not.toEqual(logs.normal);
    expect(other.attack).not.toEqual(logs.attack);
  });

  it("produces the expected volumes", () => {
    expect(logs.normal.length).toBeGreaterThan(1000);
    expect(logs.normal.length).toBeLessThan(1500);
    expect(injected).toHaveLength(15);
    expect(ordinaryDay8.length).toBeGreaterThanOrEqual(30);
    expect(ordinaryDay8.length).toBeLessThanOrEqual(42);
    for (const seed of [1, 2, 3, 99]) {
      const l = generateSampleLogs(seed);
      expect(l.labels).toHaveLength(15);
      expect(l.attack.length - 15).toBeGreaterThanOrEqual(28);
      expect(l.attack.length - 15).toBeLessThanOrEqual(43);
    }
  });

  it("gives every record the required fields, in order, with valid values", () => {
    for (const r of [...logs.normal, ...logs.attack]) {
      const keys = Object.keys(r);
      expect(keys.slice(0, 8)).toEqual(KEY_ORDER.slice(0, 8));
      expect(keys).toEqual(KEY_ORDER.filter((k) => k in r));
      expect(r.event_id).toMatch(/^evt-\d{6}$/);
      expect(r.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(new Date(ms(r)).toISOString().replace(".000Z", "Z")).toBe(r.timestamp);
      expect(r.user).not.toBe("");
      expect(r.source_ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(r.host).not.toBe("");
      expect(EVENT_TYPES).toContain(r.event_type);
      expect(["success", "failure"]).toContain(r.action);
      expect(r.message).not.toBe("");
      if (r.bytes !== undefined) expect(Number.isSafeInteger(r.bytes) && r.bytes > 0).toBe(true);
      if (r.event_type === "file_access") expect(r.path).toMatch(/^\//);
      else expect(r.path).toBeUndefined();
    }
  });

  it("numbers events uniquely and consecutively across both files", () => {
    const ids = [...logs.normal, ...logs.attack].map((r) => r.event_id);
    ids.forEach((id, i) => expect(id).toBe(`evt-${String(i + 1).padStart(6, "0")}`));
  });

  it("sorts each file by time", () => {
    for (const records of [logs.normal, logs.attack]) {
      for (let i = 1; i < records.length; i++) expect(ms(records[i])).toBeGreaterThanOrEqual(ms(records[i - 1]));
    }
  });

  it("keeps the baseline in days 1-7 and the attack file on day 8", () => {
    for (const r of logs.normal) {
      expect(r.timestamp >= "2024-01-15T00:00:00Z" && r.timestamp <= "2024-01-21T23:59:59Z").toBe(true);
    }
    for (const r of logs.attack) expect(dateOf(r)).toBe("2024-01-22");
  });

  it("labels exactly the injected records, and only attack-file ones", () => {
    const ids = new Set(logs.attack.map((r) => r.event_id));
    for (const l of logs.labels) expect(ids.has(l.event_id)).toBe(true);
    expect(new Set(logs.labels.map((l) => l.event_id)).size).toBe(15);
    const count = (t: string) => logs.labels.filter((l) => l.threat_type === t).length;
    expect([count("brute_force"), count("data_exfiltration"), count("privilege_escalation")]).toEqual([12, 2, 1]);
    expect(logs.labels.map((l) => l.event_id)).toEqual(injected.map((r) => r.event_id));
  });
});

describe("baseline week", () => {
  it("has employees on weekdays only, at office hours, from one workstation each", () => {
    for (const user of EMPLOYEES) {
      const events = byUser(logs.normal, user);
      expect(new Set(events.map((r) => r.source_ip)).size).toBe(1);
      expect(new Set(events.map((r) => r.host))).toEqual(new Set([`ws-${user}`]));
      expect(events.every((r) => r.source_ip.startsWith("10.0.1."))).toBe(true);
      expect(new Set(events.map(dateOf))).toEqual(
        new Set(["2024-01-15", "2024-01-16", "2024-01-17", "2024-01-18", "2024-01-19"]),
      );
      for (const r of events) expect(hourOf(r) >= 7.99 && hourOf(r) <= 18.5).toBe(true);
      for (const day of new Set(events.map(dateOf))) {
        const d = events.filter((r) => dateOf(r) === day);
        const kinds = (t: string) => d.filter((r) => r.event_type === t).length;
        expect(d.filter((r) => r.event_type === "login" && r.action === "success")).toHaveLength(1);
        expect(kinds("logout")).toBe(1);
        expect(kinds("file_access")).toBeGreaterThanOrEqual(5);
        expect(kinds("file_access")).toBeLessThanOrEqual(25);
        expect(kinds("network_connection")).toBeGreaterThanOrEqual(3);
        expect(kinds("network_connection")).toBeLessThanOrEqual(15);
        expect(d[d.length - 1].event_type).toBe("logout");
      }
      for (const r of events.filter((r) => r.event_type === "file_access")) {
        expect(r.path!.startsWith(`/home/${user}/`) || r.path!.startsWith("/srv/shared/")).toBe(true);
        expect(r.bytes! >= 1024 && r.bytes! <= 5 * MB).toBe(true);
      }
      for (const r of events.filter((r) => r.event_type === "network_connection")) {
        expect(r.bytes! >= 10 * 1024 && r.bytes! <= 2 * MB).toBe(true);
      }
    }
  });

  it("never shows a regular employee using sudo", () => {
    expect(logs.normal.filter((r) => EMPLOYEES.includes(r.user) && r.event_type === "sudo")).toEqual([]);
  });

  it("has a few mistyped passwords, each just before the same user's successful login from the same IP", () => {
    const failures = logs.normal.filter((r) => r.action === "failure");
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures.length).toBeLessThanOrEqual(6);
    for (const f of failures) {
      expect(f.event_type).toBe("login");
      expect(f.message).toMatch(/^Failed password for \S+ from \S+ port \d+ ssh2$/);
      expect(f.message).toContain(`for ${f.user} from ${f.source_ip} port`);
      const next = logs.normal.find((r) => r.user === f.user && ms(r) > ms(f));
      expect(next).toMatchObject({ event_type: "login", action: "success", source_ip: f.source_ip });
      expect(ms(next!) - ms(f)).toBeLessThanOrEqual(15_000);
    }
  });

  it("has admins on weekdays 08-19 sudoing on the servers, plus admin's Saturday check", () => {
    for (const [user, ip] of [["admin", "10.0.0.5"], ["ops", "10.0.0.6"]]) {
      const events = byUser(logs.normal, user);
      expect(new Set(events.map((r) => r.source_ip))).toEqual(new Set([ip]));
      for (const r of events) expect(["srv-web-01", "srv-db-01"]).toContain(r.host);
      const weekday = events.filter((r) => dateOf(r) <= "2024-01-19");
      for (const r of weekday) expect(hourOf(r) >= 7.99 && hourOf(r) <= 19).toBe(true);
      for (const day of ["2024-01-15", "2024-01-16", "2024-01-17", "2024-01-18", "2024-01-19"]) {
        const d = weekday.filter((r) => dateOf(r) === day);
        expect(d.filter((r) => r.event_type === "sudo").length).toBeGreaterThanOrEqual(3);
        expect(d.some((r) => r.event_type === "process_start")).toBe(true);
      }
      for (const r of events.filter((r) => r.event_type === "sudo")) {
        expect(r.message).toMatch(new RegExp(`^${user} : TTY=pts/\\d ; PWD=/home/${user} ; USER=root ; COMMAND=/usr/bin/`));
      }
    }
    const weekend = logs.normal.filter((r) => dateOf(r) >= "2024-01-20" && r.user !== "svc_backup");
    expect(weekend.map((r) => [r.user, r.event_type])).toEqual([
      ["admin", "login"],
      ["admin", "sudo"],
      ["admin", "logout"],
    ]);
    expect(dateOf(weekend[0])).toBe("2024-01-20");
    expect(Math.abs(hourOf(weekend[0]) - 10)).toBeLessThanOrEqual(0.25);
  });

  it("runs svc_backup every night 02:00-02:40 with huge reads and one huge push", () => {
    const events = byUser(logs.normal, "svc_backup");
    const nights = [...new Set(events.map(dateOf))];
    expect(nights).toHaveLength(7);
    for (const night of nights) {
      const d = events.filter((r) => dateOf(r) === night);
      expect(d[0].event_type).toBe("login");
      expect(d[d.length - 1].event_type).toBe("logout");
      const reads = d.filter((r) => r.event_type === "file_access");
      expect(reads.length).toBeGreaterThanOrEqual(3);
      expect(reads.length).toBeLessThanOrEqual(6);
      for (const r of reads) {
        expect(r.path).toMatch(/^\/srv\/data\//);
        expect(r.bytes! >= 200 * MB && r.bytes! <= 1.5 * GB).toBe(true);
      }
      const pushes = d.filter((r) => r.event_type === "network_connection");
      expect(pushes).toHaveLength(1);
      expect(pushes[0].message).toContain("10.0.9.20");
      expect(pushes[0].bytes! >= GB && pushes[0].bytes! <= 3 * GB).toBe(true);
      for (const r of d) {
        expect(hourOf(r) >= 2 && hourOf(r) <= 2 + 40 / 60).toBe(true);
        expect([r.source_ip, r.host]).toEqual(["10.0.9.10", "backup-01"]);
      }
    }
  });
});

describe("attack day", () => {
  const label = (r: SampleRecord) => logs.labels.find((l) => l.event_id === r.event_id)!.threat_type;

  it("has a 12-attempt brute force against admin from one IP within a minute", () => {
    const bf = injected.filter((r) => label(r) === "brute_force");
    expect(bf).toHaveLength(12);
    expect(bf[0].timestamp).toBe("2024-01-22T03:14:05Z");
    expect(ms(bf[11]) - ms(bf[0])).toBeLessThan(60_000);
    for (let i = 1; i < 12; i++) expect([4000, 5000]).toContain(ms(bf[i]) - ms(bf[i - 1]));
    for (const r of bf) {
      expect(r).toMatchObject({ user: "admin", source_ip: "203.0.113.45", host: "srv-web-01" });
      expect([r.event_type, r.action]).toEqual(["login", "failure"]);
      expect(r.message).toMatch(/^Failed password for admin from 203\.0\.113\.45 port \d+ ssh2$/);
    }
    expect(logs.normal.some((r) => r.source_ip === "203.0.113.45")).toBe(false);
  });

  it("has dave exfiltrating late at night from his usual IP", () => {
    const ex = injected.filter((r) => label(r) === "data_exfiltration");
    const daveIp = byUser(logs.normal, "dave")[0].source_ip;
    expect(ex.map((r) => r.event_type)).toEqual(["file_access", "network_connection"]);
    for (const r of ex) {
      expect(r).toMatchObject({ user: "dave", source_ip: daveIp, host: "ws-dave", action: "success" });
      expect(hourOf(r) >= 23 + 40 / 60 && hourOf(r) <= 23 + 50 / 60).toBe(true);
    }
    expect(ex[0].path).toBe("/srv/finance/customer_db_export.csv");
    expect(Math.abs(ex[0].bytes! / (2.5 * GB) - 1)).toBeLessThan(0.02);
    expect(ex[1].message).toContain("198.51.100.23");
    expect(Math.abs(ex[1].bytes! / (4.2 * GB) - 1)).toBeLessThan(0.02);
    const daveMax = Math.max(...byUser(logs.normal, "dave").map((r) => r.bytes ?? 0));
    expect(ex[0].bytes!).toBeGreaterThan(100 * daveMax);
  });

  it("has bob's first ever sudo, to a root shell", () => {
    const pe = injected.filter((r) => label(r) === "privilege_escalation");
    expect(pe).toHaveLength(1);
    expect(pe[0]).toMatchObject({
      user: "bob",
      source_ip: byUser(logs.normal, "bob")[0].source_ip,
      host: "ws-bob",
      event_type: "sudo",
      action: "success",
      message: "bob : TTY=pts/1 ; PWD=/home/bob ; USER=root ; COMMAND=/bin/su -",
    });
    expect(Math.abs(hourOf(pe[0]) - (14 + 20 / 60))).toBeLessThanOrEqual(1 / 60);
  });

  it("surrounds the attacks with ordinary events like the baseline's", () => {
    const usualIp = new Map(logs.normal.map((r) => [r.user, r.source_ip]));
    const usualHosts = new Map<string, Set<string>>();
    for (const r of logs.normal) usualHosts.set(r.user, (usualHosts.get(r.user) ?? new Set()).add(r.host));
    for (const r of ordinaryDay8) {
      expect(r.source_ip).toBe(usualIp.get(r.user));
      expect(usualHosts.get(r.user)!.has(r.host)).toBe(true);
      if (EMPLOYEES.includes(r.user)) {
        expect(r.event_type).not.toBe("sudo");
        expect(hourOf(r) >= 7.99 && hourOf(r) <= 18.5).toBe(true);
        if (r.bytes !== undefined) expect(r.bytes).toBeLessThanOrEqual(5 * MB);
      }
    }
    const users = new Set(ordinaryDay8.map((r) => r.user));
    expect(users.has("svc_backup") && users.has("admin") && users.has("bob") && users.has("dave")).toBe(true);
    expect(ordinaryDay8.some((r) => r.user === "admin" && r.event_type === "sudo")).toBe(true);
    const backup = byUser(ordinaryDay8, "svc_backup");
    expect(backup[0].timestamp.slice(11, 16)).toMatch(/^02:0[0-2]$/);
  });

  it("keeps ordinary events clear of the attacks, and admin quiet for 2 h after the brute force", () => {
    for (const r of ordinaryDay8) {
      for (const a of injected) expect(Math.abs(ms(r) - ms(a))).toBeGreaterThan(5 * 60_000);
    }
    const bfEnd = Math.max(...injected.filter((r) => label(r) === "brute_force").map(ms));
    for (const r of byUser(ordinaryDay8, "admin")) expect(ms(r) <= bfEnd || ms(r) > bfEnd + 2 * 3600_000).toBe(true);
  });
});

describe("samples/ on disk", () => {
  const read = (name: string) => readFileSync(new URL(`../../../samples/${name}`, import.meta.url), "utf8");

  it("equals the generator's output for seed 42 byte for byte (regenerate with write-samples.ts)", () => {
    for (const [name, text] of Object.entries(renderSampleFiles(logs))) expect(read(name)).toBe(text);
  });

  it("stores the baseline as one JSON array and the attack day as NDJSON", () => {
    expect(JSON.parse(read(SAMPLE_FILES.normal))).toEqual(logs.normal);
    const lines = read(SAMPLE_FILES.attack).trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual(logs.attack);
    expect(JSON.parse(read(SAMPLE_FILES.labels))).toEqual(logs.labels);
  });
});
