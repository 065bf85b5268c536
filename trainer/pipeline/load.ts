// Logs on disk → raw record texts. A file holds NDJSON or one JSON array, and may
// be gzipped. Records stay text: the WASM scanner is the only parser that
// interprets them, so batch and inline read the same bytes.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { gunzipBounded } from "../util/bounded-gunzip.ts";
import { CliError } from "../util/errors.ts";

const LOG_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;

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
  let stat;
  try {
    stat = statSync(dataPath);
  } catch {
    throw new CliError("E_NO_DATA", `Data path not found: ${dataPath}`, "pass --data-path pointing at a directory or file of JSON logs");
  }
  const files = stat.isDirectory()
    ? readdirSync(dataPath)
        .filter((name) => LOG_FILE.test(name))
        .sort()
        .map((name) => join(dataPath, name))
        .filter((f) => !isDirectory(f))
    : [dataPath];
  if (files.length === 0) {
    throw new CliError("E_NO_DATA", `No JSON files found in ${dataPath}`, "log files must end in .json, .jsonl or .ndjson (optionally .gz)");
  }
  return files;
}

/** A CloudTrail log file as delivered to S3: one object whose "Records" array holds the events. */
const RECORDS_OBJECT = /^\{\s*"Records"\s*:\s*\[/;

export type RecordLayout = "json array" | "records object" | "ndjson";

/** How a file's text holds its records: one JSON array, a {"Records": [...]} object, or one record per line. */
export function recordLayout(text: string): RecordLayout {
  const body = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).trimStart();
  if (body.startsWith("[")) return "json array";
  return RECORDS_OBJECT.test(body) ? "records object" : "ndjson";
}

/** The records of one file's text: a JSON array's (or a "Records" array's) elements, else its non-blank lines. */
export function splitRecords(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const layout = recordLayout(body);
  if (layout !== "ndjson") {
    let parsed: unknown = JSON.parse(body);
    if (layout === "records object") parsed = (parsed as { Records?: unknown }).Records;
    if (!Array.isArray(parsed)) throw new Error("not a JSON array");
    return parsed.map((item) => JSON.stringify(item));
  }
  const out: string[] = [];
  for (const line of body.split("\n")) {
    const record = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (record.trim() !== "") out.push(record);
  }
  return out;
}

/** Broken links and the like are not directories: they are listed, and reported when read. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A log file's text, gunzipped (with a cap) when its name ends in .gz. Anything but a regular file is refused unread (a FIFO would block). */
export function readText(file: string): string {
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
      records = splitRecords(readText(file));
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
    throw new CliError("E_NO_DATA", `No records could be read from ${dataPath}`, "check that the files hold JSON objects, one per line or as one array");
  }
  return out;
}
