// Records → a time-ordered event timeline, split into baseline and analysis.
// The WASM scanner reads each record's timestamp (pass 1, no state touched), so
// the trainer and the filter agree on what a record's time is.
import { NO_TIMESTAMP } from "../wasm/skip-reasons.ts";

import { OUTPUT, Scorer } from "./scorer.ts";
import { EVENT_ROW_BYTES, EventRow } from "../../contract/batch-abi.ts";
import { CliError } from "../util/errors.ts";

export const MS_PER_DAY = 86_400_000;

/** What the scanner says about one record, from its EVENTS row (contract/batch-abi.ts EventRow). */
export interface EventRows {
  view: DataView;
  count: number;
}

export const eventRow = {
  time: (r: EventRows, i: number) => r.view.getFloat64(i * EVENT_ROW_BYTES + EventRow.TIME, true),
  bytes: (r: EventRows, i: number) => r.view.getFloat32(i * EVENT_ROW_BYTES + EventRow.BYTES, true),
  user: (r: EventRows, i: number) => r.view.getUint32(i * EVENT_ROW_BYTES + EventRow.USER, true),
  ip: (r: EventRows, i: number) => r.view.getUint32(i * EVENT_ROW_BYTES + EventRow.IP, true),
  userIp: (r: EventRows, i: number) => r.view.getUint32(i * EVENT_ROW_BYTES + EventRow.USER_IP, true),
  userHost: (r: EventRows, i: number) => r.view.getUint32(i * EVENT_ROW_BYTES + EventRow.USER_HOST, true),
  userKind: (r: EventRows, i: number) => r.view.getUint32(i * EVENT_ROW_BYTES + EventRow.USER_KIND, true),
  kind: (r: EventRows, i: number) => r.view.getUint8(i * EVENT_ROW_BYTES + EventRow.KIND),
  outcome: (r: EventRows, i: number) => r.view.getUint8(i * EVENT_ROW_BYTES + EventRow.OUTCOME),
  hour: (r: EventRows, i: number) => r.view.getUint8(i * EVENT_ROW_BYTES + EventRow.HOUR),
  valid: (r: EventRows, i: number) => r.view.getUint8(i * EVENT_ROW_BYTES + EventRow.VALID) === 1,
};

/**
 * Scans the records' times and entities (no state touched). Syslog timestamps without a year
 * ("Jan 22 03:14:05") take it from a reference time, which a batch has no clock for: the latest
 * timestamp that has its own year (yearReferenceOf), else `fallbackReferenceMs` (the newest
 * file's mtime).
 * When some record needed it, the scan is repeated with it, and the scorer keeps it for the later
 * passes (Scorer.setReferenceTime), so every pass dates those records alike.
 */
export function scanEvents(
  scorer: Scorer,
  records: string[],
  onProgress?: (doneBytes: number, totalBytes: number) => void,
  fallbackReferenceMs = Number.NaN,
): EventRows {
  const ndjson = Buffer.from(records.join("\n"));
  scorer.setReferenceTime(Number.NaN);
  let { rows, count } = scorer.process(ndjson, OUTPUT.EVENTS, Number.NaN, onProgress);
  if (count !== records.length) throw new Error(`scanner saw ${count} records, expected ${records.length}`);
  let view = new DataView(rows.buffer, rows.byteOffset, rows.byteLength);
  const reference = yearReference({ view, count }, fallbackReferenceMs);
  if (reference !== undefined) {
    scorer.setReferenceTime(reference);
    ({ rows, count } = scorer.process(ndjson, OUTPUT.EVENTS, Number.NaN));
    view = new DataView(rows.buffer, rows.byteOffset, rows.byteLength);
  }
  return { view, count };
}

