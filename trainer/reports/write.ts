// Writes the batch reports of one analysis into the output directory. The
// dashboard is laid out once: the same SVG becomes the PNG and is inlined in the HTML.
// Reports are meant to be shared (MODE_PUBLIC), and written like every output (safe-write.ts).

import { join } from "node:path";
import { MODE_PUBLIC, makeOutputDir, writeFileSafely } from "../util/safe-write.ts";
import type { RunSummary, ScoredEvent } from "../verdict/types.ts";
import { toCsv } from "./csv.ts";
import { toDetailedJson } from "./json.ts";
import { dashboardSpec } from "./dashboard.ts";
import { renderSvg, svgToPng } from "./png.ts";
import { toHtml } from "./html.ts";
import { groupIncidents } from "./incidents.ts";

import { REPORT_FILES } from "./report-files.ts";

export { REPORT_FILES };

/** Paths of the files written, by kind. */
export type ReportPaths = { [K in keyof typeof REPORT_FILES]: string };

export async function writeReports(outputDir: string, events: ScoredEvent[], summary: RunSummary): Promise<ReportPaths> {
  makeOutputDir(outputDir);
  const write = (path: string, data: Uint8Array | string) => writeFileSafely(path, data, MODE_PUBLIC);
  const paths: ReportPaths = {
    csv: join(outputDir, REPORT_FILES.csv),
    json: join(outputDir, REPORT_FILES.json),
    png: join(outputDir, REPORT_FILES.png),
    html: join(outputDir, REPORT_FILES.html),
    incidents: join(outputDir, REPORT_FILES.incidents),
  };
  const svg = await renderSvg(dashboardSpec(events));
  write(paths.csv, toCsv(events));
  write(paths.json, toDetailedJson(events, summary));
  write(paths.incidents, JSON.stringify(groupIncidents(events), null, 2) + "\n");
  write(paths.png, await svgToPng(svg));
  const siblings = { "CSV": REPORT_FILES.csv, "JSON": REPORT_FILES.json, "PNG dashboard": REPORT_FILES.png };
  write(paths.html, toHtml({ events, summary, chartSvg: svg, files: siblings }));
  return paths;
}
