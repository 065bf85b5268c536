// report.html: self-contained (no network, nothing external), log content escaped,
// one table row per anomaly, sortable, and written by writeReports.

import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_TABLE_ROWS, escapeHtml, isPlainSvg, toHtml } from "../../../trainer/reports/html.ts";
import { dashboardSpec } from "../../../trainer/reports/dashboard.ts";
import { renderSvg } from "../../../trainer/reports/png.ts";
import { summarize } from "../../../trainer/reports/summary.ts";
import { REPORT_FILES, writeReports } from "../../../trainer/reports/write.ts";
import type { ScoredEvent } from "../../../trainer/verdict/types.ts";
import { scoredEvents } from "../../helpers/scored-event.ts";

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

const { event } = scoredEvents({
  start: Date.UTC(2024, 2, 4),
  stepMs: 60_000,
  defaults: (index) => ({ user: `user${index % 5}`, eventType: "login", action: "failure", message: "Failed password" }),
});

function sampleEvents(): ScoredEvent[] {
  const events = Array.from({ length: 200 }, () => event());
  events.push(
    event({ anomalyScore: 0.97, severity: "CRITICAL", threatType: "brute_force", mitre: "T1110", reasons: ["ip_failed_logins_60s=12 (threshold 5)", "ip_unknown=1 (baseline p99 0)"] }),
    event({ anomalyScore: 0.9, severity: "HIGH", threatType: "data_exfiltration", mitre: "T1048", user: HOSTILE, message: `exfil ${HOSTILE}`, host: `"><svg onload=alert(1)>`, reasons: [`path=${HOSTILE}`] }),
    event({ anomalyScore: 0.6, severity: "LOW", threatType: "anomaly", reasons: ["hour_unusual=1 (baseline p99 0)"], source: "a&b.log" }),
  );
  return events;
}

const context = { baselineEvents: 1000, baselineStart: "2024-03-01T00:00:00.000Z", baselineEnd: "2024-03-04T00:00:00.000Z", contamination: 0.01, skipped: { "no usable timestamp": 3 } };

