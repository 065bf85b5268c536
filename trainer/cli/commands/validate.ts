import { basename } from "node:path";
import { defineCommand } from "../args.ts";
import { inputArgs, outputArgs, type InputOptions, type OutputOptions } from "../common-args.ts";
import { EXIT } from "../../util/errors.ts";
import { createReporter } from "../progress.ts";
import { spanWarning } from "../../fit/coverage.ts";
import { openScorer, writeJson } from "../shared.ts";
import { listLogFiles } from "../../pipeline/load.ts";
import { COVERAGE_FIELDS, checkFiles, type CoverageField, type FileCheck } from "../../pipeline/validate.ts";
import { DUPLICATE_RECORD } from "../../wasm/skip-reasons.ts";

export type ValidateOptions = InputOptions &
  OutputOptions & {
    strict: boolean;
  };

/**
 * Exit codes: 0 when every file could be read (records the scanner cannot use
 * are reported; `run` skips them the same way), 2 when a file could not be read
 * or split into records at all (`run` would skip the whole file), or when no
 * record is usable. With --strict, any unusable record also gives 2.
 */
export default defineCommand<ValidateOptions>({
  meta: {
    name: "validate",
    description: "Check log files before a run: format, records, parse failures by reason, field coverage, time span.",
    examples: ["log-anomaly validate --data-path logs/", "log-anomaly validate --data-path logs/ --strict --json > validation.json"],
  },
  args: {
    ...inputArgs,
    strict: { type: "boolean", description: "Also fail (exit 2) when any record cannot be used", default: false },
    ...outputArgs,
  },
  async run({ args, stdout, stderr }) {
    const report = createReporter(stderr, { quiet: args.quiet });
    const files = listLogFiles(args.dataPath);
    const scorer = await openScorer(args);
    let task: ReturnType<typeof report.task> | undefined;
    const checks = checkFiles(scorer, files, (_f, index, total) => {
      task ??= report.task("  checking", total, "files");
      task.update(index);
    });
    task?.done();
    const totals = totalsOf(checks);
    const failures = verdict(checks, totals, args.strict);
    const dated = checks.filter((c) => c.firstMs !== null && c.lastMs !== null);
    const span = dated.length > 0 && spanWarning(Math.min(...dated.map((c) => c.firstMs!)), Math.max(...dated.map((c) => c.lastMs!)));
    if (span) report.warn(span);
    if (args.json) writeJson(stdout, { command: "validate", data_path: args.dataPath, ok: failures.length === 0, totals, files: checks.map(toJson) });
    else if (!args.quiet) stdout.write(formatChecks(checks, totals, files.length > 1 || files[0] !== args.dataPath));
    for (const f of failures) stderr.write(`error: ${f.message}\n${f.hint ? `hint: ${f.hint}\n` : ""}`);
    return failures.length === 0 ? EXIT.OK : EXIT.USAGE;
  },
});

// --- internal ---

interface Totals {
  files: number;
  unreadable: number;
  records: number;
  parsed: number;
  usable: number;
  duplicates: number;
  problems: Record<string, number>;
}

function totalsOf(checks: FileCheck[]): Totals {
  const t: Totals = { files: checks.length, unreadable: 0, records: 0, parsed: 0, usable: 0, duplicates: 0, problems: {} };
  for (const c of checks) {
    if (c.error !== null) t.unreadable++;
    t.records += c.records;
    t.parsed += c.parsed;
    t.usable += c.usable;
    t.duplicates += c.duplicates;
    for (const [reason, n] of Object.entries(c.problems)) t.problems[reason] = (t.problems[reason] ?? 0) + n;
  }
  return t;
}

