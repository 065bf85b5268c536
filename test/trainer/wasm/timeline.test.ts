// buildTimeline (trainer/wasm/timeline.ts) on event rows written by hand: the
// time order, the baseline split, and a timeline larger than the call stack's
// argument limit (the 3-week quality benchmark has ~150,000 records).

import { describe, expect, it } from "vitest";
import { buildTimeline, MS_PER_DAY, type EventRows } from "../../../trainer/wasm/timeline.ts";
import { EVENT_ROW_BYTES } from "../../../trainer/wasm/scorer.ts";

const DAY0 = Date.UTC(2024, 0, 15);

/** Valid event rows with these times (only the time and valid fields are set). */
function rows(times: number[]): EventRows {
  const view = new DataView(new ArrayBuffer(times.length * EVENT_ROW_BYTES));
  times.forEach((t, i) => {
    view.setFloat64(i * EVENT_ROW_BYTES, t, true);
    view.setUint8(i * EVENT_ROW_BYTES + 35, 1);
  });
  return { view, count: times.length };
}

describe("buildTimeline", () => {
  it("orders by time and splits after the baseline days", () => {
    const t = buildTimeline(rows([DAY0 + 2.5 * MS_PER_DAY, DAY0 + 1000, DAY0 + 1.5 * MS_PER_DAY, DAY0 + 10]), 2);
    expect(t.order).toEqual([3, 1, 2, 0]);
    expect(t.splitAt).toBe(3);
    expect(t.baselineEndMs).toBe(DAY0 + 2 * MS_PER_DAY);
  });

  it("handles 200,000 records", () => {
    const n = 200_000;
    const times = Array.from({ length: n }, (_, i) => DAY0 + (n - i) * 10_000);
    const t = buildTimeline(rows(times), 7);
    expect(t.order.length).toBe(n);
    expect(t.order[0]).toBe(n - 1);
    expect(t.splitAt).toBe(times.filter((x) => x < DAY0 + 7 * MS_PER_DAY).length);
  });
});
