// Times `train` as the CLI runs it (trainer/cli/commands/train.ts): load the
// files and scan them, learn baselines, replay features, fit the forest and the
// autoencoder, calibrate, write model.bin and the filter. The baseline is
// written to a temporary NDJSON file first, so "load" includes reading it back.

import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { prepareData, slice } from "../trainer/pipeline/prepare.ts";
import { trainModel, type TrainReporter } from "../trainer/pipeline/train.ts";
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from "../trainer/pipeline/train-options.ts";
import { writeModelArtifacts } from "../trainer/filter/artifacts.ts";
import type { Scorer } from "../trainer/wasm/scorer.ts";

/** Every record is baseline, as in the train command. */
const ALL_DAYS = Number.MAX_SAFE_INTEGER / 86_400_000;

export interface TrainTiming {
  events: number;
  /** Seconds per phase: load, then trainModel's own (baselines, features, iforest, autoencoder, calibration), then write. */
  phases: Record<string, number>;
  /** The process's CPU seconds in each of those phases (on a busy machine wall time also counts waiting for a core). */
  phasesCpu: Record<string, number>;
  totalSeconds: number;
  model: Uint8Array;
  /** The filter module with the model embedded. */
  filterBytes: number;
}

export async function timeTraining(
  scorer: Scorer,
  ndjson: Uint8Array,
  opts: TrainOptions = DEFAULT_TRAIN_OPTIONS,
  onPhase: (name: string) => void = () => {},
): Promise<TrainTiming> {
  const dir = mkdtempSync(join(tmpdir(), "log-anomaly-bench-"));
  try {
    writeFileSync(join(dir, "baseline.ndjson"), ndjson);
    // CPU seconds as each phase starts, and once after the last: phases start in the order of
    // the keys of `phases` below, so phase i spans marks i and i + 1.
    const cpuMarks: number[] = [];
    const phase = (name: string) => {
      cpuMarks.push(cpuSeconds());
      onPhase(name);
    };
    const t0 = performance.now();
    phase("load");
    const data = prepareData(scorer, join(dir, "baseline.ndjson"), ALL_DAYS);
    const { order, timeMs } = data.timeline;
    const baseline = slice(data, 0, order.length);
    const loadSeconds = (performance.now() - t0) / 1000;
    const reporter: TrainReporter = { phase, epoch: () => {} };
    const trained = await trainModel(
      scorer,
      { records: baseline.records, rows: data.rows, indices: baseline.indices, startMs: timeMs[order[0]], endMs: timeMs[order[order.length - 1]] },
      opts,
      reporter,
    );
    const t1 = performance.now();
    phase("write");
    const { filterPath } = writeModelArtifacts(scorer, join(dir, "model"), trained.bytes);
    const writeSeconds = (performance.now() - t1) / 1000;
    cpuMarks.push(cpuSeconds());
    const phases = { load: loadSeconds, ...trained.timings, write: writeSeconds };
    return {
      events: baseline.records.length,
      phases,
      phasesCpu: Object.fromEntries(Object.keys(phases).map((key, i) => [key, cpuMarks[i + 1] - cpuMarks[i]])),
      totalSeconds: (performance.now() - t0) / 1000,
      model: trained.bytes,
      filterBytes: statSync(filterPath).size,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
