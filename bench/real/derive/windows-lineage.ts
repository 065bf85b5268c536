// Labels the attack events of one Windows capture by process lineage: the processes a
// technique starts (seeds) and every process descending from them are the attack's, and so is
// every event such a process caused. Sysmon links processes by ProcessGuid/ParentProcessGuid;
// Security events name a process by host and hex ProcessId, matched to the Sysmon process of
// the same host and pid. Events that belong to no process (a logon, a service install, a
// connection) are the attack's when the source's own `extra` predicate says so.

export type WinRecord = Record<string, unknown>;

export interface LineageRules {
  /** A process-creation event (Sysmon 1 / Security 4688) that starts an attack process. */
  seed: (r: WinRecord) => boolean;
  /** Any other event that is the attack's by itself (a 4624 of the attacker, a 7045 it caused). */
  extra?: (r: WinRecord) => boolean;
}

const str = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));
export const lower = (r: WinRecord, key: string): string => str(r[key]).toLowerCase();

/** "WORKSTATION6.theshire.local" and "WORKSTATION6" are one host. */
const hostOf = (r: WinRecord): string => lower(r, "Hostname").split(".")[0];

/** Security writes pids in hex ("0x1a4"), Sysmon in decimal. */
function pid(v: unknown): number {
  const s = str(v).trim();
  if (s === "") return Number.NaN;
  return s.startsWith("0x") || s.startsWith("0X") ? parseInt(s, 16) : Number(s);
}

const isProcessStart = (r: WinRecord): boolean => {
  const id = Number(r.EventID);
  const sysmon = lower(r, "Channel").includes("sysmon");
  return (sysmon && id === 1) || (!sysmon && id === 4688);
};

/** Indices of the attack events of `records` (in file order). */
export function attackLines(records: WinRecord[], rules: LineageRules): number[] {
  const guids = new Set<string>();
  const pids = new Set<string>();
  const key = (host: string, p: number) => `${host}/${p}`;
  // Seeds and descendants, in time order: a child is an attack process when its parent is.
  const order = records.map((_, i) => i).sort((a, b) => str(records[a]["@timestamp"]).localeCompare(str(records[b]["@timestamp"])) || a - b);
  for (const i of order) {
    const r = records[i];
    if (!isProcessStart(r)) continue;
    const host = hostOf(r);
    const sysmon = lower(r, "Channel").includes("sysmon");
    const parentIsAttack = sysmon
      ? guids.has(lower(r, "ParentProcessGuid")) || pids.has(key(host, pid(r.ParentProcessId)))
      : pids.has(key(host, pid(r.ProcessId)));
    if (!rules.seed(r) && !parentIsAttack) continue;
    if (sysmon) guids.add(lower(r, "ProcessGuid"));
    pids.add(key(host, pid(sysmon ? r.ProcessId : r.NewProcessId)));
  }
  const out: number[] = [];
  records.forEach((r, i) => {
    const host = hostOf(r);
    const byGuid = ["ProcessGuid", "SourceProcessGUID", "SourceProcessGuid"].some((k) => guids.has(lower(r, k)));
    const security = !lower(r, "Channel").includes("sysmon");
    const byPid = security && (pids.has(key(host, pid(r.ProcessId))) || (isProcessStart(r) && pids.has(key(host, pid(r.NewProcessId)))));
    if (byGuid || byPid || rules.extra?.(r)) out.push(i);
  });
  return out;
}
