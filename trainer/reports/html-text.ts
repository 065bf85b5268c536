// The small pieces of markup every part of report.html shares: escaping (log text
// is attacker-controlled), numbers, times and the severity badge.

import type { Severity } from "../verdict/types.ts";
import { SEVERITY_COLORS } from "./dashboard.ts";

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export const h = escapeHtml;
export const count = (n: number) => n.toLocaleString("en-US");
export const percent = (part: number, total: number) => `${(total > 0 ? (100 * part) / total : 0).toFixed(2)}%`;

export function td(text: string, className = "", sortKey?: string): string {
  const cls = className ? ` class="${className}"` : "";
  const sort = sortKey === undefined ? "" : ` data-sort="${h(sortKey)}"`;
  return `<td${cls}${sort}>${h(text)}</td>`;
}

export function badge(severity: Severity): string {
  const bg = SEVERITY_COLORS[severity] ?? SEVERITY_COLORS.NONE;
  const fg = BADGE_TEXT[severity] ?? "#000";
  return `<span class="badge" style="background:${bg};color:${fg}">${h(severity)}</span>`;
}

/** "2024-01-08 03:12:45 .. 2024-01-08 23:01:10 UTC". */
export function span(start: string, end: string): string {
  return `${shortTime(start) || "?"} .. ${shortTime(end) || "?"} UTC`;
}

/** "2024-01-08T03:12:45.000Z" → "2024-01-08 03:12:45". */
export function shortTime(iso: string): string {
  return iso === "" ? "" : iso.replace("T", " ").replace(/(\.000)?Z$/, "");
}

/** The fragment id of an incident's block, so table rows can link to it. */
export function incidentAnchor(id: string): string {
  return `incident-${id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

// --- internal ---

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Text on the severity badges: dark on the light colours, white on the dark ones. */
const BADGE_TEXT: Record<Severity, string> = { NONE: "#000", LOW: "#000", MEDIUM: "#000", HIGH: "#fff", CRITICAL: "#fff" };
