// The sidecar's counters, the periodic metrics line and the optional HTTP
// endpoint (`/health`, `/metrics`). Counters only ever grow, except the gauges
// marked as such. The names all three show are metric-table.ts.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { emptyAlertCounts, type AlertCounts } from "./alert-counts.ts";
import { LABELLED_METRICS, SCALAR_METRICS } from "./metric-table.ts";
import { formatPrometheus, PROMETHEUS_CONTENT_TYPE } from "./prometheus.ts";

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
  /** Alerts by severity and threat, fail-open records by code, read from the enriched output. */
  alerts: AlertCounts;
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
    alerts: emptyAlertCounts(),
  };
}

/** One logfmt line of every scalar metric, e.g. `metrics events_in=10 events_out=10 alerts=0 ... model_reload_failures=0`. */
export function formatMetricsLine(s: SidecarStats): string {
  return "metrics " + SCALAR_METRICS.map((m) => `${m.name}=${m.value(s)}`).join(" ");
}

/** What `/health` answers: the same names as the log line, the labelled metrics as objects, the scorer's counters. */
export function healthBody(s: SidecarStats, scorer: Record<string, number | string>): Record<string, unknown> {
  const body: Record<string, unknown> = { status: "ok" };
  for (const m of SCALAR_METRICS) body[m.name] = m.value(s);
  for (const m of LABELLED_METRICS) body[m.name] = { ...Object.fromEntries(m.known.map((k) => [k, 0])), ...m.values(s) };
  body.scorer = scorer;
  return body;
}

/** `GET /health` answers the counters as JSON, `GET /metrics` in Prometheus' text format; anything else is 404. */
export async function startHealthServer(
  host: string,
  port: number,
  read: () => { stats: SidecarStats; scorer: Record<string, number | string> },
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && path === "/health") {
      const { stats, scorer } = read();
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(healthBody(stats, scorer)) + "\n");
      return;
    }
    if (req.method === "GET" && path === "/metrics") {
      const { stats, scorer } = read();
      res.writeHead(200, { "content-type": PROMETHEUS_CONTENT_TYPE });
      res.end(formatPrometheus(stats, scorer));
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end('{"error":"not found; try GET /health or GET /metrics"}\n');
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
