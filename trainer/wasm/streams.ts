// Which filter instance sees which records. A merged replay is one instance fed
// every record in time order: an aggregator's view. A per-host replay gives each
// host's records a state of their own, as one edge filter per host would see
// them; outputs come back in record order all the same, so callers index them as
// they would a merged replay's.

import { OUTPUT, type BatchResult, type Scorer } from "./scorer.ts";
import { textUnits } from "./chunks.ts";
import type { ModelData } from "../model/format.ts";

export const STREAM_BY = ["merged", "host"] as const;
export type StreamBy = (typeof STREAM_BY)[number];

/** Record positions, one list per stream, each in record (time) order; undefined: one merged stream. */
export type Streams = number[][] | undefined;

/** Host names are read this many records at a time, so the scan's report lines stay a few MB. */
const HOSTS_PER_CALL = 1 << 14;
const LF = 0x0a;

/**
 * The streams `records` (in time order) fall into. A record's host is its `host` field as the
 * scanner reads it (aliases, field map and formats included), so the split is the filter's own
 * reading; records without one form one stream of their own, keyed "".
 */
export function streamsOf(scorer: Scorer, records: readonly string[], by: StreamBy): Streams {
  if (by === "merged") return undefined;
  const byHost = new Map<string, number[]>();
  for (let from = 0; from < records.length; from += HOSTS_PER_CALL) {
    const { report } = scorer.process(records.slice(from, from + HOSTS_PER_CALL), OUTPUT.REPORT | OUTPUT.STOP_AFTER_SCAN);
    const lines = new TextDecoder().decode(report).split("\n");
    for (let i = 0; i < lines.length - 1; i++) {
      const host = (JSON.parse(lines[i]) as { host: string }).host;
      let stream = byHost.get(host);
      if (!stream) byHost.set(host, (stream = []));
      stream.push(from + i);
    }
  }
  return [...byHost.values()];
}

/**
 * Replays `records` through fresh state per stream (Scorer.process's modes and outputs) and
 * returns the outputs in record order: the NDJSON outputs line by line, the rows row by row.
 */
export function replayStreams(scorer: Scorer, records: readonly string[], mode: number, streams: Streams, onProgress?: (done: number, total: number) => void): BatchResult {
  if (!streams) {
    scorer.resetState();
    return scorer.process(records, mode, Number.NaN, onProgress);
  }
  const total = textUnits(records);
  let before = 0;
  const parts = streams.map((stream) => {
    const texts = stream.map((i) => records[i]);
    scorer.resetState();
    const part = scorer.process(texts, mode, Number.NaN, onProgress && ((done) => onProgress(before + done, total)));
    before += textUnits(texts);
    return part;
  });
  return {
    count: parts.reduce((n, p) => n + p.count, 0),
    enriched: interleaveLines(parts.map((p) => p.enriched), streams, records.length),
    report: interleaveLines(parts.map((p) => p.report), streams, records.length),
    rows: interleaveRows(parts.map((p) => p.rows), streams, records.length),
  };
}

/**
 * How a model's baseline was replayed: TRAINING_INFO's `streams.by`, which a model trained on
 * per-host streams carries; without it (every model before it, and merged training), merged.
 */
export function streamByOf(model: ModelData): StreamBy {
  const by = (model.trainingInfo?.streams as { by?: unknown } | undefined)?.by;
  return STREAM_BY.find((name) => name === by) ?? "merged";
}

// --- internal ---

/** Newline-terminated lines of each stream's output, put back at their records' positions. */
function interleaveLines(outputs: Uint8Array[], streams: number[][], records: number): Uint8Array {
  const total = outputs.reduce((n, o) => n + o.length, 0);
  if (total === 0) return new Uint8Array(0);
  const start = new Float64Array(records);
  const end = new Float64Array(records);
  const owner = new Uint32Array(records);
  outputs.forEach((out, s) => {
    let at = 0;
    for (const i of streams[s]) {
      const nl = out.indexOf(LF, at);
      if (nl < 0) throw new Error("a stream's output has fewer lines than records");
      start[i] = at;
      end[i] = nl + 1;
      owner[i] = s;
      at = nl + 1;
    }
  });
  const merged = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < records; i++) {
    merged.set(outputs[owner[i]].subarray(start[i], end[i]), at);
    at += end[i] - start[i];
  }
  return merged;
}

/** Fixed-width rows of each stream's output, put back at their records' positions. */
function interleaveRows(outputs: Uint8Array[], streams: number[][], records: number): Uint8Array {
  const total = outputs.reduce((n, o) => n + o.length, 0);
  if (total === 0) return new Uint8Array(0);
  const width = total / records;
  const merged = new Uint8Array(total);
  outputs.forEach((out, s) => streams[s].forEach((i, k) => merged.set(out.subarray(k * width, (k + 1) * width), i * width)));
  return merged;
}
