/**
 * A seeded simulator of an organisation's security logs: weeks of ordinary,
 * noisy-but-benign activity (the baseline), then scored days with labelled
 * attack campaigns injected among the same kind of ordinary activity. It is the
 * input of the labelled quality benchmark (bench/quality.ts).
 *
 * The organisation (defaults): 300 people at five sites in five time zones
 * (London, Berlin, New York, Bangalore, San Francisco), ~4% administrators in
 * three teams (Linux, database, Windows), ~1.5% helpdesk, employees across eight
 * departments; ~30 servers; five service accounts. What they do:
 *
 * - employees unlock their workstation at local office hours (±20 min), read and
 *   write files at home and on the file servers, browse SaaS, join video calls
 *   (tens to hundreds of MB), log off; engineers ssh to their dev servers, some
 *   use sudo on their own machines; data analysts pull exports of hundreds of MB;
 *   marketing occasionally uploads a video of a gigabyte;
 * - some work remote part of the time: a VPN login from their home address
 *   (now and then from a travel address never seen before), then activity from a
 *   VPN pool address that changes every session;
 * - people mistype their password (~4% of logins, 1-2 failures), forget it
 *   after a vacation and get a helpdesk reset; a ~30% of them take a vacation;
 * - administrators open 2-5 sessions a day on 5-9 servers of their team and use
 *   sudo; Windows admins RDP to the domain controllers and file servers; an
 *   on-call admin and an on-call engineer check systems on weekends and the
 *   holiday and get paged at night now and then; an admin installs a monitoring
 *   agent now and then, and grants another admin `wheel` once a period;
 * - helpdesk resets passwords, unlocks accounts and adds people to department
 *   groups; new hires (~3%) appear mid-period with a new account, host and
 *   address, half of them in the scored days;
 * - svc_backup logs on to six servers every night and moves gigabytes,
 *   svc_etl exports gigabytes to a cloud warehouse every night, svc_deploy
 *   deploys to app servers twice a week (sometimes installing a service),
 *   svc_scanner logs on to every server every Wednesday night, svc_monitor polls;
 * - the internet knocks on the bastion and the VPN portal all the time: one to
 *   four failed logins for root/admin/test... from random addresses, ~1.2 an hour;
 * - weekends are quiet (on-call, a few people catching up); one weekday in the
 *   baseline is a company holiday.
 *
 * The scored days hold the same ordinary activity plus `campaignsPerScenario`
 * campaigns of each attack scenario (campaigns.ts), every record labelled with
 * its campaign id and threat type. Nothing about an attack is in the baseline.
 *
 * Pure and seeded: one seed and options give identical output.
 */
import { createRng, type Rng } from "../../trainer/util/rng.ts";
import type { ThreatType } from "../../trainer/verdict/types.ts";
import { buildCampaigns, planCampaigns, SCENARIOS, type Campaign, type CampaignWorld, type Scenario } from "./campaigns.ts";
import {
  accountChange,
  connection,
  consoleLogin,
  consoleLogout,
  fileAccess,
  groupChange,
  processStart,
  remoteLogoff,
  remoteLogon,
  serviceInstall,
  sshLogin,
  sudo,
  vpnLogin,
  windowsLogon,
  type BenignTag,
  type Draft,
} from "./org-events.ts";
import {
  AddressBook,
  ADMIN_POOLS,
  BACKUP_STORE,
  between,
  buildPeople,
  chance,
  DATA_EXPORTS,
  DEPARTMENT_GROUPS,
  DESTINATIONS,
  ENG_HOME_FILES,
  EXTRA_GROUPS,
  GB,
  HOME_FILES,
  KB,
  logUniform,
  MB,
  MEDIA_UPLOAD,
  pick,
  poisson,
  sample,
  server,
  SERVERS,
  serversWithRole,
  SERVICE_ACCOUNTS,
  SHARED_FILES,
  SHELL_COMMANDS,
  spread,
  SUDO_COMMANDS,
  uniform,
  VIDEO_CALL,
  WAREHOUSE,
  WINDOWS_ADMIN_COMMANDS,
  type Department,
  type Person,
} from "./org-profiles.ts";

export { SCENARIOS, SCENARIO_THREAT, type Campaign, type Scenario } from "./campaigns.ts";
export type { BenignTag } from "./org-events.ts";

export interface OrganizationOptions {
  /** Seed of every random choice. */
  seed?: number;
  /** Human accounts (service accounts come on top). */
  users?: number;
  /** Weeks of baseline before the scored days. */
  baselineWeeks?: number;
  /** Scored days after the baseline, holding the attacks. */
  scoredDays?: number;
  /** Campaigns of each scenario injected into the scored days. */
  campaignsPerScenario?: number;
  /** First day, "YYYY-MM-DD" (UTC); a Monday keeps weeks aligned. */
  start?: string;
  /** Company holidays as day indices from the start; default: the Friday before the last baseline week. */
  holidays?: number[];
  /** Which attack scenarios to inject. */
  scenarios?: readonly Scenario[];
}

export type ResolvedOrganizationOptions = Required<OrganizationOptions>;

