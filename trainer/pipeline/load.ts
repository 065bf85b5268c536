// Logs on disk (or stdin) → raw record texts. A file holds NDJSON, one JSON array,
// or text lines (text-lines.ts), and may be gzipped. Records stay text: the WASM
// scanner is the only parser that interprets them, so batch and inline read the
// same bytes.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { gunzipBounded } from "../util/bounded-gunzip.ts";
import { CliError } from "../util/errors.ts";
import { STDIN_PATH, isGzipBytes, isLogFileName, isTextLines, lineRecord, nonBlankLines, readStdin } from "./text-lines.ts";

export interface LoadedRecords {
  /** One compact JSON text per record, duplicates removed, in file order. */
  records: string[];
  /** Index into `files` for each record. */
  source: number[];
  files: string[];
  duplicates: number;
  /** Files that could not be read or parsed, with the reason. */
  failedFiles: Array<{ file: string; reason: string }>;
}

export function listLogFiles(dataPath: string): string[] {
  if (dataPath === STDIN_PATH) return [STDIN_PATH];
  let stat;
  try {
    stat = statSync(dataPath);
  } catch {
    throw new CliError("E_NO_DATA", `Data path not found: ${dataPath}`, "pass --data-path pointing at a directory or file of JSON logs");
  }
  const files = stat.isDirectory()
    ? readdirSync(dataPath)
        .filter(isLogFileName)
        .sort()
        .map((name) => join(dataPath, name))
        .filter((f) => !isDirectory(f))
    : [dataPath];
  if (files.length === 0) {
    throw new CliError("E_NO_DATA", `No log files found in ${dataPath}`, "log files end in .json, .jsonl, .ndjson, .log or .txt (optionally rotated, .1, and .gz), or have no extension");
  }
  return files;
}

/** A CloudTrail log file as delivered to S3: one object whose "Records" array holds the events. */
const RECORDS_OBJECT = /^\{\s*"Records"\s*:\s*\[/;

export type RecordLayout = "json array" | "records object" | "ndjson" | "text lines";

/** How the text of `file` holds its records: one JSON array, a {"Records": [...]} object, one JSON record per line, or text lines. */
export function recordLayout(text: string, file: string): RecordLayout {
  const body = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).trimStart();
  if (isTextLines(file, body)) return "text lines";
  if (body.startsWith("[")) return "json array";
  return RECORDS_OBJECT.test(body) ? "records object" : "ndjson";
}

export interface SplitRecords {
  layout: RecordLayout;
  records: string[];
  /** The 1-based line of each record; null for the elements of one JSON array. */
  lines: number[] | null;
}

/** The records of one file's text: a JSON array's (or a "Records" array's) elements, else its non-blank lines. */
export function splitRecords(text: string, file = ""): string[] {
  return splitFile(text, file).records;
}

/** splitRecords, with the layout and where each record is in the file. */
export function splitFile(text: string, file: string): SplitRecords {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const layout = recordLayout(body, file);
  if (layout === "json array" || layout === "records object") {
    let parsed: unknown = JSON.parse(body);
    if (layout === "records object") parsed = (parsed as { Records?: unknown }).Records;
    if (!Array.isArray(parsed)) throw new Error("not a JSON array");
    return { layout, records: parsed.map((item) => JSON.stringify(item)), lines: null };
  }
  const { texts, lines } = nonBlankLines(body);
  return { layout, records: layout === "text lines" ? texts.map(lineRecord) : texts, lines };
}

/** Broken links and the like are not directories: they are listed, and reported when read. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A log file's (or stdin's) text, gunzipped (with a cap) when its name ends in .gz (stdin: when it starts as gzip does). Anything but a regular file is refused unread (a FIFO would block). */
export function readText(file: string): string {
  if (file === STDIN_PATH) {
    const raw = readStdin();
    return (isGzipBytes(raw) ? gunzipBounded(raw) : raw).toString("utf8");
  }
  let stat;
  try {
    stat = statSync(file);
  } catch (err) {
    throw new Error((err as NodeJS.ErrnoException).code === "ENOENT" ? "broken link or vanished file" : (err as Error).message);
  }
  if (!stat.isFile()) throw new Error("not a regular file");
  const raw = readFileSync(file);
  return (file.toLowerCase().endsWith(".gz") ? gunzipBounded(raw) : raw).toString("utf8");
}

export function loadRecords(dataPath: string, onFile?: (file: string, index: number, total: number) => void): LoadedRecords {
  const files = listLogFiles(dataPath);
  const seen = new Set<string>();
  const out: LoadedRecords = { records: [], source: [], files, duplicates: 0, failedFiles: [] };
  files.forEach((file, index) => {
    onFile?.(file, index, files.length);
    let records: string[];
    try {
      records = splitRecords(readText(file), file);
    } catch (err) {
      out.failedFiles.push({ file: basename(file), reason: (err as Error).message });
      return;
    }
    for (const r of records) {
      if (seen.has(r)) {
        out.duplicates++;
        continue;
      }
      seen.add(r);
      out.records.push(r);
      out.source.push(index);
    }
  });
  if (out.records.length === 0) {
    throw new CliError("E_NO_DATA", `No records could be read from ${dataPath}`, "check that the files hold JSON objects (one per line or as one array) or log lines");
  }
  return out;
}
