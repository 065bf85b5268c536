// Timing and memory probes. Each throughput figure is the best of several runs
// over the same bytes, with the filter state reset before every run, so each
// run sees the same stream from the same start; best-of filters out the noise
// of a shared machine (the other runs are slower only for reasons outside the
// code under test). Contenders take turns (bestOfRounds), so load changes
// during the bench hit every row alike.

import { performance } from "node:perf_hooks";
import { OUTPUT, type Scorer } from "../trainer/wasm/scorer.ts";
import { lineSpans } from "./synthetic-logs.ts";

export { OUTPUT };

/** A run's cost; "cpu" is the process's CPU time (one core's worth of work), "wall" the elapsed time. */
export interface Throughput {
  events: number;
  /** Best run, seconds. */
  wallSeconds: number;
  cpuSeconds: number;
}

export const perSecond = (t: Throughput, clock: "cpu" | "wall" = "cpu"): number => t.events / (clock === "cpu" ? t.cpuSeconds : t.wallSeconds);
export const nsPerEvent = (t: Throughput, clock: "cpu" | "wall" = "cpu"): number => ((clock === "cpu" ? t.cpuSeconds : t.wallSeconds) * 1e9) / t.events;

/** A stopwatch for both clocks. */
export class Clock {
  wall = 0;
  cpu = 0;
  private wall0 = 0;
  private cpu0: NodeJS.CpuUsage = { user: 0, system: 0 };

  start(): void {
    this.cpu0 = process.cpuUsage();
    this.wall0 = performance.now();
  }

  stop(): void {
    this.wall += (performance.now() - this.wall0) / 1000;
    const d = process.cpuUsage(this.cpu0);
    this.cpu += (d.user + d.system) / 1e6;
  }
}

/** Best (separately per clock) of `reps` calls of `run`, each after an untimed `before`. `run` returns the events it processed. */
function bestOf(reps: number, run: (clock: Clock) => number, before: () => void = () => {}): Throughput {
  const best: Throughput = { events: 0, wallSeconds: Infinity, cpuSeconds: Infinity };
  for (let i = 0; i < Math.max(1, reps); i++) {
    before();
    const clock = new Clock();
    best.events = run(clock);
    best.wallSeconds = Math.min(best.wallSeconds, clock.wall);
    best.cpuSeconds = Math.min(best.cpuSeconds, clock.cpu);
  }
  return best;
}

export interface Contender {
  /** Processes the stream once and returns the events it processed, timing itself on `clock`. */
  run(clock: Clock): number;
  /** Untimed preparation before each run (reset state, load a model). */
  before?(): void;
  /** Runs for this contender (default: all rounds). */
  reps?: number;
}

/**
 * Best of `rounds` runs for each contender, taking turns: every round runs each
 * contender once, so a change in the machine's load during the bench hits every
 * row alike instead of whichever happened to run then.
 */
export function bestOfRounds<K extends string>(rounds: number, contenders: Record<K, Contender>): Record<K, Throughput> {
  const keys = Object.keys(contenders) as K[];
  const best = Object.fromEntries(keys.map((k) => [k, { events: 0, wallSeconds: Infinity, cpuSeconds: Infinity }])) as Record<K, Throughput>;
  for (let round = 0; round < Math.max(1, rounds); round++) {
    for (const k of keys) {
      const c = contenders[k];
      if (round >= (c.reps ?? rounds)) continue;
      const t = bestOf(1, (clock) => c.run(clock), c.before);
      best[k] = { events: t.events, wallSeconds: Math.min(best[k].wallSeconds, t.wallSeconds), cpuSeconds: Math.min(best[k].cpuSeconds, t.cpuSeconds) };
    }
  }
  return best;
}

/** Times the whole of `run`. */
export const whole =
  (run: () => number) =>
  (clock: Clock): number => {
    clock.start();
    const n = run();
    clock.stop();
    return n;
  };

/** The Node host's byte ABI end to end: NDJSON chunks copied in, enriched NDJSON copied out (Scorer.process). */
export function batchContender(scorer: Scorer, ndjson: Uint8Array, mode: number, model?: Uint8Array): Contender {
  return {
    run: whole(() => scorer.process(ndjson, mode).count),
    before: () => {
      if (model) scorer.loadModel(model);
      scorer.resetState();
    },
  };
}

