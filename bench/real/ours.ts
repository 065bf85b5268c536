// Our detector on one source, through the library path `log-anomaly run` takes: prepareData
// (load → WASM scan → timeline) → trainModel on the baseline → scoreRecords on the rest (the
// filter's code path, fresh state, time order).

import { copyFileSync, mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareData, slice, type PreparedData } from "../../trainer/pipeline/prepare.ts";
import { scoreRecords } from "../../trainer/pipeline/score.ts";
import { trainModel } from "../../trainer/pipeline/train.ts";
import type { TrainOptions } from "../../trainer/pipeline/train-options.ts";
import type { ScoredEvent } from "../../trainer/verdict/types.ts";
import type { Scorer } from "../../trainer/wasm/scorer.ts";
import { DATA_DIR } from "./load.ts";
import type { Source } from "./sources.ts";

/** Fewer baseline records than this train no model worth measuring; the bench says so instead. */
export const MIN_BASELINE_RECORDS = 200;

/** A day count that puts every record of the data in the baseline. */
const ALL_DAYS = 1e6;

export interface OurRun {
  /** Fixture line of each scored event, in scored (time) order. */
  lines: number[];
  /** Fixture lines of the stream before them (the baseline for first-days; none otherwise). */
  before: number[];
  events: ScoredEvent[];
  /** Record time (the scanner's) by fixture line. */
  timeMs: Float64Array;
  baselineRecords: number;
  /** Why no model was trained (too small a baseline), else undefined. */
  skipped?: string;
}

/** Copies fixtures into a fresh directory; yearless syslog times take their year from the newest file's mtime. */
function stage(files: string[], referenceTime?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bench-real-"));
  for (const f of files) {
    const to = join(dir, f);
    copyFileSync(DATA_DIR + f, to);
    if (referenceTime) {
      const t = new Date(referenceTime);
      utimesSync(to, t, t);
    }
  }
  return dir;
}

function lineCheck(data: PreparedData, source: string, expected: number): void {
  if (data.loaded.records.length !== expected) throw new Error(`${source}: the loader kept ${data.loaded.records.length} of ${expected} records (duplicates?)`);
}

async function trainAndScore(scorer: Scorer, baseline: PreparedData, from: number, to: number, target: PreparedData, tFrom: number, tTo: number, opts: TrainOptions) {
  const b = slice(baseline, from, to);
  const { order, timeMs, baselineEndMs } = baseline.timeline;
  await trainModel(scorer, { records: b.records, rows: baseline.rows, indices: b.indices, startMs: timeMs[order[from]], endMs: baselineEndMs }, opts, { phase: () => {}, epoch: () => {} });
  const a = slice(target, tFrom, tTo);
  return { events: scoreRecords(scorer, a.records, a.sources).events, lines: a.indices, baselineRecords: b.records.length };
}

/** Linux: the first `days` calendar days of the source are the baseline, the rest is scored. */
export async function runFirstDays(scorer: Scorer, source: Source, lineCount: number, days: number, opts: TrainOptions): Promise<OurRun> {
  const dir = stage([source.file], source.referenceTime);
  try {
    const data = prepareData(scorer, join(dir, source.file), days);
    lineCheck(data, source.name, lineCount);
    const { order, splitAt } = data.timeline;
    const before = order.slice(0, splitAt);
    const scored = order.slice(splitAt);
    if (splitAt < MIN_BASELINE_RECORDS || scored.length === 0) {
      return { lines: scored, before, events: [], timeMs: data.timeline.timeMs, baselineRecords: splitAt, skipped: `${splitAt} baseline records in the first ${days} day(s), ${scored.length} after them` };
    }
    const r = await trainAndScore(scorer, data, 0, splitAt, data, splitAt, order.length, opts);
    return { ...r, before, timeMs: data.timeline.timeMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Windows: the baseline is the other captures of the same lab, contaminated as they are; the whole source is scored. */
export async function runSameEnvironment(scorer: Scorer, source: Source, lineCount: number, baselineSources: Source[], opts: TrainOptions): Promise<OurRun> {
  const targetDir = stage([source.file]);
  const baseDir = stage(baselineSources.map((s) => s.file));
  try {
    const target = prepareData(scorer, join(targetDir, source.file), 0);
    lineCheck(target, source.name, lineCount);
    const baseline = prepareData(scorer, baseDir, ALL_DAYS);
    const n = baseline.timeline.order.length;
    const r = await trainAndScore(scorer, baseline, 0, n, target, target.timeline.splitAt, target.timeline.order.length, opts);
    return { ...r, before: [], timeMs: target.timeline.timeMs };
  } finally {
    for (const d of [targetDir, baseDir]) rmSync(d, { recursive: true, force: true });
  }
}
