// A strict RFC 4180 reader for the CSV report tests: fields separated by commas, records by CRLF,
// quoted fields may hold commas, quotes ("") and line breaks. Anything else (a bare quote, CR or
// LF, a last record without its CRLF) throws, so the tests check what a spreadsheet would see.

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
