// The bench's instruction counter: exact counts on a loop counted by hand, and a
// counting copy of the real filter that scores exactly like the shipped one.

import { readFileSync } from "node:fs";
import binaryen from "binaryen";
import { describe, expect, it } from "vitest";
import { countingModule, EVERY_INSTRUCTION, functionNames, WORK_INSTRUCTION, type Weight } from "../../bench/wasm-ops.ts";
import { trainedModel } from "../helpers/trained-model.ts";
import { filterWasmPath, OUTPUT, Scorer } from "../../trainer/wasm/scorer.ts";

// sum(n) = 0 + 1 + … + (n − 1), as a do-while loop that runs max(n, 1) passes. Per pass: each
// local.set 1 + i32.add 1 + two operands 2 = 4, twice; br_if 1 + i32.lt_s 1 + two local.get 2 = 4:
// 12 in all, 4 of them work (two adds, br_if, lt_s). Outside the loop: the final local.get, 0 work.
const SUM_WAT = `
(module
  (func $sum (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $next
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_s (local.get $i) (local.get $n))))
    (local.get $s))
  (func $early (export "early") (param $n i32) (result i32)
    (block $out
      (br_if $out (local.get $n))
      (local.set $n (i32.mul (local.get $n) (i32.const 3)))
      (local.set $n (i32.add (local.get $n) (i32.const 1))))
    (local.get $n)))`;

/** The module with its name section (binaryen writes names only with debug info on). */
function sumModule(): Uint8Array {
  const mod = binaryen.parseText(SUM_WAT);
  const debugInfo = binaryen.getDebugInfo();
  binaryen.setDebugInfo(true);
  try {
    return mod.emitBinary();
  } finally {
    binaryen.setDebugInfo(debugInfo);
    mod.dispose();
  }
}

async function runCounted(weight: Weight, fn: "sum" | "early", n: number) {
  const { instance } = await WebAssembly.instantiate(countingModule(sumModule(), weight) as Uint8Array<ArrayBuffer>);
  const e = instance.exports as Record<"sum" | "early", (n: number) => number> & Record<string, WebAssembly.Global>;
  const result = e[fn](n);
  return { result, total: Number(e.__ops.value), own: Number(e[`__ops_${fn === "sum" ? 0 : 1}`].value) };
}

describe("countingModule", () => {
  const sum = (n: number) => Array.from({ length: n }, (_, i) => i).reduce((a, b) => a + b, 0);

  it.each([0, 1, 5, 100])("counts every instruction of sum(%i) as 1 + 12 per loop pass", async (n) => {
    const r = await runCounted(EVERY_INSTRUCTION, "sum", n);
    expect(r.result).toBe(sum(n));
    expect(r.total).toBe(1 + 12 * Math.max(n, 1));
    expect(r.own).toBe(r.total);
  });

  it.each([0, 1, 5, 100])("counts the work instructions of sum(%i) as 4 per loop pass", async (n) => {
    const r = await runCounted(WORK_INSTRUCTION, "sum", n);
    expect(r.result).toBe(sum(n));
    expect(r.total).toBe(4 * Math.max(n, 1));
  });

  // early(0) runs everything: br_if 2, two local.set of 4, local.get 1 = 11 (work: br_if, mul, add = 3).
  // early(5) leaves the block at its br_if: 2 + the final local.get 1 = 3 (work 1).
  it.each([
    [0, 1, 11, 3],
    [5, 5, 3, 1],
  ])("counts nothing that a branch out of a block skips: early(%i)", async (n, result, all, work) => {
    expect(await runCounted(EVERY_INSTRUCTION, "early", n)).toEqual({ result, total: all, own: all });
    expect((await runCounted(WORK_INSTRUCTION, "early", n)).total).toBe(work);
  });

  it("names the defined functions in counter order", () => {
    expect(functionNames(sumModule())).toEqual(["sum", "early"]);
  });

  it("leaves the filter's behaviour alone: a counting copy scores the samples byte for byte like the shipped module", async () => {
    const model = (await trainedModel()).model();
    const input = new Uint8Array(readFileSync("samples/test_logs_attack.json"));
    const score = async (wasm: Uint8Array) => {
      const s = await Scorer.load(wasm);
      s.loadModel(model);
      return s.process(input, OUTPUT.ENRICHED | OUTPUT.REPORT);
    };
    const shipped = new Uint8Array(readFileSync(filterWasmPath()));
    const plain = await score(shipped);
    const counting = await score(countingModule(shipped, WORK_INSTRUCTION));
    expect(counting.count).toBe(plain.count);
    expect(Buffer.from(counting.enriched).equals(Buffer.from(plain.enriched))).toBe(true);
    expect(Buffer.from(counting.report).equals(Buffer.from(plain.report))).toBe(true);
  });
});
