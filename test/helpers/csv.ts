// A strict RFC 4180 reader for the CSV report tests: fields separated by commas, records by CRLF,
// quoted fields may hold commas, quotes ("") and line breaks. Anything else (a bare quote, CR or
// LF, a last record without its CRLF) throws, so the tests check what a spreadsheet would see.

import { readFileSync } from "node:fs";

/** The rows of a CSV report (anomalies_detected.csv) as objects keyed by its header, without the `source` column (it names the input file). */
export function readCsvReport(path: string): Array<Record<string, string>> {
  const [header, ...records] = parseCsv(readFileSync(path, "utf8"));
  return records.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]).filter(([h]) => h !== "source")));
}

/** The records of a CSV text, each a list of its fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      cell += c; i++; continue;
    }
    if (c === '"' && cell === "") { quoted = true; i++; continue; }
    if (c === ",") { row.push(cell); cell = ""; i++; continue; }
    if (c === "\r" && text[i + 1] === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i += 2; continue; }
    if (c === '"' || c === "\r" || c === "\n") throw new Error(`bare ${JSON.stringify(c)} at ${i}: ${JSON.stringify(text)}`);
    cell += c; i++;
  }
  if (cell !== "" || row.length > 0) throw new Error(`last record not terminated by CRLF: ${JSON.stringify(text)}`);
  return rows;
}
