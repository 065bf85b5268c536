// Records → a time-ordered event timeline, split into baseline and analysis.
// The WASM scanner reads each record's timestamp (pass 1, no state touched), so
// the trainer and the filter agree on what a record's time is.

import { EVENT_ROW_BYTES, OUTPUT, Scorer } from "../wasm/scorer.ts";
import { CliError } from "../cli/errors.ts";

export const MS_PER_DAY = 86_400_000;

/** What the scanner says about one record, from an EVENT_ROW (assembly/index.ts). */
export interface EventRows {
  view: DataView;
  count: number;
}

export const eventRow = {
  time: (r: EventRows, i: number) => r.view.getFloat64(i * EVENT_ROW_BYTES, true),
  bytes: (r: EventRows, i: number) => r.view.getFloat32(i * EVENT_ROW_BYTES + 8, true),
  user: (r: EventRows, i: number) => r.view.getUint32(i * EVENT_ROW_BYTES + 12, true),
  ip: (r: EventRows, i: number) => r.view.getUint32(i * EVENT_ROW_BYTES + 16, true),
  userIp: (r: EventRows, i: number) => r.view.getUint32(i * EVENT_ROW_BYTES + 20, true),
  userHost: (r: EventRows, i: number) => r.view.getUint32(i * EVENT_ROW_BYTES + 24, true),
  userKind: (r: EventRows, i: number) => r.view.getUint32(i * EVENT_ROW_BYTES + 28, true),
  kind: (r: EventRows, i: number) => r.view.getUint8(i * EVENT_ROW_BYTES + 32),
  outcome: (r: EventRows, i: number) => r.view.getUint8(i * EVENT_ROW_BYTES + 33),
  hour: (r: EventRows, i: number) => r.view.getUint8(i * EVENT_ROW_BYTES + 34),
  valid: (r: EventRows, i: number) => r.view.getUint8(i * EVENT_ROW_BYTES + 35) === 1,
};

export function scanEvents(scorer: Scorer, records: string[], onProgress?: (doneBytes: number, totalBytes: number) => void): EventRows {
  const { rows, count } = scorer.process(Buffer.from(records.join("\n")), OUTPUT.EVENTS, Number.NaN, onProgress);
  if (count !== records.length) throw new Error(`scanner saw ${count} records, expected ${records.length}`);
  return { view: new DataView(rows.buffer, rows.byteOffset, rows.byteLength), count };
}

export interface Timeline {
  /** Record indices in time order (stable for equal times). */
  order: number[];
  timeMs: Float64Array;
  /** Indices (into `order`) where the analysis period starts. */
  splitAt: number;
  baselineEndMs: number;
  skipped: Record<string, number>;
}

/** Orders usable records by time and splits off the first `baselineDays` calendar days (UTC). */
export function buildTimeline(rows: EventRows, baselineDays: number): Timeline {
  const timeMs = new Float64Array(rows.count);
  const order: number[] = [];
  const skipped: Record<string, number> = {};
  for (let i = 0; i < rows.count; i++) {
    timeMs[i] = eventRow.time(rows, i);
    if (!eventRow.valid(rows, i)) skipped["not a JSON object"] = (skipped["not a JSON object"] ?? 0) + 1;
    else if (!Number.isFinite(timeMs[i])) skipped["no usable timestamp"] = (skipped["no usable timestamp"] ?? 0) + 1;
    else order.push(i);
  }
  if (order.length === 0) {
    throw new CliError("E_NO_DATA", "No records with a usable timestamp", "records need a timestamp|time|@timestamp|datetime|date field (ISO 8601 or epoch)");
  }
  order.sort((a, b) => timeMs[a] - timeMs[b] || a - b);
  const first = timeMs[order[0]];
  const baselineEndMs = Math.floor(first / MS_PER_DAY) * MS_PER_DAY + baselineDays * MS_PER_DAY;
  let splitAt = order.findIndex((i) => timeMs[i] >= baselineEndMs);
  if (splitAt < 0) splitAt = order.length;
  return { order, timeMs, splitAt, baselineEndMs, skipped };
}
