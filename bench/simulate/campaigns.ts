/**
 * Labelled attack campaigns for the organisation simulator. Each scenario is a
 * pure function of the seeded Rng, a victim chosen among the staff and a start
 * time; every record it returns carries the campaign id and threat type, so the
 * labels are exact by construction.
 *
 * | scenario                 | threat               | shape                                                                   |
 * |--------------------------|----------------------|-------------------------------------------------------------------------|
 * | fast_brute_force         | brute_force          | one new IP, one user, 20-28 failed ssh logins within a minute          |
 * | slow_brute_force         | brute_force          | one new IP, one user, one failure every 2-3 min for an hour            |
 * | password_spraying        | password_spraying    | one new IP, 30 users, one failed attempt each within minutes           |
 * | distributed_brute_force  | brute_force          | 20 new IPs, one user, 2 failures per IP within ~10 min                 |
 * | credential_stuffing      | brute_force          | one new IP, 24 users (10 unknown) one attempt each, then a success     |
 * |                          |                      | for a real user and 3 events of the stolen session from a VPN address  |
 * | first_time_sudo          | privilege_escalation | a non-admin who never used sudo: sudo su -, root session, root shell   |
 * | admin_group_add          | privilege_escalation | a user added to an admin group (self-added via a domain ACL, or by a   |
 * |                          |                      | compromised admin at night), then that user's first sudo on a server   |
 * | exfiltration             | data_exfiltration    | off-hours bulk reads of 30-60 files (20-250 MB each), then 2-4 large   |
 * |                          |                      | transfers to a new external address                                    |
 * | lateral_logons           | lateral_movement     | one account logs on (ssh/RDP) to 8-12 hosts it never used in < 1 h     |
 * | lateral_service_install  | lateral_movement     | PsExec-style: network logon + service install + process on 4-6 hosts   |
 * |                          |                      | the account never used                                                 |
 *
 * Credential stuffing (MITRE T1110.004) is a sub-technique of brute force, so it
 * is labelled brute_force even though, from one IP, it looks like spraying.
 */
import type { Rng } from "../../trainer/util/rng.ts";
import type { ThreatType } from "../../trainer/verdict/types.ts";
import type { Draft } from "./org-events.ts";
import {
  connection,
  fileAccess,
  groupChange,
  processStart,
  remoteLogoff,
  remoteLogon,
  serviceInstall,
  sshLogin,
  sudo,
  suRoot,
  vpnLogin,
  windowsLogon,
} from "./org-events.ts";
import {
  AddressBook,
  between,
  logUniform,
  MB,
  pick,
  sample,
  server,
  SHARED_FILES,
  uniform,
  type Person,
} from "./org-profiles.ts";

