/**
 * The dashboard: one Vega-Lite spec, a grid of
 *   (1) anomaly score over time      (2) distribution of anomaly scores
 *   (3) top anomalous users          (4) top anomalous source IPs
 *   (5) anomalies per threat type
 * Every chart carries its own data inline (`data.values`), so the spec is the whole
 * picture and tests can read what is drawn without rendering it.
 *
 * Large runs stay small: the time series is bounded (dashboard-time.ts), and the
 * histogram and bar charts are aggregates, computed from all events.
 */
import type { Config, TopLevelSpec } from "vega-lite";
import { SEVERITIES, THREAT_TYPES, type ScoredEvent, type Severity, type ThreatType } from "../verdict/types.ts";
import { ANOMALY_THRESHOLD, TOP_USERS, isAnomaly, topSources, topUsers } from "./summary.ts";
import { timeAxis, timeSeries } from "./dashboard-time.ts";

export { MAX_ANOMALY_POINTS, MAX_NORMAL_POINTS, TIME_SLICES, type TimePoint } from "./dashboard-time.ts";

/** One fixed colour per severity, NONE to CRITICAL. */
export const SEVERITY_COLORS: Record<Severity, string> = {
  NONE: "#9e9e9e",
  LOW: "#d4a017",
  MEDIUM: "#f57c00",
  HIGH: "#e53935",
  CRITICAL: "#7f0000",
};
export const DASHBOARD_FONT = "DejaVu Sans";
/** Width of one histogram bin on the [0, 1] score axis. */
export const HISTOGRAM_BIN_WIDTH = 0.05;
export const THRESHOLD_LABEL = "alert threshold";
/** Width of one character of a histogram label (11 px DejaVu Sans digits), and the least space between two labels. */
export const HISTOGRAM_LABEL_CHAR_PX = 7;
export const HISTOGRAM_LABEL_GAP_PX = 4;

/** A histogram bin [start, end); the last bin also holds 1.0. `label` is its count as drawn above it, "" where labels would overlap. */
export interface ScoreBin { start: number; end: number; mid: number; count: number; band: ScoreBand; label: string }
export type ScoreBand = "normal" | "anomaly";

export function dashboardSpec(events: ScoredEvent[]): TopLevelSpec {
  const anomalies = events.filter(isAnomaly).length;
  const share = events.length > 0 ? ((100 * anomalies) / events.length).toFixed(2) : "0.00";
  const counts = `${anomalies.toLocaleString("en-US")} anomalies in ${events.length.toLocaleString("en-US")} events (${share}%)`;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: "Log anomaly detection",
      subtitle: [counts, period(events)].filter((line) => line !== "").join("  ·  "),
      anchor: "start",
      fontSize: 20,
      subtitleFontSize: 14,
    },
    background: "white",
    padding: 20,
    spacing: 40,
    config: CONFIG,
    // Independent colour scales and legends keep the severity legend beside its own chart.
    resolve: INDEPENDENT_COLOR,
    vconcat: [
      { hconcat: [scoreOverTime(events), scoreHistogram(events)], spacing: 60, resolve: INDEPENDENT_COLOR },
      { hconcat: [anomalousUsers(events), anomalousSources(events)], spacing: 60, resolve: INDEPENDENT_COLOR },
      { hconcat: [threatTypes(events)], spacing: 60, resolve: INDEPENDENT_COLOR },
    ],
  };
}

// --- internal ---

const WIDTH = 520;
const HEIGHT = 280;
/** Bar thickness in the bar charts: 10 users fill the height, 2 do not turn into slabs. */
const BAR_SIZE = 20;
const THRESHOLD_COLOR = "#b71c1c";
const NORMAL_COLOR = SEVERITY_COLORS.NONE;
const BAR_COLOR = "#3f6fb5";
const POINT_SIZE = { normal: 10, anomaly: 70 };
const LABEL_LIMIT = 240;
/**
 * Long names lose their middle, not their end: "very.long.se…@corp.example" stays
 * distinguishable where a tail cut would leave ten identical "very.long.service.accou…".
 * 24 characters fit LABEL_LIMIT at Vega's estimate of 0.8 em per character, 12 px.
 */
const LABEL_HEAD = 11;
const LABEL_TAIL = 12;
const MIDDLE_ELLIPSIS =
  `length(datum.label) > ${LABEL_HEAD + LABEL_TAIL + 1}` +
  ` ? slice(datum.label, 0, ${LABEL_HEAD}) + '…' + slice(datum.label, -${LABEL_TAIL}) : datum.label`;
const INDEPENDENT_COLOR = { scale: { color: "independent" }, legend: { color: "independent" } } as const;
const CONFIG: Config = {
  font: DASHBOARD_FONT,
  title: { fontSize: 15, subtitleFontSize: 12, anchor: "start", offset: 10 },
  axis: { labelFontSize: 12, titleFontSize: 13, titlePadding: 8, labelLimit: LABEL_LIMIT },
  legend: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: "#dddddd" },
};

