// What an interpreter pays: WebAssembly instructions executed per event, counted
// by a copy of the module that binaryen instruments with one i64 counter. Fluent
// Bit runs the filter in WAMR's interpreter unless the user compiles it ahead of
// time, and an interpreter's time follows the instructions it executes far more
// than a JIT's does. The count is deterministic: same module, same events, same
// number, whatever the machine is doing.
//
// Each straight run of code (a block, loop body or if arm, not counting the
// blocks nested in it) adds its instruction count when it starts; a branch out
// of the middle of a run still counts the run's rest, so the figures run a few
// per cent high, the same way for every variant.

import binaryenModule from "binaryen";
import { writeModel } from "../trainer/model/write.ts";
import { readModel } from "../trainer/model/read.ts";
import { Scorer } from "../trainer/wasm/scorer.ts";
import { OUTPUT } from "./measure.ts";
import { withoutAutoencoder, withoutForest } from "./breakdown.ts";

type Ref = number;
/** binaryen.js's expression setters, which its type declarations leave out. */
const binaryen = binaryenModule as typeof binaryenModule & {
  Block: { getChildren(e: Ref): Ref[]; insertChildAt(e: Ref, index: number, child: Ref): void };
  Loop: { getBody(e: Ref): Ref; setBody(e: Ref, body: Ref): void };
  If: { getCondition(e: Ref): Ref; getIfTrue(e: Ref): Ref; getIfFalse(e: Ref): Ref; setIfTrue(e: Ref, x: Ref): void; setIfFalse(e: Ref, x: Ref): void };
  Function: { setBody(f: Ref, body: Ref): void };
};

const COUNTER = "__ops";

/** What an instruction counts for, by binaryen expression id. */
export type Weight = (id: number) => number;

/** Every instruction. */
export const EVERY_INSTRUCTION: Weight = () => 1;

/**
 * Instructions that do work in a register-based interpreter: WAMR's fast interpreter folds
 * local.get, local.set/tee and constants into the operands of the instructions that use them.
 */
const FOLDED = new Set([binaryen.LocalGetId, binaryen.LocalSetId, binaryen.ConstId, binaryen.NopId, binaryen.DropId]);
export const WORK_INSTRUCTION: Weight = (id) => (FOLDED.has(id) ? 0 : 1);

/**
 * The module with exported mutable i64 globals: `__ops`, the weighed instructions executed so far,
 * and `__ops_<i>`, the share of the i-th defined function (in the order of functionNames()).
 */
export function countingModule(wasm: Uint8Array, weight: Weight): Uint8Array {
  const mod = binaryen.readBinary(wasm);
  try {
    mod.setFeatures(binaryen.Features.All);
    mod.addGlobal(COUNTER, binaryen.i64, true, mod.i64.const(0n));
    mod.addGlobalExport(COUNTER, COUNTER);
    let counter = COUNTER;
    const add = (g: string, n: number) => mod.global.set(g, mod.i64.add(mod.global.get(g, binaryen.i64), mod.i64.const(BigInt(n))));
    const bump = (n: number) => mod.block(null, [add(COUNTER, n), add(counter, n)]);
    /** `e` as a block that first bumps the counters by its own run, its nested bodies instrumented. */
    const counted = (e: number): number => {
      if (binaryen.getExpressionId(e) === binaryen.BlockId) {
        countBlock(e);
        return e;
      }
      const n = run(e);
      return mod.block(null, [bump(n), e], binaryen.getExpressionType(e));
    };
    const countBlock = (e: number) => {
      let n = 0;
      for (const child of binaryen.Block.getChildren(e)) n += run(child);
      if (n > 0) binaryen.Block.insertChildAt(e, 0, bump(n));
    };
    /** Weighed instructions of `e` outside nested bodies; instruments those bodies on the way. */
    const run = (e: number): number => {
      const id = binaryen.getExpressionId(e);
      if (id === binaryen.BlockId) {
        countBlock(e);
        return 0;
      }
      if (id === binaryen.LoopId) {
        binaryen.Loop.setBody(e, counted(binaryen.Loop.getBody(e)));
        return 0;
      }
      if (id === binaryen.IfId) {
        binaryen.If.setIfTrue(e, counted(binaryen.If.getIfTrue(e)));
        const f = binaryen.If.getIfFalse(e);
        if (f) binaryen.If.setIfFalse(e, counted(f));
        return weight(id) + run(binaryen.If.getCondition(e));
      }
      let n = weight(id);
      for (const child of childrenOf(e)) n += run(child);
      return n;
    };
    const bodies = definedFunctions(mod);
    bodies.forEach(({ ref, body }, i) => {
      counter = `${COUNTER}_${i}`;
      mod.addGlobal(counter, binaryen.i64, true, mod.i64.const(0n));
      mod.addGlobalExport(counter, counter);
      binaryen.Function.setBody(ref, counted(body));
    });
    if (!mod.validate()) throw new Error("instrumented module does not validate");
    return mod.emitBinary();
  } finally {
    mod.dispose();
  }
}

