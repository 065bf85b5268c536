/**
 * The run summary: counts over the analysed events, and its console text.
 *
 * An event is an anomaly iff its calibrated `anomalyScore` is >= 0.5
 * (`ANOMALY_THRESHOLD`, see DESIGN "Scores mean something"); every count below
 * is taken over anomalies only, except `totalEvents`.
 */
import {
  ALLOW_KINDS,
  SEVERITIES,
  THREAT_TYPES,
  type RunSummary,
  type ScoredEvent,
  type Severity,
  type ThreatType,
} from "../verdict/types.ts";
import { groupIncidents } from "./incidents.ts";
import { shortestF32 } from "../util/f32.ts";

/** The final score's alert threshold: anomaly iff `anomalyScore >= ANOMALY_THRESHOLD`. */
export const ANOMALY_THRESHOLD = 0.5;
/** How many incidents `summarize` describes in `topIncidents`. */
export const TOP_INCIDENTS = 5;
/** How many users `summarize` lists in `topUsers`, and source IPs in `topSources`. */
export const TOP_USERS = 10;

/** What the run knows about the baseline and the input, beyond the scored events. */
export interface SummaryContext {
  baselineEvents: number;
  baselineStart: string;
  baselineEnd: string;
  contamination: number;
  /** Records that could not be used, by reason. */
  skipped: Record<string, number>;
}

export function isAnomaly(event: ScoredEvent): boolean {
  return event.anomalyScore >= ANOMALY_THRESHOLD;
}

/**
 * Users ranked by anomaly count (ties by name), at most `limit` of them.
 * Anomalies without a user ("") are not attributed to anyone.
 */
export function topUsers(events: ScoredEvent[], limit: number = TOP_USERS): RunSummary["topUsers"] {
  return rankBy(events, (e) => e.user, limit).map(([user, anomalies]) => ({ user, anomalies }));
}

/** Source IPs ranked the same way: the attacker's address sits beside the users it hit. */
export function topSources(events: ScoredEvent[], limit: number = TOP_USERS): RunSummary["topSources"] {
  return rankBy(events, (e) => e.sourceIp, limit).map(([sourceIp, anomalies]) => ({ sourceIp, anomalies }));
}

export function summarize(events: ScoredEvent[], context: SummaryContext): RunSummary {
  const anomalies = events.filter(isAnomaly);
  const incidents = groupIncidents(events);
  const timed = events.filter((e) => e.timestamp !== "" && Number.isFinite(e.timeMs));
  let first: ScoredEvent | undefined;
  let last: ScoredEvent | undefined;
  for (const event of timed) {
    if (first === undefined || event.timeMs < first.timeMs) first = event;
    if (last === undefined || event.timeMs > last.timeMs) last = event;
  }
  return {
    totalEvents: events.length,
    anomalies: anomalies.length,
    contamination: context.contamination,
    baselineEvents: context.baselineEvents,
    baselineStart: context.baselineStart,
    baselineEnd: context.baselineEnd,
    analysisStart: first?.timestamp ?? "",
    analysisEnd: last?.timestamp ?? "",
    byThreatType: countBy(anomalies, (e) => e.threatType, THREAT_TYPES),
    bySeverity: countBy(anomalies, (e) => e.severity, SEVERITIES),
    topUsers: topUsers(events),
    topSources: topSources(events),
    incidents: incidents.length,
    topIncidents: incidents.slice(0, TOP_INCIDENTS).map((i) => i.summary),
    skipped: { ...context.skipped },
    suppressed: countBy(events.filter((e) => e.suppressed), (e) => e.suppressed!.by, ALLOW_KINDS),
  };
}

