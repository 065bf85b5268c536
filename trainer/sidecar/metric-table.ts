// Every sidecar metric once, by its one name: the periodic log line and
// `/health` use the name as it stands (snake_case), `/metrics` prefixes it
// with `log_anomaly_` and adds `_total` to counters (Prometheus' convention).
// docs/sidecar.md lists the same names; test/trainer/sidecar/metrics-endpoint.test.ts
// holds the two equal.

import { SEVERITIES, THREAT_TYPES } from "../verdict/types.ts";
import type { SidecarStats } from "./metrics.ts";
import { OVERSIZED_ERROR } from "./line-splitter.ts";
import { SCORER_FAILED_ERROR } from "./scoring.ts";

export type MetricKind = "counter" | "gauge";

export interface ScalarMetric {
  name: string;
  kind: MetricKind;
  help: string;
  value(s: SidecarStats): number | boolean;
}

export interface LabelledMetric {
  name: string;
  kind: MetricKind;
  help: string;
  label: string;
  /** Label values always exported (at 0 until seen), so a query finds every series from the start. */
  known: readonly string[];
  values(s: SidecarStats): Record<string, number>;
}

export const PROMETHEUS_PREFIX = "log_anomaly_";

export const SCALAR_METRICS: readonly ScalarMetric[] = [
  { name: "events_in", kind: "counter", help: "Records accepted from upstream and scored (oversized stand-ins included).", value: (s) => s.eventsIn },
  { name: "events_out", kind: "counter", help: "Events written downstream for the first time.", value: (s) => s.eventsOut },
  { name: "events_replayed", kind: "counter", help: "Events written again after a downstream reconnect (upper bound on duplicates).", value: (s) => s.eventsReplayed },
  { name: "alerts", kind: "counter", help: "Records scored with a severity other than NONE.", value: (s) => sum(s.alerts.bySeverity) },
  { name: "errors", kind: "counter", help: "Sidecar errors: scorer failures plus upstream and downstream socket errors.", value: (s) => s.errors },
  { name: "oversized", kind: "counter", help: "Records over --max-line-bytes, passed on as record_too_large stand-ins.", value: (s) => s.oversized },
  { name: "queue_events", kind: "gauge", help: "Events not yet written downstream.", value: (s) => s.queueEvents },
  { name: "queue_bytes", kind: "gauge", help: "Enriched bytes held: unsent queue plus replay window.", value: (s) => s.queueBytes },
  { name: "peak_queue_bytes", kind: "gauge", help: "Highest queue_bytes seen.", value: (s) => s.peakQueueBytes },
  { name: "connections", kind: "gauge", help: "Open upstream connections.", value: (s) => s.connections },
  { name: "connections_accepted", kind: "counter", help: "Upstream connections accepted since start.", value: (s) => s.connectionsTotal },
  { name: "pending_bytes", kind: "gauge", help: "Bytes of unfinished upstream lines (bounded by --max-pending-bytes).", value: (s) => s.pendingBytes },
  { name: "evicted_idle", kind: "counter", help: "Upstream connections closed for silence (--idle-timeout-ms).", value: (s) => s.evictedIdle },
  { name: "evicted_pending", kind: "counter", help: "Upstream connections closed as the largest holder over --max-pending-bytes.", value: (s) => s.evictedPending },
  { name: "evicted_crowded", kind: "counter", help: "Upstream connections closed to make room (--max-connections).", value: (s) => s.evictedCrowded },
  { name: "distrusted_timestamps", kind: "counter", help: "Records whose own time the scorer did not trust (--record-clock).", value: (s) => s.distrustedTimestamps },
  { name: "reconnects", kind: "counter", help: "Successful downstream connections after the first.", value: (s) => s.reconnects },
  { name: "downstream_connected", kind: "gauge", help: "1 while the downstream connection is up.", value: (s) => s.downstreamConnected },
  { name: "paused", kind: "gauge", help: "1 while upstream reading is paused for back-pressure.", value: (s) => s.paused },
  { name: "pauses", kind: "counter", help: "Times back-pressure paused upstream reading.", value: (s) => s.pauses },
  { name: "model_reloads", kind: "counter", help: "Models loaded by live reload or SIGHUP.", value: (s) => s.modelReloads },
  { name: "model_reload_failures", kind: "counter", help: "Model files refused on reload (the old model kept serving).", value: (s) => s.modelReloadFailures },
];

export const LABELLED_METRICS: readonly LabelledMetric[] = [
  {
    name: "alerts_by_severity", kind: "counter", help: "Alerts by severity.", label: "severity",
    known: SEVERITIES.filter((v) => v !== "NONE"), values: (s) => s.alerts.bySeverity,
  },
  {
    name: "alerts_by_threat", kind: "counter", help: "Alerts by threat type.", label: "threat_type",
    known: THREAT_TYPES.filter((v) => v !== "none"), values: (s) => s.alerts.byThreat,
  },
  {
    name: "errors_by_reason", kind: "counter", help: "Sidecar errors by where they happened.", label: "reason",
    known: ["scorer_failed", "upstream", "downstream"],
    values: (s) => ({ scorer_failed: s.scorerFailures, upstream: s.upstreamErrors, downstream: s.downstreamErrors }),
  },
  {
    name: "record_errors", kind: "counter", help: "Records passed on fail-open, by their anomaly_error code.", label: "code",
    known: ["invalid_json", "not_object", "trailing_data", "no_model", OVERSIZED_ERROR, SCORER_FAILED_ERROR], values: (s) => s.alerts.byError,
  },
];

// --- internal ---

function sum(table: Record<string, number>): number {
  let n = 0;
  for (const v of Object.values(table)) n += v;
  return n;
}