export const SCENARIOS = [
  "fast_brute_force",
  "slow_brute_force",
  "password_spraying",
  "distributed_brute_force",
  "credential_stuffing",
  "first_time_sudo",
  "admin_group_add",
  "exfiltration",
  "lateral_logons",
  "lateral_service_install",
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const SCENARIO_THREAT: Record<Scenario, ThreatType> = {
  fast_brute_force: "brute_force",
  slow_brute_force: "brute_force",
  password_spraying: "password_spraying",
  distributed_brute_force: "brute_force",
  credential_stuffing: "brute_force",
  first_time_sudo: "privilege_escalation",
  admin_group_add: "privilege_escalation",
  exfiltration: "data_exfiltration",
  lateral_logons: "lateral_movement",
  lateral_service_install: "lateral_movement",
};

/** When a scenario happens: hours of the day, in the victim's local time or in UTC. */
const WHEN: Record<Scenario, { local: boolean; hours: Array<[number, number]> }> = {
  fast_brute_force: { local: false, hours: [[0, 24]] },
  slow_brute_force: { local: false, hours: [[0, 24]] },
  password_spraying: { local: false, hours: [[0, 24]] },
  distributed_brute_force: { local: false, hours: [[0, 24]] },
  credential_stuffing: { local: false, hours: [[0, 24]] },
  first_time_sudo: { local: true, hours: [[10, 22]] },
  admin_group_add: { local: true, hours: [[9, 23]] },
  exfiltration: { local: true, hours: [[21.5, 24], [0, 4]] },
  lateral_logons: { local: true, hours: [[19, 24], [0, 5]] },
  lateral_service_install: { local: true, hours: [[20, 24], [0, 5]] },
};

/** A campaign as the benchmark and the ground-truth file describe it. */
export interface Campaign {
  id: string;
  scenario: Scenario;
  threat_type: ThreatType;
  /** ISO times of the first and last record. */
  start: string;
  end: string;
  events: number;
  users: string[];
  source_ips: string[];
  hosts: string[];
  description: string;
}

export interface CampaignWorld {
  rng: Rng;
  book: AddressBook;
  people: Person[];
  /** Hosts a person uses in ordinary work (a superset of what the baseline shows). */
  usualHosts(p: Person): Set<string>;
  /** Servers an account could move to. */
  servers: string[];
  /** Epoch seconds: scored period [from, to). */
  scoredFrom: number;
  scoredTo: number;
}

interface Plan {
  id: string;
  scenario: Scenario;
  /** 0-based instance of the scenario (alternates variants). */
  instance: number;
  victim: Person;
  t0: number;
}

const iso = (t: number): string => new Date(t * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
const DAY = 86400;
const HOUR = 3600;

// ---------------------------------------------------------------------------
// Victims and times.

const established = (p: Person) => p.startDay === 0;

function victimFor(world: CampaignWorld, scenario: Scenario, instance: number, used: Set<string>): Person {
  const { rng, people } = world;
  const free = (f: (p: Person) => boolean) => people.filter((p) => established(p) && !used.has(p.user) && f(p));
  const nonAdmin = (p: Person) => p.role === "employee" && !p.sudoHabit;
  let pool: Person[];
  switch (scenario) {
    case "fast_brute_force":
      pool = free((p) => (instance % 2 === 0 ? p.role === "admin" : p.role === "employee"));
      break;
    case "first_time_sudo":
    case "admin_group_add":
      pool = free(nonAdmin);
      break;
    case "exfiltration":
      pool = free((p) => p.role === "employee" && ["finance", "sales", "data", "engineering", "legal", "hr"].includes(p.dept));
      break;
    case "lateral_logons":
      pool = free((p) => (instance % 3 === 2 ? p.role === "admin" && p.team !== "windows" : p.role === "employee" && p.dept === "engineering"));
      break;
    case "lateral_service_install":
      pool = free((p) => (instance % 2 === 0 ? p.role === "admin" && p.team !== "windows" : p.role === "helpdesk" || p.role === "admin"));
      break;
    default:
      pool = free(() => true);
  }
  if (pool.length === 0) pool = free(() => true);
  if (pool.length === 0) pool = people.filter(established);
  const v = pick(rng, pool);
  used.add(v.user);
  return v;
}

function timeFor(world: CampaignWorld, scenario: Scenario, victim: Person, taken: number[]): number {
  const { rng, scoredFrom, scoredTo } = world;
  const when = WHEN[scenario];
  const days = Math.max(1, Math.round((scoredTo - scoredFrom) / DAY));
  const offset = when.local ? victim.site.utcOffset : 0;
  const latest = scoredTo - 2.5 * HOUR;
  const earliest = scoredFrom + 0.5 * HOUR;
  for (let attempt = 0; attempt < 4000; attempt++) {
    const gap = attempt < 1000 ? 2 * HOUR : attempt < 2000 ? HOUR : attempt < 3000 ? 0.5 * HOUR : 0;
    const [lo, hi] = pick(rng, when.hours);
    // Day -1 and `days` let local windows that straddle UTC midnight land inside the period.
    const day = between(rng, -1, days);
    const t = Math.round(scoredFrom + day * DAY + (uniform(rng, lo, hi) - offset) * HOUR);
    if (t < earliest || t > latest) continue;
    if (taken.every((u) => Math.abs(u - t) >= gap)) return t;
  }
  return Math.round(uniform(rng, earliest, Math.max(earliest, latest)));
}

/** Picks victims and start times for `perScenario` campaigns of each scenario; ids in time order. */
export function planCampaigns(world: CampaignWorld, scenarios: readonly Scenario[], perScenario: number): Plan[] {
  const used = new Set<string>();
  const taken: number[] = [];
  const plans: Omit<Plan, "id">[] = [];
  for (let instance = 0; instance < perScenario; instance++) {
    for (const scenario of scenarios) {
      const victim = victimFor(world, scenario, instance, used);
      const t0 = timeFor(world, scenario, victim, taken);
      taken.push(t0);
      plans.push({ scenario, instance, victim, t0 });
    }
  }
  plans.sort((a, b) => a.t0 - b.t0);
  return plans.map((p, i) => ({ ...p, id: `C${String(i + 1).padStart(2, "0")}-${p.scenario}` }));
}

// ---------------------------------------------------------------------------
// The scenarios.

const FAKE_USERS = [
  "info", "test.user", "j.smith", "m.jones", "support2", "webmaster", "office", "a.brown1987", "scanner",
  "d.miller", "k.wilson84", "payroll", "sales.eu", "helpdesk1", "c.davis", "r.taylor", "backup2", "it.support",
];
const EXFIL_SITES = ["transfer.sh", "mega.nz", "files.anonfile.example", "bucket-7f3a.s3.amazonaws.com", "drop.filebin.example"];
const RECON_LINUX = ["/usr/bin/id", "/usr/bin/hostname", "/usr/bin/cat /etc/passwd", "/usr/bin/ss -tnp", "/usr/bin/ls -la /home", "/usr/bin/uname -a", "/usr/bin/find / -name id_rsa"];
const RECON_WINDOWS = ["C:\\Windows\\System32\\whoami.exe /all", "C:\\Windows\\System32\\net.exe group \"Domain Admins\" /domain", "C:\\Windows\\System32\\ipconfig.exe /all", "C:\\Windows\\System32\\nltest.exe /dclist:corp"];
const SERVICE_NAMES = ["PSEXESVC", "WinUpdSvc", "RemComSvc", "dbus-helper", "sysupd", "CacheSvc"];

function fastBruteForce(w: CampaignWorld, p: Plan): Draft[] {
  const ip = w.book.publicIp();
  const n = between(w.rng, 20, 28);
  const out: Draft[] = [];
  for (let i = 0, t = p.t0; i < n; i++, t += between(w.rng, 1, 2)) out.push(sshLogin(w.rng, p.victim.user, ip, "bastion-01", t, false));
  return out;
}

function slowBruteForce(w: CampaignWorld, p: Plan): Draft[] {
  const ip = w.book.publicIp();
  const viaVpn = p.instance % 2 === 1;
  const out: Draft[] = [];
  for (let t = p.t0; t <= p.t0 + HOUR; t += between(w.rng, 120, 180)) {
    out.push(viaVpn ? vpnLogin(p.victim.user, ip, t, false) : sshLogin(w.rng, p.victim.user, ip, "bastion-01", t, false));
  }
  return out;
}

function passwordSpraying(w: CampaignWorld, p: Plan): Draft[] {
  const ip = w.book.publicIp();
  const targets = [p.victim, ...sample(w.rng, w.people.filter((x) => established(x) && x !== p.victim), 29)];
  const viaVpn = p.instance % 2 === 0;
  const out: Draft[] = [];
  let t = p.t0;
  for (const target of sample(w.rng, targets, targets.length)) {
    out.push(viaVpn ? vpnLogin(target.user, ip, t, false) : sshLogin(w.rng, target.user, ip, "bastion-01", t, false));
    t += between(w.rng, 4, 12);
  }
  return out;
}

function distributedBruteForce(w: CampaignWorld, p: Plan): Draft[] {
  const ips = Array.from({ length: 20 }, () => w.book.publicIp());
  const order = sample(w.rng, [...ips, ...ips], 40);
  const times: number[] = [];
  const span = between(w.rng, 480, 600);
  for (let i = 0; i < order.length; i++) times.push(p.t0 + Math.round((span * i) / (order.length - 1)) + (i > 0 && i < order.length - 1 ? between(w.rng, -3, 3) : 0));
  times.sort((a, b) => a - b);
  return order.map((ip, i) => vpnLogin(p.victim.user, ip, times[i], false));
}

function credentialStuffing(w: CampaignWorld, p: Plan): Draft[] {
  const { rng } = w;
  const ip = w.book.publicIp();
  const real = sample(rng, w.people.filter((x) => established(x) && x !== p.victim), 14).map((x) => x.user);
  const known = new Set(w.people.map((x) => x.user));
  const fake = sample(rng, FAKE_USERS.filter((u) => !known.has(u)), 10);
  const out: Draft[] = [];
  let t = p.t0;
  for (const user of sample(rng, [...real, ...fake], real.length + fake.length)) {
    out.push(vpnLogin(user, ip, t, false, undefined, !known.has(user)));
    t += between(rng, 3, 10);
  }
  const assigned = w.book.vpnIp();
  out.push(vpnLogin(p.victim.user, ip, t, true, assigned));
  const share = `/srv/shared/${pick(rng, SHARED_FILES[p.victim.dept])}`;
  t += between(rng, 60, 240);
  out.push(connection(p.victim.user, assigned, p.victim.ws, t, "10.0.2.10:443 (intranet.corp.local)", logUniform(rng, 20_000, 400_000)));
  t += between(rng, 30, 120);
  out.push(fileAccess(p.victim.user, assigned, "srv-file-01", t, "read", share, logUniform(rng, 100_000, 5 * MB)));
  t += between(rng, 20, 90);
  out.push(fileAccess(p.victim.user, assigned, "srv-file-01", t, "read", `/srv/shared/${pick(rng, SHARED_FILES.finance)}`, logUniform(rng, 100_000, 5 * MB)));
  return out;
}

function firstTimeSudo(w: CampaignWorld, p: Plan): Draft[] {
  const v = p.victim;
  const tty = `pts/${between(w.rng, 1, 4)}`;
  const t1 = p.t0 + between(w.rng, 2, 8);
  return [
    sudo(v.user, v.ip, v.ws, p.t0, tty, "/bin/su -"),
    suRoot(v.user, v.uid, v.ip, v.ws, t1, tty),
    processStart(w.rng, v.user, v.ip, v.ws, t1 + between(w.rng, 5, 40), "/bin/bash -i"),
  ];
}

function adminGroupAdd(w: CampaignWorld, p: Plan): Draft[] {
  const { rng } = w;
  const member = p.victim;
  const selfAdd = p.instance % 2 === 0;
  const usual = w.usualHosts(member);
  const linuxTargets = w.servers.filter((s) => server(s).os === "linux" && !usual.has(s));
  if (selfAdd) {
    // A domain ACL lets the user add themselves to Domain Admins; they then use it on a server.
    const host = pick(rng, linuxTargets);
    const t1 = p.t0 + between(rng, 600, 1500);
    return [
      groupChange(member.user, member.ip, "dc-01", p.t0, member.user, "Domain Admins"),
      sshLogin(rng, member.user, member.ip, host, t1, true),
      sudo(member.user, member.ip, host, t1 + between(rng, 30, 90), "pts/0", "/bin/bash"),
      remoteLogoff(member.user, member.ip, host, t1 + between(rng, 300, 600)),
    ];
  }
  // A compromised Linux admin account grants wheel on a server the victim never used.
  const admins = w.people.filter((x) => x.role === "admin" && x.team !== "windows");
  const admin = pick(rng, admins);
  const host = pick(rng, admin.servers.filter((s) => server(s).os === "linux" && !usual.has(s)).concat(linuxTargets).slice(0, 3));
  const t1 = p.t0 + between(rng, 300, 1200);
  return [
    groupChange(admin.user, admin.ip, host, p.t0, member.user, "wheel"),
    sshLogin(rng, member.user, member.ip, host, t1, true),
    sudo(member.user, member.ip, host, t1 + between(rng, 30, 90), "pts/0", "/bin/bash"),
    remoteLogoff(member.user, member.ip, host, t1 + between(rng, 300, 600)),
  ];
}

function exfiltration(w: CampaignWorld, p: Plan): Draft[] {
  const { rng } = w;
  const v = p.victim;
  const [host, root] =
    v.dept === "finance" ? ["srv-file-02", "/srv/finance/archive"] : v.dept === "data" ? ["srv-data-01", "/srv/datalake/exports"] : ["srv-file-01", `/srv/shared/${v.dept}/archive`];
  const files = between(rng, 30, 60);
  const readSpan = between(rng, 900, 1500);
  const out: Draft[] = [];
  let total = 0;
  const times = Array.from({ length: files }, (_, i) => p.t0 + Math.round((readSpan * i) / (files - 1)));
  for (let i = 0; i < files; i++) {
    const bytes = logUniform(rng, 20 * MB, 250 * MB);
    total += bytes;
    out.push(fileAccess(v.user, v.ip, host, times[i], "read", `${root}/${2019 + (i % 5)}/batch-${String(i + 1).padStart(3, "0")}.zip`, bytes));
  }
  const dest = `${w.book.publicIp()}:443 (${pick(rng, EXFIL_SITES)})`;
  const parts = between(rng, 2, 4);
  const sent = total * uniform(rng, 0.7, 0.95);
  let t = p.t0 + readSpan + between(rng, 120, 600);
  for (let i = 0; i < parts; i++) {
    out.push(connection(v.user, v.ip, v.ws, t, dest, Math.round(sent / parts)));
    t += between(rng, 300, 900);
  }
  return out;
}

function lateralLogons(w: CampaignWorld, p: Plan): Draft[] {
  const { rng } = w;
  const v = p.victim;
  const usual = w.usualHosts(v);
  const hosts = sample(rng, w.servers.filter((s) => !usual.has(s)), between(rng, 8, 12));
  const span = between(rng, 2400, 3300);
  const out: Draft[] = [];
  hosts.forEach((host, i) => {
    const t = p.t0 + Math.round((span * i) / hosts.length) + between(rng, 0, 60);
    out.push(remoteLogon(rng, v.user, v.ip, host, t, true));
    const recon = server(host).os === "windows" ? RECON_WINDOWS : RECON_LINUX;
    const k = between(rng, 1, 2);
    for (let j = 0; j < k; j++) out.push(processStart(rng, v.user, v.ip, host, t + 10 + j * between(rng, 5, 30), pick(rng, recon)));
    out.push(remoteLogoff(v.user, v.ip, host, t + between(rng, 90, 180)));
  });
  return out;
}

function lateralServiceInstall(w: CampaignWorld, p: Plan): Draft[] {
  const { rng } = w;
  const v = p.victim;
  const usual = w.usualHosts(v);
  const unused = w.servers.filter((s) => !usual.has(s));
  const windows = unused.filter((s) => server(s).os === "windows");
  const n = between(rng, 4, 6);
  const hosts = [...sample(rng, windows, n), ...sample(rng, unused.filter((s) => server(s).os === "linux"), n)].slice(0, n);
  const span = between(rng, 1200, 2400);
  const out: Draft[] = [];
  hosts.forEach((host, i) => {
    const t = p.t0 + Math.round((span * i) / hosts.length) + between(rng, 0, 60);
    const name = pick(rng, SERVICE_NAMES);
    if (server(host).os === "windows") {
      const file = `%SystemRoot%\\${name}.exe`;
      out.push(windowsLogon(v.user, v.ip, host, t, true, 3));
      out.push(serviceInstall(v.user, v.ip, host, t + between(rng, 2, 6), name, file));
      out.push(processStart(rng, v.user, v.ip, host, t + between(rng, 7, 12), `C:\\Windows\\${name}.exe -accepteula -s cmd.exe`));
    } else {
      const file = `/tmp/.cache/${name.toLowerCase()}`;
      out.push(sshLogin(rng, v.user, v.ip, host, t, true));
      out.push(serviceInstall(v.user, v.ip, host, t + between(rng, 5, 20), name.toLowerCase(), file));
      out.push(processStart(rng, v.user, v.ip, host, t + between(rng, 21, 30), file));
    }
    out.push(remoteLogoff(v.user, v.ip, host, t + between(rng, 40, 120)));
  });
  return out;
}

const BUILDERS: Record<Scenario, (w: CampaignWorld, p: Plan) => Draft[]> = {
  fast_brute_force: fastBruteForce,
  slow_brute_force: slowBruteForce,
  password_spraying: passwordSpraying,
  distributed_brute_force: distributedBruteForce,
  credential_stuffing: credentialStuffing,
  first_time_sudo: firstTimeSudo,
  admin_group_add: adminGroupAdd,
  exfiltration,
  lateral_logons: lateralLogons,
  lateral_service_install: lateralServiceInstall,
};

const DESCRIBE: Record<Scenario, (d: Draft[], p: Plan) => string> = {
  fast_brute_force: (d, p) => `${d.length} failed ssh logins for ${p.victim.user} from one IP within a minute`,
  slow_brute_force: (d, p) => `${d.length} failed logins for ${p.victim.user} from one IP, one every 2-3 min`,
  password_spraying: (d) => `${d.length} users tried once each from one IP`,
  distributed_brute_force: (d, p) => `${d.length} failed VPN logins for ${p.victim.user} from 20 IPs`,
  credential_stuffing: (d, p) => `${d.length - 4} failed VPN logins for different users from one IP, then ${p.victim.user} succeeds and uses the session`,
  first_time_sudo: (_d, p) => `${p.victim.user} (never used sudo) becomes root on ${p.victim.ws}`,
  admin_group_add: (d) => `${d[0].message.includes("Domain Admins") ? `${d[0].user} adds themselves to Domain Admins` : `${d[0].user} adds ${d[1].user} to wheel`}, then ${d[1].user} uses sudo on ${d[1].host}`,
  exfiltration: (d, p) => `${p.victim.user} reads ${d.filter((x) => x.event_type === "file_access").length} files off-hours and sends them out`,
  lateral_logons: (d, p) => `${p.victim.user} logs on to ${new Set(d.map((x) => x.host)).size} hosts never used before`,
  lateral_service_install: (d, p) => `${p.victim.user} installs services on ${new Set(d.map((x) => x.host)).size} remote hosts`,
};

/** The records of every planned campaign, labelled, plus the campaign descriptions. */
export function buildCampaigns(world: CampaignWorld, plans: Plan[]): { drafts: Draft[]; campaigns: Campaign[] } {
  const drafts: Draft[] = [];
  const campaigns: Campaign[] = [];
  for (const plan of plans) {
    const threat = SCENARIO_THREAT[plan.scenario];
    const records = BUILDERS[plan.scenario](world, plan).map((d) => ({ ...d, campaign: plan.id, threat }));
    const times = records.map((r) => r.t);
    campaigns.push({
      id: plan.id,
      scenario: plan.scenario,
      threat_type: threat,
      start: iso(Math.min(...times)),
      end: iso(Math.max(...times)),
      events: records.length,
      users: [...new Set(records.map((r) => r.user))],
      source_ips: [...new Set(records.map((r) => r.source_ip))],
      hosts: [...new Set(records.map((r) => r.host))],
      description: DESCRIBE[plan.scenario](records, plan),
    });
    drafts.push(...records);
  }
  return { drafts, campaigns };
}