/** The console report: plain text, aligned columns, no colours. Ends with a newline. */
export function formatSummary(summary: RunSummary): string {
  const rule = "=".repeat(RULE_WIDTH);
  const lines: string[] = [rule, "LOG ANOMALY DETECTION SUMMARY", rule];
  lines.push(`Total events analysed: ${formatCount(summary.totalEvents)}`);
  lines.push(
    `Anomalies detected: ${formatCount(summary.anomalies)} / ${formatCount(summary.totalEvents)}` +
      ` (${formatPercent(summary.anomalies, summary.totalEvents)})`,
  );

  const suppressed = Object.entries(summary.suppressed);
  if (suppressed.length > 0) {
    const total = suppressed.reduce((sum, [, n]) => sum + n, 0);
    lines.push(`Alerts suppressed by the allowlist: ${formatCount(total)} (${suppressed.map(([kind, n]) => `${kind} ${formatCount(n)}`).join(", ")})`);
  }
  lines.push(`Incidents: ${formatCount(summary.incidents)}`);
  for (const line of summary.topIncidents) lines.push(`${INDENT}${line}`);

  lines.push("", "Threat type breakdown:");
  lines.push(...table(orderedEntries(summary.byThreatType, THREAT_TYPES, "by count"), summary.anomalies));
  lines.push("", "Severity breakdown:");
  lines.push(...table(orderedEntries(summary.bySeverity, [...SEVERITIES].reverse(), "as listed"), summary.anomalies));
  lines.push("", "Top affected users:");
  lines.push(
    ...table(
      summary.topUsers.map((u) => [u.user, u.anomalies] as const),
      summary.anomalies,
    ),
  );

  lines.push("", "Top source IPs:");
  lines.push(
    ...table(
      summary.topSources.map((s) => [s.sourceIp, s.anomalies] as const),
      summary.anomalies,
    ),
  );

  lines.push("", "Periods:");
  lines.push(
    ...alignPairs([
      ["Baseline", `${period(summary.baselineStart, summary.baselineEnd)} (${formatCount(summary.baselineEvents)} events)`],
      ["Analysis", `${period(summary.analysisStart, summary.analysisEnd)} (${formatCount(summary.totalEvents)} events)`],
      ["Contamination", formatContamination(summary.contamination)],
    ]),
  );

  const skipped = Object.entries(summary.skipped).filter(([, n]) => n > 0);
  if (skipped.length > 0) {
    const total = skipped.reduce((sum, [, n]) => sum + n, 0);
    lines.push("", `Skipped records: ${formatCount(total)}`);
    lines.push(...table(skipped.sort((a, b) => b[1] - a[1] || compareText(a[0], b[0])), undefined));
  }
  lines.push(rule);
  return lines.join("\n") + "\n";
}

/** The contamination as the decimal it was given as: a model stores it as f32 (0.005, not 0.004999999888241291). */
export function formatContamination(value: number): string {
  return String(shortestF32(value));
}

// --- internal ---

/** Anomalies counted by a key, largest first (ties by key), "" not counted. */
function rankBy(events: ScoredEvent[], key: (e: ScoredEvent) => string, limit: number): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const event of events) {
    const k = key(event);
    if (!isAnomaly(event) || k === "") continue;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0])).slice(0, limit);
}

const RULE_WIDTH = 60;
const INDENT = "  ";
const NONE_LINE = `${INDENT}(none)`;

function countBy<K extends string>(
  events: ScoredEvent[],
  key: (e: ScoredEvent) => K,
  order: readonly K[],
): Partial<Record<K, number>> {
  const counts = new Map<K, number>();
  for (const event of events) counts.set(key(event), (counts.get(key(event)) ?? 0) + 1);
  const result: Partial<Record<K, number>> = {};
  // Known keys in vocabulary order, then anything unexpected, so the output is stable.
  for (const k of order) if (counts.has(k)) result[k] = counts.get(k);
  for (const [k, n] of counts) if (!order.includes(k)) result[k] = n;
  return result;
}

/** Non-zero counts, largest first or in the vocabulary's order (severities read as a ladder). */
function orderedEntries<K extends string>(
  counts: Partial<Record<K, number>>,
  order: readonly K[],
  sort: "by count" | "as listed",
): Array<readonly [string, number]> {
  const entries = Object.entries(counts) as Array<[K, number]>;
  const rank = (k: K) => (order.includes(k) ? order.indexOf(k) : order.length);
  const byCount = sort === "by count";
  return entries
    .filter(([, n]) => n > 0)
    .sort((a, b) => (byCount ? b[1] - a[1] : 0) || rank(a[0]) - rank(b[0]));
}

/** Rows of `label  count  (share%)`, labels and numbers aligned. */
function table(rows: Array<readonly [string, number]>, total: number | undefined): string[] {
  if (rows.length === 0) return [NONE_LINE];
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const countWidth = Math.max(...rows.map(([, n]) => formatCount(n).length));
  return rows.map(([label, n]) => {
    const share = total === undefined ? "" : `  (${formatPercent(n, total).padStart(6)})`;
    return `${INDENT}${label.padEnd(labelWidth)}  ${formatCount(n).padStart(countWidth)}${share}`;
  });
}

function alignPairs(rows: Array<[string, string]>): string[] {
  const width = Math.max(...rows.map(([label]) => label.length)) + 1;
  return rows.map(([label, value]) => `${INDENT}${(label + ":").padEnd(width)}  ${value}`);
}

function period(start: string, end: string): string {
  if (start === "" && end === "") return "unknown";
  return `${start || "?"} .. ${end || "?"}`;
}

function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

function formatPercent(part: number, total: number): string {
  return `${(total > 0 ? (100 * part) / total : 0).toFixed(2)}%`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
