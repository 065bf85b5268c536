import { describe, expect, it } from "vitest";
import {
  generateOrganization,
  ORGANIZATION_FILES,
  renderOrganizationFiles,
  SCENARIOS,
  SCENARIO_THREAT,
  type Organization,
  type OrgRecord,
} from "../../../bench/simulate/organization.ts";

// A small organisation keeps the suite fast: 40 people, one baseline week, three scored days.
const OPTIONS = { seed: 11, users: 40, baselineWeeks: 1, scoredDays: 3, campaignsPerScenario: 1 };
const org = generateOrganization(OPTIONS);

const EVENT_TYPES = ["login", "logout", "sudo", "group_change", "file_access", "network_connection", "process_start", "service_install", "account_change"];
const KEY_ORDER = ["event_id", "timestamp", "user", "source_ip", "host", "event_type", "action", "message", "bytes", "path"];
const MB = 1024 * 1024;
const GB = 1024 * MB;

const ms = (r: OrgRecord): number => Date.parse(r.timestamp);
const byId = new Map([...org.baseline, ...org.scored].map((r) => [r.event_id, r]));
const staff = new Map(org.staff.map((s) => [s.user, s]));
const campaignRecords = (o: Organization, id: string): OrgRecord[] =>
  o.labels.filter((l) => l.campaign_id === id).map((l) => o.scored.find((r) => r.event_id === l.event_id)!);
const ofScenario = (scenario: string) => org.campaigns.filter((c) => c.scenario === scenario).map((c) => campaignRecords(org, c.id));
const localHour = (r: OrgRecord, utcOffset: number): number => {
  const d = new Date(ms(r));
  return (((d.getUTCHours() + d.getUTCMinutes() / 60 + utcOffset) % 24) + 24) % 24;
};
const baselinePairs = new Set(org.baseline.map((r) => `${r.user}|${r.host}`));
const baselineIps = new Set(org.baseline.map((r) => r.source_ip));
const sudoersInBaseline = new Set(org.baseline.filter((r) => r.event_type === "sudo" && r.action === "success").map((r) => r.user));

