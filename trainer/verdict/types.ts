// The verdict vocabulary shared with the WASM scorer, as literal types for the reports. The
// scorer's tables are contract/vocabulary.ts (asc has no `as const`, so these lists restate
// them); test/contract/vocabulary.test.ts holds the two equal, in order.

export const THREAT_TYPES = [
  "none",
  "anomaly",
  "brute_force",
  "password_spraying",
  "privilege_escalation",
  "data_exfiltration",
  "lateral_movement",
] as const;
export type ThreatType = (typeof THREAT_TYPES)[number];

export const SEVERITIES = ["NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Which allowlist entry suppressed an alert (contract/vocabulary.ts ALLOW_KIND_NAMES): a user, a source IP or range, a user·IP pair. */
export const ALLOW_KINDS = ["user", "ip", "pair"] as const;
export type AllowKind = (typeof ALLOW_KINDS)[number];

/** An alert the model's allowlist turned into a non-alert: what it would have been. */
export interface Suppressed {
  by: AllowKind;
  anomalyScore: number;
  threatType: ThreatType;
}

/** Calibrated per-detector scores in [0, 1]; 0.5 is each detector's own alert threshold. */
export interface DetectorScores {
  iforest: number;
  autoencoder: number;
  rules: number;
}

/** One analysed event as the reports see it: the normalised fields plus the verdict. */
export interface ScoredEvent {
  /** Position in the time-ordered analysis stream. */
  index: number;
  /** ISO 8601 UTC, or "" when the record had no usable timestamp. */
  timestamp: string;
  timeMs: number;
  user: string;
  sourceIp: string;
  host: string;
  eventType: string;
  action: string;
  message: string;
  /** Final calibrated score in [0, 1]; an event is an anomaly iff it is >= 0.5. */
  anomalyScore: number;
  threatType: ThreatType;
  severity: Severity;
  /** Most important first, e.g. "failed_logins_ip_60s=12 (baseline p99.9=2)". */
  reasons: string[];
  /** MITRE ATT&CK technique id ("T1110", ...) or "" */
  mitre: string;
  scores: DetectorScores;
  /**
   * `ip-<source hash>-<start epoch s>` for password guessing from a known source (and what the
   * intruder does right after a successful guess), else `user-<user hash>-<start>`; shared by the
   * alerts of one attack; "" when not an alert.
   */
  incidentId: string;
  /** The alert is a login success that ended a brute force from its source (a compromise). */
  compromise?: true;
  /** Source file the record came from, for analysts tracing an alert back. */
  source: string;
  /** Present when the allowlist suppressed the event's alert; the verdict above is then a non-alert. */
  suppressed?: Suppressed;
}

export interface RunSummary {
  totalEvents: number;
  anomalies: number;
  /** The --contamination the model was trained with: the share of baseline events at or above 0.5. */
  contamination: number;
  baselineEvents: number;
  baselineStart: string;
  baselineEnd: string;
  analysisStart: string;
  analysisEnd: string;
  byThreatType: Partial<Record<ThreatType, number>>;
  bySeverity: Partial<Record<Severity, number>>;
  topUsers: Array<{ user: string; anomalies: number }>;
  /** Source IPs ranked by anomaly count: where the attacks come from, beside whom they hit. */
  topSources: Array<{ sourceIp: string; anomalies: number }>;
  /** Alerts grouped into incidents (consecutive alerts of one threat on one entity). */
  incidents: number;
  /** One line each for the incidents of most severity and impact (reports/incidents.ts groupIncidents). */
  topIncidents: string[];
  /** Records that could not be used, by reason (e.g. "unparseable timestamp"). */
  skipped: Record<string, number>;
  /** Alerts the model's allowlist suppressed, by the kind of entry that matched (not counted in `anomalies`). */
  suppressed: Partial<Record<AllowKind, number>>;
}
