// bench:real's report on a source with hundreds of attacks (one per guessing IP): it summarises
// them per type, in the table and in the goal lines, instead of one row and one line per attack.

import { describe, expect, it } from "vitest";
import type { LineLabel } from "../../bench/real/load.ts";
import { figures, type ScoredStream } from "../../bench/real/metrics.ts";
import { formatBlock, goalLines, MAX_LISTED_INSTANCES, type Block } from "../../bench/real/report.ts";

/** One event per attack, a second apart; ours alerts on all but the first, the peer on the first two. */
function block(attacks: number): Block {
  const label: LineLabel[] = Array.from({ length: attacks }, (_, k) => ({ instance: `guessing 10.0.0.${k}`, type: "brute_force", carries: true }));
  const stream: ScoredStream = { timeMs: label.map((_, k) => k * 1000), host: label.map(() => "vps"), label };
  const ours = label.map((_, k) => k > 0);
  const peer = label.map((_, k) => k < 2);
  return {
    source: "s",
    kind: "linux",
    baseline: "first 1 day(s)",
    baselineRecords: 0,
    evaluation: {
      stream,
      ours: figures(stream, { raised: ours, marked: ours, incidents: [], score: ours.map(Number) }),
      peers: { peer: figures(stream, { raised: peer, marked: peer, incidents: [] }) },
      peerAlerts: {},
    },
  };
}

describe("bench:real report", () => {
  it("above MAX_LISTED_INSTANCES attacks, one goal line per type counts those detected no later than the first peer", () => {
    const n = MAX_LISTED_INSTANCES + 1;
    const { lines } = goalLines(block(n));
    const timing = lines.filter((l) => l.includes("no later than the first peer"));
    expect(timing).toEqual([`MISS  s / first 1 day(s): ${n - 1}/${n} brute_force attacks detected no later than the first peer (1 not detected)`]);
  });

  it("above MAX_LISTED_INSTANCES attacks, the table gives detected and median time to detect per type", () => {
    const n = MAX_LISTED_INSTANCES + 1;
    const text = formatBlock(block(n));
    expect(text).toContain(`brute_force (${n} attacks)`);
    expect(text).toMatch(new RegExp(`brute_force \\(${n} attacks\\)\\s+${n - 1}/${n}, 0\\.000s\\s+2/${n}, 0\\.000s`));
    expect(text).not.toContain("guessing 10.0.0.");
  });

  it("up to MAX_LISTED_INSTANCES attacks, each has its own row and goal line", () => {
    const { lines } = goalLines(block(3));
    expect(lines.filter((l) => l.includes("no later than the first peer"))).toEqual([
      'MISS  s / first 1 day(s): "guessing 10.0.0.0" detected (-) no later than the first peer (0.000s)',
      'PASS  s / first 1 day(s): "guessing 10.0.0.1" detected (0.000s) no later than the first peer (0.000s)',
      'PASS  s / first 1 day(s): "guessing 10.0.0.2" detected (0.000s) no later than the first peer (none)',
    ]);
    expect(formatBlock(block(3))).toContain("guessing 10.0.0.2 [brute_force, 1 ev]");
  });
});
