// buildTimeline (trainer/pipeline/timeline.ts) on a baseline the size of the
// training bench's: a million rows must not pass through an argument list.

import { describe, expect, it } from "vitest";
import { buildTimeline, MS_PER_DAY, type EventRows } from "../../../trainer/pipeline/timeline.ts";
import { EVENT_ROW_BYTES } from "../../../trainer/wasm/scorer.ts";

const VALID_OFFSET = 35;

/** Valid event rows at the given times. */
function rowsAt(times: number[]): EventRows {
  const view = new DataView(new ArrayBuffer(times.length * EVENT_ROW_BYTES));
  times.forEach((t, i) => {
    view.setFloat64(i * EVENT_ROW_BYTES, t, true);
    view.setUint8(i * EVENT_ROW_BYTES + VALID_OFFSET, 1);
  });
  return { view, count: times.length };
}

describe("buildTimeline", () => {
  it("orders a million rows by time and splits off the baseline days", () => {
    const n = 1_000_000;
    const start = Date.UTC(2024, 0, 1);
    // Newest first, one every 600 ms: about a week.
    const timeline = buildTimeline(rowsAt(Array.from({ length: n }, (_, i) => start + (n - 1 - i) * 600)), 2);
    expect(timeline.order.length).toBe(n);
    expect(timeline.order[0]).toBe(n - 1);
    expect(timeline.order[n - 1]).toBe(0);
    expect(timeline.splitAt).toBe((2 * MS_PER_DAY) / 600);
  });
});
