import { defineCommand } from "../args.ts";
import { dataPath, logFormat, outputDir, quiet } from "../common-args.ts";
import { EXIT } from "../errors.ts";
import { createReporter } from "../progress.ts";
import { checkLogFormat, installModel, openScorer, readModelFile, warnFailedFiles } from "../shared.ts";
import { prepareData, slice } from "../../pipeline/prepare.ts";
import { scoreRecords } from "../../pipeline/score.ts";
import { writeReports } from "../../reports/write.ts";
import { formatSummary, summarize } from "../../reports/summary.ts";
import { readModel } from "../../model/read.ts";

/** Nothing is baseline: every record is scored. */
const NO_BASELINE_DAYS = 0;

export default defineCommand({
  meta: {
    name: "detect",
    description: "Score logs with an existing model and write the reports (no training).",
    examples: ["log-anomaly detect --model model/model.bin --data-path logs/today/ --output-dir reports/"],
  },
  args: {
    model: { type: "string", description: "Model file written by train or run", default: "model/model.bin" },
    dataPath,
    logFormat,
    outputDir,
    failOnAnomaly: { type: "boolean", description: "Exit with code 1 when any anomaly is found", default: false },
    quiet,
  },
  async run({ args, stdout, stderr }) {
    checkLogFormat(args);
    const report = createReporter(stderr, args.quiet === true);
    const bytes = readModelFile(String(args.model));
    const scorer = await openScorer();
    installModel(scorer, bytes, String(args.model));
    const meta = readModel(bytes).meta;
    const data = prepareData(scorer, String(args.dataPath), NO_BASELINE_DAYS);
    warnFailedFiles(data, report);
    const all = slice(data, 0, data.timeline.order.length);
    const { events } = scoreRecords(scorer, all.records, all.sources);
    const summary = summarize(events, {
      baselineEvents: meta.baselineEvents,
      baselineStart: new Date(meta.baselineStartMs).toISOString(),
      baselineEnd: new Date(meta.baselineEndMs).toISOString(),
      contamination: meta.contamination,
      skipped: data.skipped,
    });
    const written = await writeReports(String(args.outputDir), events, summary);
    if (args.quiet !== true) stdout.write(formatSummary(summary) + `\nWrote ${written.join(", ")}\n`);
    return args.failOnAnomaly && summary.anomalies > 0 ? EXIT.ANOMALIES : EXIT.OK;
  },
});