function verdict(checks: FileCheck[], t: Totals, strict: boolean): Array<{ message: string; hint?: string }> {
  const out: Array<{ message: string; hint?: string }> = [];
  if (t.unreadable > 0) {
    const names = checks.filter((c) => c.error !== null).map((c) => basename(c.file));
    out.push({ message: `${t.unreadable} of ${t.files} files could not be read: ${names.join(", ")}`, hint: "run and detect skip these files; fix or remove them" });
  }
  if (t.usable === 0) {
    out.push({
      message: "no usable records",
      hint: "records need a timestamp: a JSON object's timestamp|time|@timestamp|datetime|date field, or a text line's syslog header (Jan 22 03:14:05 host sshd[42]: …)",
    });
  }
  else if (strict && t.usable < t.records) {
    out.push({ message: `${t.records - t.usable} of ${t.records} records cannot be used (--strict)`, hint: "see the problems column" });
  }
  return out;
}

function toJson(c: FileCheck) {
  return {
    file: c.file,
    bytes: c.bytes,
    gzip: c.gzip,
    format: c.format,
    error: c.error,
    records: c.records,
    parsed: c.parsed,
    usable: c.usable,
    duplicates: c.duplicates,
    problems: c.problems,
    problem_lines: c.problemLines,
    position: c.position,
    fields: c.fields,
    first: c.firstMs === null ? null : new Date(c.firstMs).toISOString(),
    last: c.lastMs === null ? null : new Date(c.lastMs).toISOString(),
  };
}

function formatChecks(checks: FileCheck[], t: Totals, shortNames: boolean): string {
  const name = (c: FileCheck) => (shortNames ? basename(c.file) : c.file);
  const time = (ms: number | null) => (ms === null ? "-" : new Date(ms).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, ""));
  const overview = table(
    ["FILE", "FORMAT", "RECORDS", "USABLE", "FIRST (UTC)", "LAST (UTC)", "PROBLEMS"],
    checks.map((c) => [
      name(c),
      c.format === null ? "unreadable" : c.format + (c.gzip ? " (gzip)" : ""),
      c.error === null ? count(c.records) : "-",
      c.error === null ? count(c.usable) : "-",
      time(c.firstMs),
      time(c.lastMs),
      c.error ?? problems(c),
    ]),
    [2, 3],
  );
  const fields = Object.keys(COVERAGE_FIELDS) as CoverageField[];
  const readable = checks.filter((c) => c.error === null);
  const coverage = table(
    ["FILE", ...fields.map((f) => f.toUpperCase())],
    readable.map((c) => [name(c), ...fields.map((f) => (c.parsed === 0 ? "-" : share(c.fields[f], c.parsed)))]),
    fields.map((_, i) => i + 1),
  );
  const lines = [
    ...overview,
    "",
    "Field coverage (share of parsed records with a value):",
    ...(readable.length ? coverage : ["  (no readable file)"]),
    "",
    `${plural(t.files, "file")} (${count(t.unreadable)} unreadable), ${plural(t.records, "record")}, ${count(t.usable)} usable` +
      (t.duplicates ? `, ${count(t.duplicates)} duplicates (kept once)` : ""),
  ];
  return lines.join("\n") + "\n";
}

/** "invalid_json 1 (line 7), no usable timestamp 12 (lines 2, 9, 14, 20, 31, …)". */
function problems(c: FileCheck): string {
  const where = (reason: string, n: number) => {
    const at = c.problemLines[reason] ?? [];
    return at.length ? ` (${c.position}${at.length > 1 ? "s" : ""} ${at.join(", ")}${n > at.length ? ", …" : ""})` : "";
  };
  const list = [...Object.entries(c.problems)].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${reason} ${count(n)}${where(reason, n)}`);
  if (c.duplicates) list.push(`${DUPLICATE_RECORD} ${count(c.duplicates)}`);
  return list.length ? list.join(", ") : "-";
}

/** Left-aligned text columns, right-aligned numeric ones, two spaces apart. */
function table(header: string[], rows: string[][], numeric: number[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (numeric.includes(i) ? cell.padStart(widths[i]) : i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(header), ...rows.map(line)];
}

function plural(n: number, noun: string): string {
  return `${count(n)} ${noun}${n === 1 ? "" : "s"}`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function share(part: number, total: number): string {
  return `${Math.round((100 * part) / total)}%`;
}
