/**
 * The bundled sample logs: one ordinary week of a small office (the baseline to
 * train on), then one Monday with three attacks injected among ordinary events.
 *
 * Pure and seeded: the same seed gives byte-identical files, so the samples in
 * `samples/` can be checked against this code (see write-samples.ts) and every
 * demo, test and benchmark that reads them is reproducible.
 *
 * The attacks are built to be visible only *against the baseline*: the brute
 * force is a burst no baseline IP ever produced, the exfiltration is ordinary
 * event kinds by an ordinary user with bytes far beyond anything seen for them,
 * and the escalation is a `sudo` by a user who never used it before.
 */
import { createRng, type Rng } from "../../trainer/util/rng.ts";
import type { ThreatType } from "../../trainer/verdict/types.ts";

export type EventType =
  | "login"
  | "logout"
  | "sudo"
  | "file_access"
  | "network_connection"
  | "process_start"
  | "group_change";

/** One log record, keys in this order; `bytes` and `path` only where they mean something. */
export interface SampleRecord {
  event_id: string;
  /** ISO 8601 UTC, seconds precision: "2024-01-15T08:03:12Z". */
  timestamp: string;
  user: string;
  source_ip: string;
  /** The host the event happened on. */
  host: string;
  event_type: EventType;
  action: "success" | "failure";
  message: string;
  bytes?: number;
  path?: string;
}

export interface AttackLabel {
  event_id: string;
  threat_type: ThreatType;
}

export interface SampleLogs {
  /** Days 1–7, 2024-01-15 (Mon) .. 2024-01-21 (Sun), sorted by time. */
  normal: SampleRecord[];
  /** Day 8, 2024-01-22 (Mon): ordinary events plus the injected attacks, sorted by time. */
  attack: SampleRecord[];
  /** One entry per injected attack record, in file order. */
  labels: AttackLabel[];
}

/** File names inside `samples/`. */
export const SAMPLE_FILES = {
  normal: "test_logs_normal.json",
  attack: "test_logs_attack.json",
  labels: "ground-truth/attack_labels.json",
} as const;

// ---------------------------------------------------------------------------
// Who works here. `arrive`/`leave` are each user's habitual hours (UTC); every
// day adds ±15 min, so employees arrive 08:00–09:30 and leave 17:00–18:30.

type Role = "employee" | "admin" | "service";

interface Profile {
  user: string;
  role: Role;
  ip: string;
  /** First host is the usual one. */
  hosts: string[];
  arrive: number;
  leave: number;
}

const employee = (user: string, ip: string, arrive: number, leave: number): Profile => ({
  user,
  role: "employee",
  ip,
  hosts: [`ws-${user}`],
  arrive,
  leave,
});

const PROFILES: Profile[] = [
  employee("alice", "10.0.1.11", 8.25, 17.25),
  employee("bob", "10.0.1.12", 9.0, 18.0),
  employee("carol", "10.0.1.13", 8.5, 17.5),
  employee("dave", "10.0.1.14", 8.75, 17.75),
  employee("erin", "10.0.1.15", 9.25, 18.25),
  employee("frank", "10.0.1.16", 8.25, 17.5),
  employee("grace", "10.0.1.17", 8.5, 18.0),
  employee("heidi", "10.0.1.18", 9.0, 17.75),
  { user: "admin", role: "admin", ip: "10.0.0.5", hosts: ["srv-web-01", "srv-db-01"], arrive: 8.25, leave: 18.25 },
  { user: "ops", role: "admin", ip: "10.0.0.6", hosts: ["srv-db-01", "srv-web-01"], arrive: 8.75, leave: 18.5 },
  { user: "svc_backup", role: "service", ip: "10.0.9.10", hosts: ["backup-01"], arrive: 2, leave: 2 + 40 / 60 },
];

const profile = (user: string): Profile => PROFILES.find((p) => p.user === user)!;