export const DEFAULT_ORGANIZATION_OPTIONS: Readonly<Omit<ResolvedOrganizationOptions, "holidays">> = Object.freeze({
  seed: 2024,
  users: 300,
  baselineWeeks: 3,
  scoredDays: 7,
  campaignsPerScenario: 3,
  start: "2024-03-04",
  scenarios: SCENARIOS,
});

/** One log record in the flat JSON form the scanner reads: a Draft's fields with an id and an ISO time. */
export type OrgRecord = {
  event_id: string;
  /** ISO 8601 UTC, seconds precision. */
  timestamp: string;
} & Omit<Draft, "t" | "campaign">;

export interface CampaignLabel {
  event_id: string;
  campaign_id: string;
  threat_type: ThreatType;
  scenario: Scenario;
}

/** Why a benign record is noteworthy (never part of the logs). */
export interface BenignNote {
  event_id: string;
  tag: BenignTag;
}

export interface StaffMember {
  user: string;
  role: Person["role"];
  dept: Department;
  team?: Person["team"];
  site: string;
  utcOffset: number;
  ws: string;
  ip: string;
  startDay: number;
  sudoHabit: boolean;
}

export interface Organization {
  options: ResolvedOrganizationOptions;
  /** The baseline is the first `baselineDays` UTC days (pass as --baseline-period-days). */
  baselineDays: number;
  startTime: string;
  splitTime: string;
  endTime: string;
  /** Sorted by time. */
  baseline: OrgRecord[];
  /** Sorted by time: ordinary activity plus the campaigns. */
  scored: OrgRecord[];
  /** One per attack record, in file order. */
  labels: CampaignLabel[];
  campaigns: Campaign[];
  benign: BenignNote[];
  staff: StaffMember[];
  serviceAccounts: string[];
}

/** File names `writeOrganization` uses; labels sit in a subdirectory so a run over the directory never reads them as logs. */
export const ORGANIZATION_FILES = {
  baseline: "org_baseline.ndjson",
  scored: "org_scored.ndjson",
  labels: "ground-truth/labels.json",
  campaigns: "ground-truth/campaigns.json",
  benign: "ground-truth/benign_notes.json",
} as const;

const DAY = 86400;
const HOUR = 3600;
const MIN = 60;

