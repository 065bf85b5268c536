// The bench's results and how they are printed: one plain-text report with a
// table per topic and the goals marked PASS or MISS (a miss never fails the
// process; the report is for people and for bench/README.md).

import type { Breakdown } from "./breakdown.ts";
import type { InstructionCounts } from "./wasm-ops.ts";
import { nsPerEvent, perSecond, type Throughput } from "./measure.ts";
import { count, fmt, kib, mib, ratio, seconds, table, type Cell } from "./table.ts";

export interface StageSpeeds {
  passthrough: Throughput;
  features: Throughput;
  full: Throughput;
}

export interface TrainingResult {
  events: number;
  phases?: Record<string, number>;
  phasesCpu?: Record<string, number>;
  totalSeconds?: number;
  cpuSeconds?: number;
  error?: string;
}

export interface BenchResults {
  machine: { date: string; node: string; cpus: number; cpuModel: string; platform: string; loadStart: number[]; loadEnd: number[] };
  options: { events: number; trainEvents: number[]; memoryEvents: number; distinctUsers: number; reps: number; referenceReps: number; warmUp: number; quick: boolean };
  stream: { events: number; replicas: number; weeks: number; attackRecords: number; bytes: number };
  throughput: {
    /** End to end through the Node host (Scorer.process: copies in and out included). */
    batch: StageSpeeds;
    /** The same runs, counting only the time inside the module's batch() calls. */
    batchInModule: StageSpeeds;
    /** Full scoring inside batch() with the filter build: no SIMD, the code Fluent Bit runs (AOT compiles it to about this). */
    filterInModule: Throughput;
    oneRecord: { noop: Throughput; noModel: Throughput; full: Throughput };
    reference: Throughput;
    /** Over the first `events` records: share with the same alert decision, and the alert counts. */
    agreement: { events: number; sameDecision: number; wasmAlerts: number; referenceAlerts: number };
  };
  model: { trainedOn: number; sections: Array<{ name: string; bytes: number }>; total: number; wasmPlain: number; wasmEmbedded: number };
  memory: {
    curve: Array<[number, number]>;
    batchAfter: number;
    distinct: { users: number; bytes: number; userEvictions: number; ipEvictions: number };
  };
  training: TrainingResult[];
  breakdown: Breakdown;
  instructions: InstructionCounts;
}

/** Goals from the performance issue. */
export const GOALS = {
  fullVsPassthrough: 0.4,
  eventsPerSecond: 500_000,
  wasmVsReference: 10,
  modelBytes: 256 * 1024,
  memoryAtEntities: 32 * 1024 * 1024,
  trainMillionSeconds: 120,
} as const;

const TRAIN_PHASES = ["load", "baselines", "features", "iforest", "autoencoder", "calibration", "write"];

const speedRow = (path: string, stage: string, t: Throughput): Cell[] => [
  path,
  stage,
  fmt(perSecond(t, "cpu")),
  fmt(nsPerEvent(t, "cpu")),
  fmt(perSecond(t, "wall")),
  fmt(nsPerEvent(t, "wall")),
];

