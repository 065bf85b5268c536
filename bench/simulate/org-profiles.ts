/**
 * Who and what an organisation is made of, for the organisation simulator
 * (organization.ts): sites and their time zones, servers, departments, the
 * people (employees, helpdesk, administrators), service accounts, and the small
 * random helpers the generators share.
 *
 * Everything here is data or a pure function of a seeded `Rng`, so one seed
 * always builds the same organisation.
 */
import type { Rng } from "../../trainer/util/rng.ts";

// ---------------------------------------------------------------------------
// Random helpers. Times are whole seconds since the epoch.

export const between = (rng: Rng, lo: number, hi: number): number => lo + rng.int(hi - lo + 1);
export const uniform = (rng: Rng, lo: number, hi: number): number => lo + rng.next() * (hi - lo);
export const chance = (rng: Rng, p: number): boolean => rng.next() < p;
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];
/** Sizes spread over orders of magnitude, as real file and transfer sizes are. */
export const logUniform = (rng: Rng, lo: number, hi: number): number =>
  Math.round(Math.exp(uniform(rng, Math.log(lo), Math.log(hi))));
export const port = (rng: Rng): number => between(rng, 32768, 60999);
export const pid = (rng: Rng): number => between(rng, 1000, 65000);

/** `n` distinct elements in random order (all of them when n >= xs.length). */
export function sample<T>(rng: Rng, xs: readonly T[], n: number): T[] {
  const copy = [...xs];
  const out: T[] = [];
  while (out.length < n && copy.length > 0) out.push(copy.splice(rng.int(copy.length), 1)[0]);
  return out;
}

/** `n` sorted whole-second times in [from, to]. */
export function spread(rng: Rng, from: number, to: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(between(rng, Math.round(from), Math.max(Math.round(from), Math.round(to))));
  return out.sort((a, b) => a - b);
}