describe("generateOrganization: shape", () => {
  it("is deterministic for a seed and different for another", () => {
    const again = generateOrganization(OPTIONS);
    expect(again.labels).toEqual(org.labels);
    expect(again.campaigns).toEqual(org.campaigns);
    expect(again.benign).toEqual(org.benign);
    expect(JSON.stringify(again.baseline) === JSON.stringify(org.baseline)).toBe(true);
    expect(JSON.stringify(again.scored) === JSON.stringify(org.scored)).toBe(true);
    const other = generateOrganization({ ...OPTIONS, seed: 12 });
    expect(other.baseline.slice(0, 200)).not.toEqual(org.baseline.slice(0, 200));
    expect(other.labels).not.toEqual(org.labels);
  });

  it("writes well-formed flat records in the scanner's vocabulary", () => {
    const problems = (r: OrgRecord): string[] => {
      const p: string[] = [];
      const keys = Object.keys(r);
      if (keys.join() !== KEY_ORDER.filter((k) => k in r).join()) p.push("key order");
      if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(r.timestamp)) p.push("timestamp");
      if (!EVENT_TYPES.includes(r.event_type)) p.push("event_type");
      if (r.action !== "success" && r.action !== "failure") p.push("action");
      if (!r.user || !r.host || !r.message) p.push("empty field");
      if (!/^\d+\.\d+\.\d+\.\d+$/.test(r.source_ip)) p.push("source_ip");
      if (r.bytes !== undefined && !(Number.isSafeInteger(r.bytes) && r.bytes > 0)) p.push("bytes");
      if (r.event_type === "file_access" && !r.path?.startsWith("/")) p.push("path");
      return p;
    };
    const bad = [...org.baseline, ...org.scored].map((r) => [r.event_id, problems(r)] as const).filter(([, p]) => p.length > 0);
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it("numbers records uniquely in time order and splits them at the end of the baseline", () => {
    const all = [...org.baseline, ...org.scored];
    expect(all.findIndex((r, i) => r.event_id !== `evt-${String(i + 1).padStart(7, "0")}`)).toBe(-1);
    expect(all.findIndex((r, i) => i > 0 && ms(r) < ms(all[i - 1]))).toBe(-1);
    expect(org.baselineDays).toBe(7);
    expect(org.baseline[0].timestamp.slice(0, 10)).toBe(org.startTime.slice(0, 10));
    expect(org.baseline.every((r) => r.timestamp < org.splitTime)).toBe(true);
    expect(org.scored.every((r) => r.timestamp >= org.splitTime && r.timestamp < org.endTime)).toBe(true);
    expect(org.splitTime).toBe("2024-03-11T00:00:00Z");
    expect(org.endTime).toBe("2024-03-14T00:00:00Z");
  });

  it("has about the expected volume: ~25 events per person per working day", () => {
    const perDay = org.baseline.filter((r) => r.timestamp.startsWith("2024-03-05")).length;
    expect(perDay).toBeGreaterThan(25 * 40 * 0.6);
    expect(perDay).toBeLessThan(25 * 40 * 2);
  });

  it("renders NDJSON logs and the ground truth in a subdirectory", () => {
    const files = renderOrganizationFiles(org);
    expect(Object.keys(files).sort()).toEqual(Object.values(ORGANIZATION_FILES).sort());
    expect(files[ORGANIZATION_FILES.scored].trimEnd().split("\n").map((l) => JSON.parse(l))).toEqual(org.scored);
    expect(JSON.parse(files[ORGANIZATION_FILES.labels])).toEqual(org.labels);
    expect(ORGANIZATION_FILES.labels.startsWith("ground-truth/")).toBe(true);
  });

  it("refuses bad options", () => {
    expect(() => generateOrganization({ users: 2 })).toThrow(RangeError);
    expect(() => generateOrganization({ start: "March" })).toThrow(RangeError);
    expect(() => generateOrganization({ scenarios: ["nope" as never] })).toThrow(RangeError);
  });
});

describe("labels", () => {
  it("label exactly the campaign records, all in the scored days", () => {
    const scoredIds = new Set(org.scored.map((r) => r.event_id));
    for (const l of org.labels) expect(scoredIds.has(l.event_id)).toBe(true);
    expect(new Set(org.labels.map((l) => l.event_id)).size).toBe(org.labels.length);
    expect(org.labels.length).toBe(org.campaigns.reduce((n, c) => n + c.events, 0));
    // Label order follows file order.
    const pos = new Map(org.scored.map((r, i) => [r.event_id, i]));
    for (let i = 1; i < org.labels.length; i++) expect(pos.get(org.labels[i].event_id)!).toBeGreaterThan(pos.get(org.labels[i - 1].event_id)!);
  });

  it("hold one campaign per scenario here, with the scenario's threat type, and describe them truthfully", () => {
    expect(org.campaigns.map((c) => c.scenario).sort()).toEqual([...SCENARIOS].sort());
    for (const c of org.campaigns) {
      const records = campaignRecords(org, c.id);
      expect(records).toHaveLength(c.events);
      expect(c.threat_type).toBe(SCENARIO_THREAT[c.scenario]);
      for (const l of org.labels.filter((x) => x.campaign_id === c.id)) expect([l.threat_type, l.scenario]).toEqual([c.threat_type, c.scenario]);
      expect(c.start).toBe(records[0].timestamp);
      expect(c.end).toBe(records[records.length - 1].timestamp);
      expect(new Set(c.users)).toEqual(new Set(records.map((r) => r.user)));
      expect(new Set(c.source_ips)).toEqual(new Set(records.map((r) => r.source_ip)));
    }
  });

  it("scale with campaignsPerScenario and keep campaigns apart in time", () => {
    const big = generateOrganization({ ...OPTIONS, seed: 5, scoredDays: 7, campaignsPerScenario: 3 });
    expect(big.campaigns).toHaveLength(3 * SCENARIOS.length);
    const starts = big.campaigns.map((c) => Date.parse(c.start)).sort((a, b) => a - b);
    const close = starts.filter((t, i) => i > 0 && t - starts[i - 1] < 30 * 60_000);
    expect(close.length).toBeLessThanOrEqual(2);
  });
});

describe("campaigns match their specification", () => {
  const failures = (rs: OrgRecord[]) => rs.every((r) => r.event_type === "login" && r.action === "failure");

  it("fast brute force: one new IP, one user, 20+ failures within a minute", () => {
    for (const rs of ofScenario("fast_brute_force")) {
      expect(rs.length).toBeGreaterThanOrEqual(20);
      expect(failures(rs)).toBe(true);
      expect(new Set(rs.map((r) => r.source_ip)).size).toBe(1);
      expect(new Set(rs.map((r) => r.user)).size).toBe(1);
      expect(ms(rs[rs.length - 1]) - ms(rs[0])).toBeLessThan(60_000);
    }
  });

  it("slow brute force: one failure every 2-3 minutes for an hour", () => {
    for (const rs of ofScenario("slow_brute_force")) {
      expect(failures(rs)).toBe(true);
      expect(new Set(rs.map((r) => r.source_ip)).size).toBe(1);
      expect(new Set(rs.map((r) => r.user)).size).toBe(1);
      for (let i = 1; i < rs.length; i++) {
        const gap = (ms(rs[i]) - ms(rs[i - 1])) / 1000;
        expect(gap >= 120 && gap <= 180).toBe(true);
      }
      const span = (ms(rs[rs.length - 1]) - ms(rs[0])) / 60_000;
      expect(span >= 57 && span <= 60).toBe(true);
    }
  });

  it("password spraying: one IP, 30 users, one attempt each within minutes", () => {
    for (const rs of ofScenario("password_spraying")) {
      expect(rs).toHaveLength(30);
      expect(failures(rs)).toBe(true);
      expect(new Set(rs.map((r) => r.source_ip)).size).toBe(1);
      expect(new Set(rs.map((r) => r.user)).size).toBe(30);
      expect(ms(rs[rs.length - 1]) - ms(rs[0])).toBeLessThan(10 * 60_000);
    }
  });

  it("distributed brute force: 20 IPs, one user, two attempts each", () => {
    for (const rs of ofScenario("distributed_brute_force")) {
      expect(rs).toHaveLength(40);
      expect(failures(rs)).toBe(true);
      expect(new Set(rs.map((r) => r.user)).size).toBe(1);
      const perIp = new Map<string, number>();
      for (const r of rs) perIp.set(r.source_ip, (perIp.get(r.source_ip) ?? 0) + 1);
      expect(perIp.size).toBe(20);
      expect([...perIp.values()].every((n) => n === 2)).toBe(true);
      expect(ms(rs[rs.length - 1]) - ms(rs[0])).toBeLessThanOrEqual(10 * 60_000 + 6000);
    }
  });

  it("credential stuffing: many users once each from one IP (some unknown), ending in a success that is then used", () => {
    for (const rs of ofScenario("credential_stuffing")) {
      const logins = rs.filter((r) => r.event_type === "login");
      const fails = logins.filter((r) => r.action === "failure");
      expect(fails).toHaveLength(24);
      expect(new Set(fails.map((r) => r.user)).size).toBe(24);
      expect(new Set(logins.map((r) => r.source_ip)).size).toBe(1);
      expect(fails.filter((r) => !staff.has(r.user)).length).toBe(10);
      const success = logins[logins.length - 1];
      expect(success.action).toBe("success");
      expect(staff.has(success.user)).toBe(true);
      expect(fails.some((r) => r.user === success.user)).toBe(false);
      const after = rs.slice(rs.indexOf(success) + 1);
      expect(after).toHaveLength(3);
      for (const r of after) expect(r.user).toBe(success.user);
    }
  });

  it("first-time sudo: a non-admin who never used sudo becomes root", () => {
    for (const rs of ofScenario("first_time_sudo")) {
      const user = rs[0].user;
      expect(staff.get(user)!.role).toBe("employee");
      expect(sudoersInBaseline.has(user)).toBe(false);
      expect(rs[0]).toMatchObject({ event_type: "sudo", action: "success" });
      expect(rs[0].message).toContain("COMMAND=/bin/su -");
      expect(rs.some((r) => r.message.includes("session opened for user root"))).toBe(true);
    }
  });

  it("admin group add: a group change naming an admin group, then the member's first sudo", () => {
    for (const rs of ofScenario("admin_group_add")) {
      expect(rs[0].event_type).toBe("group_change");
      expect(rs[0].message).toMatch(/Domain Admins|'wheel'/);
      const s = rs.find((r) => r.event_type === "sudo")!;
      expect(s.action).toBe("success");
      expect(rs[0].message).toContain(s.user);
      expect(sudoersInBaseline.has(s.user)).toBe(false);
    }
  });

  it("exfiltration: off-hours bulk reads, then large transfers to a new external address", () => {
    for (const rs of ofScenario("exfiltration")) {
      const user = staff.get(rs[0].user)!;
      const reads = rs.filter((r) => r.event_type === "file_access");
      const sends = rs.filter((r) => r.event_type === "network_connection");
      expect(reads.length).toBeGreaterThanOrEqual(30);
      expect(sends.length).toBeGreaterThanOrEqual(2);
      expect(reads.reduce((n, r) => n + r.bytes!, 0)).toBeGreaterThan(GB);
      expect(sends.reduce((n, r) => n + r.bytes!, 0)).toBeGreaterThan(0.6 * reads.reduce((n, r) => n + r.bytes!, 0));
      const dest = sends[0].message.match(/connection to (\d+\.\d+\.\d+\.\d+):/)![1];
      expect(org.baseline.some((r) => r.message.includes(dest))).toBe(false);
      for (const r of rs) {
        const h = localHour(r, user.utcOffset);
        expect(h >= 21.5 || h < 7).toBe(true);
      }
    }
  });

  it("lateral logons: one account on 8+ hosts it never used, within an hour, remotely", () => {
    for (const rs of ofScenario("lateral_logons")) {
      const logons = rs.filter((r) => r.event_type === "login");
      expect(new Set(rs.map((r) => r.user)).size).toBe(1);
      expect(new Set(logons.map((r) => r.host)).size).toBeGreaterThanOrEqual(8);
      expect(ms(logons[logons.length - 1]) - ms(logons[0])).toBeLessThan(3600_000);
      for (const r of logons) {
        expect(r.action).toBe("success");
        expect(r.message).toMatch(/ssh2|RemoteInteractive/);
        expect(baselinePairs.has(`${r.user}|${r.host}`)).toBe(false);
      }
    }
  });

  it("lateral service installs: services installed on 4+ remote hosts the account never used", () => {
    for (const rs of ofScenario("lateral_service_install")) {
      const installs = rs.filter((r) => r.event_type === "service_install");
      expect(new Set(installs.map((r) => r.host)).size).toBeGreaterThanOrEqual(4);
      for (const r of installs) expect(baselinePairs.has(`${r.user}|${r.host}`)).toBe(false);
      expect(rs.filter((r) => r.event_type === "login").every((r) => r.action === "success")).toBe(true);
    }
  });
});

describe("the baseline", () => {
  it("contains no attack: no label, no attacker address, no campaign account-host pair", () => {
    const external = org.campaigns.filter((c) => SCENARIO_THREAT[c.scenario] === "brute_force" || c.scenario === "password_spraying");
    for (const c of external) {
      for (const r of campaignRecords(org, c.id).filter((x) => x.event_type === "login")) {
        expect(baselineIps.has(r.source_ip)).toBe(false);
      }
    }
    for (const c of org.campaigns.filter((x) => x.scenario.startsWith("lateral"))) {
      for (const r of campaignRecords(org, c.id)) expect(baselinePairs.has(`${r.user}|${r.host}`)).toBe(false);
    }
    const baselineIds = new Set(org.baseline.map((r) => r.event_id));
    expect(org.labels.some((l) => baselineIds.has(l.event_id))).toBe(false);
  });

  it("has mistyped passwords: a failure followed within seconds by the same user's success from the same address", () => {
    const notes = org.benign.filter((b) => b.tag === "mistyped_password").map((b) => byId.get(b.event_id)!);
    const inBaseline = notes.filter((r) => r.timestamp < org.splitTime);
    expect(inBaseline.length).toBeGreaterThanOrEqual(5);
    for (const f of inBaseline) {
      expect([f.event_type, f.action]).toEqual(["login", "failure"]);
      const next = org.baseline.find((r) => r.user === f.user && ms(r) > ms(f) && r.event_type === "login" && r.action === "success");
      expect(next).toBeDefined();
      expect(next!.source_ip).toBe(f.source_ip);
      expect(ms(next!) - ms(f)).toBeLessThanOrEqual(30_000);
    }
  });

  it("has admins using sudo, and employees without the habit never using it", () => {
    const admins = org.staff.filter((s) => s.role === "admin" && s.sudoHabit).map((s) => s.user);
    expect(admins.length).toBeGreaterThan(0);
    expect(admins.some((u) => sudoersInBaseline.has(u))).toBe(true);
    for (const s of org.staff.filter((x) => x.role === "employee" && !x.sudoHabit)) expect(sudoersInBaseline.has(s.user)).toBe(false);
  });

  it("has nightly backups moving gigabytes, and the internet knocking on the bastion", () => {
    const backup = org.baseline.filter((r) => r.user === "svc_backup");
    expect(new Set(backup.map((r) => r.timestamp.slice(0, 10))).size).toBe(7);
    expect(backup.some((r) => r.event_type === "network_connection" && r.bytes! > GB)).toBe(true);
    for (const r of backup) expect(r.timestamp.slice(11, 13) >= "01" && r.timestamp.slice(11, 13) <= "03").toBe(true);
    const noise = org.baseline.filter((r) => r.host === "bastion-01" && r.action === "failure" && /invalid user|for root/.test(r.message));
    expect(noise.length).toBeGreaterThan(50);
  });

  it("has VPN sessions from changing addresses, so users appear from a second IP", () => {
    const vpnUsers = org.staff.filter((s) => org.baseline.some((r) => r.user === s.user && r.source_ip.startsWith("10.99.")));
    expect(vpnUsers.length).toBeGreaterThan(5);
    for (const s of vpnUsers.slice(0, 5)) {
      const ips = new Set(org.baseline.filter((r) => r.user === s.user).map((r) => r.source_ip));
      expect(ips.size).toBeGreaterThanOrEqual(2);
    }
  });

  it("has new hires appearing mid-period with a new account, host and address", () => {
    const hires = org.staff.filter((s) => s.startDay > 0);
    expect(hires.length).toBeGreaterThanOrEqual(1);
    for (const h of hires) {
      const own = [...org.baseline, ...org.scored].filter((r) => r.user === h.user);
      expect(own.length).toBeGreaterThan(0);
      const startDay = new Date(Date.parse(org.startTime) + h.startDay * 86400_000).toISOString().slice(0, 10);
      expect(own[0].timestamp.slice(0, 10) >= startDay || own[0].timestamp.slice(0, 10) === startDay).toBe(true);
      const created = [...org.baseline, ...org.scored].find((r) => r.event_type === "account_change" && r.message.includes(`New Account: ${h.user} `));
      expect(created).toBeDefined();
      expect(ms(created!)).toBeLessThan(ms(own[0]));
    }
  });

  it("has quiet weekends and a quiet holiday, and people working in their own time zone", () => {
    const day = (d: string) => org.baseline.filter((r) => r.timestamp.startsWith(d)).length;
    const workday = day("2024-03-05");
    expect(day("2024-03-09")).toBeLessThan(workday * 0.2); // Saturday
    expect(org.options.holidays).toEqual([4]);
    expect(day("2024-03-08")).toBeLessThan(workday * 0.2); // the holiday (Friday)
    for (const zone of [-5, 5.5]) {
      const people = new Set(org.staff.filter((s) => s.role === "employee" && s.utcOffset === zone).map((s) => s.user));
      const unlocks = org.baseline.filter((r) => people.has(r.user) && r.event_type === "login" && r.action === "success" && r.host.startsWith("ws-"));
      if (unlocks.length === 0) continue;
      const local = unlocks.map((r) => localHour(r, zone));
      expect(local.filter((h) => h >= 7 && h <= 19).length / local.length).toBeGreaterThan(0.9);
    }
  });

  it("tags benign noise in the scored days too", () => {
    const scoredIds = new Set(org.scored.map((r) => r.event_id));
    const tags = new Set(org.benign.filter((b) => scoredIds.has(b.event_id)).map((b) => b.tag));
    for (const t of ["internet_noise", "backup", "vpn_session"]) expect(tags.has(t as never)).toBe(true);
  });
});
