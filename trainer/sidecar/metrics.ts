// The sidecar's counters, the periodic metrics line and the optional HTTP
// health endpoint. Counters only ever grow, except the gauges marked as such.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface SidecarStats {
  /** Records accepted from upstream and scored (oversized stand-ins included). */
  eventsIn: number;
  /** Events written to the downstream for the first time. */
  eventsOut: number;
  /** Events written again after a downstream connection died (at-least-once duplicates, at most). */
  eventsReplayed: number;
  /** Records over maxLineBytes, passed on as `record_too_large` stand-ins. */
  oversized: number;
  /** Batches the scorer failed on (their records went out fail-open). */
  scorerFailures: number;
  upstreamErrors: number;
  downstreamErrors: number;
  /** scorerFailures + upstreamErrors + downstreamErrors. */
  errors: number;
  /** Gauge: open upstream connections. */
  connections: number;
  connectionsTotal: number;
  /** Gauge: bytes of unfinished upstream lines (bounded by maxPendingBytes, apart from the queue). */
  pendingBytes: number;
  /** Upstream connections closed for silence (idleTimeoutMs). */
  evictedIdle: number;
  /** Upstream connections closed because unfinished lines were over maxPendingBytes (the largest holder). */
  evictedPending: number;
  /** Upstream connections closed to make room for a new one (maxConnections). */
  evictedCrowded: number;
  /** Records whose own time the scorer did not trust (see recordClock), since the sidecar started. */
  distrustedTimestamps: number;
  /** Gauge: events not yet written downstream. */
  queueEvents: number;
  /** Gauge: enriched bytes held (unsent queue + replay window). */
  queueBytes: number;
  /** Highest queueBytes seen. */
  peakQueueBytes: number;
  /** Successful downstream connections after the first. */
  reconnects: number;
  /** Gauge. */
  downstreamConnected: boolean;
  /** Gauge: upstream reading is paused for back-pressure. */
  paused: boolean;
  pauses: number;
  modelReloads: number;
  modelReloadFailures: number;
}

export function emptyStats(): SidecarStats {
  return {
    eventsIn: 0,
    eventsOut: 0,
    eventsReplayed: 0,
    oversized: 0,
    scorerFailures: 0,
    upstreamErrors: 0,
    downstreamErrors: 0,
    errors: 0,
    connections: 0,
    connectionsTotal: 0,
    pendingBytes: 0,
    evictedIdle: 0,
    evictedPending: 0,
    evictedCrowded: 0,
    distrustedTimestamps: 0,
    queueEvents: 0,
    queueBytes: 0,
    peakQueueBytes: 0,
    reconnects: 0,
    downstreamConnected: false,
    paused: false,
    pauses: 0,
    modelReloads: 0,
    modelReloadFailures: 0,
  };
}

/** One logfmt line, e.g. `metrics events_in=10 events_out=10 ... queue_bytes=0 reconnects=0`. */
export function formatMetricsLine(s: SidecarStats): string {
  const fields: [string, number | boolean][] = [
    ["events_in", s.eventsIn],
    ["events_out", s.eventsOut],
    ["events_replayed", s.eventsReplayed],
    ["errors", s.errors],
    ["oversized", s.oversized],
    ["queue_events", s.queueEvents],
    ["queue_bytes", s.queueBytes],
    ["connections", s.connections],
    ["pending_bytes", s.pendingBytes],
    ["evicted_idle", s.evictedIdle],
    ["evicted_pending", s.evictedPending],
    ["evicted_crowded", s.evictedCrowded],
    ["distrusted_timestamps", s.distrustedTimestamps],
    ["reconnects", s.reconnects],
    ["downstream_connected", s.downstreamConnected],
    ["paused", s.paused],
    ["model_reloads", s.modelReloads],
    ["model_reload_failures", s.modelReloadFailures],
  ];
  return "metrics " + fields.map(([k, v]) => `${k}=${v}`).join(" ");
}

/** `GET /health` answers 200 with the counters as JSON; anything else is 404. */
export async function startHealthServer(host: string, port: number, body: () => object): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && path === "/health") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body()) + "\n");
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end('{"error":"not found; try GET /health"}\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}

export function boundPort(server: { address(): AddressInfo | string | null }): number {
  const a = server.address();
  return typeof a === "object" && a ? a.port : 0;
}