describe("report.html", () => {
  const events = sampleEvents();
  const summary = summarize(events, context);
  let html: string;

  beforeAll(async () => {
    html = toHtml({ events, summary, chartSvg: await renderSvg(dashboardSpec(events)), files: { CSV: REPORT_FILES.csv }, generatedAt: "2024-03-05T00:00:00.000Z" });
  });

  it("requests nothing from the network", () => {
    expect(html).not.toMatch(/\b(src|href|action|poster|data)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/<(link|iframe|object|embed)\b/i);
    // Only the one inline script; no external one.
    expect(html.match(/<script\b[^>]*>/g)).toEqual(["<script>"]);
  });

  it("forbids every fetch and runs only its own script (CSP pinned by hash)", () => {
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
    expect(csp).toContain("default-src 'none'");
    const script = html.match(/<script>([\s\S]*?)<\/script>/)![1];
    const hash = createHash("sha256").update(script).digest("base64");
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
  });

  it("escapes log content everywhere: table, summary and charts", () => {
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<svg onload");
    expect(html).not.toContain('"><svg');
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html).toContain("&quot;&gt;&lt;svg onload=alert(1)&gt;");
    // The charts drew the hostile user name as escaped text, and were kept.
    expect(html).toContain('<figure><svg');
    expect(isPlainSvg(html.match(/<figure>(<svg[\s\S]*<\/svg>)<\/figure>/)![1])).toBe(true);
    expect(html).toContain("a&amp;b.log");
  });

  it("has one table row per anomaly, highest score first, with the reasons of each", () => {
    const body = html.match(/<table id="anomalies">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/)![1];
    const rows = body.match(/<tr>[\s\S]*?<\/tr>/g)!;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain("brute_force");
    expect(rows[0]).toContain("<li>ip_failed_logins_60s=12 (threshold 5)</li><li>ip_unknown=1 (baseline p99 0)</li>");
    expect(rows[1]).toContain("data_exfiltration");
    expect(rows[2]).toContain("hour_unusual=1 (baseline p99 0)");
    expect(rows.map((r) => r.match(/data-sort="([\d.]+)"/)![1])).toEqual(["0.97", "0.9", "0.6"]);
  });

  it("has sortable headers and the sorting code", () => {
    const headers = html.match(/<th scope="col" data-type="(number|text)"[^>]*><button type="button">/g)!;
    expect(headers.length).toBeGreaterThanOrEqual(10);
    expect(html).toContain('aria-sort="descending"><button type="button">Score</button>');
    expect(html).toMatch(/addEventListener\("click"/);
    expect(html).toMatch(/\.sort\(function \(a, b\)/);
    expect(html).toMatch(/aria-sort/);
  });

  it("shows the summary and inlines the charts as SVG", () => {
    expect(html).toContain("3 anomalies in 203 events (1.48%)");
    expect(html).toContain("no usable timestamp");
    expect(html).toMatch(/<figure><svg[^>]*class="marks"/);
    expect(html).toContain("Anomalies by threat type");
  });

  it("counts the alerts the allowlist suppressed by entry kind, and only when there are some", () => {
    const hidden = (by: "user" | "ip") => event({ anomalyScore: 0.4999, suppressed: { by, anomalyScore: 0.9, threatType: "brute_force" } });
    const withHidden = [...events, hidden("user"), hidden("ip"), hidden("ip")];
    const page = toHtml({ events: withHidden, summary: summarize(withHidden, context), chartSvg: "<svg></svg>" });
    const table = page.match(/<caption>Alerts suppressed by the allowlist<\/caption><tbody>([\s\S]*?)<\/tbody>/)?.[1];
    expect(table).toBe('<tr><td>user</td><td class="num">1</td><td class="num"></td></tr><tr><td>ip</td><td class="num">2</td><td class="num"></td></tr>');
    expect(html).not.toContain("suppressed");
  });

  it("says so when there are no anomalies", async () => {
    const calm = Array.from({ length: 5 }, () => event());
    const page = toHtml({ events: calm, summary: summarize(calm, context), chartSvg: await renderSvg(dashboardSpec(calm)) });
    expect(page).toContain("No anomalies");
    expect(page).not.toContain('<table id="anomalies">');
  });

  it.each([
    ['<svg><script>alert(1)</script></svg>'],
    ['<svg><g onload="alert(1)"></g></svg>'],
    ['<svg><foreignObject><div>x</div></foreignObject></svg>'],
    ['<svg><a href="javascript:alert(1)"><text>x</text></a></svg>'],
    ['<svg><use href="https://example.com/x.svg#a"/></svg>'],
    ['<svg><rect fill="url(https://example.com/x)"/></svg>'],
    ['<svg><text>a</text><</svg>'],
    ["not svg"],
  ])("refuses the chart %s", (svg) => {
    expect(isPlainSvg(svg)).toBe(false);
    const page = toHtml({ events, summary, chartSvg: svg });
    expect(page).not.toContain(svg);
    expect(page).toContain("The charts could not be embedded");
  });

  it("keeps plain drawing markup with escaped text in attributes", () => {
    expect(isPlainSvg('<svg width="1"><g aria-label="user: &lt;b&gt; onerror=x"><rect clip-path="url(#c1)"/><text>&lt;script&gt;</text></g></svg>')).toBe(true);
  });

  it(`caps the table at ${MAX_TABLE_ROWS} rows and says so`, () => {
    const many = Array.from({ length: MAX_TABLE_ROWS + 5 }, (_, i) => event({ anomalyScore: 0.5 + (i % 100) / 1000, severity: "LOW", threatType: "anomaly" }));
    const page = toHtml({ events: many, summary: summarize(many, context), chartSvg: "<svg></svg>" });
    const table = page.match(/<table id="anomalies">[\s\S]*?<\/table>/)![0];
    expect(table.match(/<tr><td/g)?.length).toBe(MAX_TABLE_ROWS);
    const note = page.match(/<p class="hint" id="table-note">[\s\S]*?<\/p>/)![0];
    expect(note).toContain(`The table lists the ${MAX_TABLE_ROWS.toLocaleString("en-US")} highest scores of ${(MAX_TABLE_ROWS + 5).toLocaleString("en-US")} anomalies; 5 are left out here.`);
    expect(note).toContain("anomalies_detected.csv and anomalies_detailed.json have all of them");
  });

  it("is written by writeReports beside the CSV, JSON and PNG", async () => {
    const out = mkdtempSync(join(tmpdir(), "la-html-"));
    const paths = await writeReports(out, events, summary);
    expect(paths.html).toBe(join(out, "report.html"));
    for (const p of Object.values(paths)) expect(existsSync(p), p).toBe(true);
    const written = readFileSync(paths.html, "utf8");
    expect(written).toContain('<a href="anomalies_detected.csv">CSV</a>');
    expect(written.match(/<tbody>[\s\S]*?<\/tbody>/)![0].match(/<tr>/g)).toHaveLength(summary.anomalies);
  });
});
