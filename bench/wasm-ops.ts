// What an interpreter pays: WebAssembly instructions executed per event, counted
// by a copy of the module that binaryen instruments with one i64 counter. Fluent
// Bit runs the filter in WAMR's interpreter unless the user compiles it ahead of
// time, and an interpreter's time follows the instructions it executes far more
// than a JIT's does. The count is deterministic: same module, same events, same
// number, whatever the machine is doing.
//
// Each statement of a block, loop body or if arm adds its instructions (not
// those of the blocks nested in it, which count their own) just before it
// runs, so a branch out of a block counts nothing it skipped. Traps are not
// followed: the scorer does not trap on any input (the fuzz tests hold it to that).

import binaryenModule from "binaryen";
import { Scorer } from "../trainer/wasm/scorer.ts";
import { compileAs } from "../test/helpers/compile-as.ts";
import { MODULE_STAGES, stageRuns, type StageRun } from "./breakdown.ts";

type Ref = number;
/** binaryen.js's expression setters, which its type declarations leave out. */
const binaryen = binaryenModule as typeof binaryenModule & {
  Block: { getChildren(e: Ref): Ref[]; insertChildAt(e: Ref, index: number, child: Ref): void };
  Loop: { getBody(e: Ref): Ref; setBody(e: Ref, body: Ref): void };
  If: { getCondition(e: Ref): Ref; getIfTrue(e: Ref): Ref; getIfFalse(e: Ref): Ref; setIfTrue(e: Ref, x: Ref): void; setIfFalse(e: Ref, x: Ref): void };
  Function: { setBody(f: Ref, body: Ref): void };
};

const COUNTER = "__ops";
const BENCH_ENTITY_KEY: [number, number] = [0x6c6f6721, 0x616e6f6d];

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
    /** `e` as a block that first bumps the counters by its own instructions, its nested bodies instrumented. */
    const counted = (e: number): number => {
      if (binaryen.getExpressionId(e) === binaryen.BlockId) {
        countBlock(e);
        return e;
      }
      const n = run(e);
      return mod.block(null, [bump(n), e], binaryen.getExpressionType(e));
    };
    /** A bump before each statement of the block: a branch out of it skips the bumps of what it skips. */
    const countBlock = (e: number) => {
      const children = binaryen.Block.getChildren(e);
      for (let i = children.length - 1; i >= 0; i--) {
        const n = run(children[i]);
        if (n > 0) binaryen.Block.insertChildAt(e, i, bump(n));
      }
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

export interface InstructionCounts {
  /** Events counted (the leading whole lines of the stream). */
  events: number;
  /** Per event, full scoring with enriched output: every instruction, and the work ones. */
  full: { all: number; work: number };
  /** Per event by stage, by difference like the time breakdown. */
  stages: { stage: string; all: number; work: number }[];
  /** The functions with the most work instructions per event in full scoring (after inlining). */
  functions: { name: string; work: number }[];
  /** Whether the named build counted the same as the shipped module (it should: names only). */
  sameAsRelease: boolean;
}

/** The filter compiled with the release flags plus a name section, so functions can be told apart. */
async function namedBuild(): Promise<Uint8Array> {
  return compileAs("assembly/index.ts", { extraFlags: ["--memoryBase", "4194304", "--debug"] });
}

interface Run {
  events: number;
  total: number;
  byFunction: number[];
}

/** Runs `ndjson` through a counting copy of `wasm` under each of `runs`: per event, in all and by function. */
async function countRuns<K extends string>(wasm: Uint8Array, weight: Weight, ndjson: Uint8Array, runs: Record<K, { mode: number; model: Uint8Array }>): Promise<Record<K, Run>> {
  // A fixed entity-table secret: the probe lengths, and so the count, depend on it.
  const scorer = await Scorer.load(countingModule(wasm, weight), BENCH_ENTITY_KEY);
  const e = scorer.exports as unknown as Record<string, WebAssembly.Global<"i64">>;
  const nFunctions = functionNames(wasm).length;
  const read = () => ({ total: e[COUNTER].value, byFunction: Array.from({ length: nFunctions }, (_, i) => e[`${COUNTER}_${i}`].value) });
  const measure = ({ mode, model }: { mode: number; model: Uint8Array }): Run => {
    scorer.loadModel(model);
    scorer.resetState();
    const x = scorer.exports;
    const ptr = x.malloc(ndjson.length);
    new Uint8Array(x.memory.buffer, ptr, ndjson.length).set(ndjson);
    const before = read();
    const events = x.batch(ptr, ndjson.length, Number.NaN, mode);
    const after = read();
    x.free(ptr);
    const per = (a: bigint, b: bigint) => Number(a - b) / Math.max(1, events);
    return { events, total: per(after.total, before.total), byFunction: after.byFunction.map((v, i) => per(v, before.byFunction[i])) };
  };
  return Object.fromEntries(Object.entries<{ mode: number; model: Uint8Array }>(runs).map(([k, run]) => [k, measure(run)])) as Record<K, Run>;
}

const totals = (runs: Record<StageRun, Run>) => Object.fromEntries(Object.entries<Run>(runs).map(([k, r]) => [k, r.total])) as Record<StageRun, number>;

/** Instructions per event of the shipped module (`wasm`) on `ndjson` (whole lines), by stage and function. */
export async function countInstructions(wasm: Uint8Array, ndjson: Uint8Array, modelBytes: Uint8Array, topFunctions = 10): Promise<InstructionCounts> {
  const named = await namedBuild();
  const runs = stageRuns(modelBytes);
  const all = await countRuns(named, EVERY_INSTRUCTION, ndjson, runs);
  const work = await countRuns(named, WORK_INSTRUCTION, ndjson, runs);
  // Each on a fresh instance: the runs before it leave the allocator in another state, which moves a count by a few instructions.
  const [release, namedAlone] = await Promise.all([wasm, named].map((w) => countRuns(w, WORK_INSTRUCTION, ndjson, { fullEnriched: runs.fullEnriched })));
  const names = functionNames(named);
  const [allTotals, workTotals] = [totals(all), totals(work)];
  return {
    events: all.fullEnriched.events,
    full: { all: all.fullEnriched.total, work: work.fullEnriched.total },
    stages: MODULE_STAGES.map(({ stage, of }) => ({ stage, all: of(allTotals), work: of(workTotals) })),
    functions: work.fullEnriched.byFunction
      .map((n, i) => ({ name: names[i], work: n }))
      .sort((a, b) => b.work - a.work)
      .slice(0, topFunctions),
    sameAsRelease: release.fullEnriched.total === namedAlone.fullEnriched.total,
  };
}
