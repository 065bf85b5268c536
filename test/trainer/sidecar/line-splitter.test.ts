import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { LineSplitter, OVERSIZED_ERROR, OVERSIZED_HEAD_BYTES, oversizedRecord, type Piece } from "../../../trainer/sidecar/line-splitter.ts";

const CAP = 1024; // the smallest cap the sidecar accepts

/** Feeds the chunks, then ends the stream; returns the records in order (oversized ones as `<oversized N>`). */
function split(chunks: (string | Buffer)[], cap = CAP): string[] {
  const s = new LineSplitter(cap);
  const pieces: Piece[] = [];
  for (const c of chunks) {
    pieces.push(...s.push(typeof c === "string" ? Buffer.from(c) : c));
    expect(s.bufferedBytes).toBeLessThanOrEqual(cap);
  }
  pieces.push(...s.end());
  return pieces.flatMap(records);
}

function records(p: Piece): string[] {
  if (p.kind === "oversized") return [`<oversized ${p.bytes}>`];
  const text = p.bytes.toString("utf8");
  expect(text.endsWith("\n"), `a lines piece ends with LF: ${JSON.stringify(text)}`).toBe(true);
  const lines = text.slice(0, -1).split("\n");
  expect(lines.length).toBe(p.lines);
  return lines;
}

const x = (n: number) => "x".repeat(n);

describe("LineSplitter", () => {
  it.each<[string, (string | Buffer)[], string[]]>([
    // --- whole lines ---
    ["one line", ["a\n"], ["a"]],
    ["several lines in one chunk", ["a\nb\nc\n"], ["a", "b", "c"]],
    ["empty chunk", ["", "a\n", ""], ["a"]],
    ["nothing at all", [], []],
    ["blank lines pass (the scorer skips them)", ["a\n\n \nb\n"], ["a", "", " ", "b"]],
    // --- lines across chunks ---
    ["a line split in two", ['{"a":', "1}\n"], ['{"a":1}']],
    ["a line split in three", ["ab", "cd", "ef\n"], ["abcdef"]],
    ["split right before the LF", ["abc", "\n", "d\n"], ["abc", "d"]],
    ["a tail then more lines", ["a\nb", "c\nd\n"], ["a", "bc", "d"]],
    ["byte by byte", [..."ab\ncd\n"], ["ab", "cd"]],
    // --- CRLF: CR is kept for the scorer, which strips it ---
    ["CRLF", ["a\r\nb\r\n"], ["a\r", "b\r"]],
    ["CR and LF in different chunks", ["a\r", "\nb\n"], ["a\r", "b"]],
    // --- end of stream: an unfinished last line is still a record ---
    ["partial last line", ["a\nbc"], ["a", "bc"]],
    ["partial last line over chunks", ["a\nb", "c"], ["a", "bc"]],
    // --- the cap (bytes before the LF) ---
    ["exactly at the cap", [x(CAP) + "\n"], [x(CAP)]],
    ["one over the cap", [x(CAP + 1) + "\n"], [`<oversized ${CAP + 1}>`]],
    ["oversized between good lines keeps order", ["a\n" + x(3000) + "\nb\n"], ["a", "<oversized 3000>", "b"]],
    ["oversized across chunks", ["a\n" + x(600), x(600), x(600) + "\nb\n"], ["a", "<oversized 1800>", "b"]],
    ["pending part plus the rest goes over", [x(1000), x(100) + "\nb\n"], ["<oversized 1100>", "b"]],
    ["oversized unfinished line at the end", ["a\n" + x(5000)], ["a", "<oversized 5000>"]],
    ["oversized then a line in the same chunk", [x(2000), "yy\nzz\n"], ["<oversized 2002>", "zz"]],
  ])("%s", (_name, chunks, expected) => {
    expect(split(chunks)).toEqual(expected);
  });

  it("joins any chunking of lines under the cap back into the same records", () => {
    const line = fc.string({ unit: fc.constantFrom("a", "é", "{", '"', " ", "\r"), maxLength: 40 });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 10 }), (lines, cuts) => {
        const bytes = Buffer.from(lines.map((l) => l + "\n").join(""));
        const points = [...new Set(cuts.map((c) => (bytes.length ? c % bytes.length : 0)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let at = 0;
        for (const p of [...points, bytes.length]) {
          chunks.push(bytes.subarray(at, p));
          at = p;
        }
        expect(split(chunks)).toEqual(lines);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("keeps a whole run of lines as one slice of the chunk (no per-line copies)", () => {
    const pieces = new LineSplitter(CAP).push(Buffer.from("a\nb\nc\n"));
    expect(pieces).toHaveLength(1);
    expect(pieces[0]).toMatchObject({ kind: "lines", lines: 3 });
  });
});

describe("oversizedRecord", () => {
  it("is one JSON line with the routing fields, the first KiB and the original size", () => {
    const s = new LineSplitter(CAP);
    const [piece] = s.push(Buffer.from(`{"msg":"${x(5000)}"}\n`));
    expect(piece.kind).toBe("oversized");
    const text = (piece as { record: Buffer }).record.toString("utf8");
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.indexOf("\n")).toBe(text.length - 1);
    const rec = JSON.parse(text);
    expect(rec).toEqual({
      log: `{"msg":"${x(OVERSIZED_HEAD_BYTES - 8)}…`,
      anomaly_score: 0,
      threat_type: "none",
      severity: "NONE",
      anomaly_error: OVERSIZED_ERROR,
      original_bytes: 5010,
    });
  });

  it("stays valid JSON when the cut splits a multi-byte character or the text has quotes and controls", () => {
    const head = Buffer.from('"\\\t' + "é".repeat(OVERSIZED_HEAD_BYTES)).subarray(0, OVERSIZED_HEAD_BYTES);
    const rec = JSON.parse(oversizedRecord(head, 123456).toString("utf8"));
    expect(rec.log.startsWith('"\\\t')).toBe(true);
    expect(rec.log.endsWith("…")).toBe(true);
    expect(rec.original_bytes).toBe(123456);
  });
});
