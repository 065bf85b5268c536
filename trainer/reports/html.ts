/**
 * `report.html`: one self-contained page for people. The incidents first
 * (html-incidents.ts), then the summary, the dashboard charts (inline SVG, the
 * same spec as the PNG), and a sortable, filterable table of the anomalies with
 * the reasons of each alert, each row linked to its incident. Every part is
 * bounded, so the page stays a few MB at any run size and says what it left out.
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
import { groupIncidents, type Incident } from "./incidents.ts";
import { MAX_INCIDENTS_SHOWN, incidentsSection } from "./html-incidents.ts";
import { badge, count, h, incidentAnchor, percent, shortTime, span, td } from "./html-text.ts";
import { STYLE } from "./html-style.ts";
import { REPORT_FILES } from "./report-files.ts";
import { formatContamination } from "./summary.ts";

export { escapeHtml } from "./html-text.ts";

/**
 * Most anomalies listed in the table (highest scores first): the page stays a few
 * MB at any run size. The CSV and JSON always have all of them, and the page says so.
 */
export const MAX_TABLE_ROWS = 2_000;

export interface HtmlReportInput {
  events: ScoredEvent[];
  summary: RunSummary;
  /** The dashboard as SVG (renderSvg(dashboardSpec(events))). */
  chartSvg: string;
  /** Sibling report files to link to, by label (relative names). */
  files?: Record<string, string>;
  /** The incidents (groupIncidents(events)), when the caller has them already. */
  incidents?: Incident[];
  /** When the report was made, ISO 8601 (default: now). */
  generatedAt?: string;
}

export function toHtml(input: HtmlReportInput): string {
  const { summary } = input;
  const generatedAt = input.generatedAt ?? new Date().toISOString();
  const incidents = input.incidents ?? groupIncidents(input.events);
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
<p class="sub">${h(headline(summary))}<br>Generated ${h(generatedAt)} by log-anomaly</p>
</header>
<main>
${incidentsSection(input.events, incidents, REPORT_FILES)}
${summarySection(summary)}
${chartsSection(input.chartSvg)}
${anomaliesSection(input.events, new Set(incidents.slice(0, MAX_INCIDENTS_SHOWN).map((i) => i.id)))}
</main>
${footer(input.files ?? {})}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

// --- internal ---

const SCORE_DECIMALS = 3;

function headline(s: RunSummary): string {
  const period = s.analysisStart || s.analysisEnd ? `analysis period ${span(s.analysisStart, s.analysisEnd)}` : "no timed events";
  return `${count(s.anomalies)} anomalies in ${count(s.totalEvents)} events (${percent(s.anomalies, s.totalEvents)}) · ${period}`;
}

function summarySection(s: RunSummary): string {
  const cards: Array<[string, string, string]> = [
    ["Events analysed", count(s.totalEvents), ""],
    ["Anomalies", count(s.anomalies), percent(s.anomalies, s.totalEvents)],
    ["Baseline", `${count(s.baselineEvents)} events`, span(s.baselineStart, s.baselineEnd)],
    ["Contamination", formatContamination(s.contamination), "share of baseline events at or above 0.5"],
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
${breakdown("Top source IPs", s.topSources.map((u) => [u.sourceIp, u.anomalies] as const), s.anomalies)}
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
  cell(e: ScoredEvent, linked: ReadonlySet<string>): string;
}

/**
 * The message sits early and wide (it is what an analyst reads first after the
 * verdict); the detector scores and the source file, read least, come last.
 */
const COLUMNS: Column[] = [
  { title: "Score", type: "number", cell: (e) => td(e.anomalyScore.toFixed(SCORE_DECIMALS), "num", String(e.anomalyScore)) },
  { title: "Severity", type: "number", cell: (e) => `<td data-sort="${SEVERITIES.indexOf(e.severity)}">${badge(e.severity)}</td>` },
  {
    title: "Threat",
    type: "text",
    cell: (e) => `<td data-sort="${h(e.threatType)}">${h(e.threatType)}${e.mitre ? `<div class="muted">${h(e.mitre)}</div>` : ""}</td>`,
  },
  {
    title: "Time (UTC)",
    type: "number",
    cell: (e) => `<td class="time"${e.timestamp !== "" && Number.isFinite(e.timeMs) ? ` data-sort="${e.timeMs}"` : ""}>${h(shortTime(e.timestamp)).replace(" ", "<br>")}</td>`,
  },
  // One stacked cell, not three columns: the message keeps its width on a 1024 px screen.
  {
    title: "User · source IP · host",
    type: "text",
    cell: (e) => `<td class="who" data-sort="${h(e.user)}">${h(e.user) || "–"}<div class="muted">${h(e.sourceIp)}</div><div class="muted">${h(e.host)}</div></td>`,
  },
  { title: "Event", type: "text", cell: (e) => `<td>${h(e.eventType)}${e.action ? `<div class="muted">${h(e.action)}</div>` : ""}</td>` },
  { title: "Message", type: "text", cell: (e) => td(e.message, "msg") },
  { title: "Reasons", type: "text", cell: (e) => `<td class="reasons">${e.reasons.length ? `<ul>${e.reasons.map((r) => `<li>${h(r)}</li>`).join("")}</ul>` : ""}</td>` },
  {
    title: "Incident",
    type: "text",
    cell: (e, linked) =>
      e.incidentId === "" ? "<td></td>" : `<td class="incident-id">${linked.has(e.incidentId) ? `<a href="#${incidentAnchor(e.incidentId)}">${h(e.incidentId)}</a>` : h(e.incidentId)}</td>`,
  },
  {
    title: "IF / AE / rules",
    type: "text",
    cell: (e) => td([e.scores.iforest, e.scores.autoencoder, e.scores.rules].map((v) => (Number.isFinite(v) ? v.toFixed(2) : "–")).join(" / ")),
  },
  { title: "Source", type: "text", cell: (e) => td(e.source) },
];

/** The anomalies table, capped at MAX_TABLE_ROWS; `linked` are the incidents drawn above (their ids link there). */
function anomaliesSection(events: ScoredEvent[], linked: ReadonlySet<string>): string {
  const all = reportOrder(events);
  const shown = all.slice(0, MAX_TABLE_ROWS);
  const capped =
    shown.length < all.length
      ? ` <strong>The table lists the ${count(shown.length)} highest scores of ${count(all.length)} anomalies; ${count(all.length - shown.length)} are left out here.</strong> ${h(REPORT_FILES.csv)} and ${h(REPORT_FILES.json)} have all of them.`
      : "";
  const head = COLUMNS.map(
    (c, i) => `<th scope="col" data-type="${c.type}"${i === 0 ? ' aria-sort="descending"' : ""}><button type="button">${h(c.title)}</button></th>`,
  ).join("");
  const rows = shown.map((e) => `<tr>${COLUMNS.map((c) => c.cell(e, linked)).join("")}</tr>`).join("\n");
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
<p class="hint" id="table-note">Highest score first. Click a column header to sort by it, again to reverse.${capped}</p>
${table}
</section>`;
}

function footer(files: Record<string, string>): string {
  const links = Object.entries(files).map(([label, name]) => `<a href="${h(encodeURI(name))}">${h(label)}</a>`);
  return `<footer>${links.length ? `Files: ${links.join(" · ")}. ` : ""}This page is self-contained: it loads nothing from the network.</footer>`;
}

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
