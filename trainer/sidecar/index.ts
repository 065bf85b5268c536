// The Vector sidecar: upstream listener → line splitter → scoring batches →
// downstream client, with one memory bound and one shutdown path.
//
//   Vector socket sink ──TCP──▶ UpstreamServer ──pieces──▶ ScoringStage ──NDJSON──▶ Downstream ──TCP──▶ Vector socket source
//                                  ▲ pause/resume (held bytes vs. watermarks) ◀────────────────────────────┘
//
// See docs/vector.md for the delivery guarantee, the memory formula and
// troubleshooting.

import type { Server } from "node:http";
import { highWaterBytes, lowWaterBytes, resolveSidecarConfig, type SidecarConfig } from "./config.ts";
import { Downstream, type FlushResult } from "./downstream.ts";
import { boundPort, emptyStats, formatMetricsLine, startHealthServer, type SidecarStats } from "./metrics.ts";
import { ScoringStage } from "./scoring.ts";
import { UpstreamServer } from "./server.ts";
import { watchModel } from "./model-reload.ts";
import { rateLimitedLog } from "./rate-limited-log.ts";
import { distrustedCounter } from "./distrusted-time.ts";
import { countAlerts, emptyAlertCounts } from "./alert-counts.ts";
import type { Scorer } from "../wasm/scorer.ts";

export type { SidecarConfig } from "./config.ts";
export type { SidecarStats } from "./metrics.ts";

export interface SidecarOptions {
  /** Where log lines go; defaults to stderr. */
  log?: (line: string) => void;
}

export interface Sidecar {
  readonly config: SidecarConfig;
  /** Where the upstream listener is bound (the port is the real one when 0 was asked for). */
  readonly address: { host: string; port: number };
  /** Port of the health endpoint, when it is on. */
  readonly metricsPort: number | undefined;
  stats(): SidecarStats;
  /** Checks the model file now and loads it if it changed (SIGHUP). */
  reloadModel(): void;
  /**
   * Graceful shutdown: stop accepting, read what is in flight (upstreamDrainMs),
   * score it, flush the queue downstream (shutdownTimeoutMs). Afterwards
   * stats().queueEvents counts what could not be delivered.
   */
  close(): Promise<void>;
}

