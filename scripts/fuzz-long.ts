// Long reliability runs, beyond the CI budget of test/reliability/:
//
//   npx tsx scripts/fuzz-long.ts --cases 1000000                 # filter ABI fuzzing, every family mixed
//   npx tsx scripts/fuzz-long.ts --cases 200000 --family "invalid UTF-8"
//   npx tsx scripts/fuzz-long.ts --cases 500000 --exclude "invalid UTF-8,megabyte strings" --seed 42
//   npx tsx scripts/fuzz-long.ts --cardinality 1000000           # the cardinality attack at full size
//   npx tsx scripts/fuzz-long.ts --wasm model/log_anomaly_filter.wasm --model model/model.bin ...   # skip training
//   npx tsx scripts/fuzz-long.ts --cases 100000 --kind allowlist  # one model kind (test/helpers/fuzz-models.ts)
//
// Fuzzing uses the generators and invariants of test/helpers/filter-fuzz.ts through the Fluent Bit
// harness, on one instance (as one filter section), after the same warm-up as the CI test; at the
// end memory must still be at the warm-up plateau. Without --wasm, every model kind of
// test/helpers/fuzz-models.ts (as trained, allowlist, field map, each log format) gets --cases
// cases on its own instance, unless --kind names one. Prints the number of cases tried and, on
// failure, the shrunk counterexample; exits 1 on any failure.

import { parseArgs } from "node:util";
import fc from "fast-check";
import { FluentBitHost } from "../test/helpers/fluent-bit-host.ts";
import { trainedModel } from "../test/helpers/trained-model.ts";
import { ANY_CASE, FAMILIES, assertCase, warmUp, type FamilyName, type FuzzCase } from "../test/helpers/filter-fuzz.ts";
import { runCardinalityAttack } from "../test/helpers/cardinality-attack.ts";
import { fuzzModels } from "../test/helpers/fuzz-models.ts";
import { readFileSync } from "node:fs";

const { values: opts } = parseArgs({
  options: {
    cases: { type: "string", default: "100000" },
    seed: { type: "string" },
    family: { type: "string" },
    exclude: { type: "string" },
    wasm: { type: "string" },
    model: { type: "string" },
    cardinality: { type: "string" },
    kind: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (opts.help) {
  process.stdout.write(readFileSync(new URL(import.meta.url), "utf8").split("\n").filter((l) => l.startsWith("//")).map((l) => l.slice(3)).join("\n") + "\n");
  process.exit(0);
}

if (opts.wasm && !opts.model) throw new Error("--wasm needs --model (the model.bin embedded in it), for the state capacities");
const trained = opts.wasm ? undefined : await trainedModel();
const filterBytes = opts.wasm ? new Uint8Array(readFileSync(opts.wasm)) : trained!.filter();
const modelBytes = opts.model ? new Uint8Array(readFileSync(opts.model)) : trained!.model();
let failed = false;

if (opts.cardinality) {
  const records = positiveInt(opts.cardinality, "--cardinality");
  const r = await runCardinalityAttack({ filter: filterBytes, model: modelBytes }, { records, log: (line) => console.log(line) });
  console.log(`cardinality: ${r.records} records (${r.distinctUsers} distinct users, ${r.distinctIps} distinct IPs) in ${(r.elapsedMs / 1000).toFixed(1)} s`);
  console.log(`cardinality: memory initial ${r.initialMemory}, after the first chunk ${r.memoryAfterWarmup}, peak ${r.peakMemory} bytes; bound ${r.boundBytes} = ${r.boundFormula}`);
  console.log(`cardinality: evictions users ${r.stats.user_evictions}, IPs ${r.stats.ip_evictions}; unbounded state would need ${r.unboundedBytes} bytes`);
  console.log(`cardinality: brute force flagged on failures ${r.detectedOn.join(",") || "none"} (alone: ${r.controlDetectedOn.join(",") || "none"})`);
  if (r.problems.length > 0) {
    failed = true;
    for (const p of r.problems) console.log(`cardinality FAILED: ${p}`);
  } else {
    console.log("cardinality: ok");
  }
} else {
  const cases = positiveInt(opts.cases, "--cases");
  const seed = opts.seed !== undefined ? Number(opts.seed) : Date.now() % 2 ** 31;
  const arbitrary = chooseArbitrary(opts.family, opts.exclude);
  const targets = opts.wasm ? [{ kind: opts.wasm, filter: filterBytes }] : (await fuzzModels(modelBytes)).filter((k) => !opts.kind || k.kind === opts.kind);
  if (targets.length === 0) throw new Error(`unknown --kind ${JSON.stringify(opts.kind)}`);
  for (const target of targets) {
    console.log(`fuzz: model kind ${target.kind}`);
    const host = await FluentBitHost.load(target.filter);
    const plateau = warmUp(host);
    const started = Date.now();
    let tried = 0;
    const details = fc.check(
      fc.property(arbitrary, (c) => {
        tried++;
        if (tried % 100_000 === 0) console.log(`… ${tried} cases, ${((Date.now() - started) / 1000).toFixed(0)} s, memory ${host.memoryBytes}`);
        assertCase(host, c);
      }),
      { seed, numRuns: cases },
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`fuzz: ${details.numRuns} cases tried (${tried} calls with shrinking) in ${seconds} s, seed ${seed}, families: ${opts.family ?? "all"}${opts.exclude ? ` minus ${opts.exclude}` : ""}`);
    if (details.failed) {
      failed = true;
      const err = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      console.log(`fuzz: COUNTEREXAMPLE after ${details.numRuns} cases and ${details.numShrinks} shrinks (replay: --seed ${details.seed}, path "${details.counterexamplePath}")\n${err}`);
    } else {
      console.log("fuzz: no counterexample");
    }
    if (host.memoryBytes !== plateau) {
      failed = true;
      console.log(`fuzz: memory grew from the plateau ${plateau} to ${host.memoryBytes} bytes`);
    } else {
      console.log(`fuzz: memory stayed at the plateau, ${plateau} bytes`);
    }
  }
}

process.exitCode = failed ? 1 : 0;

// --- internal ---

function positiveInt(text: string | undefined, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} must be a positive integer, got: ${text}`);
  return n;
}

function familyList(text: string | undefined): FamilyName[] {
  if (!text) return [];
  const names = text.split(",").map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!(n in FAMILIES)) throw new Error(`unknown family ${JSON.stringify(n)}; families: ${Object.keys(FAMILIES).join(", ")}`);
  return names as FamilyName[];
}

function chooseArbitrary(family: string | undefined, exclude: string | undefined): fc.Arbitrary<FuzzCase> {
  const only = familyList(family);
  const skip = new Set(familyList(exclude));
  if (only.length === 0 && skip.size === 0) return ANY_CASE;
  const names = (only.length > 0 ? only : (Object.keys(FAMILIES) as FamilyName[])).filter((n) => !skip.has(n));
  if (names.length === 0) throw new Error("no family left to run");
  return fc.oneof(...names.map((n) => ({ arbitrary: FAMILIES[n] as fc.Arbitrary<FuzzCase>, weight: n === "megabyte strings" ? 1 : 20 })));
}
