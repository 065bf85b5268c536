// The metric table and the scorer's own counters in Prometheus' text exposition
// format (version 0.0.4): HELP and TYPE lines, then one sample per series.

import { LABELLED_METRICS, PROMETHEUS_PREFIX, SCALAR_METRICS, type MetricKind } from "./metric-table.ts";
import type { SidecarStats } from "./metrics.ts";

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** The scorer's counters (stats_json) exported under `scorer_`; they are all counters. */
const SCORER_HELP: Record<string, string> = {
  records: "Records the scorer read.",
  scored: "Records the scorer scored.",
  invalid_json: "Records that were not valid JSON.",
  not_object: "Records that were JSON but not an object.",
  empty: "Empty records.",
  unscored: "Records passed on unscored (no usable model or event).",
  suppressed: "Alerts the model's allowlist suppressed.",
  user_evictions: "Entries evicted from the per-user state table.",
  ip_evictions: "Entries evicted from the per-IP state table.",
  user_evidence_evictions: "Per-user entries evicted while they still held evidence (failed logins in their last hour, an open incident): eviction pressure an attacker may be causing.",
  ip_evidence_evictions: "Per-IP entries evicted while they still held evidence: eviction pressure an attacker may be causing.",
  distrusted_timestamps: "Records whose own time the scorer distrusted, since the scorer was loaded.",
};

export function formatPrometheus(s: SidecarStats, scorer: Record<string, number | string>): string {
  const out: string[] = [];
  for (const m of SCALAR_METRICS) family(out, m.name, m.kind, m.help, [["", Number(m.value(s))]]);
  for (const m of LABELLED_METRICS) {
    const values = m.values(s);
    const keys = [...new Set([...m.known, ...Object.keys(values)])].sort();
    family(out, m.name, m.kind, m.help, keys.map((k) => [`{${m.label}="${escapeLabel(k)}"}`, values[k] ?? 0]));
  }
  for (const [key, help] of Object.entries(SCORER_HELP)) {
    if (typeof scorer[key] === "number") family(out, `scorer_${key}`, "counter", help, [["", scorer[key] as number]]);
  }
  const modelError = typeof scorer.model_error === "string" ? scorer.model_error : "";
  family(out, "model_loaded", "gauge", "1 while the scorer holds a usable model.", [["", modelError === "" ? 1 : 0]]);
  return out.join("");
}

/** The Prometheus name of a table metric: prefixed, counters with `_total`. */
export function prometheusName(name: string, kind: MetricKind): string {
  return PROMETHEUS_PREFIX + name + (kind === "counter" ? "_total" : "");
}

// --- internal ---

function family(out: string[], name: string, kind: MetricKind, help: string, samples: [string, number][]): void {
  const full = prometheusName(name, kind);
  out.push(`# HELP ${full} ${help}\n# TYPE ${full} ${kind}\n`);
  for (const [labels, v] of samples) out.push(`${full}${labels} ${v}\n`);
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
