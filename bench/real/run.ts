// The real-log benchmark: `npm run bench:real [-- options]`. README.md (this directory) says
// where the data come from, how each line was labelled and what the figures mean.
//
// For each source, and for Linux sources each baseline of --baseline-days, it trains our model
// through the library path `log-anomaly run` takes, scores the rest and prints, for us and for
// each rule-based peer on the same events: event recall per attack type, attack-level detection
// and time to detect, benign false-positive rate, alerts and false incidents per day, ROC-AUC
// (ours), then PASS/MISS against the goals of issues #14 and #15. Exit code 0 either way.

import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from "../../trainer/pipeline/train-options.ts";
import { hostWasmPath, Scorer } from "../../trainer/wasm/scorer.ts";
import { evaluate } from "./evaluate.ts";
import { loadSource } from "./load.ts";
import { runFirstDays, runSameEnvironment } from "./ours.ts";
import { PEERS } from "./peers/index.ts";
import { formatBlock, goalLines, type Block } from "./report.ts";
import { SOURCES, type Source } from "./sources.ts";

const USAGE = `usage: npm run bench:real -- [--source NAME[,NAME…]] [--baseline-days N[,N…]] [--autoencoder-epochs N] [--json FILE] [--help]
  --source              sources to run (default: all): ${SOURCES.map((s) => s.name).join(", ")}
  --baseline-days       baselines of the first N days for Linux sources (default 1,3,7; a Windows capture
                        spans minutes and trains on the lab's other captures instead)
  --autoencoder-epochs  epochs of our autoencoder (default 10; \`log-anomaly train\` uses ${DEFAULT_TRAIN_OPTIONS.autoencoderEpochs})
  --json FILE           also write every figure as JSON
`;

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n${USAGE}`);
  process.exit(2);
}

function options() {
  let v;
  try {
    v = parseArgs({
      options: {
        source: { type: "string" },
        "baseline-days": { type: "string", default: "1,3,7" },
        "autoencoder-epochs": { type: "string", default: "10" },
        json: { type: "string" },
        help: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    fail((err as Error).message);
  }
  if (v.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const sources = v.source === undefined ? SOURCES : v.source.split(",").map((n) => SOURCES.find((s) => s.name === n) ?? fail(`unknown source: ${n}`));
  const days = v["baseline-days"].split(",").map((d) => {
    const n = Number(d);
    return Number.isInteger(n) && n > 0 ? n : fail(`--baseline-days wants positive whole days, got ${d}`);
  });
  const epochs = Number(v["autoencoder-epochs"]);
  if (!Number.isInteger(epochs) || epochs < 1) fail(`--autoencoder-epochs wants a positive whole number, got ${v["autoencoder-epochs"]}`);
  return { sources, days, epochs, json: v.json };
}

async function blocksFor(scorer: Scorer, source: Source, days: number[], opts: TrainOptions): Promise<Block[]> {
  const src = loadSource(source);
  const peers = PEERS[source.kind];
  if (source.baseline === "same-environment") {
    const others = SOURCES.filter((s) => s.kind === source.kind && s.name !== source.name);
    const run = await runSameEnvironment(scorer, source, src.lines.length, others, opts);
    const baselineDetail = `the lab's other ${others.length} captures (${others.map((s) => s.name).join(", ")})`;
    return [{ source: source.name, kind: source.kind, baseline: "same lab", baselineDetail, baselineRecords: run.baselineRecords, evaluation: evaluate(src, run, peers) }];
  }
  const out: Block[] = [];
  for (const d of days) {
    const run = await runFirstDays(scorer, source, src.lines.length, d, opts);
    out.push({ source: source.name, kind: source.kind, baseline: `first ${d} day(s)`, baselineRecords: run.baselineRecords, skipped: run.skipped, evaluation: evaluate(src, run, peers) });
  }
  return out;
}

async function main(): Promise<void> {
  const o = options();
  const opts: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, autoencoderEpochs: o.epochs };
  const scorer = await Scorer.load(hostWasmPath());
  const say = (s = "") => process.stdout.write(s + "\n");
  say(`# bench:real — ${new Date().toISOString()}, autoencoder epochs ${o.epochs}, contamination ${opts.contamination}`);
  say("alert = an event scored >= 0.5 (ours) / the event a peer's rule fires on; recall and FP count the events alerts mark (peers/alert.ts)\n");
  const blocks: Block[] = [];
  for (const source of o.sources) {
    const t0 = Date.now();
    for (const b of await blocksFor(scorer, source, o.days, opts)) {
      blocks.push(b);
      say(formatBlock(b) + "\n");
    }
    process.stderr.write(`${source.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  say("## Goals (issues #14 and #15)");
  let misses = 0;
  for (const b of blocks) {
    const g = goalLines(b);
    misses += g.misses;
    for (const l of g.lines) say(l);
  }
  say(`\n${misses} goal(s) missed`);
  if (o.json) writeFileSync(o.json, JSON.stringify({ date: new Date().toISOString(), autoencoderEpochs: o.epochs, blocks }, null, 1));
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${(err as Error).message}\n`);
  process.exit(1);
});
