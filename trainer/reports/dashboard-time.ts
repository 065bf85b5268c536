/**
 * What the "score over time" chart draws, at any run size, and how its time axis
 * reads over hours or days.
 *
 * Points: every anomaly while there are at most MAX_ANOMALY_POINTS; beyond that
 * the anomalies are aggregated into TIME_SLICES equal slices of the period, each
 * drawn as the highest- and lowest-scoring anomaly of every severity in it (the
 * envelope the eye reads, a few thousand points, not 200k). Normal events are
 * thinned evenly to MAX_NORMAL_POINTS.
 *
 * Axis: within one UTC day, hours (the date goes in the title); over days, the
 * date on every label ("Mar 04"), one tick per day or per few days. Ticks are
 * given as values, so they land on whole hours and midnights and tests can read them.
 */
import type { ScoredEvent, Severity } from "../verdict/types.ts";
import { SEVERITIES } from "../verdict/types.ts";
import { isAnomaly } from "./summary.ts";

/** Most normal (score < 0.5) events drawn in the time series. */
export const MAX_NORMAL_POINTS = 3000;
/** Most anomalies drawn one by one; above it they are aggregated per time slice. */
export const MAX_ANOMALY_POINTS = 3000;
/** Slices of the period when anomalies are aggregated: each keeps its top and bottom anomaly per severity. */
export const TIME_SLICES = 300;
/** Most labelled ticks on the time axis. */
export const MAX_TIME_TICKS = 8;

/** A time-series point. `time` is epoch milliseconds (UTC). */
export interface TimePoint { index: number; time: number; score: number; severity: Severity }

export interface TimeSeries {
  points: TimePoint[];
  /** Short lines saying what was thinned, aggregated or left out. */
  notes: string[];
}

export interface TimeAxis {
  title: string;
  /** d3 time format, applied in UTC. */
  format: string;
  /** Tick times (epoch ms): whole hours or whole UTC days, every `step` of them, inside the period. */
  values: number[];
}

export function timeSeries(events: ScoredEvent[]): TimeSeries {
  const timed = events.filter((e) => e.timestamp !== "" && Number.isFinite(e.timeMs));
  const normal = timed.filter((e) => !isAnomaly(e));
  const anomalies = timed.filter(isAnomaly);
  const notes = ["one dot per event, coloured by severity"];
  const keptNormal = thin(normal, MAX_NORMAL_POINTS);
  if (keptNormal.length < normal.length) notes.push(`showing ${count(keptNormal.length)} of ${count(normal.length)} normal events`);
  let keptAnomalies = anomalies;
  if (anomalies.length > MAX_ANOMALY_POINTS) {
    keptAnomalies = envelope(anomalies);
    notes.push(`${count(anomalies.length)} anomalies: extremes per severity, ${TIME_SLICES} slices`);
  }
  if (timed.length < events.length) notes.push(`${count(events.length - timed.length)} events without a timestamp not shown`);
  const points = [...keptNormal, ...keptAnomalies]
    .map((e) => ({ index: e.index, time: e.timeMs, score: round(e.anomalyScore), severity: e.severity }))
    .sort((a, b) => a.score - b.score || a.index - b.index); // anomalies drawn last, on top
  return { points, notes };
}

export function timeAxis(firstMs: number, lastMs: number): TimeAxis {
  const firstDay = Math.floor(firstMs / DAY_MS);
  const lastDay = Math.floor(lastMs / DAY_MS);
  if (!Number.isFinite(firstMs) || !Number.isFinite(lastMs) || firstDay === lastDay) {
    const date = Number.isFinite(firstMs) ? `, ${new Date(firstMs).toISOString().slice(0, 10)}` : "";
    const hours = Number.isFinite(lastMs - firstMs) ? (lastMs - firstMs) / HOUR_MS : 0;
    const step = niceStep(Math.ceil(hours / MAX_TIME_TICKS), HOUR_STEPS) * HOUR_MS;
    return { title: `Time (UTC${date})`, format: "%H:%M", values: ticks(firstMs, lastMs, step) };
  }
  const days = lastDay - firstDay + 1;
  if (days <= SHORT_SPAN_DAYS) {
    const step = niceStep(Math.ceil((days * 24) / SHORT_SPAN_TICKS), HOUR_STEPS) * HOUR_MS;
    return { title: "Time (UTC)", format: "%b %d %H:%M", values: ticks(firstMs, lastMs, step) };
  }
  return { title: "Date (UTC)", format: "%b %d", values: ticks(firstMs, lastMs, Math.ceil(days / MAX_TIME_TICKS) * DAY_MS) };
}

// --- internal ---

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Up to this many calendar days, ticks keep the hour beside the date ("Mar 04 12:00"). */
const SHORT_SPAN_DAYS = 3;
/** Those labels are twice as wide: half as many of them. */
const SHORT_SPAN_TICKS = MAX_TIME_TICKS / 2;
/** Hour steps that divide a day, so ticks land on the same hours every day. */
const HOUR_STEPS = [1, 2, 3, 4, 6, 12, 24];
/** Decimals kept for a plotted score: enough for the eye, and it keeps the spec small. */
const SCORE_DECIMALS = 4;

/** Multiples of `step` (whole UTC hours or days) in [first, last]; none when the period is unknown. */
function ticks(first: number, last: number, step: number): number[] {
  if (!Number.isFinite(first) || !Number.isFinite(last)) return [];
  const out: number[] = [];
  for (let t = Math.ceil(first / step) * step; t <= last; t += step) out.push(t);
  return out;
}

function niceStep(wanted: number, steps: number[]): number {
  return steps.find((s) => s >= wanted) ?? steps[steps.length - 1];
}

/** For each (time slice, severity): the anomaly with the highest and the one with the lowest score. */
function envelope(anomalies: ScoredEvent[]): ScoredEvent[] {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const e of anomalies) {
    first = Math.min(first, e.timeMs);
    last = Math.max(last, e.timeMs);
  }
  const width = Math.max(1, (last - first) / TIME_SLICES);
  const top = new Map<number, ScoredEvent>();
  const bottom = new Map<number, ScoredEvent>();
  for (const e of anomalies) {
    const slice = Math.min(TIME_SLICES - 1, Math.floor((e.timeMs - first) / width));
    const key = slice * SEVERITIES.length + SEVERITIES.indexOf(e.severity);
    const hi = top.get(key);
    if (hi === undefined || e.anomalyScore > hi.anomalyScore) top.set(key, e);
    const lo = bottom.get(key);
    if (lo === undefined || e.anomalyScore < lo.anomalyScore) bottom.set(key, e);
  }
  return [...new Set([...top.values(), ...bottom.values()])];
}

/** At most `limit` items, evenly spaced over the input, first item always kept. */
function thin<T>(items: T[], limit: number): T[] {
  if (items.length <= limit) return items;
  return Array.from({ length: limit }, (_, i) => items[Math.floor((i * items.length) / limit)]);
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function round(x: number): number {
  const scale = 10 ** SCORE_DECIMALS;
  return Math.round(x * scale) / scale;
}
