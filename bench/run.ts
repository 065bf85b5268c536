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
import { Scorer, filterWasmPath, OUTPUT, FEATURE_ROW_HEAD } from "../trainer/wasm/scorer.ts";
import { modelSections, readModel } from "../trainer/model/read.ts";
import { SECTION } from "../trainer/model/format.ts";
import { buildFilter } from "../trainer/filter/artifacts.ts";
import { defaultReplicas, distinctUserLogs, firstLines, syntheticLogs } from "./synthetic-logs.ts";
import { Clock, OneRecordHost, batchContender, bestOfRounds, inModuleContender, memoryCurve, oneRecordContender, whole, type FilterExports } from "./measure.ts";
import { ReferenceScorer } from "./reference-scorer.ts";
import { loadNoopFilter } from "./noop-filter.ts";
import { timeTraining } from "./train-timing.ts";
import { costBreakdown } from "./breakdown.ts";
import { countInstructions } from "./wasm-ops.ts";
import { formatReport, type BenchResults, type TrainingResult } from "./report.ts";
import { parseBenchArgs, USAGE, type BenchOptions } from "./options.ts";

/** Baselines are drawn from these seeds; the scored stream from another, so it is new traffic by the same offices. */
const TRAIN_SEED = 1;
const SCORE_SEED = 1001;
/** Verdicts of WASM and the JS reference are compared over this many leading events. */
const AGREEMENT_EVENTS = 100_000;
/** Events run through every path before timing, so the engine has compiled the hot code (V8 tiers WASM and JS up as they run). */
const WARM_UP_EVENTS = 20_000;
/** Instructions are counted over this many leading events of the stream (the count is deterministic; more only takes longer). */
const INSTRUCTION_EVENTS = 50_000;
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
      training.push({ events: t.events, phases: t.phases, phasesCpu: t.phasesCpu, totalSeconds: t.totalSeconds, cpuSeconds: clock.cpu });
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
  // The Node hosts' build (SIMD) for the batch rows; the filter build, as Fluent Bit runs it, for the one-record rows.
  const scorer = await Scorer.load();
  scorer.loadModel(model);
  const filter = await Scorer.load(filterWasmPath());
  filter.loadModel(model);

  const noop = await loadNoopFilter();
  const bare = await Scorer.load(filterWasmPath());
  const schema = scorer.schema();
  const decoded = readModel(model);
  const stageModes = { passthrough: OUTPUT.ENRICHED | OUTPUT.STOP_AFTER_SCAN, features: OUTPUT.ENRICHED | OUTPUT.STOP_AFTER_FEATURES, full: OUTPUT.ENRICHED };

  say("warming up");
  const warm = firstLines(stream.ndjson, WARM_UP_EVENTS);
  for (const mode of Object.values(stageModes)) {
    batchContender(scorer, warm, mode).run(new Clock());
    inModuleContender(scorer, warm, mode).run(new Clock());
  }
  inModuleContender(filter, warm, stageModes.full).run(new Clock());
  for (const exports of [noop, bare.exports, filter.exports]) new OneRecordHost(exports as FilterExports, warm).run();
  new ReferenceScorer(decoded, schema).scoreText(Buffer.from(warm).toString("utf8"));

  say(`throughput: ${opts.reps} rounds, every path once per round`);
  let ref = new ReferenceScorer(decoded, schema);
  const text = () => Buffer.from(stream.ndjson.buffer, stream.ndjson.byteOffset, stream.ndjson.byteLength).toString("utf8");
  const t = bestOfRounds(opts.reps, {
    passthrough: batchContender(scorer, stream.ndjson, stageModes.passthrough),
    features: batchContender(scorer, stream.ndjson, stageModes.features),
    full: batchContender(scorer, stream.ndjson, stageModes.full),
    passthroughInModule: inModuleContender(scorer, stream.ndjson, stageModes.passthrough),
    featuresInModule: inModuleContender(scorer, stream.ndjson, stageModes.features),
    fullInModule: inModuleContender(scorer, stream.ndjson, stageModes.full),
    filterFullInModule: inModuleContender(filter, stream.ndjson, stageModes.full),
    noop: oneRecordContender(new OneRecordHost(noop, stream.ndjson)),
    noModel: oneRecordContender(new OneRecordHost(bare.exports as FilterExports, stream.ndjson), () => bare.resetState()),
    oneRecordFull: oneRecordContender(new OneRecordHost(filter.exports as FilterExports, stream.ndjson), () => filter.resetState()),
    reference: {
      run: whole(() => {
        Buffer.from(ref.scoreText(text()));
        return ref.scores.length;
      }),
      before: () => (ref = new ReferenceScorer(decoded, schema)),
      reps: opts.referenceReps,
    },
  });
  const batch = { passthrough: t.passthrough, features: t.features, full: t.full };
  const batchInModule = { passthrough: t.passthroughInModule, features: t.featuresInModule, full: t.fullInModule };
  const oneRecord = { noop: t.noop, noModel: t.noModel, full: t.oneRecordFull };
  const filterInModule = t.filterFullInModule;
  const reference = t.reference;
  const agreement = compareVerdicts(scorer, stream.ndjson, ref.scores, schema.features.length);

  say("sizes");
  const names = new Map<number, string>(Object.entries(SECTION).map(([name, id]) => [id, name.toLowerCase()]));
  const modelPart = {
    trainedOn,
    sections: modelSections(model).map((s) => ({ name: names.get(s.id) ?? `section ${s.id}`, bytes: s.size })),
    total: model.length,
    wasmPlain: readFileSync(filterWasmPath()).length,
    wasmEmbedded: buildFilter(scorer, model).length,
  };

  say("memory");
  const memory = await measureMemory(opts, model, stream, replicas);

  say("cost breakdown");
  const breakdown = costBreakdown(scorer, stream.ndjson, model, opts.reps);

  say("instruction counts");
  const instructions = await countInstructions(readFileSync(filterWasmPath()), firstLines(stream.ndjson, INSTRUCTION_EVENTS), model);

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
    throughput: { batch, batchInModule, filterInModule, oneRecord, reference, agreement },
    model: modelPart,
    memory,
    training,
    breakdown,
    instructions,
  };
  process.stdout.write(formatReport(results));
  if (opts.json) writeFileSync(opts.json, JSON.stringify(results, null, 2) + "\n");
  return 0;
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
  const filter = await Scorer.load(filterWasmPath());
  filter.loadModel(model);
  const host = new OneRecordHost(filter.exports as FilterExports, data);
  const curve = memoryCurve(host, MEMORY_CHECKPOINTS.map((f) => Math.round(f * host.count)));

  const batchHost = await Scorer.load();
  batchHost.loadModel(model);
  batchHost.process(data, OUTPUT.ENRICHED);
  const batchAfter = batchHost.exports.memory.buffer.byteLength;

  const distinct = await Scorer.load(filterWasmPath());
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
    if (code === 0 && !process.argv.includes("--help")) say(`done in ${Math.round((performance.now() - started) / 1000)} s`);
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exitCode = 1;
  },
);
