// The stream clock: the time the windows see. Record timestamps are attacker
// controlled, so far-future records must not age every window out, and one
// far-past record must not rewind them. The policy, the same for every host
// (docs/threat-model.md "Scorer"):
//
// - A record up to MAX_CLOCK_STEP_MS (the longest window) ahead of the clock moves
//   it there: ordinary streams, and backlogs replayed in time order.
// - A record further ahead moves it tentatively: the clock remembers where it was.
//   CLOCK_JUMP_CONFIRMATIONS records in a row within MAX_CLOCK_STEP_MS of the new time
//   (a real gap in the logs, such as a quiet night) confirm the jump. A record further
//   back refutes it: the clock returns to the old time, the record is taken from
//   there, and the records that made the jump are counted in `distrusted`. A forged record among
//   honest ones is refuted by the next honest record, so only the entities it names
//   ever saw its time; windows age lazily, per entity, so nobody else's did.
// - When the host knows the time independently of the record (Fluent Bit's event time
//   without time_key, the sidecar's clock), a record time more than MAX_HOST_SKEW_MS
//   away from it is replaced by the host's time (also counted). With time_key the
//   host's time is the record's, so only the rules above hold.
//
// Otherwise the clock only moves forward.

import { CLOCK_JUMP_CONFIRMATIONS, MAX_CLOCK_STEP_MS, MAX_HOST_SKEW_MS } from "../constants";

// @ts-ignore: decorator
@inline const EARLIEST_MS: f64 = 0;

export class StreamClock {
  nowMs: f64 = NaN;
  /** Where the clock was before a jump not yet confirmed; NaN when there is none. */
  beforeJumpMs: f64 = NaN;
  /** Records that made or agreed with that jump. */
  jumpVotes: i32 = 0;
  /** Records whose time was not trusted: replaced by the host's, or refuted. */
  distrusted: u64 = 0;

  /** The window time for a record stamped tMs (NaN when it has none); hostMs is the host's time, NaN or 0 when unknown. */
  advance(tMs: f64, hostMs: f64 = NaN): f64 {
    if (isFinite(hostMs) && hostMs > EARLIEST_MS && isFinite(tMs) && Math.abs(tMs - hostMs) > MAX_HOST_SKEW_MS) {
      this.distrusted++;
      tMs = hostMs;
    }
    if (!isFinite(tMs) || tMs < EARLIEST_MS) {
      return isFinite(this.nowMs) ? this.nowMs : EARLIEST_MS;
    }
    if (!isFinite(this.nowMs)) {
      this.nowMs = tMs;
      return tMs;
    }
    if (isFinite(this.beforeJumpMs)) {
      if (tMs < this.nowMs - MAX_CLOCK_STEP_MS) {
        // The stream did not follow the jump: it was forged (or out of place). Back to the
        // trusted time, and the record is taken from there.
        this.distrusted += <u64>this.jumpVotes;
        this.nowMs = this.beforeJumpMs;
        this.beforeJumpMs = NaN;
        this.jumpVotes = 0;
      } else if (tMs - this.nowMs > MAX_CLOCK_STEP_MS) {
        // Further still: a new jump from the same trusted time.
        this.distrusted += <u64>this.jumpVotes;
        this.jumpVotes = 0;
      }
    }
    if (!isFinite(this.beforeJumpMs) && tMs - this.nowMs > MAX_CLOCK_STEP_MS) this.beforeJumpMs = this.nowMs;
    if (tMs > this.nowMs) this.nowMs = tMs;
    if (isFinite(this.beforeJumpMs) && ++this.jumpVotes >= CLOCK_JUMP_CONFIRMATIONS) {
      this.beforeJumpMs = NaN;
      this.jumpVotes = 0;
    }
    return this.nowMs;
  }

  reset(): void {
    this.nowMs = NaN;
    this.beforeJumpMs = NaN;
    this.jumpVotes = 0;
    this.distrusted = 0;
  }
}
