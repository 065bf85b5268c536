// bench:real's printed report: one block per source and baseline, us beside the peers, then
// PASS/MISS against the goals of issues #14 (every source) and #15 (Windows sources).

import { table, type Cell } from "../table.ts";
import type { Evaluation } from "./evaluate.ts";
import type { DetectorFigures, InstanceOutcome, Recall } from "./metrics.ts";
import { scoredDays } from "./metrics.ts";
import type { SourceKind } from "./sources.ts";

export const GOALS = {
  maxFalsePositiveRate: 0.005,
  maxFalseIncidentsPerHostDay: 1,
  minCredentialRecall: 0.95,
  minWindowsRecall: 0.9,
  minCorrectType: 0.8,
};

const CREDENTIAL = ["brute_force", "password_spraying"];
const WINDOWS_TECHNIQUES = ["privilege_escalation", "lateral_movement"];

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : "n/a");
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "n/a");
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "n/a");
const ttd = (s: number | null) => (s === null ? "-" : `${s < 10 ? s.toFixed(3) : s.toFixed(0)}s`);

export interface Block {
  source: string;
  kind: SourceKind;
  /** Short, for the goal lines. */
  baseline: string;
  /** What the baseline holds, for the block header. */
  baselineDetail?: string;
  baselineRecords: number;
  skipped?: string;
  evaluation: Evaluation;
}

function detectors(e: Evaluation): Array<[string, DetectorFigures]> {
  return [...(e.ours ? ([["ours", e.ours]] as Array<[string, DetectorFigures]>) : []), ...Object.entries(e.peers)];
}

export function formatBlock(b: Block): string {
  const e = b.evaluation;
  const days = scoredDays(e.stream);
  const out: string[] = [];
  const attacks = e.stream.label.filter(Boolean).length;
  out.push(`## ${b.source} — baseline: ${b.baselineDetail ?? b.baseline} (${b.baselineRecords} records)`);
  out.push(`scored: ${e.stream.label.length} events (${attacks} attack, ${e.stream.label.length - attacks} benign) over ${f3(days * 24)} h on ${new Set(e.stream.host).size} host(s)`);
  if (b.skipped) out.push(`ours: not measured — ${b.skipped}`);
  const dets = detectors(e);
  const types = [...new Set(dets.flatMap(([, f]) => Object.keys(f.recallByType)))].sort();
  const recall = (r: Recall | undefined) => (r ? `${f3(r.recall)} (${r.marked}/${r.events})` : "-");
  const technique = b.kind === "windows";
  const rows: Cell[][] = dets.map(([name, f]) => [
    name,
    ...types.flatMap((t) => [recall(f.recallByType[t]), ...(technique ? [recall(f.techniqueRecallByType[t])] : [])]),
    `${f.instances.filter((o) => o.detected).length}/${f.instances.length}`,
    pct(f.falsePositiveRate),
    `${f.alerts} (${f1(f.alertsPerDay)})`,
    `${f.falseIncidents}/${f.incidents}`,
    f1(f.falseIncidentsPerHostDay),
    f3(f.rocAuc),
    pct(f.correctType),
  ]);
  out.push(table(["", ...types.flatMap((t) => [`recall ${t}`, ...(technique ? ["technique events"] : [])]), "attacks", "benign FP", "alerts (per day)", "false/incidents", "false inc/host/day", "ROC-AUC", "type ok"], rows));
  const instances = dets[0]?.[1].instances ?? [];
  if (instances.length > MAX_LISTED_INSTANCES) {
    out.push("");
    out.push(table(["attacks by type: detected, median time to detect", ...dets.map(([n]) => n)], byType(instances).map(([type, ks]) => [`${type} (${ks.length} attacks)`, ...dets.map(([, f]) => detectedSummary(ks.map((k) => f.instances[k])))])));
  } else if (instances.length) {
    out.push("");
    out.push(table(["attack (time to detect)", ...dets.map(([n]) => n)], instances.map((o, k) => [`${o.instance} [${o.type}, ${o.events} ev]`, ...dets.map(([, f]) => ttd(f.instances[k].secondsToDetect))])));
  }
  return out.join("\n");
}