/** Any chart that may sit in a concat (derived: vega-lite exports only TopLevelSpec). */
type Chart = Extract<TopLevelSpec, { vconcat: unknown }>["vconcat"][number];
type Layer = Extract<Chart, { layer: unknown }>["layer"][number];

function scoreOverTime(events: ScoredEvent[]): Chart {
  const { points, notes } = timeSeries(events);
  const [first, last] = timeRange(events);
  const axis = timeAxis(first, last);
  return {
    // One short line each: Vega estimates text at 0.8 em per character, so a long line widens the layout.
    title: { text: "Anomaly score over time", subtitle: notes },
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: points },
        mark: { type: "point", filled: true },
        encoding: {
          x: {
            field: "time",
            type: "temporal",
            title: axis.title,
            scale: { type: "utc" },
            // A utc scale formats its labels in UTC.
            axis: { format: axis.format, values: axis.values, labelOverlap: true },
          },
          y: { field: "score", type: "quantitative", title: "Anomaly score", scale: { domain: [0, 1] } },
          color: {
            field: "severity",
            type: "nominal",
            title: "Severity",
            scale: { domain: [...SEVERITIES], range: SEVERITIES.map((s) => SEVERITY_COLORS[s]) },
            legend: { orient: "bottom", direction: "horizontal", titleOrient: "left" },
          },
          size: { condition: { test: `datum.score >= ${ANOMALY_THRESHOLD}`, value: POINT_SIZE.anomaly }, value: POINT_SIZE.normal },
          opacity: { condition: { test: `datum.score >= ${ANOMALY_THRESHOLD}`, value: 0.95 }, value: 0.45 },
        },
      },
      ...thresholdLayers("y"),
    ],
  };
}

function scoreHistogram(events: ScoredEvent[]): Chart {
  const bins = binScores(events);
  const maxCount = Math.max(0, ...bins.map((b) => b.count));
  return {
    title: { text: "Distribution of anomaly scores", subtitle: "count axis is symlog: small anomaly bins stay visible" },
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: bins },
        mark: { type: "bar", stroke: "white", strokeWidth: 1 },
        encoding: {
          x: { field: "start", type: "quantitative", bin: { binned: true, step: HISTOGRAM_BIN_WIDTH }, title: "Anomaly score", scale: { domain: [0, 1] } },
          x2: { field: "end" },
          y: { field: "count", type: "quantitative", title: "Events", scale: { type: "symlog" }, axis: { values: decades(maxCount), format: ",d" } },
          // A condition, not a scale: a second colour scale would merge with the severity one.
          color: { condition: { test: "datum.band === 'anomaly'", value: THRESHOLD_COLOR }, value: NORMAL_COLOR },
        },
      },
      {
        data: { values: bins.filter((b) => b.label !== "") },
        mark: { type: "text", baseline: "bottom", dy: -3, fontSize: 11 },
        encoding: {
          x: { field: "mid", type: "quantitative" },
          y: { field: "count", type: "quantitative" },
          text: { field: "label", type: "nominal" },
        },
      },
      ...thresholdLayers("x"),
    ],
  };
}

function threatTypes(events: ScoredEvent[]): Chart {
  const counts = new Map<ThreatType, number>();
  for (const e of events) if (isAnomaly(e) && e.threatType !== "none") counts.set(e.threatType, (counts.get(e.threatType) ?? 0) + 1);
  const bars = [...counts]
    .map(([threatType, anomalies]) => ({ threatType, anomalies }))
    .sort((a, b) => b.anomalies - a.anomalies || THREAT_TYPES.indexOf(a.threatType) - THREAT_TYPES.indexOf(b.threatType));
  return countBars("Anomalies by threat type", bars, "threatType");
}

function anomalousUsers(events: ScoredEvent[]): Chart {
  const bars = topUsers(events, TOP_USERS).map((u) => ({ ...u, user: xmlSafe(u.user) }));
  return countBars(`Top ${TOP_USERS} anomalous users`, bars, "user");
}

function anomalousSources(events: ScoredEvent[]): Chart {
  const bars = topSources(events, TOP_USERS).map((s) => ({ source: xmlSafe(s.sourceIp), anomalies: s.anomalies }));
  return countBars(`Top ${TOP_USERS} anomalous source IPs`, bars, "source");
}

/** Characters XML 1.0 cannot hold (NUL, most controls, U+FFFE/FFFF, lone surrogates) become U+FFFD: user names come from the logs. */
function xmlSafe(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD");
}

/** Horizontal bars in the order given (largest first), each labelled with its count. */
function countBars(title: string, bars: Array<Record<string, string | number>>, field: string): Chart {
  // sort: null keeps the data's order; "-x" on both layers makes vega-lite warn on the union.
  const category = { field, type: "nominal", title: null, sort: null, axis: { labelExpr: MIDDLE_ELLIPSIS } } as const;
  const count = { field: "anomalies", type: "quantitative", title: "Anomalies", axis: { tickMinStep: 1, format: ",d" } } as const;
  return {
    title: bars.length > 0 ? title : `${title}: no anomalies`,
    width: WIDTH,
    height: HEIGHT,
    data: { values: bars },
    layer: [
      { mark: { type: "bar", color: BAR_COLOR, size: BAR_SIZE }, encoding: { y: category, x: count } },
      { mark: { type: "text", align: "left", dx: 4, fontSize: 12 }, encoding: { y: category, x: count, text: { field: "anomalies", type: "quantitative", format: ",d" } } },
    ],
  };
}

