/**
 * `report.html`: one self-contained page for people. The summary, the dashboard
 * charts (inline SVG, the same spec as the PNG), and a sortable, filterable table
 * of the anomalies with the reasons of each alert.
 *
 * Self-contained means it works offline and makes no request at all: no CDN, no
 * fonts, no images; CSS and the few lines of vanilla JS are inline. A
 * Content-Security-Policy forbids every fetch and runs only our script (pinned by
 * its SHA-256), so even markup that slipped through could not load or run
 * anything.
 *
 * Every text that comes from the logs (users, hosts, messages, reasons, file
 * names) is escaped: log content is attacker-controlled (HTML injection).
 */
import { createHash } from "node:crypto";
import { SEVERITIES, THREAT_TYPES, type RunSummary, type ScoredEvent, type Severity } from "../verdict/types.ts";
import { reportOrder } from "./csv.ts";
import { SEVERITY_COLORS } from "./dashboard.ts";

/** Most anomalies listed in the table (highest scores first); the CSV and JSON always have all of them. */
export const MAX_TABLE_ROWS = 10_000;

export interface HtmlReportInput {
  events: ScoredEvent[];
  summary: RunSummary;
  /** The dashboard as SVG (renderSvg(dashboardSpec(events))). */
  chartSvg: string;
  /** Sibling report files to link to, by label (relative names). */
  files?: Record<string, string>;
  /** When the report was made, ISO 8601 (default: now). */
  generatedAt?: string;
}

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export function toHtml(input: HtmlReportInput): string {
  const { summary } = input;
  const generatedAt = input.generatedAt ?? new Date().toISOString();
  const scriptHash = createHash("sha256").update(SCRIPT).digest("base64");
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}'`,
    "style-src 'unsafe-inline'",
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Log anomaly report: ${summary.anomalies.toLocaleString("en-US")} anomalies</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Log anomaly report</h1>
<p class="sub">${escapeHtml(headline(summary))}<br>Generated ${escapeHtml(generatedAt)} by log-anomaly</p>
</header>
<main>
${summarySection(summary)}
${chartsSection(input.chartSvg)}
${anomaliesSection(input.events)}
</main>
${footer(input.files ?? {})}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

// --- internal ---

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Text on the severity badges: dark on the light colours, white on the dark ones. */
const BADGE_TEXT: Record<Severity, string> = { NONE: "#000", LOW: "#000", MEDIUM: "#000", HIGH: "#fff", CRITICAL: "#fff" };
const SCORE_DECIMALS = 3;

const h = escapeHtml;
const count = (n: number) => n.toLocaleString("en-US");
const percent = (part: number, total: number) => `${(total > 0 ? (100 * part) / total : 0).toFixed(2)}%`;

function headline(s: RunSummary): string {
  const period = s.analysisStart || s.analysisEnd ? `analysis period ${span(s.analysisStart, s.analysisEnd)}` : "no timed events";
  return `${count(s.anomalies)} anomalies in ${count(s.totalEvents)} events (${percent(s.anomalies, s.totalEvents)}) · ${period}`;
}

function summarySection(s: RunSummary): string {
  const cards: Array<[string, string, string]> = [
    ["Events analysed", count(s.totalEvents), ""],
    ["Anomalies", count(s.anomalies), percent(s.anomalies, s.totalEvents)],
    ["Baseline", `${count(s.baselineEvents)} events`, span(s.baselineStart, s.baselineEnd)],
    ["Contamination", String(s.contamination), "share of baseline events at or above 0.5"],
  ];
  const threats = THREAT_TYPES.filter((t) => (s.byThreatType[t] ?? 0) > 0).map((t) => [t, s.byThreatType[t]!] as const);
  const severities = [...SEVERITIES].reverse().filter((v) => (s.bySeverity[v] ?? 0) > 0).map((v) => [v, s.bySeverity[v]!] as const);
  const skipped = Object.entries(s.skipped).filter(([, n]) => n > 0);
  const suppressed = Object.entries(s.suppressed).filter(([, n]) => n > 0);
  return `<section id="summary">
<h2>Summary</h2>
<div class="cards">
${cards.map(([label, value, note]) => `<div class="card"><div class="label">${h(label)}</div><div class="value">${h(value)}</div><div class="note">${h(note)}</div></div>`).join("\n")}
</div>
<div class="breakdowns">
${breakdown("Threat types", threats.sort((a, b) => b[1] - a[1]), s.anomalies)}
${breakdown("Severity", severities, s.anomalies, (v) => badge(v as Severity))}
${breakdown("Top affected users", s.topUsers.map((u) => [u.user, u.anomalies] as const), s.anomalies)}
${suppressed.length > 0 ? breakdown("Alerts suppressed by the allowlist", suppressed, undefined) : ""}
${skipped.length > 0 ? breakdown("Skipped records", skipped, undefined) : ""}
</div>
</section>`;
}