/** Number of events of a Poisson process with rate `mean` (Knuth; fine for small means). */
export function poisson(rng: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

export const KB = 1024;
export const MB = 1024 * KB;
export const GB = 1024 * MB;

// ---------------------------------------------------------------------------
// Sites. People work local office hours; the logs are in UTC.

export interface Site {
  name: string;
  /** Short code used in workstation names. */
  code: string;
  /** Hours added to UTC to get local time. */
  utcOffset: number;
  /** Second octet of the site's office network, 10.<subnet>.0.0/16. */
  subnet: number;
  /** Share of the staff working there. */
  share: number;
}

export const SITES: readonly Site[] = [
  { name: "London", code: "lon", utcOffset: 0, subnet: 10, share: 0.45 },
  { name: "Berlin", code: "ber", utcOffset: 1, subnet: 20, share: 0.15 },
  { name: "New York", code: "nyc", utcOffset: -5, subnet: 30, share: 0.2 },
  { name: "Bangalore", code: "blr", utcOffset: 5.5, subnet: 40, share: 0.12 },
  { name: "San Francisco", code: "sfo", utcOffset: -8, subnet: 50, share: 0.08 },
];

/** The VPN hands out addresses from this pool, a different one per session. */
export const VPN_POOL = "10.99";

// ---------------------------------------------------------------------------
// Servers: tens of them, Linux and Windows, each with a fixed address.

export type ServerRole =
  | "web" | "app" | "db" | "file" | "dev" | "git" | "ci" | "dc" | "mail" | "log" | "monitor"
  | "backup" | "bastion" | "vpn" | "data" | "hr" | "finance" | "scanner";

export interface Server {
  name: string;
  ip: string;
  os: "linux" | "windows";
  role: ServerRole;
}

function servers(): Server[] {
  const out: Server[] = [];
  const add = (name: string, role: ServerRole, os: "linux" | "windows" = "linux") =>
    out.push({ name, role, os, ip: `10.0.${1 + Math.floor(out.length / 50)}.${10 + (out.length % 50) * 4}` });
  for (let i = 1; i <= 4; i++) add(`srv-web-0${i}`, "web");
  for (let i = 1; i <= 6; i++) add(`srv-app-0${i}`, "app");
  for (let i = 1; i <= 3; i++) add(`srv-db-0${i}`, "db");
  for (let i = 1; i <= 4; i++) add(`srv-dev-0${i}`, "dev");
  add("srv-git-01", "git");
  add("srv-ci-01", "ci");
  add("srv-ci-02", "ci");
  add("srv-log-01", "log");
  add("srv-data-01", "data");
  add("monitor-01", "monitor");
  add("backup-01", "backup");
  add("scanner-01", "scanner");
  add("bastion-01", "bastion");
  add("vpn-gw-01", "vpn");
  add("dc-01", "dc", "windows");
  add("dc-02", "dc", "windows");
  add("srv-file-01", "file", "windows");
  add("srv-file-02", "file", "windows");
  add("srv-mail-01", "mail", "windows");
  add("srv-hr-01", "hr", "windows");
  add("srv-fin-01", "finance", "windows");
  return out;
}

export const SERVERS: readonly Server[] = servers();
export const server = (name: string): Server => {
  const s = SERVERS.find((x) => x.name === name);
  if (!s) throw new Error(`no server ${name}`);
  return s;
};
export const serversWithRole = (...roles: ServerRole[]): string[] =>
  SERVERS.filter((s) => roles.includes(s.role)).map((s) => s.name);

/** The store backups are pushed to (not a logging host itself). */
export const BACKUP_STORE = "10.0.9.20";

// ---------------------------------------------------------------------------
// People.

export type Role = "employee" | "helpdesk" | "admin";
export type Department = "engineering" | "sales" | "support" | "marketing" | "finance" | "hr" | "data" | "legal" | "it";
/** Administrators look after one part of the estate. */
export type AdminTeam = "linux" | "database" | "windows";

const DEPARTMENT_SHARES: ReadonlyArray<[Department, number]> = [
  ["engineering", 0.3],
  ["sales", 0.15],
  ["support", 0.14],
  ["marketing", 0.08],
  ["finance", 0.1],
  ["hr", 0.05],
  ["data", 0.08],
  ["legal", 0.1],
];

export const ADMIN_POOLS: Record<AdminTeam, string[]> = {
  linux: serversWithRole("web", "app", "log", "monitor", "bastion", "ci", "git", "dev", "vpn"),
  database: [...serversWithRole("db", "backup", "data"), "srv-log-01", "srv-app-01", "srv-app-02"],
  windows: serversWithRole("dc", "file", "mail", "hr", "finance"),
};

export interface Person {
  user: string;
  uid: number;
  role: Role;
  dept: Department;
  team?: AdminTeam;
  site: Site;
  /** Office workstation and its address. */
  ws: string;
  ip: string;
  /** The home broadband address remote work comes from (the VPN portal sees it). */
  homeIp: string;
  /** Share of working days spent remote, over the VPN. */
  remoteShare: number;
  /** Habitual local arrival and departure hours. */
  arrive: number;
  leave: number;
  /** First day (index from the start) the person exists; 0 = from the start, more = a new hire. */
  startDay: number;
  /** Uses sudo on their own workstation (some engineers) or on servers (admins). */
  sudoHabit: boolean;
  /** Servers the person logs on to remotely as part of the job. */
  servers: string[];
  /** Days off in a block: [first, last] (inclusive), or none. */
  vacation?: [number, number];
  /** Shares an on-call rotation (engineers with sudo, Linux and database admins). */
  onCall: boolean;
}

const FIRST = [
  "amelia", "oliver", "isla", "george", "ava", "noah", "mia", "arthur", "sofia", "leo", "grace", "oscar", "lily",
  "harry", "freya", "jack", "emily", "charlie", "ella", "henry", "priya", "arjun", "ananya", "rohan", "diya",
  "vikram", "lena", "felix", "hannah", "jonas", "marie", "lukas", "emma", "paul", "clara", "maximilian", "sophia",
  "james", "olivia", "william", "emma", "lucas", "chloe", "ethan", "zoe", "mason", "aria", "logan", "nora",
  "daniel", "maya", "samuel", "julia", "david", "sara", "omar", "fatima", "wei", "mei", "kenji", "yuki", "carlos",
  "lucia", "mateo", "valentina", "tom", "kate", "ben", "anna", "sam", "eva", "max", "ruth",
];
const LAST = [
  "smith", "jones", "taylor", "brown", "williams", "wilson", "johnson", "davies", "patel", "wright", "walker",
  "khan", "thompson", "white", "hughes", "edwards", "green", "hall", "wood", "harris", "martin", "jackson",
  "clarke", "muller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner", "becker", "sharma", "gupta",
  "singh", "kumar", "iyer", "reddy", "nair", "garcia", "rodriguez", "lopez", "lee", "nguyen", "chen", "wang",
  "kim", "park", "cohen", "levy", "rossi", "bianchi", "silva", "santos", "novak", "kowalski", "berg", "lind",
];

/** Public addresses that look real, never private or reserved, never handed out twice. */
export class AddressBook {
  private used = new Set<string>();
  private static FIRST_OCTETS = [
    24, 31, 37, 45, 46, 62, 66, 68, 71, 73, 77, 78, 80, 81, 82, 84, 85, 86, 88, 89, 91, 92, 93, 94, 95, 98, 99, 103,
    104, 107, 109, 112, 115, 117, 121, 125, 141, 146, 151, 154, 176, 178, 185, 188, 193, 194, 195, 197, 200, 201,
    212, 213, 217,
  ];
  constructor(private readonly rng: Rng) {}

  reserve(ip: string): string {
    this.used.add(ip);
    return ip;
  }

  publicIp(): string {
    for (;;) {
      const ip = `${pick(this.rng, AddressBook.FIRST_OCTETS)}.${between(this.rng, 1, 254)}.${between(this.rng, 0, 255)}.${between(this.rng, 1, 254)}`;
      if (!this.used.has(ip)) return this.reserve(ip);
    }
  }

  vpnIp(): string {
    return `${VPN_POOL}.${between(this.rng, 0, 15)}.${between(this.rng, 2, 254)}`;
  }
}

function pickWeighted<T>(rng: Rng, items: ReadonlyArray<[T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1][0];
}

export interface StaffPlan {
  /** Human accounts. */
  users: number;
  totalDays: number;
  baselineDays: number;
  /** Day index → true when nobody but on-call staff and services works. */
  isWorkday: (day: number) => boolean;
}

/**
 * The staff: ~4% administrators (at least 3: one per team), ~1.5% helpdesk (at
 * least one), the rest employees across departments and sites; ~3% are new
 * hires who start mid-period (half in the baseline, half in the scored days).
 */
export function buildPeople(rng: Rng, book: AddressBook, plan: StaffPlan): Person[] {
  const n = Math.max(plan.users, 6);
  const admins = Math.max(3, Math.round(n * 0.04));
  const helpdesk = Math.max(1, Math.round(n * 0.015));
  const hires = Math.max(1, Math.round(n * 0.03));
  const taken = new Set<string>();
  const siteCount = new Map<string, number>();
  const people: Person[] = [];
  for (let i = 0; i < n; i++) {
    let user = `${pick(rng, FIRST)}.${pick(rng, LAST)}`;
    for (let k = 2; taken.has(user); k++) user = `${user.replace(/\d+$/, "")}${k}`;
    taken.add(user);
    const role: Role = i < admins ? "admin" : i < admins + helpdesk ? "helpdesk" : "employee";
    const team: AdminTeam | undefined = role === "admin" ? (["linux", "database", "windows"] as const)[i % 3] : undefined;
    const site = role === "employee" ? pickWeighted(rng, SITES.map((s) => [s, s.share] as [Site, number])) : i % 4 === 3 ? SITES[2] : SITES[0];
    const k = siteCount.get(site.code) ?? 0;
    siteCount.set(site.code, k + 1);
    const dept: Department = role === "employee" ? pickWeighted(rng, DEPARTMENT_SHARES) : "it";
    const arrive = uniform(rng, 7.5, 9.75);
    const remoteDraw = rng.next();
    const remoteShare = remoteDraw < 0.5 ? 0 : remoteDraw < 0.9 ? uniform(rng, 0.1, 0.4) : 0.85;
    const sudoHabit = role === "admin" ? team !== "windows" : dept === "engineering" && chance(rng, 0.3);
    let servers: string[] = [];
    if (role === "admin") servers = sample(rng, ADMIN_POOLS[team!], between(rng, 5, Math.min(9, ADMIN_POOLS[team!].length)));
    else if (dept === "engineering") servers = sample(rng, [...serversWithRole("dev"), "srv-git-01", "srv-ci-01"], between(rng, 1, 3));
    else if (dept === "data") servers = ["srv-data-01"];
    const vacationStart = chance(rng, 0.3) ? between(rng, 0, plan.totalDays - 3) : -1;
    people.push({
      user,
      uid: 1001 + i,
      role,
      dept,
      team,
      site,
      ws: `ws-${site.code}-${String(k + 1).padStart(4, "0")}`,
      ip: `10.${site.subnet}.${1 + Math.floor(k / 200)}.${20 + (k % 200)}`,
      homeIp: book.publicIp(),
      remoteShare,
      arrive,
      leave: arrive + uniform(rng, 8, 9.5),
      startDay: 0,
      sudoHabit,
      servers,
      vacation: vacationStart >= 0 ? [vacationStart, vacationStart + between(rng, 2, 6)] : undefined,
      onCall: (role === "admin" && team !== "windows") || (sudoHabit && role === "employee"),
    });
  }
  // New hires: employees (never the first of a department's staff) starting on a working day.
  const employees = people.filter((p) => p.role === "employee");
  const chosen = sample(rng, employees.slice(Math.floor(employees.length / 3)), hires);
  chosen.forEach((p, j) => {
    const inBaseline = j % 2 === 0;
    const lo = inBaseline ? Math.min(3, plan.baselineDays - 1) : plan.baselineDays;
    const hi = inBaseline ? plan.baselineDays - 1 : plan.totalDays - 2;
    let day = between(rng, lo, Math.max(lo, hi));
    while (day < plan.totalDays - 1 && !plan.isWorkday(day)) day++;
    p.startDay = day;
    p.vacation = undefined;
    p.onCall = false;
  });
  return people;
}

// ---------------------------------------------------------------------------
// Service accounts: fixed names, fixed hosts, run on schedules in UTC.

export interface ServiceAccount {
  user: string;
  host: string;
  ip: string;
}

export const SERVICE_ACCOUNTS = {
  backup: { user: "svc_backup", host: "backup-01", ip: server("backup-01").ip },
  monitor: { user: "svc_monitor", host: "monitor-01", ip: server("monitor-01").ip },
  deploy: { user: "svc_deploy", host: "srv-ci-01", ip: server("srv-ci-01").ip },
  etl: { user: "svc_etl", host: "srv-data-01", ip: server("srv-data-01").ip },
  scanner: { user: "svc_scanner", host: "scanner-01", ip: server("scanner-01").ip },
} satisfies Record<string, ServiceAccount>;

// ---------------------------------------------------------------------------
// Vocabulary: what people open, where they connect, what they run.

export const HOME_FILES = [
  "documents/notes.txt", "documents/report.docx", "documents/budget.xlsx", "documents/plan.md",
  "downloads/invoice.pdf", "downloads/slides.pptx", "desktop/todo.txt",
];
export const ENG_HOME_FILES = [
  "src/api/server.ts", "src/api/routes.ts", "src/web/app.tsx", "src/web/index.html", "src/lib/db.go",
  "src/lib/cache.go", "src/infra/main.tf", "src/infra/values.yaml", "README.md", "Makefile",
];
export const SHARED_FILES: Record<Department, string[]> = {
  engineering: ["eng/architecture.md", "eng/oncall-runbook.md", "eng/roadmap.pptx", "eng/postmortems/2024-02.md"],
  sales: ["sales/pipeline.xlsx", "sales/pricing-2024.pdf", "sales/contracts/template.docx", "sales/forecast-q1.xlsx"],
  support: ["support/macros.docx", "support/escalations.xlsx", "support/kb/faq.md", "support/sla-report.pdf"],
  marketing: ["marketing/brand-guide.pdf", "marketing/campaign-plan.pptx", "marketing/assets/logo.svg", "marketing/webinar.mp4"],
  finance: ["finance/2024/ledger-q1.xlsx", "finance/2024/budget.xlsx", "finance/invoices/march.zip", "finance/payroll/summary.pdf"],
  hr: ["hr/handbook.pdf", "hr/reviews/2024-h1.xlsx", "hr/recruiting/pipeline.xlsx", "hr/policies/leave.docx"],
  data: ["data/dashboards/kpi.sql", "data/models/churn.ipynb", "data/reports/weekly.pdf", "data/schemas/events.json"],
  legal: ["legal/contracts/nda.docx", "legal/contracts/msa-acme.pdf", "legal/policies/privacy.docx", "legal/cases/2024-03.pdf"],
  it: ["it/inventory.xlsx", "it/runbooks/patching.md", "it/network-diagram.pdf", "it/licenses.xlsx"],
};
export const DATA_EXPORTS = ["events", "orders", "customers_agg", "sessions", "revenue_daily", "churn_features"];

export interface Destination {
  name: string;
  ip: string;
  port: number;
  external: boolean;
}
export const DESTINATIONS: readonly Destination[] = [
  { name: "intranet.corp.local", ip: "10.0.2.10", port: 443, external: false },
  { name: "mail.corp.local", ip: "10.0.2.20", port: 993, external: false },
  { name: "wiki.corp.local", ip: "10.0.2.30", port: 443, external: false },
  { name: "jira.corp.local", ip: "10.0.2.40", port: 443, external: false },
  { name: "outlook.office365.com", ip: "52.97.146.162", port: 443, external: true },
  { name: "app.slack.com", ip: "34.226.36.51", port: 443, external: true },
  { name: "www.google.com", ip: "142.250.74.36", port: 443, external: true },
  { name: "login.salesforce.com", ip: "136.146.40.14", port: 443, external: true },
  { name: "github.com", ip: "140.82.121.4", port: 443, external: true },
  { name: "docs.google.com", ip: "142.250.74.46", port: 443, external: true },
];
export const VIDEO_CALL: Destination = { name: "zoom.us", ip: "170.114.52.2", port: 443, external: true };
export const MEDIA_UPLOAD: Destination = { name: "upload.vimeo.com", ip: "151.101.0.217", port: 443, external: true };
export const WAREHOUSE: Destination = { name: "warehouse.cloud-dw.example", ip: "52.18.44.120", port: 443, external: true };

export const SUDO_COMMANDS: Partial<Record<ServerRole | "workstation", string[]>> = {
  web: ["/usr/bin/systemctl reload nginx", "/usr/bin/systemctl restart nginx", "/usr/bin/tail -n 200 /var/log/nginx/error.log", "/usr/bin/certbot renew"],
  app: ["/usr/bin/systemctl restart app-api", "/usr/bin/journalctl -u app-api --since today", "/usr/bin/docker ps", "/usr/bin/docker logs app-worker"],
  db: ["/usr/bin/systemctl status postgresql", "/usr/bin/journalctl -u postgresql --since today", "/usr/bin/df -h /var/lib/postgresql", "/usr/bin/psql -c 'select 1'"],
  dev: ["/usr/bin/docker compose up -d", "/usr/bin/apt-get install -y jq", "/usr/bin/systemctl restart docker"],
  git: ["/usr/bin/gitlab-ctl status", "/usr/bin/gitlab-ctl restart sidekiq"],
  ci: ["/usr/bin/systemctl restart gitlab-runner", "/usr/bin/docker system prune -f"],
  log: ["/usr/bin/systemctl restart rsyslog", "/usr/bin/du -sh /var/log"],
  monitor: ["/usr/bin/systemctl restart prometheus", "/usr/bin/systemctl reload alertmanager"],
  backup: ["/usr/bin/restic snapshots", "/usr/bin/df -h /backup"],
  bastion: ["/usr/bin/tail -n 100 /var/log/auth.log", "/usr/sbin/sshd -t"],
  vpn: ["/usr/bin/systemctl status openvpn", "/usr/bin/tail -n 100 /var/log/openvpn.log"],
  data: ["/usr/bin/systemctl restart airflow-scheduler", "/usr/bin/df -h /data"],
  workstation: ["/usr/bin/apt-get update", "/usr/bin/apt-get install -y build-essential", "/usr/bin/docker ps", "/usr/bin/systemctl restart docker", "/usr/bin/snap refresh"],
};

export const SHELL_COMMANDS = ["/usr/bin/htop", "/usr/bin/less /var/log/syslog", "/usr/bin/git pull", "/usr/bin/ps aux", "/usr/bin/make test", "/usr/bin/python3 manage.py check", "/usr/bin/go build ./...", "/usr/bin/npm test"];
export const WINDOWS_ADMIN_COMMANDS = [
  "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe Get-ADUser -Filter *",
  "C:\\Windows\\System32\\mmc.exe dsa.msc",
  "C:\\Windows\\System32\\gpupdate.exe /force",
  "C:\\Windows\\System32\\eventvwr.exe",
  "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe Get-SmbShare",
];
export const DEPARTMENT_GROUPS: Record<Department, string> = {
  engineering: "eng-developers",
  sales: "sales-team",
  support: "support-agents",
  marketing: "marketing-team",
  finance: "finance-staff",
  hr: "hr-staff",
  data: "data-analysts",
  legal: "legal-team",
  it: "it-staff",
};
export const EXTRA_GROUPS = ["vpn-users", "docker", "jira-users", "confluence-editors", "github-org", "all-staff"];
