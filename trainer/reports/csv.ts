/**
 * `anomalies_detected.csv`: one row per anomalous event (anomalyScore >= 0.5),
 * highest score first, then earliest first.
 *
 * RFC 4180: CRLF line ends, a header row, fields containing a comma, quote, CR
 * or LF wrapped in quotes with quotes doubled. Text cells beginning with
 * `=`, `+`, `-`, `@`, tab or CR get a leading `'` so spreadsheets show them as
 * text instead of running them as formulas (OWASP "CSV injection"). Score
 * columns are numbers written by us with 4 decimals and are never altered.
 */
import type { ScoredEvent } from "../verdict/types.ts";
import { isAnomaly } from "./summary.ts";

/**
 * The CSV header, in column order. Stable: downstream tools read columns by name
 * and position. Verdict columns carry the enriched record's names (`mitre_technique`,
 * `anomaly_reasons`; the latter was `reasons`, README "Names that changed").
 */
export const CSV_COLUMNS = [
  "timestamp",
  "user",
  "source_ip",
  "host",
  "event_type",
  "action",
  "message",
  "anomaly_score",
  "threat_type",
  "severity",
  "mitre_technique",
  "anomaly_reasons",
  "iforest_score",
  "autoencoder_score",
  "rules_score",
  "incident_id",
  "source",
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Separator between an event's reasons inside the `anomaly_reasons` cell. */
export const REASON_SEPARATOR = "; ";
/** Decimals written for every score column. */
export const SCORE_DECIMALS = 4;

/**
 * The anomalous events in report order: score descending, then time ascending
 * (events without a timestamp after timed ones), then stream position.
 * Shared by the CSV and JSON reports so their rows line up.
 */
export function reportOrder(events: ScoredEvent[]): ScoredEvent[] {
  return events.filter(isAnomaly).sort(compareForReport);
}

export function toCsv(events: ScoredEvent[]): string {
  const rows = [CSV_COLUMNS.map(quote).join(",")];
  for (const event of reportOrder(events)) {
    const cells = toCells(event);
    rows.push(CSV_COLUMNS.map((column) => cells[column]).join(","));
  }
  return rows.map((row) => row + LINE_END).join("");
}

// --- internal ---

const LINE_END = "\r\n";
const FORMULA_TRIGGERS = ["=", "+", "-", "@", "\t", "\r"];
const NEEDS_QUOTES = /[",\r\n]/;

function toCells(e: ScoredEvent): Record<CsvColumn, string> {
  return {
    timestamp: text(e.timestamp),
    user: text(e.user),
    source_ip: text(e.sourceIp),
    host: text(e.host),
    event_type: text(e.eventType),
    action: text(e.action),
    message: text(e.message),
    anomaly_score: score(e.anomalyScore),
    threat_type: text(e.threatType),
    severity: text(e.severity),
    mitre_technique: text(e.mitre),
    anomaly_reasons: text(e.reasons.join(REASON_SEPARATOR)),
    iforest_score: score(e.scores.iforest),
    autoencoder_score: score(e.scores.autoencoder),
    rules_score: score(e.scores.rules),
    incident_id: text(e.incidentId),
    source: text(e.source),
  };
}

/** A text cell: defused against formula injection, then quoted if needed. */
function text(value: string): string {
  const defused = FORMULA_TRIGGERS.some((t) => value.startsWith(t)) ? `'${value}` : value;
  return quote(defused);
}

/** A score cell: fixed decimals, empty when the score is not a finite number. */
function score(value: number): string {
  return Number.isFinite(value) ? value.toFixed(SCORE_DECIMALS) : "";
}

function quote(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function compareForReport(a: ScoredEvent, b: ScoredEvent): number {
  return b.anomalyScore - a.anomalyScore || timeKey(a) - timeKey(b) || a.index - b.index;
}

function timeKey(e: ScoredEvent): number {
  return e.timestamp !== "" && Number.isFinite(e.timeMs) ? e.timeMs : Number.POSITIVE_INFINITY;
}
