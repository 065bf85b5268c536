// Logs on disk → time-ordered records split into baseline and analysis.

import { statSync } from "node:fs";
import { basename } from "node:path";
import { loadRecords, type LoadedRecords } from "./load.ts";
import { modifiedMs } from "./text-lines.ts";
import { buildTimeline, scanEvents, type EventRows, type Timeline } from "../wasm/timeline.ts";
import type { Scorer } from "../wasm/scorer.ts";
import { DUPLICATE_RECORD, refusedByCode } from "../wasm/skip-reasons.ts";

export interface PreparedData {
  loaded: LoadedRecords;
  rows: EventRows;
  timeline: Timeline;
  /** Reasons records were left out, with counts (for the summary). */
  skipped: Record<string, number>;
}

/** Optional progress hooks: each file as it is read, then the scanner's bytes. */
export interface PrepareHooks {
  onFile?: (file: string, index: number, total: number) => void;
  onScan?: (doneBytes: number, totalBytes: number) => void;
}

export function prepareData(scorer: Scorer, dataPath: string, baselineDays: number, hooks: PrepareHooks = {}): PreparedData {
  const loaded = loadRecords(dataPath, hooks.onFile);
  const rows = scanEvents(scorer, loaded.records, hooks.onScan, newestMtimeMs(loaded.files));
  const timeline = buildTimeline(rows, baselineDays);
  const skipped = { ...refusedByCode(scorer, timeline.refused.map((i) => loaded.records[i])), ...timeline.skipped };
  if (loaded.duplicates) skipped[DUPLICATE_RECORD] = loaded.duplicates;
  return { loaded, rows, timeline, skipped };
}

/** When the newest log file was last written: the year of syslog lines that carry none, if no record has one. */
function newestMtimeMs(files: string[]): number {
  let newest = Number.NaN;
  for (const f of files) {
    try {
      const t = modifiedMs(f, statSync);
      if (!(t <= newest)) newest = t;
    } catch {
      // unreadable files are reported by the loader
    }
  }
  return newest;
}

/** Record texts and source file names for positions [from, to) of the timeline. */
export function slice(data: PreparedData, from: number, to: number): { records: string[]; sources: string[]; indices: number[] } {
  const indices = data.timeline.order.slice(from, to);
  return {
    indices,
    records: indices.map((i) => data.loaded.records[i]),
    sources: indices.map((i) => basename(data.loaded.files[data.loaded.source[i]])),
  };
}
