// Start-up of the built CLI: wall time of commands that do little beyond loading
// (--version, --help, inspect, validate, serve --help) against bare `node -e 0`.
// Contenders take turns, round after round, so load on a shared machine hits
// them alike; the median of the rounds is reported.
//
//   npx tsx bench/startup.ts [--runs 10] [--bin bin/log-anomaly.mjs]

import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { runs: { type: "string", default: "10" }, bin: { type: "string", default: "bin/log-anomaly.mjs" } } });
const runs = Number(values.runs);
const MODEL = "test/fixtures/tiny.model.bin";

const CASES: Array<[string, string[]]> = [
  ["node -e 0", ["-e", "0"]],
  ["--version", [values.bin, "--version"]],
  ["--help", [values.bin, "--help"]],
  ["inspect", [values.bin, "inspect", MODEL]],
  ["validate", [values.bin, "validate", "--data-path", "samples/", "--quiet"]],
  ["serve --help", [values.bin, "serve", "--help"]],
];

const times = new Map<string, number[]>(CASES.map(([label]) => [label, []]));
for (let round = 0; round < runs; round++) {
  for (const [label, args] of CASES) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
    if (r.status !== 0) throw new Error(`${label} exited ${r.status}: ${r.stderr}`);
    times.get(label)!.push(performance.now() - t0);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bare = median(times.get("node -e 0")!);
console.log(`${values.bin}, median of ${runs} rounds (wall ms)`);
for (const [label] of CASES) {
  const m = median(times.get(label)!);
  console.log(`  ${label.padEnd(14)} ${m.toFixed(0).padStart(6)} ms  ${(m / bare).toFixed(2)}x bare node`);
}