function resolveOrganizationOptions(options: OrganizationOptions = {}): ResolvedOrganizationOptions {
  const o = { ...DEFAULT_ORGANIZATION_OPTIONS, ...options };
  const check = (name: string, v: number, lo: number, hi: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${name} must be an integer in [${lo}, ${hi}], got: ${v}`);
  };
  check("seed", o.seed, 0, 4_294_967_295);
  check("users", o.users, 6, 100_000);
  check("baselineWeeks", o.baselineWeeks, 1, 52);
  check("scoredDays", o.scoredDays, 1, 366);
  check("campaignsPerScenario", o.campaignsPerScenario, 0, 100);
  if (!/^\d{4}-\d\d-\d\d$/.test(o.start) || Number.isNaN(Date.parse(`${o.start}T00:00:00Z`))) throw new RangeError(`start must be YYYY-MM-DD, got: ${o.start}`);
  for (const s of o.scenarios) if (!SCENARIOS.includes(s)) throw new RangeError(`unknown scenario ${s}`);
  const holidays = options.holidays ?? [7 * Math.max(0, o.baselineWeeks - 2) + 4];
  return { ...o, holidays: [...holidays] };
}

// ---------------------------------------------------------------------------

class Sim {
  readonly drafts: Draft[] = [];
  readonly weekday0: number;
  people: Person[] = [];

  constructor(
    readonly rng: Rng,
    readonly book: AddressBook,
    readonly startS: number,
    readonly totalDays: number,
    readonly baselineDays: number,
    readonly holidays: Set<number>,
  ) {
    this.weekday0 = (new Date(startS * 1000).getUTCDay() + 6) % 7;
  }

  get endS(): number {
    return this.startS + this.totalDays * DAY;
  }
  /** 0 = Monday. */
  weekday(d: number): number {
    return (this.weekday0 + d) % 7;
  }
  isWorkday(d: number): boolean {
    return this.weekday(d) < 5 && !this.holidays.has(d);
  }
  /** Epoch seconds of local `hour` on day `d` for a person at `utcOffset`. */
  local(utcOffset: number, d: number, hour: number): number {
    return Math.round(this.startS + d * DAY + (hour - utcOffset) * HOUR);
  }
  add(drafts: Draft[], tag?: BenignTag): void {
    for (const d of drafts) this.drafts.push(tag && !d.tag ? { ...d, tag } : d);
  }
}

/** `make(t, ok)` builds the login; mistyped passwords (1, sometimes 2) come a few seconds before the success. */
function withMistypes(rng: Rng, make: (t: number, ok: boolean) => Draft, t: number, rate: number): Draft[] {
  const out: Draft[] = [];
  if (chance(rng, rate)) {
    const n = chance(rng, 0.8) ? 1 : 2;
    let ft = t;
    for (let i = 0; i < n; i++) {
      ft -= between(rng, 3, 15);
      out.unshift({ ...make(ft, false), tag: "mistyped_password" });
    }
  }
  out.push(make(t, true));
  return out;
}

const MISTYPE_RATE = 0.04;

// ---------------------------------------------------------------------------
// Ordinary work.

function filePick(sim: Sim, p: Person): { host: string; path: string; bytes: number } {
  const { rng } = sim;
  const r = rng.next();
  if (p.dept === "engineering" && r < 0.55) {
    const ssh = chance(rng, 0.05);
    return { host: p.ws, path: ssh ? `/home/${p.user}/.ssh/known_hosts` : `/home/${p.user}/${pick(rng, ENG_HOME_FILES)}`, bytes: logUniform(rng, KB, 2 * MB) };
  }
  if (r < 0.4) return { host: p.ws, path: `/home/${p.user}/${pick(rng, HOME_FILES)}`, bytes: logUniform(rng, KB, 8 * MB) };
  if (p.dept === "finance" && r < 0.75) return { host: "srv-file-02", path: `/srv/${pick(rng, SHARED_FILES.finance)}`, bytes: logUniform(rng, 10 * KB, 20 * MB) };
  if (p.dept === "hr" && r < 0.75) return { host: "srv-hr-01", path: `/srv/${pick(rng, SHARED_FILES.hr)}`, bytes: logUniform(rng, 10 * KB, 10 * MB) };
  const dept: Department = chance(rng, 0.8) ? p.dept : pick(rng, ["engineering", "sales", "support", "marketing", "legal", "it"] as Department[]);
  return { host: "srv-file-01", path: `/srv/shared/${pick(rng, SHARED_FILES[dept])}`, bytes: logUniform(rng, KB, 12 * MB) };
}

/** Files, browsing and calls of one working span from `ip`. */
function deskWork(sim: Sim, p: Person, ip: string, from: number, to: number, files: [number, number], net: [number, number]): Draft[] {
  const { rng } = sim;
  const out: Draft[] = [];
  for (const t of spread(rng, from + MIN, to - MIN, between(rng, ...files))) {
    const f = filePick(sim, p);
    out.push(fileAccess(p.user, ip, f.host, t, chance(rng, 0.75) ? "read" : "wrote", f.path, f.bytes));
  }
  for (const t of spread(rng, from + MIN, to - MIN, between(rng, ...net))) {
    const d = pick(rng, DESTINATIONS);
    out.push(connection(p.user, ip, p.ws, t, `${d.ip}:${d.port} (${d.name})`, logUniform(rng, 5 * KB, 4 * MB)));
  }
  if (chance(rng, 0.35)) {
    const t = between(rng, from + 30 * MIN, Math.max(from + 30 * MIN, to - 60 * MIN));
    out.push(connection(p.user, ip, p.ws, t, `${VIDEO_CALL.ip}:${VIDEO_CALL.port} (${VIDEO_CALL.name})`, logUniform(rng, 30 * MB, 400 * MB), { tag: "video_call" }));
  }
  if (p.dept === "marketing" && chance(rng, 0.06)) {
    const t = between(rng, from + 60 * MIN, Math.max(from + 60 * MIN, to - 30 * MIN));
    out.push(connection(p.user, ip, p.ws, t, `${MEDIA_UPLOAD.ip}:${MEDIA_UPLOAD.port} (${MEDIA_UPLOAD.name})`, logUniform(rng, 200 * MB, 1.5 * GB), { tag: "media_upload" }));
  }
  if (p.dept === "data") {
    for (const t of spread(rng, from + 20 * MIN, to - 20 * MIN, between(rng, 1, 4))) {
      const name = pick(rng, DATA_EXPORTS);
      out.push(fileAccess(p.user, ip, "srv-data-01", t, "read", `/srv/datalake/exports/${name}.parquet`, logUniform(rng, 20 * MB, 900 * MB)));
    }
  }
  return out;
}

/** An ssh session on a Linux server: login, commands, sudo where the person has the habit, logoff. */
function serverSession(sim: Sim, p: Person, ip: string, host: string, t: number, minutes: number, opts: { sudos?: [number, number]; tag?: BenignTag } = {}): Draft[] {
  const { rng } = sim;
  const end = t + minutes * MIN;
  const out: Draft[] = [];
  const s = server(host);
  if (s.os === "windows") {
    out.push(...withMistypes(rng, (tt, ok) => windowsLogon(p.user, ip, host, tt, ok, 10), t, 0.02));
    for (const tt of spread(rng, t + 30, end - 30, between(rng, 1, 4))) out.push(processStart(rng, p.user, ip, host, tt, pick(rng, WINDOWS_ADMIN_COMMANDS)));
  } else {
    const key = chance(rng, 0.6);
    out.push(...(key ? [sshLogin(rng, p.user, ip, host, t, true, { method: "publickey" })] : withMistypes(rng, (tt, ok) => sshLogin(rng, p.user, ip, host, tt, ok), t, 0.03)));
    for (const tt of spread(rng, t + 30, end - 30, between(rng, 0, 3))) out.push(processStart(rng, p.user, ip, host, tt, pick(rng, SHELL_COMMANDS)));
    if (p.sudoHabit && opts.sudos) {
      const tty = `pts/${rng.int(4)}`;
      const commands = SUDO_COMMANDS[s.role] ?? ["/usr/bin/systemctl status", "/usr/bin/journalctl -n 100"];
      for (const tt of spread(rng, t + 30, end - 30, between(rng, ...opts.sudos))) out.push(sudo(p.user, ip, host, tt, tty, pick(rng, commands)));
    }
  }
  out.push(remoteLogoff(p.user, ip, host, end));
  return opts.tag ? out.map((d) => (d.tag ? d : { ...d, tag: opts.tag })) : out;
}

interface DayContext {
  firstDay: boolean;
  afterVacation: boolean;
}

/** Unlock at arrival (mistypes, or a forgotten password and a helpdesk reset), lunch, work, leave. */
function officeDay(sim: Sim, p: Person, d: number, ctx: DayContext, helpdesk: Person[]): Draft[] {
  const { rng } = sim;
  const out: Draft[] = [];
  const remote = !ctx.firstDay && p.remoteShare > 0 && chance(rng, p.remoteShare);
  const ip = remote ? sim.book.vpnIp() : p.ip;
  const start = sim.local(p.site.utcOffset, d, p.arrive + uniform(rng, -0.33, 0.33));
  const end = sim.local(p.site.utcOffset, d, p.leave + uniform(rng, -0.33, 0.33));
  if (remote) {
    const travel = chance(rng, 0.04);
    const from = travel ? sim.book.publicIp() : p.homeIp;
    const vpn = withMistypes(rng, (t, ok) => vpnLogin(p.user, from, t, ok, ip), start - between(rng, 60, 300), MISTYPE_RATE);
    out.push(...(travel ? vpn.map((x) => ({ ...x, tag: x.tag ?? ("travel_ip" as const) })) : vpn));
  }
  const forgot = ctx.afterVacation ? chance(rng, 0.15) : chance(rng, 0.0015);
  if (forgot && helpdesk.length > 0) {
    let t = start;
    const fails = between(rng, 3, 5);
    for (let i = 0; i < fails; i++, t += between(rng, 5, 40)) out.push({ ...consoleLogin(p.user, ip, p.ws, t, false), tag: "forgotten_password" });
    const hd = pick(rng, helpdesk);
    t += between(rng, 10, 40) * MIN;
    out.push(accountChange(hd.user, hd.ip, "dc-01", t, `An attempt was made to reset an account's password. Target Account: ${p.user} Subject: ${hd.user}`, { tag: "helpdesk_reset" }));
    out.push({ ...consoleLogin(p.user, ip, p.ws, t + between(rng, 2, 6) * MIN, true), tag: "forgotten_password" });
  } else if (ctx.firstDay && chance(rng, 0.5)) {
    const fails = between(rng, 1, 3);
    let t = start - fails * 15 - between(rng, 5, 30);
    for (let i = fails; i > 0; i--, t += between(rng, 5, 15)) out.push(consoleLogin(p.user, ip, p.ws, t, false));
    out.push(consoleLogin(p.user, ip, p.ws, start, true));
  } else {
    out.push(...withMistypes(rng, (t, ok) => consoleLogin(p.user, ip, p.ws, t, ok), start, MISTYPE_RATE));
  }
  if (chance(rng, 0.4)) {
    const lunch = sim.local(p.site.utcOffset, d, uniform(rng, 12, 13));
    out.push(consoleLogout(p.user, ip, p.ws, lunch));
    out.push(...withMistypes(rng, (t, ok) => consoleLogin(p.user, ip, p.ws, t, ok), lunch + between(rng, 30, 60) * MIN, MISTYPE_RATE / 2));
  }
  const light = p.role === "admin";
  out.push(...deskWork(sim, p, ip, start, end, light ? [2, 8] : p.dept === "finance" || p.dept === "data" ? [8, 25] : [4, 20], light ? [3, 10] : [3, 15]));

  if (p.role === "employee" && p.servers.length > 0 && chance(rng, p.dept === "data" ? 0.5 : 0.6)) {
    for (let k = between(rng, 1, 3); k > 0; k--) {
      const t = between(rng, start + 15 * MIN, end - 100 * MIN);
      const host = pick(rng, p.servers);
      out.push(...serverSession(sim, p, ip, host, t, between(rng, 10, 90), { sudos: server(host).role === "dev" && chance(rng, 0.5) ? [1, 2] : undefined }));
    }
  }
  if (p.role === "employee" && p.sudoHabit && chance(rng, 0.35)) {
    const tty = `pts/${rng.int(4)}`;
    for (const t of spread(rng, start + 10 * MIN, end - 10 * MIN, between(rng, 1, 2))) out.push(sudo(p.user, ip, p.ws, t, tty, pick(rng, SUDO_COMMANDS.workstation!)));
  }
  if (p.role === "admin") {
    for (let k = between(rng, 2, 5); k > 0; k--) {
      const t = between(rng, start + 10 * MIN, end - 70 * MIN);
      const host = pick(rng, p.servers);
      const session = serverSession(sim, p, ip, host, t, between(rng, 10, 60), { sudos: [1, 5] });
      if (server(host).os === "linux" && chance(rng, 0.04)) {
        const agent = pick(rng, ["node-exporter", "filebeat", "falcon-sensor", "osqueryd"]);
        session.splice(1, 0, serviceInstall(p.user, ip, host, t + between(rng, 60, 300), agent, `/usr/bin/${agent}`, { tag: "agent_install" }));
      }
      if (p.team === "windows" && chance(rng, 0.2)) {
        const who = pick(rng, sim.people.filter((x) => x.role === "employee"));
        session.splice(1, 0, groupChange(p.user, ip, host.startsWith("dc-") ? host : "dc-01", t + between(rng, 60, 300), who.user, pick(rng, EXTRA_GROUPS)));
      }
      out.push(...session);
    }
  }
  if (p.role === "helpdesk") {
    const t = start + between(rng, 5, 20) * MIN;
    out.push(windowsLogon(p.user, ip, "dc-01", t, true, 10));
    for (const tt of spread(rng, t + 5 * MIN, end - 15 * MIN, between(rng, 4, 12))) {
      const target = pick(rng, sim.people).user;
      const message = pick(rng, [
        `An attempt was made to reset an account's password. Target Account: ${target} Subject: ${p.user}`,
        `A user account was unlocked. Target Account: ${target} Subject: ${p.user}`,
        `A user account was changed. Target Account: ${target} Changed Attributes: telephoneNumber Subject: ${p.user}`,
      ]);
      out.push(accountChange(p.user, ip, "dc-01", tt, message));
    }
    for (const tt of spread(rng, t + 5 * MIN, end - 15 * MIN, between(rng, 1, 4))) {
      const who = pick(rng, sim.people.filter((x) => x.role === "employee"));
      out.push(groupChange(p.user, ip, "dc-01", tt, who.user, pick(rng, [DEPARTMENT_GROUPS[who.dept], ...EXTRA_GROUPS])));
    }
    out.push(remoteLogoff(p.user, ip, "dc-01", end - 5 * MIN));
  }
  out.push(consoleLogout(p.user, ip, p.ws, end));
  return remote ? out.map((x) => (x.tag ? x : { ...x, tag: "vpn_session" as const })) : out;
}

