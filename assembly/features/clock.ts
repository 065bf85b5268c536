// The stream clock: the time the windows see. Record timestamps are attacker
// controlled, so one far-future record must not age every window out, and one
// far-past record must not rewind them. The clock only moves forward.
//
// When the host knows the time (Fluent Bit's event time, the sidecar's clock), a
// record time more than MAX_CLOCK_JUMP_MS away from it is not trusted: the host's
// time is used instead, so no number of agreeing forged records can move the clock.
// Without a host time (batch replays of time-sorted files), a jump of more than
// MAX_CLOCK_JUMP_MS is accepted only after CLOCK_JUMP_CONFIRMATIONS records agree
// on it (a real gap in the logs, such as a quiet weekend).

import { CLOCK_JUMP_CONFIRMATIONS, MAX_CLOCK_JUMP_MS } from "../constants";

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
    if (isFinite(hostMs) && hostMs > EARLIEST_MS && isFinite(tMs) && Math.abs(tMs - hostMs) > MAX_CLOCK_JUMP_MS) {
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
    if (tMs <= this.nowMs) return this.nowMs;
    if (tMs - this.nowMs <= MAX_CLOCK_JUMP_MS) {
      this.nowMs = tMs;
      this.pendingVotes = 0;
      return tMs;
    }
    if (this.pendingVotes > 0 && Math.abs(tMs - this.pendingMs) <= MAX_CLOCK_JUMP_MS) {
      this.pendingVotes++;
      this.pendingMs = Math.max(this.pendingMs, tMs);
    } else {
      this.pendingMs = tMs;
      this.pendingVotes = 1;
    }
    if (this.pendingVotes >= CLOCK_JUMP_CONFIRMATIONS) {
      this.nowMs = this.pendingMs;
      this.pendingVotes = 0;
      return this.nowMs;
    }
    this.distrusted++;
    return this.nowMs;
  }

  reset(): void {
    this.nowMs = NaN;
    this.pendingMs = NaN;
    this.pendingVotes = 0;
    this.distrusted = 0;
  }
}