/** Only the time inside the module's batch() calls (the host's copies in and out are left untimed). */
export function inModuleContender(scorer: Scorer, ndjson: Uint8Array, mode: number, model?: Uint8Array): Contender {
  const chunks = chunkAtNewlines(ndjson, BATCH_CHUNK_BYTES);
  const e = scorer.exports;
  return {
    run: (clock) => {
      let n = 0;
      for (const chunk of chunks) {
        const ptr = e.malloc(chunk.length);
        new Uint8Array(e.memory.buffer, ptr, chunk.length).set(chunk);
        clock.start();
        n += e.batch(ptr, chunk.length, Number.NaN, mode);
        clock.stop();
        e.free(ptr);
      }
      return n;
    },
    before: () => {
      if (model) scorer.loadModel(model);
      scorer.resetState();
    },
  };
}

/** Scorer.process's chunk size. */
const BATCH_CHUNK_BYTES = 4 << 20;

function chunkAtNewlines(data: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let start = 0; start < data.length; ) {
    let end = Math.min(start + size, data.length);
    if (end < data.length) {
      const nl = data.indexOf(0x0a, end);
      end = nl < 0 ? data.length : nl + 1;
    }
    out.push(data.subarray(start, end));
    start = end;
  }
  return out;
}

/** What Fluent Bit's wasm filter needs from a module (DESIGN.md "Host ABIs"). */
export interface FilterExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  log_anomaly_filter(tagPtr: number, tagLen: number, sec: number, nsec: number, recPtr: number, recLen: number): number;
}

const TAG = new TextEncoder().encode("app.auth");

/**
 * Drives a module the way Fluent Bit does, one record per call: malloc and copy
 * the tag and the record (+ NUL), call the filter with six i32s, read the
 * NUL-terminated result and copy it out (Fluent Bit strdup's it), free both.
 * `onOutput` sees each result (tests and checks); it is not called when timing.
 */
export class OneRecordHost {
  private readonly spans: { start: Uint32Array; end: Uint32Array };
  private heap: Uint8Array;

  constructor(
    readonly exports: FilterExports,
    readonly ndjson: Uint8Array,
  ) {
    this.spans = lineSpans(ndjson);
    this.heap = new Uint8Array(exports.memory.buffer);
  }

  get count(): number {
    return this.spans.start.length;
  }

  /** Runs records [from, to); returns the bytes copied out. */
  run(from = 0, to = this.count, onOutput?: (out: Uint8Array) => void): number {
    const e = this.exports;
    const { start, end } = this.spans;
    const data = this.ndjson;
    const nowSec = Math.floor(Date.now() / 1000);
    let outBytes = 0;
    for (let i = from; i < to; i++) {
      const len = end[i] - start[i];
      const tagPtr = e.malloc(TAG.length);
      const recPtr = e.malloc(len + 1);
      let heap = this.view();
      heap.set(TAG, tagPtr);
      heap.set(data.subarray(start[i], end[i]), recPtr);
      heap[recPtr + len] = 0;
      const outPtr = e.log_anomaly_filter(tagPtr, TAG.length, nowSec, 0, recPtr, len);
      heap = this.view();
      const outEnd = heap.indexOf(0, outPtr);
      const copy = heap.slice(outPtr, outEnd);
      outBytes += copy.length;
      onOutput?.(copy);
      e.free(recPtr);
      e.free(tagPtr);
    }
    return outBytes;
  }

  /** The current view of linear memory (a grown memory detaches the old one). */
  private view(): Uint8Array {
    if (this.heap.buffer !== this.exports.memory.buffer) this.heap = new Uint8Array(this.exports.memory.buffer);
    return this.heap;
  }
}

/** The one-record ABI over the whole stream; `reset` clears the filter's state before each run. */
export function oneRecordContender(host: OneRecordHost, reset: () => void = () => {}): Contender {
  return {
    run: whole(() => {
      host.run();
      return host.count;
    }),
    before: reset,
  };
}

/** Linear memory after each checkpoint of a one-record run: [events processed, bytes]. */
export function memoryCurve(host: OneRecordHost, checkpoints: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [[0, host.exports.memory.buffer.byteLength]];
  let done = 0;
  for (const at of checkpoints) {
    const to = Math.min(at, host.count);
    host.run(done, to);
    done = to;
    out.push([done, host.exports.memory.buffer.byteLength]);
  }
  return out;
}