/** The reference for yearless timestamps when some valid record has no time yet; undefined when none is needed or known. */
function yearReference(rows: EventRows, fallbackMs: number): number | undefined {
  const dated: number[] = [];
  let undated = false;
  for (let i = 0; i < rows.count; i++) {
    if (!eventRow.valid(rows, i)) continue;
    const t = eventRow.time(rows, i);
    if (Number.isFinite(t)) dated.push(t);
    else undated = true;
  }
  if (!undated) return undefined;
  const reference = yearReferenceOf(dated, fallbackMs);
  return Number.isFinite(reference) ? reference : undefined;
}

/**
 * The batch's reference time for yearless timestamps: the latest of the timestamps that carry a
 * year, leaving out the top OUTLIER_QUANTILE (one forged "2999" record must not move every syslog
 * line with it), else `fallbackMs`.
 */
export function yearReferenceOf(datedMs: number[], fallbackMs: number): number {
  if (datedMs.length === 0) return fallbackMs;
  const sorted = Float64Array.from(datedMs).sort();
  return sorted[Math.ceil((1 - OUTLIER_QUANTILE) * (sorted.length - 1))];
}

export interface Timeline {
  /** Record indices in time order (stable for equal times). */
  order: number[];
  timeMs: Float64Array;
  /** Indices (into `order`) where the analysis period starts. */
  splitAt: number;
  baselineEndMs: number;
  skipped: Record<string, number>;
  /** Records the scanner refused (not a usable JSON object), by index; prepareData names their reasons. */
  refused: number[];
}

export const TIME_OUTLIER = "timestamp far outside the rest of the data";
/** Records this far beyond the central 98% of the data's time span (or half that span, if larger) are outliers. */
const OUTLIER_MARGIN_MS = 30 * MS_PER_DAY;
const OUTLIER_QUANTILE = 0.01;

/**
 * Drops the few records whose time lies far outside the bulk of the data (a record
 * stamped 1970 or 2999): one forged timestamp must not move the baseline period.
 * `order` is sorted by time.
 */
function withoutTimeOutliers(order: number[], timeMs: Float64Array): number[] {
  const lo = timeMs[order[Math.floor(OUTLIER_QUANTILE * (order.length - 1))]];
  const hi = timeMs[order[Math.ceil((1 - OUTLIER_QUANTILE) * (order.length - 1))]];
  const margin = Math.max(OUTLIER_MARGIN_MS, (hi - lo) / 2);
  return order.filter((i) => timeMs[i] >= lo - margin && timeMs[i] <= hi + margin);
}

/** Orders usable records by time and splits off the first `baselineDays` calendar days (UTC). */
export function buildTimeline(rows: EventRows, baselineDays: number): Timeline {
  const timeMs = new Float64Array(rows.count);
  const usable: number[] = [];
  const skipped: Record<string, number> = {};
  const refused: number[] = [];
  for (let i = 0; i < rows.count; i++) {
    timeMs[i] = eventRow.time(rows, i);
    if (!eventRow.valid(rows, i)) refused.push(i);
    else if (!Number.isFinite(timeMs[i])) skipped[NO_TIMESTAMP] = (skipped[NO_TIMESTAMP] ?? 0) + 1;
    else usable.push(i);
  }
  if (usable.length === 0) {
    throw new CliError("E_NO_DATA", "No records with a usable timestamp", "records need a timestamp|time|@timestamp|datetime|date field (ISO 8601 or epoch)");
  }
  usable.sort((a, b) => timeMs[a] - timeMs[b] || a - b);
  const order = withoutTimeOutliers(usable, timeMs);
  if (order.length < usable.length) skipped[TIME_OUTLIER] = usable.length - order.length;
  const first = timeMs[order[0]];
  const baselineEndMs = Math.floor(first / MS_PER_DAY) * MS_PER_DAY + baselineDays * MS_PER_DAY;
  let splitAt = order.findIndex((i) => timeMs[i] >= baselineEndMs);
  if (splitAt < 0) splitAt = order.length;
  return { order, timeMs, splitAt, baselineEndMs, skipped, refused };
}