/** Above this many attacks a block summarises them per type instead of listing each. */
export const MAX_LISTED_INSTANCES = 20;

/** Instance positions grouped by attack type, types sorted. */
function byType(instances: readonly InstanceOutcome[]): Array<[string, number[]]> {
  const groups = new Map<string, number[]>();
  instances.forEach((o, k) => {
    const g = groups.get(o.type);
    g ? g.push(k) : groups.set(o.type, [k]);
  });
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function detectedSummary(outcomes: readonly InstanceOutcome[]): string {
  const t = outcomes.flatMap((o) => (o.secondsToDetect === null ? [] : [o.secondsToDetect])).sort((a, b) => a - b);
  return `${t.length}/${outcomes.length}${t.length ? `, ${ttd(t[Math.floor((t.length - 1) / 2)])}` : ""}`;
}

/** PASS/MISS lines for one block; returns the number of misses. */
export function goalLines(b: Block): { lines: string[]; misses: number } {
  const lines: string[] = [];
  let misses = 0;
  const check = (ok: boolean, text: string) => {
    if (!ok) misses++;
    lines.push(`${ok ? "PASS" : "MISS"}  ${b.source} / ${b.baseline}: ${text}`);
  };
  const ours = b.evaluation.ours;
  if (!ours) return { lines: [`n/a   ${b.source} / ${b.baseline}: ours not measured (${b.skipped})`], misses: 0 };
  const peers = Object.values(b.evaluation.peers);
  check(!(ours.falsePositiveRate > GOALS.maxFalsePositiveRate), `benign FP rate ${pct(ours.falsePositiveRate)} <= ${pct(GOALS.maxFalsePositiveRate)}`);
  check(!(ours.falseIncidentsPerHostDay > GOALS.maxFalseIncidentsPerHostDay), `false incidents per host per day ${f1(ours.falseIncidentsPerHostDay)} <= ${GOALS.maxFalseIncidentsPerHostDay}`);
  for (const [type, r] of Object.entries(ours.recallByType)) {
    if (CREDENTIAL.includes(type)) {
      const best = Math.max(0, ...peers.map((p) => p.recallByType[type]?.recall ?? 0));
      check(r.recall >= Math.max(best, GOALS.minCredentialRecall), `${type} recall ${f3(r.recall)} >= best peer ${f3(best)} and >= ${GOALS.minCredentialRecall}`);
    }
  }
  if (b.kind === "windows") {
    for (const [type, r] of Object.entries(ours.techniqueRecallByType)) {
      if (WINDOWS_TECHNIQUES.includes(type)) check(r.recall >= GOALS.minWindowsRecall, `${type} recall on the technique's events ${f3(r.recall)} >= ${GOALS.minWindowsRecall}`);
    }
  }
  const firstPeer = (k: number) => Math.min(...peers.map((p) => p.instances[k]?.secondsToDetect ?? Number.POSITIVE_INFINITY));
  const inTime = (k: number) => ours.instances[k].secondsToDetect !== null && ours.instances[k].secondsToDetect! <= firstPeer(k);
  if (ours.instances.length > MAX_LISTED_INSTANCES) {
    for (const [type, ks] of byType(ours.instances)) {
      const late = ks.filter((k) => !inTime(k)).length;
      check(late === 0, `${ks.length - late}/${ks.length} ${type} attacks detected no later than the first peer (${ks.filter((k) => ours.instances[k].secondsToDetect === null).length} not detected)`);
    }
  } else {
    ours.instances.forEach((o, k) => {
      const first = firstPeer(k);
      check(inTime(k), `"${o.instance}" detected (${ttd(o.secondsToDetect)}) no later than the first peer (${Number.isFinite(first) ? ttd(first) : "none"})`);
    });
  }
  if (b.kind === "windows") check(ours.correctType >= GOALS.minCorrectType, `threat type right on ${pct(ours.correctType)} of detected attack events >= ${pct(GOALS.minCorrectType)}`);
  return { lines, misses };
}
