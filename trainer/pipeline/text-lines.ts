// Raw text logs in: /var/log/auth.log, syslog, rotated and gzipped copies, any file
// of lines that is not JSON, and stdin (`--data-path -`). Each non-blank line becomes
// {"log": "<line>"}, the record Fluent Bit's tail input hands the filter for an
// unparsed line, so batch and inline read the same bytes; the scanner then reads the
// line as a raw syslog line (--log-format auto or syslog).

import { readFileSync } from "node:fs";
import { CliError } from "../util/errors.ts";

/** `--data-path -`: the records come from standard input. */
export const STDIN_PATH = "-";

/** Files that hold JSON by their name; they are never read as text lines. */
export const JSON_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;
/**
 * The files a directory listing takes as logs: JSON ones, `.log`/`.txt` ones, and names
 * without an extension (`syslog`, `messages`, `secure`), each also rotated (`.1`) and gzipped.
 */
const LOG_FILE = /\.(json|jsonl|ndjson)(\.gz)?$|\.(log|txt)(\.\d+)?(\.gz)?$|^[^.]+(\.\d+)?(\.gz)?$/i;

export function isLogFileName(name: string): boolean {
  return !name.startsWith(".") && LOG_FILE.test(name);
}

/** A file of text lines rather than JSON: not named as JSON, and its first non-blank character is neither `{` nor `[`. */
export function isTextLines(file: string, body: string): boolean {
  if (JSON_FILE.test(file)) return false;
  const first = /\S/.exec(body)?.[0];
  return first !== undefined && first !== "{" && first !== "[";
}

/** The non-blank lines of a text (without their `\n` or `\r\n`), with their 1-based line numbers. */
export function nonBlankLines(body: string): { texts: string[]; lines: number[] } {
  const texts: string[] = [];
  const lines: number[] = [];
  body.split("\n").forEach((line, i) => {
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (text.trim() === "") return;
    texts.push(text);
    lines.push(i + 1);
  });
  return { texts, lines };
}

/** A text line as the record Fluent Bit's tail input makes of it. */
export function lineRecord(line: string): string {
  return JSON.stringify({ log: line });
}

/** Standard input's bytes, read once (validate reads a file twice when it has to date yearless lines). */
export function readStdin(): Buffer {
  if (process.stdin.isTTY) throw new CliError("E_NO_DATA", "--data-path - reads standard input, which is a terminal", "pipe the logs in: `cat /var/log/auth.log | log-anomaly validate --data-path -`");
  stdin ??= readFileSync(0);
  return stdin;
}

/** gzip's magic bytes: how stdin, which has no name, says it is compressed. */
export function isGzipBytes(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** When a source was last written, for dating yearless syslog lines: stdin is being written now. */
export function modifiedMs(file: string, stat: (file: string) => { mtimeMs: number }): number {
  return file === STDIN_PATH ? Date.now() : stat(file).mtimeMs;
}

// --- internal ---

let stdin: Buffer | undefined;