/** A dashed rule at the 0.5 threshold on the given axis, with its label. */
function thresholdLayers(axis: "x" | "y"): Layer[] {
  const at = { datum: ANOMALY_THRESHOLD, type: "quantitative" } as const;
  const label = axis === "y"
    // Below the line on the y axis, so the label never hides an anomaly (those sit above it).
    ? { mark: { type: "text", align: "left", baseline: "top", dx: 4, dy: 3 }, encoding: { y: at, x: { value: 0 } } } as const
    // Left of the line on the x axis: the bins just below 0.5 are short, the alert bins may reach the top.
    : { mark: { type: "text", align: "right", baseline: "top", dx: -4, dy: 4 }, encoding: { x: at, y: { value: 0 } } } as const;
  return [
    { data: { values: [{}] }, mark: { type: "rule", color: THRESHOLD_COLOR, strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { [axis]: at } },
    {
      data: { values: [{}] },
      mark: { ...label.mark, text: THRESHOLD_LABEL, color: THRESHOLD_COLOR, fontSize: 12, fontWeight: "bold" },
      encoding: label.encoding,
    },
  ];
}

/** Scores into [0, 1] bins of HISTOGRAM_BIN_WIDTH; every bin present, empty ones with count 0. */
function binScores(events: ScoredEvent[]): ScoreBin[] {
  const binCount = Math.round(1 / HISTOGRAM_BIN_WIDTH);
  const counts = new Array<number>(binCount).fill(0);
  for (const e of events) {
    if (!Number.isFinite(e.anomalyScore)) continue;
    // Multiply rather than divide by the width: 0.15 / 0.05 is 2.999…, 0.15 * 20 is 3.
    const i = Math.floor(e.anomalyScore * binCount + 1e-9);
    counts[Math.min(binCount - 1, Math.max(0, i))]++;
  }
  const bins = counts.map((count, i): ScoreBin => {
    const start = round(i / binCount);
    const end = round((i + 1) / binCount);
    return { start, end, mid: round((start + end) / 2), count, band: start >= ANOMALY_THRESHOLD ? "anomaly" : "normal", label: "" };
  });
  return labelBins(bins);
}

/**
 * Labels the alert bins with their counts, compact ("163k"), largest count first,
 * leaving out a label that would touch one already placed: a bin is WIDTH / 20 =
 * 26 px wide, and "163,000" alone is wider.
 */
function labelBins(bins: ScoreBin[]): ScoreBin[] {
  const placed: Array<[number, number]> = [];
  const candidates = bins.filter((b) => b.band === "anomaly" && b.count > 0).sort((a, b) => b.count - a.count || a.start - b.start);
  for (const bin of candidates) {
    const text = compactCount(bin.count);
    const half = (text.length * HISTOGRAM_LABEL_CHAR_PX) / 2;
    const centre = bin.mid * WIDTH;
    const [left, right] = [centre - half, centre + half];
    if (placed.some(([l, r]) => left < r + HISTOGRAM_LABEL_GAP_PX && right + HISTOGRAM_LABEL_GAP_PX > l)) continue;
    bin.label = text;
    placed.push([left, right]);
  }
  return bins;
}

/** 950, 1.2k, 16k, 163k, 1.2M: at most four characters and a unit. */
export function compactCount(n: number): string {
  const [unit, size] = n >= 1e6 ? ["M", 1e6] : n >= 1e3 ? ["k", 1e3] : ["", 1];
  const scaled = n / size;
  const digits = size === 1 || scaled >= 10 ? 0 : 1;
  return `${Number(scaled.toFixed(digits))}${unit}`;
}

/** The first and last event time, or [NaN, NaN] when no event has one. */
function timeRange(events: ScoredEvent[]): [number, number] {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    if (e.timestamp === "" || !Number.isFinite(e.timeMs)) continue;
    first = Math.min(first, e.timeMs);
    last = Math.max(last, e.timeMs);
  }
  return first > last ? [Number.NaN, Number.NaN] : [first, last];
}

/** "first .. last UTC" over the events that have a time, or "" when none do. */
function period(events: ScoredEvent[]): string {
  const [first, last] = timeRange(events);
  if (!Number.isFinite(first)) return "";
  const format = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
  return `${format(first)} .. ${format(last)} UTC`;
}

/** 0, 1, 10, 100, … up to the first power of ten at or above `max`: readable ticks on a symlog axis. */
function decades(max: number): number[] {
  if (max <= 0) return [0];
  const ticks = [0, 1];
  while (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] * 10);
  return ticks;
}

function round(x: number, decimals = 6): number {
  const scale = 10 ** decimals;
  return Math.round(x * scale) / scale;
}
