// The batch's reference time for syslog timestamps without a year (trainer/wasm/timeline.ts):
// the latest dated timestamp, a forged far-off one aside, else the fallback (the newest mtime).

import { describe, expect, it } from "vitest";
import { yearReferenceOf } from "../../../trainer/wasm/timeline.ts";

const day = (d: number) => Date.UTC(2024, 0, d);

describe("yearReferenceOf", () => {
  it.each<[string, number[], number, number]>([
    ["no dated record: the fallback", [], day(30), day(30)],
    ["no dated record, no fallback", [], Number.NaN, Number.NaN],
    ["one dated record", [day(22)], day(30), day(22)],
    ["the latest of a few", [day(15), day(22), day(18)], Number.NaN, day(22)],
    ["a forged year-2999 record among 200 is left out", [...Array.from({ length: 199 }, (_, i) => day(1) + i * 3_600_000), Date.UTC(2999, 0, 1)], Number.NaN, day(1) + 198 * 3_600_000],
  ])("%s", (_name, dated, fallback, expected) => {
    const got = yearReferenceOf(dated, fallback);
    if (Number.isNaN(expected)) expect(got).toBeNaN();
    else expect(got).toBe(expected);
  });
});
