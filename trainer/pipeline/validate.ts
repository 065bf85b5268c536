// What `log-anomaly validate` finds in each log file: how it holds its records,
// how many the scanner can use, why the others fail, which fields it found and
// the time span. The WASM scanner judges every record, so this says exactly what
// `run` and the filter will see; nothing is parsed a second way in TypeScript.

import { statSync } from "node:fs";
import { OUTPUT, type Scorer } from "../wasm/scorer.ts";
import { readText, splitFile, type RecordLayout } from "./load.ts";
import { modifiedMs } from "./text-lines.ts";
import { yearReferenceOf } from "../wasm/timeline.ts";
import type { ReportLine as ScoreReportLine } from "./score.ts";
import { NO_TIMESTAMP, isModelCode } from "../wasm/skip-reasons.ts";

/** The normalised fields counted for coverage, with their key in the scanner's report line. */
export const COVERAGE_FIELDS = {
  timestamp: "t",
  user: "user",
  source_ip: "ip",
  host: "host",
  event_type: "type",
  action: "action",
  message: "msg",
} as const;
export type CoverageField = keyof typeof COVERAGE_FIELDS;

export { NO_TIMESTAMP };
/** How many positions of unusable records are kept per reason. */
export const PROBLEM_LINES = 5;

export interface FileCheck {
  /** The path as listed from the data path. */
  file: string;
  bytes: number;
  gzip: boolean;
  /** null when the file could not be read or split into records. */
  format: RecordLayout | null;
  /** Why the file could not be read at all; null when it could. */
  error: string | null;
  records: number;
  /** Records the scanner read as a JSON object. */
  parsed: number;
  /** Parsed records with a usable timestamp: what `run` keeps (before removing duplicates). */
  usable: number;
  /** Records identical to an earlier one, in this file or an earlier one (`run` keeps the first). */
  duplicates: number;
  /** Unusable records by reason: the scanner's error code, or NO_TIMESTAMP. */
  problems: Record<string, number>;
  /** Where the first unusable records of each reason are (at most PROBLEM_LINES): 1-based lines, or record numbers in a JSON array. */
  problemLines: Record<string, number[]>;
  /** What problemLines counts: lines of the file, or records of its JSON array. */
  position: "line" | "record";
  /** Parsed records with a non-empty value, per field. */
  fields: Record<CoverageField, number>;
  firstMs: number | null;
  lastMs: number | null;
}

/**
 * Checks each file; `seen` carries record texts across files for the duplicate count. Syslog
 * timestamps without a year are dated as `run` dates them (timeline.ts scanEvents): from the
 * latest timestamp with a year in all the files, else the newest file's mtime; files with records
 * that needed it are checked again with it.
 */
export function checkFiles(scorer: Scorer, files: string[], onFile?: (file: string, index: number, total: number) => void): FileCheck[] {
  const seen = new Set<string>();
  const dated: number[] = [];
  const checks = files.map((file, index) => {
    onFile?.(file, index, files.length);
    return checkFile(scorer, file, seen, Number.NaN, dated);
  });
  if (!checks.some((c) => c.problems[NO_TIMESTAMP])) return checks;
  const reference = yearReferenceOf(dated, checks.reduce((m, c) => Math.max(m, mtimeMs(c.file)), Number.NEGATIVE_INFINITY));
  if (!Number.isFinite(reference)) return checks;
  return checks.map((c) => (c.problems[NO_TIMESTAMP] ? { ...checkFile(scorer, c.file, new Set(), reference, []), duplicates: c.duplicates } : c));
}

// --- internal ---

function mtimeMs(file: string): number {
  try {
    return modifiedMs(file, statSync);
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
}


/** The part of a report line validate reads: the normalised fields, not the verdict. */
type ReportLine = Pick<ScoreReportLine, "t" | "user" | "ip" | "host" | "type" | "action" | "msg" | "error">;

/** One file; `referenceMs` dates syslog timestamps without a year (NaN: they count as no timestamp); usable times go to `dated`. */
function checkFile(scorer: Scorer, file: string, seen: Set<string>, referenceMs: number, dated: number[]): FileCheck {
  const check: FileCheck = {
    file,
    bytes: sizeOf(file),
    gzip: file.toLowerCase().endsWith(".gz"),
    format: null,
    error: null,
    records: 0,
    parsed: 0,
    usable: 0,
    duplicates: 0,
    problems: {},
    problemLines: {},
    position: "line",
    fields: { timestamp: 0, user: 0, source_ip: 0, host: 0, event_type: 0, action: 0, message: 0 },
    firstMs: null,
    lastMs: null,
  };
  let records: string[];
  let lines: number[] | null = null;
  try {
    let text: string;
    try {
      text = readText(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "";
      throw new Error(check.gzip && code.startsWith("Z_") ? `not valid gzip: ${(err as Error).message}` : (err as Error).message);
    }
    try {
      ({ records, lines, layout: check.format } = splitFile(text, file));
    } catch (err) {
      throw new Error(`not a valid JSON array: ${(err as Error).message}`);
    }
  } catch (err) {
    check.error = (err as Error).message;
    return check;
  }
  check.records = records.length;
  if (lines === null) check.position = "record";
  const problem = (reason: string, i: number) => {
    check.problems[reason] = (check.problems[reason] ?? 0) + 1;
    const at = (check.problemLines[reason] ??= []);
    if (at.length < PROBLEM_LINES) at.push(lines ? lines[i] : i + 1);
  };
  for (const r of records) {
    if (seen.has(r)) check.duplicates++;
    else seen.add(r);
  }
  if (records.length === 0) return check;
  scorer.resetState();
  scorer.setReferenceTime(referenceMs);
  const { report, count } = scorer.process(records, OUTPUT.REPORT);
  if (count !== records.length) throw new Error(`scanner saw ${count} records in ${file}, expected ${records.length}`);
  const reportLines = new TextDecoder().decode(report).split("\n");
  for (let i = 0; i < count; i++) {
    const line = JSON.parse(reportLines[i]) as ReportLine;
    if (!isModelCode(line.error)) {
      problem(line.error, i);
      continue;
    }
    check.parsed++;
    for (const [field, key] of Object.entries(COVERAGE_FIELDS) as Array<[CoverageField, keyof ReportLine]>) {
      const value = line[key];
      if (value !== null && value !== "") check.fields[field]++;
    }
    if (line.t === null) {
      problem(NO_TIMESTAMP, i);
      continue;
    }
    check.usable++;
    dated.push(line.t);
    if (check.firstMs === null || line.t < check.firstMs) check.firstMs = line.t;
    if (check.lastMs === null || line.t > check.lastMs) check.lastMs = line.t;
  }
  return check;
}

/** The file's size, 0 for an entry that cannot be stat'ed (a broken link: reported when read). */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
