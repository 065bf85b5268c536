// Records whose own time the scorer distrusted. The scorer counts them in its
// stream clock (stats_json `distrusted_timestamps`); the sidecar reads that
// count after each batch, keeps a total that survives model reloads (which may
// start the scorer's count again), and says so in its log, rate-limited.

import type { RecordClock } from "./config.ts";
import type { KindLog } from "./rate-limited-log.ts";
import type { Scorer } from "../wasm/scorer.ts";

export interface DistrustedCounter {
  readonly total: number;
  /** Reads the scorer's count after a batch. */
  check(): void;
}

const hint: Record<RecordClock, string> = {
  host: "more than 24 h from the sidecar's clock, scored at the sidecar's time instead (replaying a backlog? use --record-clock record)",
  record: "more than 24 h ahead of the stream clock without enough agreeing records",
};

export function distrustedCounter(scorer: Scorer, clock: RecordClock, logKind: KindLog): DistrustedCounter {
  let total = 0;
  let seen = scorerCount(scorer);
  return {
    get total() {
      return total;
    },
    check() {
      const now = scorerCount(scorer);
      const added = now >= seen ? now - seen : now;
      seen = now;
      if (added === 0) return;
      total += added;
      logKind("distrusted-time", `${added} record(s) had a time the scorer distrusted: ${hint[clock]}; ${total} so far`);
    },
  };
}

function scorerCount(scorer: Scorer): number {
  return Number(scorer.stats().distrusted_timestamps) || 0;
}
