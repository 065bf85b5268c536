// Work per record stays linear when a record is full of copies of our own output keys (issue #16
// item 3). The emitter drops members named like ours so re-scoring never duplicates them; a record
// with more copies than one scan records used to be stripped in rounds, each rescanning the whole
// record: 58,000 `"severity":1` members in 754 KB took seconds in the filter. The cost is counted
// in WebAssembly instructions (bench/wasm-ops.ts), against a control record of the same size whose
// members have another key name, so the test does not depend on the machine's speed.

import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { EVERY_INSTRUCTION, countingModule } from "../../bench/wasm-ops.ts";
import { FluentBitHost } from "../helpers/fluent-bit-host.ts";
import { filterWasmPath } from "../../trainer/wasm/scorer.ts";

const COPIES = 58_000;
const T0_SEC = 1_705_900_000;
/** The flood may cost this many times the control: stripping is one more walk over the members. */
const MAX_RATIO = 3;

const record = (key: string) => `{"user":"alice","message":"x",${Array.from({ length: COPIES }, () => `"${key}":1`).join(",")}}`;

let host: FluentBitHost;
let ops: WebAssembly.Global<"i64">;

beforeAll(async () => {
  host = await FluentBitHost.load(countingModule(new Uint8Array(readFileSync(filterWasmPath())), EVERY_INSTRUCTION));
  ops = (host.exports as unknown as Record<string, WebAssembly.Global<"i64">>).__ops;
});

function cost(text: string): { instructions: bigint; keys: string[] } {
  const before = ops.value;
  const r = host.filter(text, { timeSec: T0_SEC });
  const instructions = ops.value - before;
  if (!r.ok) throw new Error(r.reason);
  return { instructions, keys: Object.keys(r.value) };
}

describe("a record full of copies of our keys", () => {
  it(`costs at most ${MAX_RATIO}x a control record with another key (${COPIES} copies, ${Math.round(record("severity").length / 1024)} KB)`, () => {
    cost(record("sevxrity")); // warm-up: the output buffer grows once
    const control = cost(record("sevxrity"));
    const flood = cost(record("severity"));
    expect(Number(flood.instructions) / Number(control.instructions), `flood ${flood.instructions}, control ${control.instructions}`).toBeLessThan(MAX_RATIO);
    expect(flood.keys.filter((k) => k === "severity")).toHaveLength(1);
    expect(flood.keys.slice(0, 2)).toEqual(["user", "message"]);
  });
});
