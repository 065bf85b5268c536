import { defineCommand } from "../args.ts";
import { dataPath, logFormat, outputDir, quiet, trainingArgs } from "../common-args.ts";
import { CliError, EXIT } from "../errors.ts";
import { createReporter } from "../progress.ts";
import { openScorer, resolveTrainOptions, checkLogFormat, warnFailedFiles } from "../shared.ts";
import { prepareData, slice } from "../../pipeline/prepare.ts";
import { trainModel } from "../../pipeline/train.ts";
import { scoreRecords } from "../../pipeline/score.ts";
import { writeModelArtifacts } from "../../model/artifacts.ts";
import { writeReports } from "../../reports/write.ts";
import { formatSummary, summarize } from "../../reports/summary.ts";

export default defineCommand({
  meta: {
    name: "run",
    description: "Load logs, learn a baseline from the first days, score the rest and write reports.",
    examples: [
      "log-anomaly run --data-path samples/",
      "log-anomaly run --data-path test_logs/ --baseline-period-days 1 --contamination 0.10 --autoencoder-epochs 10",
    ],
  },
  args: {
    dataPath,
    logFormat,
    outputDir,
    baselinePeriodDays: {
      type: "number",
      description: "Days (UTC calendar days from the first record) used as the baseline",
      default: 7,
      check: (v) => (v > 0 && v <= 3650 ? undefined : "must be in (0, 3650]"),
    },
    ...trainingArgs,
    failOnAnomaly: { type: "boolean", description: "Exit with code 1 when any anomaly is found", default: false },
    quiet,
  },
  async run({ args, stdout, stderr }) {
    checkLogFormat(args);
    const opts = resolveTrainOptions(args);
    const report = createReporter(stderr, args.quiet === true);
    const scorer = await openScorer();
    report.info(`Loading logs from ${args.dataPath}`);
    const data = prepareData(scorer, String(args.dataPath), Number(args.baselinePeriodDays));
    warnFailedFiles(data, report);
    const { order, splitAt, baselineEndMs, timeMs } = data.timeline;
    if (splitAt === 0) throw new CliError("E_NO_BASELINE", "No baseline data available", "the first records start after the baseline period; check --baseline-period-days");
    if (splitAt === order.length) {
      throw new CliError("E_NO_ANALYSIS", "No analysis data available", `all records fall within the ${args.baselinePeriodDays}-day baseline; lower --baseline-period-days`);
    }
    const baseline = slice(data, 0, splitAt);
    const analysis = slice(data, splitAt, order.length);
    report.info(`Baseline: ${baseline.records.length} records; analysis: ${analysis.records.length} records`);
    const trained = await trainModel(
      scorer,
      { records: baseline.records, rows: data.rows, indices: baseline.indices, startMs: timeMs[order[0]], endMs: baselineEndMs },
      opts,
      report,
    );
    const outDir = String(args.outputDir);
    const artifacts = writeModelArtifacts(scorer, outDir, trained.bytes);
    report.info("Scoring the analysis period");
    const { events } = scoreRecords(scorer, analysis.records, analysis.sources);
    const summary = summarize(events, {
      baselineEvents: baseline.records.length,
      baselineStart: new Date(timeMs[order[0]]).toISOString(),
      baselineEnd: new Date(baselineEndMs).toISOString(),
      contamination: opts.contamination,
      skipped: data.skipped,
    });
    const written = await writeReports(outDir, events, summary);
    if (args.quiet !== true) {
      stdout.write(formatSummary(summary));
      stdout.write(`\nWrote ${[...written, artifacts.modelPath, artifacts.filterPath].join(", ")}\n`);
    }
    return args.failOnAnomaly && summary.anomalies > 0 ? EXIT.ANOMALIES : EXIT.OK;
  },
});
