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
const COMMA = 0x2c;
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
  const at = lastKey(buf, start, end);
  if (at < 0) {
    counts.unparsed++;
    return;
  }
  let threatAt = at + SCORE_KEY.length;
  while (threatAt < end && buf[threatAt] !== COMMA) threatAt++; // past the score, a number
  const threat = matchesAt(buf, threatAt, THREAT_KEY) ? nameAt(buf, threatAt + THREAT_KEY.length, end) : undefined;
  const severityAt = threat === undefined ? -1 : threatAt + THREAT_KEY.length + threat.length;
  const severity = threat !== undefined && matchesAt(buf, severityAt, SEVERITY_KEY) ? nameAt(buf, severityAt + SEVERITY_KEY.length, end) : undefined;
  if (threat === undefined || severity === undefined) {
    counts.unparsed++;
    return;
  }
  if (severity !== "NONE") {
    bump(counts.bySeverity, severity);
    bump(counts.byThreat, threat);
  }
  const errorAt = indexBefore(buf, ERROR_KEY, severityAt, end);
  if (errorAt >= 0) {
    const code = nameAt(buf, errorAt + ERROR_KEY.length, end);
    if (code !== undefined) bump(counts.byError, code);
  }
}

/**
 * Where the line's last `"anomaly_score":` starts, or -1. By hand, from the end, where the key
 * sits: Buffer#lastIndexOf with an offset was ~40x slower (bench/README.md, "Sidecar alert counts").
 */
function lastKey(buf: Buffer, start: number, end: number): number {
  const last = SCORE_KEY.length - 1;
  for (let p = end - SCORE_KEY.length; p >= start; p--) {
    if (buf[p + last] === SCORE_KEY[last] && matchesAt(buf, p, SCORE_KEY)) return p;
  }
  return -1;
}

function matchesAt(buf: Buffer, at: number, key: Buffer): boolean {
  if (at < 0 || at + key.length > buf.length) return false;
  for (let i = 0; i < key.length; i++) if (buf[at + i] !== key[i]) return false;
  return true;
}

/** The name from `from` up to the next quote, if it is a short vocabulary word. */
function nameAt(buf: Buffer, from: number, end: number): string | undefined {
  let q = from;
  while (q < end && q - from <= MAX_NAME && buf[q] !== QUOTE) q++;
  if (q >= end || q - from > MAX_NAME) return undefined;
  return buf.toString("latin1", from, q);
}

function indexBefore(buf: Buffer, key: Buffer, from: number, end: number): number {
  for (let p = from; p + key.length <= end; p++) if (buf[p] === key[0] && matchesAt(buf, p, key)) return p;
  return -1;
}

function bump(table: Record<string, number>, key: string): void {
  table[key] = (table[key] ?? 0) + 1;
}