/** Names of the module's defined functions, in the order of the `__ops_<i>` counters. */
export function functionNames(wasm: Uint8Array): string[] {
  const mod = binaryen.readBinary(wasm);
  try {
    return definedFunctions(mod).map(({ name }) => name);
  } finally {
    mod.dispose();
  }
}

function definedFunctions(mod: binaryenModule.Module): { ref: number; name: string; body: number }[] {
  const out = [];
  for (let i = 0; i < mod.getNumFunctions(); i++) {
    const ref = mod.getFunctionByIndex(i);
    const { name, body } = binaryen.getFunctionInfo(ref);
    if (body) out.push({ ref, name, body });
  }
  return out;
}

/** Expressions without operands (a const's `value` is its number, not an expression). */
const LEAVES = new Set([binaryen.ConstId, binaryen.LocalGetId, binaryen.GlobalGetId, binaryen.NopId, binaryen.UnreachableId, binaryen.MemorySizeId]);

/** Operand expressions of a non-control expression (what AssemblyScript emits). */
function childrenOf(e: number): number[] {
  if (LEAVES.has(binaryen.getExpressionId(e))) return [];
  const info = binaryen.getExpressionInfo(e) as unknown as Record<string, unknown>;
  const out: number[] = [];
  for (const key of ["ptr", "left", "right", "value", "condition", "ifTrue", "ifFalse", "target", "dest", "source", "size", "delta"]) {
    const v = info[key];
    if (typeof v === "number" && v !== 0) out.push(v);
  }
  for (const key of ["operands", "children"]) {
    const v = info[key];
    if (Array.isArray(v)) out.push(...(v as number[]));
  }
  return out;
}

export interface OpsRow {
  stage: string;
  opsPerEvent: number;
}

export interface OpsBreakdown {
  /** Instructions per event of full scoring with enriched output, through the batch ABI. */
  full: number;
  stages: OpsRow[];
  events: number;
}

/** Instructions per event by stage, by difference like the time breakdown, on `ndjson` (whole lines). */
export async function opsBreakdown(wasm: Uint8Array, ndjson: Uint8Array, modelBytes: Uint8Array, weight: Weight): Promise<OpsBreakdown> {
  const scorer = await Scorer.load(countingModule(wasm, weight));
  const ops = scorer.exports[COUNTER as keyof typeof scorer.exports] as unknown as WebAssembly.Global<"i64">;
  const model = readModel(modelBytes);
  const measure = (mode: number, bytes: Uint8Array) => {
    scorer.loadModel(bytes);
    scorer.resetState();
    const e = scorer.exports;
    const ptr = e.malloc(ndjson.length);
    new Uint8Array(e.memory.buffer, ptr, ndjson.length).set(ndjson);
    const before = ops.value;
    const events = e.batch(ptr, ndjson.length, Number.NaN, mode);
    const spent = Number(ops.value - before);
    e.free(ptr);
    return { events, perEvent: spent / Math.max(1, events) };
  };
  const NO_OUTPUT = 0;
  const scan = measure(OUTPUT.STOP_AFTER_SCAN, modelBytes).perEvent;
  const features = measure(OUTPUT.STOP_AFTER_FEATURES, modelBytes).perEvent;
  const full = measure(NO_OUTPUT, modelBytes).perEvent;
  const enriched = measure(OUTPUT.ENRICHED, modelBytes);
  const noForest = measure(NO_OUTPUT, writeModel(withoutForest(model))).perEvent;
  const noAutoencoder = measure(NO_OUTPUT, writeModel(withoutAutoencoder(model))).perEvent;
  const neither = measure(NO_OUTPUT, writeModel(withoutAutoencoder(withoutForest(model)))).perEvent;
  return {
    full: enriched.perEvent,
    events: enriched.events,
    stages: [
      { stage: "scan (JSON + fields + classify)", opsPerEvent: scan },
      { stage: "features (windows, baselines, normalise)", opsPerEvent: features - scan },
      { stage: "isolation forest", opsPerEvent: full - noForest },
      { stage: "autoencoder", opsPerEvent: full - noAutoencoder },
      { stage: "rules, verdict, incidents", opsPerEvent: neither - features },
      { stage: "enriched output", opsPerEvent: enriched.perEvent - full },
    ],
  };
}
