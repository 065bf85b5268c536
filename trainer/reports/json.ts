/**
 * `anomalies_detailed.json`: the run summary plus every anomalous event with all
 * of its fields, in the CSV's row order. Keys are snake_case throughout, and the
 * verdict's keys are the enriched record's own (`anomaly_reasons`,
 * `mitre_technique`), so one name routes the same everywhere; numbers are written
 * at full precision (the CSV rounds, this file does not).
 *
 *   { "summary": { "total_events": …, … }, "anomalies": [ { "index": …, … }, … ] }
 */
import type { RunSummary, ScoredEvent } from "../verdict/types.ts";
import { reportOrder } from "./csv.ts";
import { shortestF32 } from "../util/f32.ts";

/** One anomaly as written to the JSON report: every `ScoredEvent` field, snake_case. */
export interface DetailedAnomaly {
  index: number;
  timestamp: string;
  /** null when the event had no usable time (JSON has no NaN). */
  time_ms: number | null;
  user: string;
  source_ip: string;
  host: string;
  event_type: string;
  action: string;
  message: string;
  anomaly_score: number;
  threat_type: string;
  severity: string;
  anomaly_reasons: string[];
  mitre_technique: string;
  scores: { iforest: number; autoencoder: number; rules: number };
  incident_id: string;
  source: string;
}

/** The run summary as written to the JSON report: every `RunSummary` field, snake_case. */
export interface DetailedSummary {
  total_events: number;
  anomalies: number;
  contamination: number;
  baseline_events: number;
  baseline_start: string;
  baseline_end: string;
  analysis_start: string;
  analysis_end: string;
  by_threat_type: RunSummary["byThreatType"];
  by_severity: RunSummary["bySeverity"];
  top_users: RunSummary["topUsers"];
  top_sources: Array<{ source_ip: string; anomalies: number }>;
  incidents: number;
  top_incidents: string[];
  skipped: RunSummary["skipped"];
  suppressed: RunSummary["suppressed"];
}

export interface DetailedReport {
  summary: DetailedSummary;
  anomalies: DetailedAnomaly[];
}

export function toDetailedJson(events: ScoredEvent[], summary: RunSummary): string {
  const report: DetailedReport = {
    summary: toDetailedSummary(summary),
    anomalies: reportOrder(events).map(toDetailedAnomaly),
  };
  return JSON.stringify(report, null, INDENT) + "\n";
}

function toDetailedAnomaly(e: ScoredEvent): DetailedAnomaly {
  return {
    index: e.index,
    timestamp: e.timestamp,
    time_ms: Number.isFinite(e.timeMs) ? e.timeMs : null,
    user: e.user,
    source_ip: e.sourceIp,
    host: e.host,
    event_type: e.eventType,
    action: e.action,
    message: e.message,
    anomaly_score: e.anomalyScore,
    threat_type: e.threatType,
    severity: e.severity,
    anomaly_reasons: [...e.reasons],
    mitre_technique: e.mitre,
    scores: { iforest: e.scores.iforest, autoencoder: e.scores.autoencoder, rules: e.scores.rules },
    incident_id: e.incidentId,
    source: e.source,
  };
}

export function toDetailedSummary(s: RunSummary): DetailedSummary {
  return {
    total_events: s.totalEvents,
    anomalies: s.anomalies,
    contamination: shortestF32(s.contamination),
    baseline_events: s.baselineEvents,
    baseline_start: s.baselineStart,
    baseline_end: s.baselineEnd,
    analysis_start: s.analysisStart,
    analysis_end: s.analysisEnd,
    by_threat_type: { ...s.byThreatType },
    by_severity: { ...s.bySeverity },
    top_users: s.topUsers.map((u) => ({ user: u.user, anomalies: u.anomalies })),
    top_sources: s.topSources.map((u) => ({ source_ip: u.sourceIp, anomalies: u.anomalies })),
    incidents: s.incidents,
    top_incidents: [...s.topIncidents],
    skipped: { ...s.skipped },
    suppressed: { ...s.suppressed },
  };
}

// --- internal ---

const INDENT = 2;
