// Writes the batch reports of one analysis into the output directory.

import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { RunSummary, ScoredEvent } from "../verdict/types.ts";
import { toCsv } from "./csv.ts";
import { toDetailedJson } from "./json.ts";
import { dashboardSpec } from "./dashboard.ts";
import { renderPng } from "./png.ts";

export const REPORT_FILES = {
  csv: "anomalies_detected.csv",
  json: "anomalies_detailed.json",
  png: "anomaly_analysis.png",
} as const;

export async function writeReports(outputDir: string, events: ScoredEvent[], summary: RunSummary): Promise<string[]> {
  mkdirSync(outputDir, { recursive: true });
  const csv = join(outputDir, REPORT_FILES.csv);
  const json = join(outputDir, REPORT_FILES.json);
  const png = join(outputDir, REPORT_FILES.png);
  writeFileSync(csv, toCsv(events));
  writeFileSync(json, toDetailedJson(events, summary));
  writeFileSync(png, await renderPng(dashboardSpec(events)));
  return [csv, json, png];
}