function breakdown(title: string, rows: ReadonlyArray<readonly [string, number]>, total: number | undefined, label: (key: string) => string = h): string {
  const body =
    rows.length === 0
      ? `<tr><td colspan="3" class="none">none</td></tr>`
      : rows.map(([key, n]) => `<tr><td>${label(key)}</td><td class="num">${count(n)}</td><td class="num">${total === undefined ? "" : percent(n, total)}</td></tr>`).join("");
  return `<table class="breakdown"><caption>${h(title)}</caption><tbody>${body}</tbody></table>`;
}

/** The SVG comes from Vega, which escapes the text it draws; one that is not plain drawing markup is refused all the same. */
function chartsSection(svg: string): string {
  const chart = isPlainSvg(svg) ? svg : `<p class="none">The charts could not be embedded; see the PNG dashboard.</p>`;
  return `<section id="charts">
<h2>Charts</h2>
<figure>${chart}</figure>
</section>`;
}

/** Elements a Vega chart is drawn with: no script, foreignObject, image, use, a or style. */
const SVG_ELEMENTS = new Set(["svg", "g", "path", "rect", "line", "circle", "ellipse", "polygon", "polyline", "text", "tspan", "title", "desc", "defs", "clipPath", "linearGradient", "radialGradient", "stop", "pattern", "mask"]);
const TAG = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*\/?>/g;
const ATTRIBUTE = /([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?/g;

/**
 * True when every tag is a known drawing element, no attribute is an event
 * handler, links point only inside the document, and no `<` is left outside the
 * tags (text is escaped). Attribute values may hold any (escaped) log text.
 */
export function isPlainSvg(svg: string): boolean {
  if (!svg.trimStart().startsWith("<svg")) return false;
  let ok = true;
  const text = svg.replace(TAG, (_tag, _close: string, name: string, attributes: string) => {
    if (!SVG_ELEMENTS.has(name)) ok = false;
    for (const [, attr, v1, v2] of attributes.matchAll(ATTRIBUTE)) {
      const value = (v1 ?? v2 ?? "").trim();
      if (/^on/i.test(attr) || attr.toLowerCase() === "style") ok = false;
      if (/href$/i.test(attr) && !value.startsWith("#")) ok = false;
      if (/url\(\s*['"]?\s*(?!#)/i.test(value)) ok = false;
    }
    return "";
  });
  return ok && !text.includes("<");
}

interface Column {
  title: string;
  /** How the column sorts: by number (data-sort) or by text. */
  type: "number" | "text";
  cell(e: ScoredEvent): string;
}

const COLUMNS: Column[] = [
  { title: "Score", type: "number", cell: (e) => td(e.anomalyScore.toFixed(SCORE_DECIMALS), "num", String(e.anomalyScore)) },
  { title: "Severity", type: "number", cell: (e) => `<td data-sort="${SEVERITIES.indexOf(e.severity)}">${badge(e.severity)}</td>` },
  {
    title: "Threat",
    type: "text",
    cell: (e) => `<td data-sort="${h(e.threatType)}">${h(e.threatType)}${e.mitre ? `<div class="muted">${h(e.mitre)}</div>` : ""}</td>`,
  },
  { title: "Time (UTC)", type: "number", cell: (e) => td(shortTime(e.timestamp), "", Number.isFinite(e.timeMs) && e.timestamp !== "" ? String(e.timeMs) : "") },
  { title: "User", type: "text", cell: (e) => td(e.user) },
  { title: "Source IP", type: "text", cell: (e) => td(e.sourceIp) },
  { title: "Host", type: "text", cell: (e) => td(e.host) },
  { title: "Event", type: "text", cell: (e) => `<td>${h(e.eventType)}${e.action ? `<div class="muted">${h(e.action)}</div>` : ""}</td>` },
  { title: "Reasons", type: "text", cell: (e) => `<td class="reasons">${e.reasons.length ? `<ul>${e.reasons.map((r) => `<li>${h(r)}</li>`).join("")}</ul>` : ""}</td>` },
  { title: "Message", type: "text", cell: (e) => td(e.message, "msg") },
  {
    title: "IF / AE / rules",
    type: "text",
    cell: (e) => td([e.scores.iforest, e.scores.autoencoder, e.scores.rules].map((v) => (Number.isFinite(v) ? v.toFixed(2) : "–")).join(" / ")),
  },
  { title: "Source", type: "text", cell: (e) => td(e.source) },
];

function anomaliesSection(events: ScoredEvent[]): string {
  const all = reportOrder(events);
  const shown = all.slice(0, MAX_TABLE_ROWS);
  const capped = shown.length < all.length ? ` The table lists the ${count(shown.length)} highest scores; the CSV and JSON reports have all ${count(all.length)}.` : "";
  const head = COLUMNS.map(
    (c, i) => `<th scope="col" data-type="${c.type}"${i === 0 ? ' aria-sort="descending"' : ""}><button type="button">${h(c.title)}</button></th>`,
  ).join("");
  const rows = shown.map((e) => `<tr>${COLUMNS.map((c) => c.cell(e)).join("")}</tr>`).join("\n");
  const table =
    all.length === 0
      ? `<p class="none">No anomalies: every event scored below the 0.5 alert threshold.</p>`
      : `<div class="tools"><label>Filter <input id="filter" type="search" placeholder="user, IP, threat, reason…" autocomplete="off"></label> <span id="shown">${count(shown.length)} of ${count(shown.length)} rows</span></div>
<div class="scroll"><table id="anomalies">
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table></div>`;
  return `<section id="anomalies-section">
<h2>Anomalies</h2>
<p class="hint">Highest score first. Click a column header to sort by it, again to reverse.${capped}</p>
${table}
</section>`;
}

function footer(files: Record<string, string>): string {
  const links = Object.entries(files).map(([label, name]) => `<a href="${h(encodeURI(name))}">${h(label)}</a>`);
  return `<footer>${links.length ? `Files: ${links.join(" · ")}. ` : ""}This page is self-contained: it loads nothing from the network.</footer>`;
}

function td(text: string, className = "", sortKey?: string): string {
  const cls = className ? ` class="${className}"` : "";
  const sort = sortKey === undefined ? "" : ` data-sort="${h(sortKey)}"`;
  return `<td${cls}${sort}>${h(text)}</td>`;
}

function badge(severity: Severity): string {
  const bg = SEVERITY_COLORS[severity] ?? SEVERITY_COLORS.NONE;
  const fg = BADGE_TEXT[severity] ?? "#000";
  return `<span class="badge" style="background:${bg};color:${fg}">${h(severity)}</span>`;
}

/** "2024-01-08 03:12:45 .. 2024-01-08 23:01:10 UTC". */
function span(start: string, end: string): string {
  return `${shortTime(start) || "?"} .. ${shortTime(end) || "?"} UTC`;
}

/** "2024-01-08T03:12:45.000Z" → "2024-01-08 03:12:45". */
function shortTime(iso: string): string {
  return iso === "" ? "" : iso.replace("T", " ").replace(/(\.000)?Z$/, "");
}

const STYLE = `
:root { color-scheme: light; --fg: #1d2430; --muted: #5d6675; --line: #dde1e7; --bg: #f6f7f9; --accent: #3f6fb5; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 20px 32px 12px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 4px; font-size: 24px; }
h2 { margin: 0 0 12px; font-size: 18px; }
.sub, .hint, footer { color: var(--muted); }
.sub { margin: 0; }
main { padding: 16px 32px; display: grid; grid-template-columns: minmax(0, 1fr); gap: 20px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin-bottom: 16px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 22px; font-weight: 600; }
.card .note { color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
.breakdowns { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
table.breakdown { border-collapse: collapse; min-width: 220px; }
table.breakdown caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
table.breakdown td { padding: 2px 10px 2px 0; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
figure { margin: 0; }
figure svg { max-width: 100%; height: auto; }
.tools { margin-bottom: 8px; display: flex; gap: 16px; align-items: center; }
.tools input { font: inherit; padding: 4px 8px; width: 22em; max-width: 60vw; }
#shown { color: var(--muted); }
.scroll { overflow-x: auto; }
#anomalies { border-collapse: collapse; width: 100%; font-size: 13px; }
#anomalies th { position: sticky; top: 0; background: #eef1f5; text-align: left; white-space: nowrap; border-bottom: 2px solid var(--line); padding: 0; }
#anomalies th button { all: unset; cursor: pointer; display: block; padding: 6px 8px; }
#anomalies th button:focus-visible { outline: 2px solid var(--accent); }
#anomalies th[aria-sort="ascending"] button::after { content: " ▲"; }
#anomalies th[aria-sort="descending"] button::after { content: " ▼"; }
#anomalies td { padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; white-space: nowrap; }
#anomalies tbody tr:hover { background: #f3f6fb; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
#anomalies td.msg, #anomalies td.reasons { white-space: normal; }
td.msg { min-width: 14em; max-width: 28em; overflow-wrap: anywhere; }
.muted { color: var(--muted); font-size: 12px; }
td.reasons ul { margin: 0; padding-left: 1.1em; min-width: 20em; max-width: 34em; }
td.reasons li { overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 9px; font-size: 11px; font-weight: 600; letter-spacing: .03em; }
.none { color: var(--muted); font-style: italic; }
footer { padding: 8px 32px 24px; font-size: 12px; }
footer a { color: var(--accent); }
`;

/** Sorting and filtering, vanilla JS. Rows keep their report order as the tie-breaker. */
const SCRIPT = `
(function () {
  "use strict";
  var table = document.getElementById("anomalies");
  if (!table) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  rows.forEach(function (row, i) { row.dataset.rank = String(i); });
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function key(row, col, numeric) {
    var cell = row.cells[col];
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    if (!numeric) return raw.toLowerCase();
    var n = parseFloat(raw);
    return isNaN(n) ? null : n;
  }
  headers.forEach(function (th, col) {
    th.querySelector("button").addEventListener("click", function () {
      var numeric = th.dataset.type === "number";
      var current = th.getAttribute("aria-sort");
      var dir = current ? (current === "ascending" ? -1 : 1) : (numeric ? -1 : 1);
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      var sorted = Array.prototype.slice.call(tbody.rows).sort(function (a, b) {
        var x = key(a, col, numeric), y = key(b, col, numeric), c = 0;
        if (x === null || y === null) c = x === y ? 0 : (x === null ? 1 : -1) * dir;
        else if (numeric) c = x - y;
        else c = x.localeCompare(y);
        return c * dir || Number(a.dataset.rank) - Number(b.dataset.rank);
      });
      tbody.append.apply(tbody, sorted);
    });
  });
  var filter = document.getElementById("filter");
  var shown = document.getElementById("shown");
  filter.addEventListener("input", function () {
    var q = filter.value.trim().toLowerCase(), n = 0;
    rows.forEach(function (row) {
      var hit = q === "" || row.textContent.toLowerCase().indexOf(q) >= 0;
      row.hidden = !hit;
      if (hit) n++;
    });
    shown.textContent = n.toLocaleString("en-US") + " of " + rows.length.toLocaleString("en-US") + " rows";
  });
})();
`;
