// ScoredEvent factories for the report tests (trainer/reports/*). Each test file makes its own
// factory, so that its event indexes count from 0 and its defaults are stated where they are used:
//
//   const { event, anomaly } = scoredEvents({ start: Date.UTC(2024, 2, 4), stepMs: 37_000, defaults: (i) => ({ user: `user${i % 7}` }) });
//   event();                                        // a normal event (NORMAL_EVENT), index 0
//   event({ anomalyScore: 0.9, severity: "HIGH" }); // overrides win over every default
//   anomaly("mallory", "brute_force", "HIGH", 0.9);
//   scoredEvents({ defaults: BRUTE_FORCE_EVENT });  // a file whose events are MEDIUM brute_force anomalies

import type { ScoredEvent, Severity, ThreatType } from "../../trainer/verdict/types.ts";

/** The verdict of an ordinary login: below the 0.5 alert line, no threat. */
export const NORMAL_EVENT: Readonly<Omit<ScoredEvent, "index" | "timestamp" | "timeMs">> = {
  user: "alice",
  sourceIp: "10.0.0.5",
  host: "web-01",
  eventType: "auth",
  action: "login",
  message: "ok",
  anomalyScore: 0.1,
  threatType: "none",
  severity: "NONE",
  reasons: [],
  mitre: "",
  scores: { iforest: 0.1, autoencoder: 0.1, rules: 0 },
  source: "auth.log",
  incidentId: "",
};

/** A failed login flagged as a MEDIUM brute force (T1110). */
export const BRUTE_FORCE_EVENT: Readonly<Partial<ScoredEvent>> = {
  action: "login_failed",
  message: "Failed password for alice",
  anomalyScore: 0.8,
  threatType: "brute_force",
  severity: "MEDIUM",
  reasons: ["failed_logins_ip_60s=12 (baseline p99.9=2)"],
  mitre: "T1110",
  scores: { iforest: 0.7, autoencoder: 0.6, rules: 0.9 },
};

export interface ScoredEventOptions {
  /** timeMs of index 0; default 2024-03-04T00:00:00Z. */
  start?: number;
  /** timeMs between consecutive indexes; default 1 s. */
  stepMs?: number;
  /** This file's defaults over NORMAL_EVENT, possibly depending on the index; overrides still win. */
  defaults?: Partial<ScoredEvent> | ((index: number) => Partial<ScoredEvent>);
}

export interface ScoredEventFactory {
  /**
   * The next event: index counts up from 0 unless overridden, timeMs = start + index * stepMs unless
   * overridden, timestamp its ISO form ("" when timeMs is not finite) unless overridden.
   */
  event(overrides?: Partial<ScoredEvent>): ScoredEvent;
  /** The next event with this user and verdict. */
  anomaly(user: string, threatType: ThreatType, severity: Severity, score?: number): ScoredEvent;
}

export function scoredEvents(options: ScoredEventOptions = {}): ScoredEventFactory {
  const { start = Date.UTC(2024, 2, 4), stepMs = 1000, defaults = {} } = options;
  let nextIndex = 0;
  const event = (overrides: Partial<ScoredEvent> = {}): ScoredEvent => {
    const index = overrides.index ?? nextIndex++;
    const timeMs = overrides.timeMs ?? start + index * stepMs;
    const base = { ...NORMAL_EVENT, ...(typeof defaults === "function" ? defaults(index) : defaults) };
    return {
      index,
      timestamp: Number.isFinite(timeMs) ? new Date(timeMs).toISOString() : "",
      timeMs,
      ...base,
      // Fresh per event, as a literal would be: nothing one event's report mutates leaks into another.
      reasons: [...base.reasons],
      scores: { ...base.scores },
      ...overrides,
    };
  };
  const anomaly = (user: string, threatType: ThreatType, severity: Severity, score = 0.8): ScoredEvent =>
    event({ user, threatType, severity, anomalyScore: score });
  return { event, anomaly };
}
