// Log lines an attacker can trigger at will (one per distrusted record, one per
// evicted connection) must not flood the log: each kind is written at most
// once per interval, and the next line says how many were held back.

export type KindLog = (kind: string, line: string) => void;

export const DEFAULT_LOG_INTERVAL_MS = 10_000;

export function rateLimitedLog(log: (line: string) => void, intervalMs = DEFAULT_LOG_INTERVAL_MS, now: () => number = Date.now): KindLog {
  const last = new Map<string, { at: number; held: number }>();
  return (kind, line) => {
    const t = now();
    const seen = last.get(kind);
    if (seen && t - seen.at < intervalMs) {
      seen.held++;
      return;
    }
    log(seen?.held ? `${line} (${seen.held} more like it not logged)` : line);
    last.set(kind, { at: t, held: 0 });
  };
}
