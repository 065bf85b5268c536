// Which upstream connection has to go, and why. A peer that connects and then
// sends nothing, or sends a line and never ends it, holds memory it does not
// use; left alone, enough such peers push the sidecar over its memory mark and
// every connection waits on them. So unfinished lines have their own budget,
// apart from the queue's watermarks, and three limits free it:
//
//   idle      no byte for idleTimeoutMs (not counted while the sidecar itself
//             holds reading back: a paused peer is not idle)
//   pending   unfinished lines of all connections over maxPendingBytes: the
//             connection holding the most goes first
//   crowded   a new connection beyond maxConnections: the connection idle
//             longest makes room for it
//
// An evicted connection loses nothing it sent before the eviction: its
// unfinished line is passed on as a record (fail-open, invalid_json) and the
// connection is closed; a real sink (Vector) reconnects and carries on.

export type EvictReason = "idle" | "pending" | "crowded";

export interface ConnectionLimitOptions {
  maxConnections: number;
  idleTimeoutMs: number;
  maxPendingBytes: number;
}

export interface Evictable {
  /** When the connection last brought a byte (ms, the server's clock). */
  lastDataMs: number;
  /** Bytes it holds for an unfinished line. */
  readonly pendingBytes: number;
}

export type EvictionCounters = Record<EvictReason, number>;

export const emptyEvictions = (): EvictionCounters => ({ idle: 0, pending: 0, crowded: 0 });

/** The connection to close so that one more fits, or undefined while there is room. */
export function crowdedVictim<C extends Evictable>(conns: Iterable<C>, open: number, opts: ConnectionLimitOptions): C | undefined {
  if (open < opts.maxConnections) return undefined;
  let victim: C | undefined;
  for (const c of conns) if (!victim || c.lastDataMs < victim.lastDataMs) victim = c;
  return victim;
}

/** The connection to close while unfinished lines are over budget, largest holder first. */
export function pendingVictim<C extends Evictable>(conns: Iterable<C>, opts: ConnectionLimitOptions): C | undefined {
  let total = 0;
  let victim: C | undefined;
  for (const c of conns) {
    total += c.pendingBytes;
    if (c.pendingBytes > 0 && (!victim || c.pendingBytes > victim.pendingBytes)) victim = c;
  }
  return total > opts.maxPendingBytes ? victim : undefined;
}
