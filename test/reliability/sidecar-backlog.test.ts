// Issue #16 item 5(b), the sidecar's side: a backlog (records days older than the sidecar's
// clock, as `read_from: beginning` sends them) is scored at the sidecar's time by default, and
// that is now counted, visible and logged once; --record-clock record replays it exactly as the
// batch job does (the records' own times, no host time).

import { describe, expect, it } from "vitest";
import { payload, sendAll, waitFor } from "../helpers/sidecar-harness.ts";
import { sidecarFixture } from "../helpers/sidecar-fixture.ts";
import { formatMetricsLine } from "../../trainer/sidecar/metrics.ts";
import { OUTPUT, Scorer } from "../../trainer/wasm/scorer.ts";
import type { SidecarConfig } from "../../trainer/sidecar/index.ts";

const N = 500;
const sidecars = sidecarFixture();

async function replay(config: Partial<SidecarConfig>) {
  const { src, sc, logs } = await sidecars.start(config);
  await sendAll(sc.address.port, payload(1, N)); // stamped January 2024: a backlog by now
  await waitFor("the backlog", () => src.lines.length >= N);
  return { lines: src.lines, sc, logs };
}

describe("a backlog through the sidecar", () => {
  it("--record-clock record: every output line is the batch job's", async () => {
    const batch = await Scorer.load();
    batch.loadModel(sidecars.model());
    const want = new TextDecoder().decode(batch.process(payload(1, N), OUTPUT.ENRICHED, Number.NaN).enriched).trimEnd().split("\n");
    const { lines, sc } = await replay({ recordClock: "record" });
    expect(lines).toEqual(want);
    expect(sc.stats().distrustedTimestamps).toBe(0);
  }, 30_000);

  it("the default host clock: every distrusted record is counted, in stats and the metrics line, and logged rate-limited", async () => {
    const { sc, logs } = await replay({});
    expect(sc.stats().distrustedTimestamps).toBe(N);
    expect(formatMetricsLine(sc.stats())).toContain(`distrusted_timestamps=${N}`);
    const said = logs.filter((l) => l.includes("the scorer distrusted"));
    expect(said.length).toBeGreaterThanOrEqual(1);
    expect(said.length).toBeLessThan(3);
    expect(said[0]).toMatch(/--record-clock record/);
  }, 30_000);
});