export function formatReport(r: BenchResults): string {
  const out: string[] = [];
  const { batch, oneRecord, reference, agreement } = r.throughput;
  const m = r.machine;
  out.push(`log-anomaly bench  ${m.date}  Node ${m.node}  ${m.platform}  ${m.cpus} × ${m.cpuModel}`);
  out.push(`load average ${m.loadStart.map((l) => l.toFixed(1)).join(" ")} at start, ${m.loadEnd.map((l) => l.toFixed(1)).join(" ")} at end`);
  out.push(
    `sizes${r.options.quick ? " (--quick)" : ""}: scoring ${count(r.stream.events)} events (${r.stream.replicas} offices × ${r.stream.weeks} week${r.stream.weeks === 1 ? "" : "s"}, ` +
      `${r.stream.attackRecords} attack records, ${mib(r.stream.bytes)}); memory ${count(r.options.memoryEvents)} events; ` +
      `${count(r.options.distinctUsers)} distinct users; training ${r.options.trainEvents.map(count).join(" + ")} events; ` +
      `best of ${r.options.reps} runs (JS reference: ${r.options.referenceReps}) after a ${count(r.options.warmUp)}-event warm-up`,
  );
  out.push(`cpu = process CPU time (one core's work), wall = elapsed; on a busy machine wall > cpu. Goals are judged on cpu.`);
  out.push(`"end to end" includes the Node host's copies into and out of the module; "inside batch()" is the module's own work, what a host without copies would see.`);

  out.push("", `THROUGHPUT (the same ${count(r.stream.events)} events in every row)`);
  const { batchInModule } = r.throughput;
  const oneVsNoop = oneRecord.noop.cpuSeconds / oneRecord.full.cpuSeconds;
  const vsReference = reference.cpuSeconds / batch.full.cpuSeconds;
  const stages = (path: string, s: StageSpeeds): Cell[][] => [
    speedRow(path, "passthrough: scan + copy out", s.passthrough),
    speedRow("", "features only", s.features),
    speedRow("", "full scoring", s.full),
    ["", "full / passthrough", ratio(s.passthrough.cpuSeconds / s.full.cpuSeconds), "", "", ""],
  ];
  out.push(
    table(["path", "stage", "events/s cpu", "ns/event cpu", "events/s wall", "ns/event wall"], [
      ...stages("batch ABI, end to end (Scorer.process)", batch),
      ...stages("batch ABI, inside batch() only", batchInModule),
      speedRow("", "full scoring, filter build (no SIMD)", r.throughput.filterInModule),
      speedRow("one-record ABI (as Fluent Bit calls it)", "no-op module: host calls + copies", oneRecord.noop),
      speedRow("", "scan + features, no model loaded", oneRecord.noModel),
      speedRow("", "full scoring", oneRecord.full),
      ["", "full / no-op", ratio(oneVsNoop), "", "", ""],
      speedRow("JS reference (JSON.parse + same maths)", "full scoring", reference),
      ["", "WASM batch end to end / JS", ratio(vsReference), "", "", ""],
    ]),
  );
  out.push(
    `verdicts, first ${count(agreement.events)} events: ${fmt(100 * agreement.sameDecision)}% same alert decision ` +
      `(WASM ${fmt(agreement.wasmAlerts)} alerts, JS ${fmt(agreement.referenceAlerts)}); the JS features are an approximation, for speed only`,
  );

  out.push("", `MODEL (default config: 200 trees, autoencoder 50 epochs; trained on ${count(r.model.trainedOn)} baseline events)`);
  out.push(
    table(["part", "bytes", "KiB"], [
      ...r.model.sections.map((s): Cell[] => [s.name, s.bytes, fmt(s.bytes / 1024)]),
      ["model.bin total", r.model.total, fmt(r.model.total / 1024)],
      ["log_anomaly_filter.wasm (no model)", r.model.wasmPlain, fmt(r.model.wasmPlain / 1024)],
      ["log_anomaly_filter.wasm (model embedded)", r.model.wasmEmbedded, fmt(r.model.wasmEmbedded / 1024)],
    ]),
  );

  out.push("", "MEMORY (filter linear memory, memory.buffer.byteLength, one-record ABI, fresh instance)");
  const curve = r.memory.curve;
  out.push(
    table(
      ["after", "bytes", "MiB"],
      curve.map(([events, bytes], i): Cell[] => [i === 0 ? "model loaded" : `${count(events)} events`, bytes, fmt(bytes / 1024 / 1024)]),
    ),
  );
  const d = r.memory.distinct;
  out.push(`${count(d.users)} distinct users (every event a new user and IP): ${mib(d.bytes)}; evictions: ${fmt(d.userEvictions)} users, ${fmt(d.ipEvictions)} IPs`);
  out.push(`batch ABI (Node host, 4 MiB chunks + outputs) after ${count(curve[curve.length - 1][0])} events: ${mib(r.memory.batchAfter)}`);

  out.push("", "TRAINING (train with default parameters; seconds per phase, wall and cpu)");
  out.push(
    table(
      ["events", "", ...TRAIN_PHASES, "total"],
      r.training.flatMap((t): Cell[][] =>
        t.error
          ? [[count(t.events), `failed: ${t.error}`]]
          : [
              [count(t.events), "wall", ...TRAIN_PHASES.map((p) => fmt(t.phases?.[p] ?? NaN)), fmt(t.totalSeconds!)],
              ["", "cpu", ...TRAIN_PHASES.map((p) => fmt(t.phasesCpu?.[p] ?? NaN)), fmt(t.cpuSeconds!)],
            ],
      ),
    ),
  );

  const b = r.breakdown;
  out.push("", `WHERE FULL SCORING TIME GOES (batch ABI, cpu ns/event; in-module total ${fmt(b.fullInModule)}, end to end ${fmt(b.fullEndToEnd)})`);
  out.push(
    table(["stage", "ns/event", "share", "measured as"], b.stages.map((s): Cell[] => [s.stage, fmt(s.nsPerEvent), `${fmt((100 * s.nsPerEvent) / b.fullEndToEnd)}%`, s.how])),
  );
  out.push(`rows are differences of best-of-${r.options.reps} runs, so each carries the noise of two; small or negative rows are within it.`);
  out.push(
    `what if: the first ${b.whatIf.trees} trees only → full scoring ${fmt(b.whatIf.fullNoOutputHalfTrees)} instead of ${fmt(b.whatIf.fullNoOutput)} ns/event (no output)`,
  );
  out.push(
    `forest: ${b.forest.trees} trees, ${fmt(b.forest.meanNodes)} nodes/tree, psi ${b.forest.maxSamples}, ${fmt(b.forest.meanDepth)} nodes visited per tree per event; ` +
      `autoencoder ${b.autoencoder.layers}: ${fmt(b.autoencoder.multiplyAdds)} multiply-adds per event`,
  );

  const ins = r.instructions;
  out.push(
    "",
    `WHAT AN INTERPRETER EXECUTES (WebAssembly instructions per event, full scoring with enriched output, first ${count(ins.events)} events; deterministic)`,
  );
  out.push(
    table(
      ["stage", "all", "work", "share of work"],
      [
        ...ins.stages.map((s): Cell[] => [s.stage, fmt(s.all), fmt(s.work), `${fmt((100 * s.work) / ins.full.work)}%`]),
        ["total", fmt(ins.full.all), fmt(ins.full.work), ""],
      ],
    ),
  );
  out.push(
    `"work" leaves out local.get/set/tee, constants, drop and nop, which WAMR's fast interpreter (Fluent Bit without AOT) folds into operands; ` +
      `stage rows are differences, like the time breakdown's.`,
  );
  out.push(`most work per event: ${ins.functions.map((f) => `${f.name.replace(/^assembly\//, "")} ${fmt(f.work)}`).join(", ")}`);
  if (!ins.sameAsRelease) out.push("note: the build with function names counted differently from the shipped module; the rows above are the named build's.");

  out.push("", "GOALS (not enforced)");
  out.push(table(["goal", "measured", ""], goalRows(r)));
  return out.join("\n") + "\n";
}

function goalRows(r: BenchResults): Cell[][] {
  const { batch, batchInModule, reference } = r.throughput;
  const curve = r.memory.curve;
  const warm = curve[Math.min(2, curve.length - 1)];
  const last = curve[curve.length - 1];
  const million = r.training.find((t) => t.events >= 1_000_000 && !t.error);
  const mark = (ok: boolean | undefined) => (ok === undefined ? "not run" : ok ? "PASS" : "MISS");
  const fullVsPass = (s: StageSpeeds) => s.passthrough.cpuSeconds / s.full.cpuSeconds;
  const rate = perSecond(batchInModule.full, "cpu");
  const vsReference = reference.cpuSeconds / batch.full.cpuSeconds;
  return [
    [
      `full scoring ≥ ${GOALS.fullVsPassthrough} × passthrough (in module; end to end)`,
      `${ratio(fullVsPass(batchInModule))}; ${ratio(fullVsPass(batch))}`,
      mark(fullVsPass(batchInModule) >= GOALS.fullVsPassthrough),
    ],
    [
      `full scoring ≥ ${fmt(GOALS.eventsPerSecond)} events/s on one core (in module; end to end)`,
      `${fmt(rate)}/s; ${fmt(perSecond(batch.full, "cpu"))}/s`,
      mark(rate >= GOALS.eventsPerSecond),
    ],
    [`WASM ≥ ${GOALS.wasmVsReference}× JS reference (end to end, both bytes in and out)`, ratio(vsReference), mark(vsReference >= GOALS.wasmVsReference)],
    [`default model ≤ ${kib(GOALS.modelBytes)}`, kib(r.model.total), mark(r.model.total <= GOALS.modelBytes)],
    [`memory flat over ${count(last[0])} events (growth after ${count(warm[0])})`, `${fmt(last[1] - warm[1])} bytes`, mark(last[1] === warm[1])],
    [`memory ≤ ${mib(GOALS.memoryAtEntities)} at ${count(r.memory.distinct.users)} entities`, mib(r.memory.distinct.bytes), mark(r.memory.distinct.bytes <= GOALS.memoryAtEntities)],
    [
      `train on 1M events ≤ ${GOALS.trainMillionSeconds} s (cpu)`,
      million ? `${seconds(million.cpuSeconds!)} cpu, ${seconds(million.totalSeconds!)} wall` : "—",
      mark(million ? million.cpuSeconds! <= GOALS.trainMillionSeconds : undefined),
    ],
  ];
}