/** Events per ordinary working day; the attack day is deliberately light (~30–40 normal events in all). */
interface Volume {
  files: [number, number];
  net: [number, number];
}
const FULL_DAY: Volume = { files: [5, 25], net: [3, 15] };
const LIGHT_DAY: Volume = { files: [2, 3], net: [1, 2] };

/** Staff with ordinary activity on the attack day; bob and dave attack on a day they also worked normally. */
const ATTACK_DAY_STAFF = ["alice", "bob", "dave", "erin"];

const HOME_FILES = [
  "documents/notes.txt",
  "documents/report.docx",
  "documents/budget.xlsx",
  "projects/plan.md",
  "downloads/invoice.pdf",
];
const SHARED_FILES = [
  "projects/roadmap.pptx",
  "templates/letterhead.docx",
  "hr/handbook.pdf",
  "team/minutes.md",
  "sales/pipeline.xlsx",
];
const DESTINATIONS = [
  "10.0.2.10:443 (intranet.corp.local)",
  "10.0.2.20:993 (mail.corp.local)",
  "10.0.2.30:445 (files.corp.local)",
  "192.0.2.80:443 (www.example.com)",
  "192.0.2.81:443 (docs.example.com)",
];
const SUDO_COMMANDS: Record<string, string[]> = {
  "srv-web-01": [
    "/usr/bin/systemctl restart nginx",
    "/usr/bin/systemctl reload nginx",
    "/usr/bin/journalctl -u nginx --since today",
    "/usr/bin/tail -n 200 /var/log/nginx/error.log",
    "/usr/bin/apt-get update",
  ],
  "srv-db-01": [
    "/usr/bin/systemctl restart postgresql",
    "/usr/bin/systemctl status postgresql",
    "/usr/bin/journalctl -u postgresql --since today",
    "/usr/bin/df -h /var/lib/postgresql",
    "/usr/bin/apt-get update",
  ],
};
const SHELL_COMMANDS = [
  "/usr/bin/htop",
  "/usr/bin/less /var/log/syslog",
  "/usr/bin/vim /etc/hosts",
  "/usr/bin/git pull",
  "/usr/bin/ps aux",
];
const BACKUP_SOURCES = ["postgres/base.tar", "uploads.tar", "mail.tar", "wiki.tar", "git.tar", "home.tar"];
const BACKUP_TARGET = "10.0.9.20";

// Attack constants: fixed so docs and tests can point at them.
const ATTACKER_IP = "203.0.113.45";
const EXFIL_IP = "198.51.100.23";
const EXFIL_FILE = "/srv/finance/customer_db_export.csv";

const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;

// ---------------------------------------------------------------------------
// Random and time helpers. Times are whole seconds since the epoch.

const DAY1 = Date.UTC(2024, 0, 15) / 1000;
const dayStart = (day: number): number => DAY1 + (day - 1) * 86400;
const at = (day0: number, hours: number): number => day0 + Math.round(hours * 3600);
const iso = (t: number): string => new Date(t * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Habitual hours ±15 min. */
const clockIn = (rng: Rng, p: Profile, day0: number): number => at(day0, p.arrive + uniform(rng, -0.25, 0.25));
const clockOut = (rng: Rng, p: Profile, day0: number): number => at(day0, p.leave + uniform(rng, -0.25, 0.25));
const between = (rng: Rng, lo: number, hi: number): number => lo + rng.int(hi - lo + 1);
const uniform = (rng: Rng, lo: number, hi: number): number => lo + rng.next() * (hi - lo);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];
/** Sizes spread over orders of magnitude, as real file and transfer sizes are. */
const logUniform = (rng: Rng, lo: number, hi: number): number =>
  Math.round(Math.exp(uniform(rng, Math.log(lo), Math.log(hi))));
const port = (rng: Rng): number => between(rng, 32768, 60999); // Linux ephemeral range
const pid = (rng: Rng): number => between(rng, 1000, 65000);

interface Span {
  from: number;
  to: number;
}

