// Alerts by severity and threat type, and records by error code, read from the
// enriched NDJSON the scorer returns. The module keeps no such counters, and
// parsing every record again would double the sidecar's work, so each line is
// read from its end: the scorer strips a record's own top-level copies of our
// keys and appends its fields last (assembly/output/emit.ts), and nothing it
// writes after `"anomaly_score":` carries record text. The last
// `"anomaly_score":` of a line is therefore ours, whatever a nested object in
// the record holds.

const SCORE_KEY = Buffer.from('"anomaly_score":');
const THREAT_KEY = Buffer.from(',"threat_type":"');
const SEVERITY_KEY = Buffer.from('","severity":"');
const ERROR_KEY = Buffer.from(',"anomaly_error":"');
const QUOTE = 0x22;
const NEWLINE = 0x0a;
/** Longest vocabulary name we read; a longer run is not one of ours and is counted as unparsed. */
const MAX_NAME = 64;

export interface AlertCounts {
  /** Records whose severity is not NONE, by severity. */
  bySeverity: Record<string, number>;
  /** Records whose severity is not NONE, by threat type. */
  byThreat: Record<string, number>;
  /** Records that came back with `anomaly_error`, by its code. */
  byError: Record<string, number>;
  /** Lines without our fields where we expect them (a bug if ever non-zero). */
  unparsed: number;
}

export function emptyAlertCounts(): AlertCounts {
  return { bySeverity: {}, byThreat: {}, byError: {}, unparsed: 0 };
}

/** Adds every line of `bytes` (whole enriched lines) to `counts`. */
export function countAlerts(bytes: Uint8Array, counts: AlertCounts): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let start = 0;
  while (start < buf.length) {
    let end = buf.indexOf(NEWLINE, start);
    if (end < 0) end = buf.length;
    if (end > start) countLine(buf, start, end, counts);
    start = end + 1;
  }
}

// --- internal ---

function countLine(buf: Buffer, start: number, end: number, counts: AlertCounts): void {
  const at = buf.lastIndexOf(SCORE_KEY, end - SCORE_KEY.length);
  if (at < start) {
    counts.unparsed++;
    return;
  }
  const threatAt = buf.indexOf(THREAT_KEY, at);
  const threat = threatAt >= 0 && threatAt < end ? nameAt(buf, threatAt + THREAT_KEY.length, end) : undefined;
  const severityAt = threat === undefined ? -1 : threatAt + THREAT_KEY.length + threat.length;
  const severity = threat !== undefined && buf.subarray(severityAt, severityAt + SEVERITY_KEY.length).equals(SEVERITY_KEY)
    ? nameAt(buf, severityAt + SEVERITY_KEY.length, end)
    : undefined;
  if (threat === undefined || severity === undefined) {
    counts.unparsed++;
    return;
  }
  if (severity !== "NONE") {
    bump(counts.bySeverity, severity);
    bump(counts.byThreat, threat);
  }
  const errorAt = buf.indexOf(ERROR_KEY, severityAt);
  if (errorAt >= 0 && errorAt < end) {
    const code = nameAt(buf, errorAt + ERROR_KEY.length, end);
    if (code !== undefined) bump(counts.byError, code);
  }
}

/** The name from `from` up to the next quote, if it is a short vocabulary word. */
function nameAt(buf: Buffer, from: number, end: number): string | undefined {
  const q = buf.indexOf(QUOTE, from);
  if (q < 0 || q >= end || q - from > MAX_NAME) return undefined;
  return buf.toString("latin1", from, q);
}

function bump(table: Record<string, number>, key: string): void {
  table[key] = (table[key] ?? 0) + 1;
}
