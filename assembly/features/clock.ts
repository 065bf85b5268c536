// The stream clock: the time the windows see. Record timestamps are attacker
// controlled, so far-future records must not age every window out, and one
// far-past record must not rewind them. The clock only moves forward. The policy,
// the same for every host (docs/threat-model.md "Scorer"):
//
// - A record up to MAX_CLOCK_STEP_MS ahead of the clock moves it there: ordinary
//   streams, and backlogs replayed in time order, advance record by record.
// - A record further ahead is scored at the clock's time. The clock takes the jump
//   only once CLOCK_JUMP_CONFIRMATIONS records in a row agree on it (a real gap in the
//   logs, such as a quiet night); any record within MAX_CLOCK_STEP_MS of the clock in
//   between refutes it, and the refuted records are counted in `distrusted`. Forged records among
//   honest ones are refuted by the next honest record; a burst of forged ones shorter
//   than the confirmations is simply distrusted. One step is at most the longest
//   window (an hour), so no single record can age the windows out.
// - When the host knows the time independently of the record (Fluent Bit's event time
//   without time_key, the sidecar's clock), a record time more than MAX_HOST_SKEW_MS
//   away from it is replaced by the host's time (also counted). With time_key the
//   host's time is the record's, so only the rules above hold.

import { CLOCK_JUMP_CONFIRMATIONS, MAX_CLOCK_STEP_MS, MAX_HOST_SKEW_MS } from "../constants";

// @ts-ignore: decorator
@inline const EARLIEST_MS: f64 = 0;

export class StreamClock {
  nowMs: f64 = NaN;
  pendingMs: f64 = NaN;
  pendingVotes: i32 = 0;
  /** Records whose time was not trusted to move the clock. */
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
    if (tMs - this.nowMs <= MAX_CLOCK_STEP_MS) {
      if (tMs > this.nowMs) this.nowMs = tMs;
      this.refute();
      return this.nowMs;
    }
    if (this.pendingVotes > 0 && Math.abs(tMs - this.pendingMs) <= MAX_CLOCK_STEP_MS) {
      this.pendingVotes++;
      this.pendingMs = Math.max(this.pendingMs, tMs);
    } else {
      this.refute();
      this.pendingMs = tMs;
      this.pendingVotes = 1;
    }
    if (this.pendingVotes >= CLOCK_JUMP_CONFIRMATIONS) {
      this.nowMs = this.pendingMs;
      this.pendingVotes = 0;
    }
    return this.nowMs;
  }

  /** A pending jump that did not hold: its records were forged (or out of place), and are counted so. */
  private refute(): void {
    this.distrusted += <u64>this.pendingVotes;
    this.pendingVotes = 0;
  }

  reset(): void {
    this.nowMs = NaN;
    this.pendingMs = NaN;
    this.pendingVotes = 0;
    this.distrusted = 0;
  }
}
