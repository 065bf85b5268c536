// Analysis records → verdicts, through the same filter code path as inline
// scoring (fresh state per stream, records in time order).

import type { AllowKind, ScoredEvent, Severity, ThreatType } from "../verdict/types.ts";
import { OUTPUT, type Scorer } from "../wasm/scorer.ts";
import { replayStreams, type Streams } from "../wasm/streams.ts";

/** A report line as assembly/output/emit.ts writes it. */
export interface ReportLine {
  t: number | null;
  user: string;
  ip: string;
  host: string;
  type: string;
  action: string;
  msg: string;
  score: number;
  threat: ThreatType;
  severity: Severity;
  mitre: string;
  reasons: string[];
  if: number;
  ae: number;
  rules: number;
  incident: string;
  /** Only on a login success that ended a brute force from its source. */
  compromise?: true;
  /** Only on an alert the allowlist suppressed. */
  allowlisted?: AllowKind;
  suppressed_score?: number;
  suppressed_threat?: ThreatType;
  error: string;
}

export interface ScoredBatch {
  events: ScoredEvent[];
  /** The enriched records, one NDJSON line each, exactly as the filter returns them. */
  enriched: Uint8Array;
}

export function scoreRecords(
  scorer: Scorer,
  records: string[],
  sources: string[],
  onProgress?: (doneBytes: number, totalBytes: number) => void,
  streams?: Streams,
): ScoredBatch {
  const { report, enriched, count } = replayStreams(scorer, records, OUTPUT.REPORT | OUTPUT.ENRICHED, streams, onProgress);
  if (count !== records.length) throw new Error(`scorer saw ${count} records, expected ${records.length}`);
  const lines = new TextDecoder().decode(report).split("\n");
  const events = records.map((_, index): ScoredEvent => {
    const r = JSON.parse(lines[index]) as ReportLine;
    return {
      index,
      timestamp: r.t === null ? "" : new Date(r.t).toISOString(),
      timeMs: r.t ?? Number.NaN,
      user: r.user,
      sourceIp: r.ip,
      host: r.host,
      eventType: r.type,
      action: r.action,
      message: r.msg,
      anomalyScore: r.score,
      threatType: r.threat,
      severity: r.severity,
      reasons: r.reasons,
      mitre: r.mitre,
      scores: { iforest: r.if, autoencoder: r.ae, rules: r.rules },
      incidentId: r.incident,
      source: sources[index],
      ...(r.compromise ? { compromise: true as const } : {}),
      ...(r.allowlisted ? { suppressed: { by: r.allowlisted, anomalyScore: r.suppressed_score!, threatType: r.suppressed_threat! } } : {}),
    };
  });
  return { events, enriched };
}