/** Starts the sidecar with a scorer that already holds its model. */
export async function startSidecar(config: Partial<SidecarConfig>, scorer: Scorer, options: SidecarOptions = {}): Promise<Sidecar> {
  const cfg = resolveSidecarConfig(config);
  const log = options.log ?? ((line: string) => process.stderr.write(`log-anomaly serve: ${line}\n`));
  const high = highWaterBytes(cfg);
  const low = lowWaterBytes(cfg);
  const logKind = rateLimitedLog(log);
  const counts = { eventsIn: 0, oversized: 0, scorerFailures: 0, pauses: 0, peakQueueBytes: 0 };
  const distrusted = distrustedCounter(scorer, cfg.recordClock, logKind);
  const alerts = emptyAlertCounts();
  let flushed: FlushResult | undefined;

  const downstream = new Downstream(
    { host: cfg.downstreamHost, port: cfg.downstreamPort, reconnectMinMs: cfg.reconnectMinMs, reconnectMaxMs: cfg.reconnectMaxMs, replayWindowBytes: cfg.replayWindowBytes },
    { log, released: () => checkWatermarks() },
  );
  const scoring = new ScoringStage(
    scorer,
    cfg,
    (chunk) => {
      distrusted.check();
      counts.eventsIn += chunk.events;
      countAlerts(chunk.bytes, alerts);
      downstream.enqueue(chunk);
      checkWatermarks();
    },
    (err) => {
      counts.scorerFailures++;
      log(`scorer failed on a batch; its records went out fail-open: ${(err as Error)?.message ?? String(err)}`);
    },
    cfg.recordClock === "record" ? () => Number.NaN : Date.now,
  );
  const upstream = new UpstreamServer(
    {
      host: cfg.listenHost,
      port: cfg.listenPort,
      maxLineBytes: cfg.maxLineBytes,
      maxConnections: cfg.maxConnections,
      idleTimeoutMs: cfg.idleTimeoutMs,
      maxPendingBytes: cfg.maxPendingBytes,
    },
    {
      piece: (piece) => {
        if (piece.kind === "oversized") {
          counts.oversized++;
          logKind("oversized", `record of ${piece.bytes} bytes is over --max-line-bytes ${cfg.maxLineBytes}; passed on as record_too_large`);
        }
        scoring.add(piece);
      },
      afterChunk: () => checkWatermarks(),
      log,
      logKind,
    },
  );

  /**
   * What the sidecar itself must drain: the open batch, the queue and the replay window.
   * Unfinished upstream lines are left out on purpose: a peer that never ends its line would
   * otherwise pause every connection for good; they have their own bound (maxPendingBytes).
   */
  const heldBytes = () => scoring.bufferedBytes + downstream.heldBytes;

  function checkWatermarks(): void {
    const held = heldBytes();
    counts.peakQueueBytes = Math.max(counts.peakQueueBytes, downstream.heldBytes);
    if (!upstream.isPaused && held >= high) {
      counts.pauses++;
      upstream.pause();
    } else if (upstream.isPaused && held <= low) {
      upstream.resume();
    }
  }

  function stats(): SidecarStats {
    const s = emptyStats();
    const d = downstream.counters;
    const u = upstream.counters;
    Object.assign(s, {
      eventsIn: counts.eventsIn,
      eventsOut: d.eventsOut,
      eventsReplayed: d.eventsReplayed,
      oversized: counts.oversized,
      scorerFailures: counts.scorerFailures,
      upstreamErrors: u.errors,
      downstreamErrors: d.errors,
      errors: counts.scorerFailures + u.errors + d.errors,
      connections: u.connections,
      connectionsTotal: u.connectionsTotal,
      pendingBytes: upstream.bufferedBytes,
      evictedIdle: u.evictions.idle,
      evictedPending: u.evictions.pending,
      evictedCrowded: u.evictions.crowded,
      distrustedTimestamps: distrusted.total,
      queueEvents: flushed ? flushed.unsentEvents + flushed.unconfirmedEvents : downstream.pendingEvents,
      queueBytes: downstream.heldBytes,
      peakQueueBytes: Math.max(counts.peakQueueBytes, downstream.heldBytes),
      reconnects: d.reconnects,
      downstreamConnected: downstream.isConnected,
      paused: upstream.isPaused,
      pauses: counts.pauses,
      ...reloader.counters,
      alerts: structuredClone(alerts),
    });
    return s;
  }

  const reloader = watchModel(cfg.modelPath, scorer, cfg.modelReloadMs, log);
  const bound = await upstream.listen();
  downstream.start();
  let health: Server | undefined;
  try {
    if (cfg.metricsPort !== undefined) health = await startHealthServer(cfg.metricsHost, cfg.metricsPort, () => ({ stats: stats(), scorer: scorer.stats() }));
  } catch (err) {
    downstream.destroy();
    await upstream.close(0);
    throw err;
  }
  const metricsTimer = cfg.metricsIntervalMs > 0 ? setInterval(() => log(formatMetricsLine(stats())), cfg.metricsIntervalMs) : undefined;
  metricsTimer?.unref();
  log(`listening on ${bound.address}:${bound.port}; sending to ${downstream.address}`);

  let closing: Promise<void> | undefined;
  async function close(): Promise<void> {
    if (metricsTimer) clearInterval(metricsTimer);
    reloader.close();
    await upstream.close(cfg.upstreamDrainMs);
    scoring.flush();
    const result = await downstream.flush(cfg.shutdownTimeoutMs);
    flushed = result;
    if (health) await new Promise<void>((resolve) => health!.close(() => resolve()));
    log(formatMetricsLine(stats()));
    if (result.unsentEvents + result.unconfirmedEvents > 0) {
      log(`shutdown: ${result.unsentEvents} events not delivered and ${result.unconfirmedEvents} not confirmed by ${downstream.address} within --shutdown-timeout-ms`);
    } else {
      log("shutdown: everything accepted was delivered");
    }
  }

  return {
    config: cfg,
    address: { host: bound.address, port: bound.port },
    metricsPort: health ? boundPort(health) : undefined,
    stats,
    reloadModel: () => reloader.reload("SIGHUP", true),
    close: () => (closing ??= close()),
  };
}