/** A short session on a weekend or the holiday. */
function weekendSession(sim: Sim, p: Person, d: number): Draft[] {
  const { rng } = sim;
  const start = sim.local(p.site.utcOffset, d, uniform(rng, 10, 16));
  const end = start + between(rng, 60, 180) * MIN;
  const remote = p.remoteShare > 0;
  const ip = remote ? sim.book.vpnIp() : p.ip;
  const out: Draft[] = [];
  if (remote) out.push(...withMistypes(rng, (t, ok) => vpnLogin(p.user, p.homeIp, t, ok, ip), start - between(rng, 60, 240), MISTYPE_RATE));
  out.push(...withMistypes(rng, (t, ok) => consoleLogin(p.user, ip, p.ws, t, ok), start, MISTYPE_RATE));
  out.push(...deskWork(sim, p, ip, start, end, [1, 6], [1, 5]).filter((x) => x.tag !== "video_call"));
  out.push(consoleLogout(p.user, ip, p.ws, end));
  return out;
}

/** On-call: a check of the estate on quiet days, a page at night now and then (from home, over the VPN). */
function onCallSession(sim: Sim, p: Person, d: number, night: boolean): Draft[] {
  const { rng } = sim;
  const hour = night ? uniform(rng, 0.2, 5) : uniform(rng, 9, 11);
  const t = sim.local(p.site.utcOffset, d, hour);
  const ip = sim.book.vpnIp();
  const hosts = p.role === "admin" ? p.servers.filter((s) => server(s).os === "linux") : serversWithRole("app");
  if (hosts.length === 0) return [];
  const out = withMistypes(rng, (tt, ok) => vpnLogin(p.user, p.homeIp, tt, ok, ip), t - between(rng, 60, 180), MISTYPE_RATE);
  let tt = t;
  for (let k = night ? between(rng, 1, 2) : 1; k > 0; k--) {
    const minutes = between(rng, 10, 40);
    out.push(...serverSession(sim, p, ip, pick(rng, hosts), tt, minutes, { sudos: [1, 3] }));
    tt += (minutes + between(rng, 2, 10)) * MIN;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Service accounts and the internet.

function serviceLogon(rng: Rng, user: string, ip: string, host: string, t: number): Draft {
  return server(host).os === "windows" ? windowsLogon(user, ip, host, t, true, 3) : sshLogin(rng, user, ip, host, t, true, { method: "publickey" });
}

function serviceLogoff(user: string, ip: string, host: string, t: number): Draft {
  return server(host).os === "windows"
    ? { ...remoteLogoff(user, ip, host, t), message: `An account was logged off. Account Name: ${user} Logon Type: 3` }
    : remoteLogoff(user, ip, host, t);
}

const BACKUP_TARGETS = ["srv-db-01", "srv-db-02", "srv-db-03", "srv-file-01", "srv-file-02", "srv-git-01"];

function backupNight(sim: Sim, d: number): Draft[] {
  const { rng } = sim;
  const a = SERVICE_ACCOUNTS.backup;
  const out: Draft[] = [];
  let t = sim.local(0, d, 1) + between(rng, 0, 10 * MIN);
  let total = 0;
  for (const host of BACKUP_TARGETS) {
    out.push(serviceLogon(rng, a.user, a.ip, host, t));
    for (let k = between(rng, 1, 3); k > 0; k--) {
      t += between(rng, 60, 240);
      const bytes = logUniform(rng, 200 * MB, 2 * GB);
      total += bytes;
      const path = host.startsWith("srv-db") ? `/var/lib/postgresql/base-${k}.tar` : host === "srv-git-01" ? "/var/opt/gitlab/backups/repos.tar" : `/srv/data/share-${k}.tar`;
      out.push(fileAccess(a.user, a.ip, host, t, "read", path, bytes));
    }
    t += between(rng, 30, 120);
    out.push(serviceLogoff(a.user, a.ip, host, t));
    t += between(rng, 60, 300);
  }
  out.push(connection(a.user, a.ip, a.host, t + between(rng, 60, 600), `${BACKUP_STORE}:873 (backup-store)`, Math.round(total * uniform(rng, 0.5, 0.8))));
  return out;
}

function etlNight(sim: Sim, d: number): Draft[] {
  const { rng } = sim;
  const a = SERVICE_ACCOUNTS.etl;
  let t = sim.local(0, d, 4) + between(rng, 0, 15 * MIN);
  const out: Draft[] = [serviceLogon(rng, a.user, a.ip, "srv-db-01", t)];
  let total = 0;
  for (let k = between(rng, 1, 2); k > 0; k--) {
    t += between(rng, 120, 600);
    const bytes = logUniform(rng, 500 * MB, 3 * GB);
    total += bytes;
    out.push(fileAccess(a.user, a.ip, "srv-db-01", t, "read", `/var/exports/${pick(rng, DATA_EXPORTS)}.csv.gz`, bytes));
  }
  t += between(rng, 30, 120);
  out.push(serviceLogoff(a.user, a.ip, "srv-db-01", t));
  out.push(connection(a.user, a.ip, a.host, t + between(rng, 60, 300), `${WAREHOUSE.ip}:${WAREHOUSE.port} (${WAREHOUSE.name})`, Math.round(total * uniform(rng, 0.9, 1.3))));
  return out;
}

function deploy(sim: Sim, d: number): Draft[] {
  const { rng } = sim;
  const a = SERVICE_ACCOUNTS.deploy;
  const version = `v${between(rng, 3, 4)}.${between(rng, 0, 30)}.${between(rng, 0, 9)}`;
  const install = chance(rng, 0.15);
  let t = sim.local(0, d, uniform(rng, 13.5, 15));
  const out: Draft[] = [];
  for (const host of sample(rng, serversWithRole("app"), between(rng, 3, 5))) {
    out.push(serviceLogon(rng, a.user, a.ip, host, t));
    out.push(processStart(rng, a.user, a.ip, host, t + between(rng, 5, 20), `/opt/app/bin/deploy --version ${version}`));
    if (install) out.push(serviceInstall(a.user, a.ip, host, t + between(rng, 25, 40), "app-worker", "/opt/app/bin/worker", { tag: "deploy_service_install" }));
    out.push(sudo(a.user, a.ip, host, t + between(rng, 45, 70), "none", "/usr/bin/systemctl restart app-api"));
    out.push(serviceLogoff(a.user, a.ip, host, t + between(rng, 80, 120)));
    t += between(rng, 150, 400);
  }
  return out;
}

function vulnScan(sim: Sim, d: number): Draft[] {
  const { rng } = sim;
  const a = SERVICE_ACCOUNTS.scanner;
  let t = sim.local(0, d, 3) + between(rng, 0, 10 * MIN);
  const out: Draft[] = [];
  for (const s of SERVERS) {
    if (s.name === a.host) continue;
    out.push(serviceLogon(rng, a.user, a.ip, s.name, t));
    out.push(processStart(rng, a.user, a.ip, s.name, t + between(rng, 2, 10), s.os === "windows" ? "C:\\Windows\\System32\\wbem\\WMIC.exe qfe list" : "/usr/bin/dpkg-query -W"));
    out.push(serviceLogoff(a.user, a.ip, s.name, t + between(rng, 20, 60)));
    t += between(rng, 60, 120);
  }
  return out;
}

function monitorDay(sim: Sim, d: number): Draft[] {
  const { rng } = sim;
  const a = SERVICE_ACCOUNTS.monitor;
  const out: Draft[] = [];
  for (let t = sim.local(0, d, 0) + between(rng, 0, 899); t < sim.local(0, d + 1, 0); t += 900 + between(rng, -20, 20)) {
    const s = pick(rng, SERVERS);
    out.push(connection(a.user, a.ip, a.host, t, `${s.ip}:9100 (${s.name} metrics)`, logUniform(rng, 20 * KB, 80 * KB)));
  }
  return out;
}

const NOISE_USERS = ["root", "admin", "test", "user", "ubuntu", "oracle", "postgres", "git", "ftp", "guest", "support", "deploy", "pi", "administrator"];

function internetNoise(sim: Sim, d: number, regulars: string[]): Draft[] {
  const { rng } = sim;
  const out: Draft[] = [];
  for (let h = 0; h < 24; h++) {
    for (let k = poisson(rng, 1.2); k > 0; k--) {
      const ip = chance(rng, 0.15) ? pick(rng, regulars) : sim.book.publicIp();
      const user = pick(rng, NOISE_USERS);
      const ssh = chance(rng, 0.6);
      let t = sim.local(0, d, h) + between(rng, 0, HOUR - 1);
      for (let n = between(rng, 1, 4); n > 0; n--, t += between(rng, 2, 20)) {
        out.push(ssh ? sshLogin(rng, user, ip, "bastion-01", t, false, { invalid: user !== "root" }) : vpnLogin(user, ip, t, false, undefined, true));
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------

const iso = (t: number): string => new Date(t * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

function usualHostsOf(p: Person): Set<string> {
  const hosts = new Set<string>([p.ws, "srv-file-01", "vpn-gw-01", ...p.servers]);
  if (p.dept === "finance") hosts.add("srv-file-02");
  if (p.dept === "hr") hosts.add("srv-hr-01");
  if (p.dept === "data") hosts.add("srv-data-01");
  if (p.role === "helpdesk") hosts.add("dc-01");
  if (p.role === "admin") for (const s of ADMIN_POOLS[p.team!]) hosts.add(s);
  if (p.team === "windows") hosts.add("dc-01");
  if (p.onCall && p.role === "employee") for (const s of serversWithRole("app")) hosts.add(s);
  return hosts;
}

export function generateOrganization(options: OrganizationOptions = {}): Organization {
  const opts = resolveOrganizationOptions(options);
  const rng = createRng(opts.seed);
  const book = new AddressBook(rng);
  const baselineDays = opts.baselineWeeks * 7;
  const totalDays = baselineDays + opts.scoredDays;
  const startS = Date.parse(`${opts.start}T00:00:00Z`) / 1000;
  const sim = new Sim(rng, book, startS, totalDays, baselineDays, new Set(opts.holidays));
  sim.people = buildPeople(rng, book, { users: opts.users, totalDays, baselineDays, isWorkday: (d) => sim.isWorkday(d) });
  const people = sim.people;
  const helpdesk = people.filter((p) => p.role === "helpdesk");
  const adminOnCall = people.filter((p) => p.role === "admin" && p.onCall);
  const engOnCall = people.filter((p) => p.role === "employee" && p.onCall);
  const regulars = Array.from({ length: 25 }, () => book.publicIp());

  for (let d = 0; d < totalDays; d++) {
    const workday = sim.isWorkday(d);
    const week = Math.floor(d / 7);
    for (const p of people) {
      if (d < p.startDay) continue;
      const away = p.vacation !== undefined && d >= p.vacation[0] && d <= p.vacation[1];
      if (away) continue;
      const newHire = p.startDay > 0 && d - p.startDay < 3;
      if (workday) {
        let back = false;
        if (p.vacation && d > p.vacation[1]) {
          back = true;
          for (let e = p.vacation[1] + 1; e < d; e++) if (sim.isWorkday(e)) back = false;
        }
        sim.add(officeDay(sim, p, d, { firstDay: d === p.startDay, afterVacation: back }, helpdesk), newHire ? "new_hire" : undefined);
      } else if (p.role === "employee" && chance(rng, 0.015)) {
        sim.add(weekendSession(sim, p, d), "weekend_work");
      }
    }
    // New hires: the account and groups are set up by helpdesk the working day before.
    for (const p of people) {
      if (p.startDay === 0 || helpdesk.length === 0) continue;
      let prep = p.startDay - 1;
      while (prep > 0 && !sim.isWorkday(prep)) prep--;
      if (prep !== d) continue;
      const hd = pick(rng, helpdesk);
      let t = sim.local(hd.site.utcOffset, d, uniform(rng, 14, 16.5));
      const setup = [accountChange(hd.user, hd.ip, "dc-01", t, `A user account was created. New Account: ${p.user} Subject: ${hd.user}`)];
      for (const g of [DEPARTMENT_GROUPS[p.dept], "all-staff", "vpn-users"]) setup.push(groupChange(hd.user, hd.ip, "dc-01", (t += between(rng, 20, 90)), p.user, g));
      sim.add(setup, "new_hire");
    }
    // On call.
    const admin = adminOnCall[week % Math.max(1, adminOnCall.length)];
    const eng = engOnCall[week % Math.max(1, engOnCall.length)];
    if (!workday && admin) {
      sim.add(onCallSession(sim, admin, d, false), "weekend_work");
      if (chance(rng, 0.5)) sim.add(onCallSession(sim, admin, d, false).map((x) => ({ ...x, t: x.t + 7 * HOUR })), "weekend_work");
    }
    if (admin && chance(rng, 0.1)) sim.add(onCallSession(sim, admin, d, true), "on_call_night");
    if (eng && chance(rng, 0.06)) sim.add(onCallSession(sim, eng, d, true), "on_call_night");
    // Services and the internet.
    sim.add(backupNight(sim, d), "backup");
    sim.add(etlNight(sim, d), "etl_export");
    sim.add(monitorDay(sim, d));
    const wd = sim.weekday(d);
    if (workday && (wd === 1 || wd === 3 || chance(rng, 0.25))) sim.add(deploy(sim, d), "deploy");
    if (wd === 2) sim.add(vulnScan(sim, d), "vuln_scan");
    sim.add(internetNoise(sim, d, regulars), "internet_noise");
  }

  // One legitimate grant of an admin group per period: an admin adds a colleague to wheel on a server.
  const linuxAdmins = people.filter((p) => p.role === "admin" && p.team !== "windows");
  if (linuxAdmins.length >= 2) {
    for (const [lo, hi] of [[2, baselineDays - 1], [baselineDays, totalDays - 1]]) {
      let d = between(rng, lo, Math.max(lo, hi));
      while (d < hi && !sim.isWorkday(d)) d++;
      if (d >= totalDays) continue;
      const [a, b] = sample(rng, linuxAdmins, 2);
      const host = pick(rng, a.servers.filter((s) => server(s).os === "linux").concat(ADMIN_POOLS.linux));
      sim.add([groupChange(a.user, a.ip, host, sim.local(a.site.utcOffset, d, uniform(rng, 11, 16)), b.user, "wheel")], "admin_group_grant");
    }
  }

  // Attacks, in the scored days only.
  const splitS = startS + baselineDays * DAY;
  const world: CampaignWorld = {
    rng,
    book,
    people,
    usualHosts: usualHostsOf,
    servers: SERVERS.map((s) => s.name).filter((s) => s !== "vpn-gw-01" && s !== "bastion-01"),
    scoredFrom: splitS,
    scoredTo: sim.endS,
  };
  const plans = planCampaigns(world, opts.scenarios, opts.campaignsPerScenario);
  const { drafts: attacks, campaigns } = buildCampaigns(world, plans);

  // Order (stable: generation order breaks ties), split, number.
  const all = [...sim.drafts.filter((x) => x.t >= startS && x.t < sim.endS), ...attacks];
  const order = all.map((_, i) => i).sort((i, j) => all[i].t - all[j].t || i - j);
  const baseline: OrgRecord[] = [];
  const scored: OrgRecord[] = [];
  const labels: CampaignLabel[] = [];
  const benign: BenignNote[] = [];
  const scenarioOf = new Map(campaigns.map((c) => [c.id, c.scenario]));
  order.forEach((i, k) => {
    const x = all[i];
    const r: OrgRecord = {
      event_id: `evt-${String(k + 1).padStart(7, "0")}`,
      timestamp: iso(x.t),
      user: x.user,
      source_ip: x.source_ip,
      host: x.host,
      event_type: x.event_type,
      action: x.action,
      message: x.message,
    };
    if (x.bytes !== undefined) r.bytes = x.bytes;
    if (x.path !== undefined) r.path = x.path;
    (x.t < splitS ? baseline : scored).push(r);
    if (x.campaign) labels.push({ event_id: r.event_id, campaign_id: x.campaign, threat_type: x.threat!, scenario: scenarioOf.get(x.campaign)! });
    else if (x.tag) benign.push({ event_id: r.event_id, tag: x.tag });
  });
  if (labels.length !== attacks.length || attacks.some((a) => a.t < splitS || a.t >= sim.endS)) {
    throw new Error("an attack record fell outside the scored days");
  }

  return {
    options: opts,
    baselineDays,
    startTime: iso(startS),
    splitTime: iso(splitS),
    endTime: iso(sim.endS),
    baseline,
    scored,
    labels,
    campaigns,
    benign,
    staff: people.map((p) => ({
      user: p.user,
      role: p.role,
      dept: p.dept,
      team: p.team,
      site: p.site.name,
      utcOffset: p.site.utcOffset,
      ws: p.ws,
      ip: p.ip,
      startDay: p.startDay,
      sudoHabit: p.sudoHabit,
    })),
    serviceAccounts: Object.values(SERVICE_ACCOUNTS).map((a) => a.user),
  };
}

/** File contents for a directory a `run --data-path` can read: logs as NDJSON, ground truth in a subdirectory. */
export function renderOrganizationFiles(org: Organization): Record<string, string> {
  const ndjson = (rs: OrgRecord[]) => rs.map((r) => JSON.stringify(r)).join("\n") + "\n";
  return {
    [ORGANIZATION_FILES.baseline]: ndjson(org.baseline),
    [ORGANIZATION_FILES.scored]: ndjson(org.scored),
    [ORGANIZATION_FILES.labels]: JSON.stringify(org.labels, null, 2) + "\n",
    [ORGANIZATION_FILES.campaigns]: JSON.stringify(org.campaigns, null, 2) + "\n",
    [ORGANIZATION_FILES.benign]: JSON.stringify(org.benign) + "\n",
  };
}
