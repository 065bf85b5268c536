// How Scorer.process cuts its input and gathers its outputs (trainer/wasm/chunks.ts): the
// chunks of record texts must be exactly their NDJSON, whatever the chunk size and the text.

import { describe, expect, it } from "vitest";
import { byteChunks, Collector, recordChunks, textUnits } from "../../../trainer/wasm/chunks.ts";

const decode = (parts: Uint8Array[]) => Buffer.concat(parts).toString("utf8");

describe("recordChunks", () => {
  const records = ['{"a":1}', '{"user":"zoë","msg":"日本語"}', "{}", '{"long":"' + "x".repeat(100) + '"}', '{"b":2}'];

  it.each([
    ["everything in one chunk", 1 << 20],
    ["a chunk per record or two", 40],
    ["chunks smaller than one record", 8],
  ])("gives the records as NDJSON, %s", (_name, size) => {
    // Copy each chunk before asking for the next: the buffer is reused.
    const parts = [...recordChunks(records, size)].map((c) => Uint8Array.from(c.bytes));
    expect(decode(parts)).toBe(records.map((r) => r + "\n").join(""));
    expect(parts.every((p) => p.at(-1) === 0x0a)).toBe(true);
  });

  it("reports progress in textUnits' units, ending at the total", () => {
    const done = [...recordChunks(records, 40)].map((c) => c.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(textUnits(records));
  });
});

describe("byteChunks", () => {
  it("cuts at the first newline at or after each chunk size", () => {
    const text = "aaaa\nbb\ncccccc\nd";
    const parts = [...byteChunks(Buffer.from(text), 3)];
    expect(parts.map((c) => Buffer.from(c.bytes).toString())).toEqual(["aaaa\n", "bb\ncccccc\n", "d"]);
    expect(parts.at(-1)!.done).toBe(text.length);
  });
});

describe("Collector", () => {
  it.each([0, 3, 64])("concatenates what it is given (expected size %i)", (expected) => {
    const c = new Collector(expected);
    for (const s of ["abc", "", "defgh", "ijklmnopqrstuvwxyz"]) c.append(Buffer.from(s));
    expect(Buffer.from(c.bytes()).toString()).toBe("abcdefghijklmnopqrstuvwxyz");
  });
});
