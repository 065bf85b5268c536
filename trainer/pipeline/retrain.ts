// Retraining against the previous model: screen the new baseline with it (how
// much would it flag? which events are HIGH/CRITICAL and should not become the
// new normal?) and compare the two models.

import { existsSync } from "node:fs";
import { FileRefusedError, MAX_MODEL_FILE_BYTES, readRegularFile } from "../util/regular-file.ts";
import { readModel } from "../model/read.ts";
import type { ModelData } from "../model/format.ts";
import { ModelLoadError, type Scorer } from "../wasm/scorer.ts";
import { scoreRecords } from "./score.ts";
import type { Streams } from "../wasm/streams.ts";

export interface PreviousModel {
  path: string;
  bytes: Uint8Array;
  model: ModelData;
}

/** The model at `path` if there is a usable one; `warn` hears why one was not usable. */
export function loadPreviousModel(scorer: Scorer, path: string, warn: (line: string) => void): PreviousModel | undefined {
  if (!existsSync(path)) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(path, MAX_MODEL_FILE_BYTES);
  } catch (err) {
    if (!(err instanceof FileRefusedError)) throw err;
    warn(`warning: previous model not used for comparison: ${err.message}`);
    return undefined;
  }
  try {
    scorer.loadModel(bytes);
    return { path, bytes, model: readModel(bytes) };
  } catch (err) {
    if (!(err instanceof ModelLoadError)) throw err;
    warn(`previous model ${path} not used for comparison: ${err.detail}`);
    return undefined;
  }
}

export interface Screening {
  /** Per record: the previous model scores it as an anomaly (>= 0.5). */
  flagged: boolean[];
  /** Per record: the previous model rated it HIGH or CRITICAL. */
  severe: boolean[];
}

/** Scores the new baseline (time-ordered records) with the previous model, replayed in `streams` as it was trained. */
export function screenBaseline(scorer: Scorer, previous: PreviousModel, records: string[], streams?: Streams): Screening {
  scorer.loadModel(previous.bytes);
  const { events } = scoreRecords(scorer, records, records.map(() => ""), undefined, streams);
  return {
    flagged: events.map((e) => e.anomalyScore >= 0.5),
    severe: events.map((e) => e.severity === "HIGH" || e.severity === "CRITICAL"),
  };
}

/** Share of the records `keep` selects (all by default) that the previous model flags. */
export function flaggedShare(screening: Screening, keep: (i: number) => boolean = () => true): number {
  let kept = 0;
  let flagged = 0;
  screening.flagged.forEach((f, i) => {
    if (!keep(i)) return;
    kept++;
    if (f) flagged++;
  });
  return kept ? flagged / kept : 0;
}
