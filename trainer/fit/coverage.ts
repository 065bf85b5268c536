// What the baseline covers: which hours of the day and days of the week it has events in, and on
// how many days. The scorer holds an event's time features at the nearest covered hour or weekday
// (assembly/features/coverage.ts), so a weekend after a weekday-only baseline, or an hour the
// baseline never saw, cannot raise an alert by itself; the CLI warns when the baseline misses part
// of the weekly cycle, because that is then all it can do.

import type { BaselineCoverage } from "../model/format.ts";
import { MS_PER_DAY, eventRow, type EventRows } from "../wasm/timeline.ts";

const HOURS = 24;
const DAYS_PER_WEEK = 7;
export const ALL_HOURS = 0xffffff;
export const ALL_WEEKDAYS = 0x7f;
export const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Monday = 0 (1970-01-01 was a Thursday), as assembly/features/features.ts counts. */
export function weekdayOf(ms: number): number {
  return (((Math.floor(ms / MS_PER_DAY) + 3) % DAYS_PER_WEEK) + DAYS_PER_WEEK) % DAYS_PER_WEEK;
}

export function learnCoverage(rows: EventRows, indices: number[]): BaselineCoverage {
  let hourMask = 0;
  let weekdayMask = 0;
  const days = new Set<number>();
  for (const i of indices) {
    const t = eventRow.time(rows, i);
    hourMask |= 1 << eventRow.hour(rows, i);
    weekdayMask |= 1 << weekdayOf(t);
    days.add(Math.floor(t / MS_PER_DAY));
  }
  return { hourMask: hourMask >>> 0, weekdayMask, days: days.size };
}

/** The warnings `train`, `run` and `validate` print about a baseline with this coverage (none for a full week). */
export function coverageWarnings(c: BaselineCoverage): string[] {
  const out: string[] = [];
  if (c.days < DAYS_PER_WEEK) {
    out.push(`the baseline covers ${c.days} day${c.days === 1 ? "" : "s"}, less than a week: what happens on other days or in other hours is learned from too little, so expect more false alarms until a model is trained on a week or more (--baseline-period-days 7)`);
  }
  const held: string[] = [];
  if (c.weekdayMask !== ALL_WEEKDAYS) held.push(`no ${listBits(c.weekdayMask ^ ALL_WEEKDAYS, WEEKDAY_NAMES)}`);
  if (c.hourMask !== ALL_HOURS) held.push(`no events in ${hourRanges(c.hourMask ^ ALL_HOURS)} UTC`);
  if (held.length > 0) {
    out.push(`the baseline has ${held.join(" and ")}: events then are scored as if at the nearest day and hour it saw, so their time alone never raises an alert (nor can it reveal one)`);
  }
  return out;
}

/** `validate`'s warning for logs from `firstMs` to `lastMs`: a baseline from them cannot cover a week. */
export function spanWarning(firstMs: number, lastMs: number): string | undefined {
  const days = Math.floor(lastMs / MS_PER_DAY) - Math.floor(firstMs / MS_PER_DAY) + 1;
  if (days >= DAYS_PER_WEEK) return undefined;
  return `the logs span ${days} calendar day${days === 1 ? "" : "s"}, less than a week: a baseline learned from them (train, run) misses part of the weekly cycle; hours and weekdays it never saw are scored as the nearest ones it did, and what happens on other days is learned from too little`;
}

/** One line for `inspect`: "Mon–Wed, hours 00–23 UTC, 3 days". */
export function describeCoverage(c: BaselineCoverage): string {
  const weekdays = c.weekdayMask === ALL_WEEKDAYS ? "every weekday" : listBits(c.weekdayMask, WEEKDAY_NAMES);
  const hours = c.hourMask === ALL_HOURS ? "every hour" : `hours ${hourRanges(c.hourMask)} UTC`;
  return `${weekdays}, ${hours}, ${c.days} day${c.days === 1 ? "" : "s"}`;
}

// --- internal ---

function listBits(mask: number, names: string[]): string {
  return names.filter((_, i) => (mask >>> i) & 1).join(", ");
}

/** "00–05, 22" for the set bits of a 24-bit hour mask. */
function hourRanges(mask: number): string {
  const pad = (h: number) => String(h).padStart(2, "0");
  const out: string[] = [];
  for (let h = 0; h < HOURS; h++) {
    if (!((mask >>> h) & 1)) continue;
    let end = h;
    while (end + 1 < HOURS && (mask >>> (end + 1)) & 1) end++;
    out.push(end === h ? pad(h) : `${pad(h)}–${pad(end)}`);
    h = end;
  }
  return out.join(", ");
}
