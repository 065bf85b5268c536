// `npm run bench`: throughput, model and module sizes, memory, training time
// and a cost breakdown of full scoring, in one run on the same synthetic data.
// Progress goes to stderr, the report to stdout. See bench/README.md.
//
//   npm run bench                      full sizes (1M events; trains on 100k and 1M: minutes)
//   npm run bench -- --quick           smoke run for CI (20k events, trains on 50k)
//   npx tsx bench/run.ts --events 200000 --train-events 100000 --json out.json

import { cpus, loadavg, platform, arch } from "node:os";
import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Scorer, defaultWasmPath, OUTPUT, FEATURE_ROW_HEAD } from "../trainer/wasm/scorer.ts";
import { modelSections, readModel } from "../trainer/model/read.ts";
import { SECTION } from "../trainer/model/format.ts";
import { buildFilter } from "../trainer/model/artifacts.ts";
import { defaultReplicas, distinctUserLogs, firstLines, syntheticLogs } from "./synthetic-logs.ts";
import { Clock, OneRecordHost, bestOf, memoryCurve, timeBatch, timeBatchInModule, timeOneRecord, whole, type FilterExports, type Throughput } from "./measure.ts";
import { ReferenceScorer } from "./reference-scorer.ts";
import { loadNoopFilter } from "./noop-filter.ts";
import { timeTraining } from "./train-timing.ts";
import { costBreakdown } from "./breakdown.ts";
import { formatReport, type BenchResults, type StageSpeeds, type TrainingResult } from "./report.ts";
import { parseBenchArgs, USAGE, type BenchOptions } from "./options.ts";

/** Baselines are drawn from these seeds; the scored stream from another, so it is new traffic by the same offices. */
const TRAIN_SEED = 1;
const SCORE_SEED = 1001;
/** Verdicts of WASM and the JS reference are compared over this many leading events. */
const AGREEMENT_EVENTS = 100_000;
/** Events run through every path before timing, so the engine has compiled the hot code (V8 tiers WASM and JS up as they run). */
const WARM_UP_EVENTS = 20_000;
/** Memory is read after these fractions of the memory stream. */
const MEMORY_CHECKPOINTS = [0.01, 0.1, 0.5, 1];