/** `n` sorted times in (start, end), none inside an `avoid` window (kept small, so this terminates quickly). */
function spread(rng: Rng, start: number, end: number, n: number, avoid: Span[]): number[] {
  const times: number[] = [];
  while (times.length < n) {
    const t = between(rng, start + 60, end - 60);
    if (!avoid.some((w) => t >= w.from && t <= w.to)) times.push(t);
  }
  return times.sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------
// Events. A draft is a record without id, with its time still a number.

interface Draft extends Omit<SampleRecord, "event_id" | "timestamp"> {
  t: number;
  threat?: ThreatType;
}

const event = (
  p: Profile,
  host: string,
  t: number,
  event_type: EventType,
  action: SampleRecord["action"],
  message: string,
  extra: { bytes?: number; path?: string } = {},
): Draft => ({ t, user: p.user, source_ip: p.ip, host, event_type, action, message, ...extra });

/** A successful login, preceded ~3% of the time by one mistyped password, as people do. */
function login(rng: Rng, p: Profile, host: string, t: number): Draft[] {
  const sshd = (verb: string) => `${verb} password for ${p.user} from ${p.ip} port ${port(rng)} ssh2`;
  const out: Draft[] = [];
  if (p.role !== "service" && rng.next() < 0.03) {
    out.push(event(p, host, t - between(rng, 3, 15), "login", "failure", sshd("Failed")));
  }
  out.push(event(p, host, t, "login", "success", sshd("Accepted")));
  return out;
}

const logout = (p: Profile, host: string, t: number): Draft =>
  event(p, host, t, "logout", "success", `pam_unix(sshd:session): session closed for user ${p.user}`);

const fileAccess = (p: Profile, host: string, t: number, verb: string, path: string, bytes: number): Draft =>
  event(p, host, t, "file_access", "success", `${p.user} ${verb} ${path} (${bytes} bytes)`, { bytes, path });

const connection = (p: Profile, host: string, t: number, destination: string, bytes: number): Draft =>
  event(p, host, t, "network_connection", "success", `connection to ${destination} closed, ${bytes} bytes transferred`, {
    bytes,
  });

const sudo = (p: Profile, host: string, t: number, tty: string, command: string): Draft =>
  event(p, host, t, "sudo", "success", `${p.user} : TTY=${tty} ; PWD=/home/${p.user} ; USER=root ; COMMAND=${command}`);

function employeeDay(rng: Rng, p: Profile, day0: number, volume: Volume, avoid: Span[] = []): Draft[] {
  const host = p.hosts[0];
  const start = clockIn(rng, p, day0);
  const end = clockOut(rng, p, day0);
  const files = spread(rng, start, end, between(rng, ...volume.files), avoid).map((t) => {
    const personal = rng.next() < 0.6;
    const path = personal ? `/home/${p.user}/${pick(rng, HOME_FILES)}` : `/srv/shared/${pick(rng, SHARED_FILES)}`;
    const verb = rng.next() < 0.75 ? "read" : "wrote";
    return fileAccess(p, host, t, verb, path, logUniform(rng, KB, 5 * MB));
  });
  const net = spread(rng, start, end, between(rng, ...volume.net), avoid).map((t) =>
    connection(p, host, t, pick(rng, DESTINATIONS), logUniform(rng, 10 * KB, 2 * MB)),
  );
  return [...login(rng, p, host, start), ...files, ...net, logout(p, host, end)];
}

/** One admin shell session on a server: sudo maintenance plus a few ordinary commands. */
function adminSession(
  rng: Rng,
  p: Profile,
  host: string,
  start: number,
  end: number,
  sudos: number,
  shells: number,
): Draft[] {
  const tty = `pts/${rng.int(3)}`;
  const sudoEvents = spread(rng, start, end, sudos, []).map((t) => sudo(p, host, t, tty, pick(rng, SUDO_COMMANDS[host])));
  const shellEvents = spread(rng, start, end, shells, []).map((t) =>
    event(p, host, t, "process_start", "success", `${p.user} started ${pick(rng, SHELL_COMMANDS)} (pid ${pid(rng)})`),
  );
  return [...login(rng, p, host, start), ...sudoEvents, ...shellEvents, logout(p, host, end)];
}

/** Two sessions split by lunch: the morning on the admin's own server, the afternoon on either. */
function adminDay(rng: Rng, p: Profile, day0: number): Draft[] {
  const lunch = uniform(rng, 12, 12.5);
  const session = (host: string, start: number, end: number) =>
    adminSession(rng, p, host, start, end, between(rng, 2, 4), between(rng, 1, 4));
  return [
    ...session(p.hosts[0], clockIn(rng, p, day0), at(day0, lunch)),
    ...session(pick(rng, p.hosts), at(day0, lunch + 1), clockOut(rng, p, day0)),
  ];
}

/** admin glances at the web server every Saturday morning: login, one sudo, logout. */
function weekendCheck(rng: Rng, p: Profile, day0: number): Draft[] {
  const host = p.hosts[0];
  const start = at(day0, 10 + uniform(rng, -1 / 6, 1 / 6));
  const end = start + between(rng, 5, 15) * 60;
  const check = sudo(p, host, between(rng, start + 60, end - 60), "pts/0", "/usr/bin/systemctl status nginx");
  return [...login(rng, p, host, start), check, logout(p, host, end)];
}

/**
 * Nightly backup: a few huge reads of /srv/data, then one huge push to the
 * backup store. Gigabytes are normal *for this account*, so bytes alone must
 * not make an alert: they have to be unusual for the user.
 */
function backupNight(rng: Rng, p: Profile, day0: number): Draft[] {
  const host = p.hosts[0];
  const start = at(day0, p.arrive) + between(rng, 0, 120);
  const end = at(day0, p.leave) - between(rng, 0, 120);
  const sources = [...BACKUP_SOURCES];
  const reads = spread(rng, start, start + 25 * 60, between(rng, 3, 6), []).map((t) => {
    const [path] = sources.splice(rng.int(sources.length), 1);
    return fileAccess(p, host, t, "read", `/srv/data/${path}`, between(rng, 200 * MB, 1.5 * GB));
  });
  const pushAt = between(rng, start + 26 * 60, end - 60);
  const push = connection(p, host, pushAt, `${BACKUP_TARGET}:873 (backup-store)`, between(rng, GB, 3 * GB));
  return [...login(rng, p, host, start), ...reads, push, logout(p, host, end)];
}

// ---------------------------------------------------------------------------
// The attacks on day 8.

/** 12 failed SSH logins against admin from one outside IP within a minute (T1110). */
function bruteForce(rng: Rng, day0: number): Draft[] {
  const attacker: Profile = { ...profile("admin"), ip: ATTACKER_IP };
  let t = at(day0, 3) + 14 * 60 + 5;
  const out: Draft[] = [];
  for (let i = 0; i < 12; i++, t += between(rng, 4, 5)) {
    const message = `Failed password for admin from ${ATTACKER_IP} port ${port(rng)} ssh2`;
    out.push({ ...event(attacker, "srv-web-01", t, "login", "failure", message), threat: "brute_force" });
  }
  return out;
}

/** dave, late at night from his own workstation, reads the customer export and pushes it out (T1048). */
function exfiltration(rng: Rng, day0: number): Draft[] {
  const p = profile("dave");
  const host = p.hosts[0];
  const read = at(day0, 23 + 40 / 60) + between(rng, 0, 300);
  const send = read + between(rng, 120, 300);
  const fileBytes = Math.round(2.5 * GB * uniform(rng, 0.99, 1.01));
  const netBytes = Math.round(4.2 * GB * uniform(rng, 0.99, 1.01));
  return [
    { ...fileAccess(p, host, read, "read", EXFIL_FILE, fileBytes), threat: "data_exfiltration" },
    { ...connection(p, host, send, `${EXFIL_IP}:443`, netBytes), threat: "data_exfiltration" },
  ];
}

/** bob, who never used sudo, becomes root on his workstation (T1548). */
function privilegeEscalation(rng: Rng, day0: number): Draft[] {
  const p = profile("bob");
  const t = at(day0, 14 + 20 / 60) + between(rng, 0, 59);
  return [{ ...sudo(p, p.hosts[0], t, "pts/1", "/bin/su -"), threat: "privilege_escalation" }];
}

// ---------------------------------------------------------------------------

/** Sorts by time (stable, so a failed login stays before its retry) and numbers from `firstId`. */
function finalize(drafts: Draft[], firstId: number): { records: SampleRecord[]; labels: AttackLabel[] } {
  const records: SampleRecord[] = [];
  const labels: AttackLabel[] = [];
  drafts
    .sort((a, b) => a.t - b.t)
    .forEach((d, i) => {
      const r: SampleRecord = {
        event_id: `evt-${String(firstId + i).padStart(6, "0")}`,
        timestamp: iso(d.t),
        user: d.user,
        source_ip: d.source_ip,
        host: d.host,
        event_type: d.event_type,
        action: d.action,
        message: d.message,
      };
      if (d.bytes !== undefined) r.bytes = d.bytes;
      if (d.path !== undefined) r.path = d.path;
      records.push(r);
      if (d.threat) labels.push({ event_id: r.event_id, threat_type: d.threat });
    });
  return { records, labels };
}

export function generateSampleLogs(seed = 42): SampleLogs {
  const rng = createRng(seed);

  const week: Draft[] = [];
  for (let day = 1; day <= 7; day++) {
    const day0 = dayStart(day);
    const weekday = new Date(day0 * 1000).getUTCDay(); // 0 = Sunday, 6 = Saturday
    for (const p of PROFILES) {
      if (p.role === "service") week.push(...backupNight(rng, p, day0));
      else if (weekday === 0 || weekday === 6) {
        if (p.user === "admin" && weekday === 6) week.push(...weekendCheck(rng, p, day0));
      } else if (p.role === "admin") week.push(...adminDay(rng, p, day0));
      else week.push(...employeeDay(rng, p, day0, FULL_DAY));
    }
  }
  const normal = finalize(week, 1).records;

  const day8 = dayStart(8);
  const attacks = [...bruteForce(rng, day8), ...privilegeEscalation(rng, day8), ...exfiltration(rng, day8)];
  // Ordinary events keep 5 min clear of every attack event, and admin stays
  // quiet for 2 h after the brute force, so no ordinary event can be read as
  // the attack's success or its aftermath.
  const bruteEnd = Math.max(...attacks.filter((a) => a.threat === "brute_force").map((a) => a.t));
  const avoid: Span[] = [
    ...attacks.map((a) => ({ from: a.t - 300, to: a.t + 300 })),
    { from: bruteEnd, to: bruteEnd + 7200 },
  ];
  const admin = profile("admin");
  const adminStart = clockIn(rng, admin, day8);
  const ordinary = [
    ...backupNight(rng, profile("svc_backup"), day8),
    ...adminSession(rng, admin, admin.hosts[0], adminStart, adminStart + between(rng, 40, 90) * 60, 1, 1),
    ...ATTACK_DAY_STAFF.flatMap((u) => employeeDay(rng, profile(u), day8, LIGHT_DAY, avoid)),
  ];
  const { records: attack, labels } = finalize([...ordinary, ...attacks], normal.length + 1);

  return { normal, attack, labels };
}

/**
 * The exact file contents for `samples/`: the baseline as one pretty JSON array,
 * the attack day as NDJSON (the loader accepts both; shipping both shows it),
 * the labels as a pretty JSON array.
 */
export function renderSampleFiles(logs: SampleLogs): Record<string, string> {
  return {
    [SAMPLE_FILES.normal]: JSON.stringify(logs.normal, null, 2) + "\n",
    [SAMPLE_FILES.attack]: logs.attack.map((r) => JSON.stringify(r)).join("\n") + "\n",
    [SAMPLE_FILES.labels]: JSON.stringify(logs.labels, null, 2) + "\n",
  };
}
