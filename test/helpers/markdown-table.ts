// Tables of the project's Markdown docs, for tests that compare a spec with the code.

/**
 * The cells of the first table after the heading that starts with `heading` (or, when `heading`
 * is a line of text, the first table after that line), without the header and separator rows.
 * Cells are trimmed, and backticks around a whole cell are dropped.
 */
export function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.startsWith(heading));
  if (start < 0) throw new Error(`no line starting with ${JSON.stringify(heading)}`);
  let i = start;
  while (i < lines.length && !lines[i].startsWith("|")) i++;
  const rows: string[][] = [];
  for (i += 2; i < lines.length && lines[i].startsWith("|"); i++) {
    rows.push(lines[i].slice(1, -1).split(" | ").map((c) => c.trim().replace(/^`([^`]*)`$/, "$1")));
  }
  if (rows.length === 0) throw new Error(`no table after ${JSON.stringify(heading)}`);
  return rows;
}