const say = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function main(argv: string[]): Promise<number> {
  let opts: BenchOptions;
  try {
    opts = parseBenchArgs(argv);
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const loadStart = loadavg();

  // --- training (the smallest run's model is the one scored with) ---
  const training: TrainingResult[] = [];
  let model: Uint8Array | undefined;
  for (const events of opts.trainEvents) {
    say(`training on ${events} events`);
    const baseline = syntheticLogs({ events, seed: TRAIN_SEED });
    const scorer = await Scorer.load();
    const clock = new Clock();
    try {
      clock.start();
      const t = await timeTraining(scorer, baseline.ndjson, undefined, (phase) => say(`  ${phase}`));
      clock.stop();
      training.push({ events: t.events, phases: t.phases, totalSeconds: t.totalSeconds, cpuSeconds: clock.cpu });
      model ??= t.model;
    } catch (err) {
      training.push({ events, error: (err as Error).message });
      say(`  failed: ${(err as Error).stack}`);
    }
  }
  if (opts.model) model = new Uint8Array(readFileSync(opts.model));
  if (!model) throw new Error("no training run succeeded, so there is no model to score with");
  const trainedOn = readModel(model).meta.baselineEvents;
  const replicas = defaultReplicas(trainedOn);

  // --- the scored stream: the model's offices, new weeks ---
  say(`generating ${opts.events} events (${replicas} offices)`);
  const stream = syntheticLogs({ events: opts.events, seed: SCORE_SEED, replicas, attacks: true });
  const scorer = await Scorer.load();
  scorer.loadModel(model);

  say("warming up");
  const noop = await loadNoopFilter();
  const schema = scorer.schema();
  const decoded = readModel(model);
  const warm = firstLines(stream.ndjson, WARM_UP_EVENTS);
  for (const mode of [OUTPUT.ENRICHED | OUTPUT.STOP_AFTER_SCAN, OUTPUT.ENRICHED | OUTPUT.STOP_AFTER_FEATURES, OUTPUT.ENRICHED, 0]) scorer.process(warm, mode);
  new OneRecordHost(noop, warm).run();
  new OneRecordHost(scorer.exports as FilterExports, warm).run();
  new ReferenceScorer(decoded, schema).scoreText(Buffer.from(warm).toString("utf8"));
  scorer.resetState();

  say("batch ABI");
  const stageModes = { passthrough: OUTPUT.ENRICHED | OUTPUT.STOP_AFTER_SCAN, features: OUTPUT.ENRICHED | OUTPUT.STOP_AFTER_FEATURES, full: OUTPUT.ENRICHED };
  const speeds = (time: typeof timeBatch): StageSpeeds => ({
    passthrough: time(scorer, stream.ndjson, stageModes.passthrough, opts.reps),
    features: time(scorer, stream.ndjson, stageModes.features, opts.reps),
    full: time(scorer, stream.ndjson, stageModes.full, opts.reps),
  });
  const batch = speeds(timeBatch);
  const batchInModule = speeds(timeBatchInModule);

  say("one-record ABI");
  const oneRecord = {
    noop: timeOneRecord(new OneRecordHost(noop, stream.ndjson), opts.reps, () => {}),
    noModel: await oneRecordWithout(stream.ndjson, opts.reps),
    full: timeOneRecord(new OneRecordHost(scorer.exports as FilterExports, stream.ndjson), opts.reps, () => scorer.resetState()),
  };

  say("JS reference");
  let ref = new ReferenceScorer(decoded, schema);
  const reference = bestOf(
    opts.referenceReps,
    whole(() => {
      Buffer.from(ref.scoreText(Buffer.from(stream.ndjson.buffer, stream.ndjson.byteOffset, stream.ndjson.byteLength).toString("utf8")));
      return ref.scores.length;
    }),
    () => (ref = new ReferenceScorer(decoded, schema)),
  );
  const agreement = compareVerdicts(scorer, stream.ndjson, ref.scores, schema.features.length);

  say("sizes");
  const names = new Map<number, string>(Object.entries(SECTION).map(([name, id]) => [id, name.toLowerCase()]));
  const modelPart = {
    trainedOn,
    sections: modelSections(model).map((s) => ({ name: names.get(s.id) ?? `section ${s.id}`, bytes: s.size })),
    total: model.length,
    wasmPlain: readFileSync(defaultWasmPath()).length,
    wasmEmbedded: buildFilter(scorer, model).length,
  };

  say("memory");
  const memory = await measureMemory(opts, model, stream, replicas);

  say("cost breakdown");
  const breakdown = costBreakdown(scorer, stream.ndjson, model, opts.reps);

  const cpu = cpus();
  const results: BenchResults = {
    machine: {
      date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
      node: process.version,
      cpus: cpu.length,
      cpuModel: cpu[0]?.model.trim() ?? "unknown",
      platform: `${platform()} ${arch()}`,
      loadStart,
      loadEnd: loadavg(),
    },
    options: { ...opts, warmUp: WARM_UP_EVENTS },
    stream: { events: stream.count, replicas: stream.replicas, weeks: stream.weeks, attackRecords: stream.attackRecords, bytes: stream.ndjson.length },
    throughput: { batch, batchInModule, oneRecord, reference, agreement },
    model: modelPart,
    memory,
    training,
    breakdown,
  };
  process.stdout.write(formatReport(results));
  if (opts.json) writeFileSync(opts.json, JSON.stringify(results, null, 2) + "\n");
  return 0;
}

/** The one-record path with no model: scan, features and the fail-open output, no detectors. */
async function oneRecordWithout(ndjson: Uint8Array, reps: number): Promise<Throughput> {
  const bare = await Scorer.load();
  new OneRecordHost(bare.exports as FilterExports, firstLines(ndjson, WARM_UP_EVENTS)).run();
  return timeOneRecord(new OneRecordHost(bare.exports as FilterExports, ndjson), reps, () => bare.resetState());
}

function compareVerdicts(scorer: Scorer, ndjson: Uint8Array, referenceScores: number[], nFeatures: number): BenchResults["throughput"]["agreement"] {
  scorer.resetState();
  const { rows, count } = scorer.process(firstLines(ndjson, AGREEMENT_EVENTS), OUTPUT.FEATURES);
  scorer.resetState();
  const data = new Float32Array(rows.buffer, rows.byteOffset, rows.byteLength / 4);
  const stride = FEATURE_ROW_HEAD + 2 * nFeatures;
  const SCORE = 4;
  let same = 0;
  let wasmAlerts = 0;
  let referenceAlerts = 0;
  for (let i = 0; i < count; i++) {
    const w = data[i * stride + SCORE] >= 0.5;
    const j = referenceScores[i] >= 0.5;
    if (w === j) same++;
    if (w) wasmAlerts++;
    if (j) referenceAlerts++;
  }
  return { events: count, sameDecision: count ? same / count : 0, wasmAlerts, referenceAlerts };
}

async function measureMemory(
  opts: BenchOptions,
  model: Uint8Array,
  stream: { ndjson: Uint8Array; count: number },
  replicas: number,
): Promise<BenchResults["memory"]> {
  const data = opts.memoryEvents === stream.count ? stream.ndjson : syntheticLogs({ events: opts.memoryEvents, seed: SCORE_SEED, replicas, attacks: true }).ndjson;
  const filter = await Scorer.load();
  filter.loadModel(model);
  const host = new OneRecordHost(filter.exports as FilterExports, data);
  const curve = memoryCurve(host, MEMORY_CHECKPOINTS.map((f) => Math.round(f * host.count)));

  const batchHost = await Scorer.load();
  batchHost.loadModel(model);
  batchHost.process(data, OUTPUT.ENRICHED);
  const batchAfter = batchHost.exports.memory.buffer.byteLength;

  const distinct = await Scorer.load();
  distinct.loadModel(model);
  new OneRecordHost(distinct.exports as FilterExports, distinctUserLogs(opts.distinctUsers)).run();
  const stats = distinct.stats();
  return {
    curve,
    batchAfter,
    distinct: {
      users: opts.distinctUsers,
      bytes: distinct.exports.memory.buffer.byteLength,
      userEvictions: Number(stats.user_evictions),
      ipEvictions: Number(stats.ip_evictions),
    },
  };
}

const started = performance.now();
main(process.argv.slice(2)).then(
  (code) => {
    if (code === 0) say(`done in ${Math.round((performance.now() - started) / 1000)} s`);
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exitCode = 1;
  },
);
