// The drift report's limits and wording, on hand-made models: which changes are
// called out (and so refuse a deployment), and what the callout suggests.

import { describe, expect, it } from "vitest";
import { driftReport } from "../../../trainer/drift/report.ts";
import type { ModelData } from "../../../trainer/model/format.ts";

const meta = { trainedAtMs: 0, baselineStartMs: 0, baselineEndMs: 0, baselineEvents: 100, nFeatures: 0, contamination: 0.005, randomState: 42 };
const model = (rules: number[]): ModelData => ({ schemaHash: 1, meta, rules: Float32Array.from(rules) });
const NAMES = { features: [], rules: ["bf_ip_failed_60s", "exfil_event_bytes"], sets: [] };

describe("drift limits", () => {
  it.each([
    // [flagged share, previous rules, new rules, beyond limits]
    [0.005, [5, 1e9], [5, 1e9], false],
    [0.015, [5, 1e9], [5, 1e9], false],
    [0.016, [5, 1e9], [5, 1e9], true],
    [0.005, [5, 1e9], [15, 1.2e9], false],
    [0.005, [5, 1e9], [16, 1e9], true],
    [0.005, [5, 1e9], [2, 1e9], false],
  ])("flagged %d, rules %j → %j: beyond limits %s", (share, before, after, beyond) => {
    const d = driftReport(model(before), model(after), NAMES, { flaggedShare: share });
    expect(d.beyondLimits, d.callouts.join("\n")).toBe(beyond);
    expect(d.callouts.length > 0).toBe(beyond);
  });

  it("suggests --exclude-flagged only when it was not given", () => {
    const without = driftReport(model([5, 1e9]), model([5, 1e9]), NAMES, { flaggedShare: 0.05 });
    expect(without.callouts[0]).toMatch(/see --exclude-flagged/);
    const given = driftReport(model([5, 1e9]), model([5, 1e9]), NAMES, { flaggedShare: 0.05, excluded: 14 });
    expect(given.callouts[0]).not.toMatch(/see --exclude-flagged/);
    expect(given.callouts[0]).toMatch(/even after --exclude-flagged left out 14 HIGH or CRITICAL records/);
  });

  it("names the rule that rose and by how much", () => {
    const d = driftReport(model([5, 1e9]), model([120, 1e9]), NAMES, { flaggedShare: 0 });
    expect(d.callouts).toEqual(["rule threshold bf_ip_failed_60s rose 24.0x (5 → 120): what alerted before would not"]);
  });
});
