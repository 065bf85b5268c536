import { defineCommand } from "../args.ts";
import { checkOutputDir } from "../../util/safe-write.ts";
import { failOnAnomaly, inputArgs, outputArgs, outputDir, trainingArgs, allowArgs, streamBy, type AllowOptions, type InputOptions, type OutputOptions } from "../common-args.ts";
import { CliError, EXIT } from "../../util/errors.ts";
import { createReporter } from "../progress.ts";
import { coverageWarnings } from "../../fit/coverage.ts";
import { loadAllowlist } from "../../allowlist/load.ts";
import { describeAllowlist } from "../../allowlist/compile.ts";
import { byteProgress, loadLogs, openScorer, resolveTrainOptions, writeJson } from "../shared.ts";
import { slice } from "../../pipeline/prepare.ts";
import { trainModel } from "../../pipeline/train.ts";
import type { TrainOptions } from "../../pipeline/train-options.ts";
import { scoreRecords } from "../../pipeline/score.ts";
import { writeModelArtifacts } from "../../filter/artifacts.ts";
import { writeReports } from "../../reports/write.ts";
import { formatSummary, summarize } from "../../reports/summary.ts";
import { toDetailedSummary } from "../../reports/json.ts";
import { loadTf } from "../../detectors/autoencoder/tf.ts";
import { streamsOf, type StreamBy } from "../../wasm/streams.ts";

export type RunOptions = InputOptions &
  OutputOptions &
  AllowOptions &
  TrainOptions & {
    outputDir: string;
    baselinePeriodDays: number;
    failOnAnomaly: boolean;
    streamBy: StreamBy;
  };

export default defineCommand<RunOptions>({
  meta: {
    name: "run",
    description: "Load logs, learn a baseline from the first days, score the rest and write reports.",
    examples: [
      "log-anomaly run --data-path samples/",
      "log-anomaly run --data-path test_logs/ --baseline-period-days 1 --contamination 0.10 --autoencoder-epochs 10",
      "log-anomaly run --config run.yaml --json > summary.json",
      "LOG_ANOMALY_CONTAMINATION=0.05 log-anomaly run --data-path logs/ --fail-on-anomaly",
    ],
  },
  args: {
    ...inputArgs,
    outputDir,
    baselinePeriodDays: {
      type: "number",
      description: "Days (UTC calendar days from the first record) used as the baseline",
      default: 7,
      check: (v) => (v > 0 && v <= 3650 ? undefined : "must be in (0, 3650]"),
    },
    streamBy,
    ...trainingArgs,
    ...allowArgs,
    failOnAnomaly,
    ...outputArgs,
  },
  async run({ args, stdout, stderr }) {
    checkOutputDir(args.outputDir);
    const opts = resolveTrainOptions(args);
    const allowlist = loadAllowlist(args.allow);
    await loadTf(); // before any work: an install without TensorFlow.js fails in one line, now
    const report = createReporter(stderr, { quiet: args.quiet });
    if (allowlist) report.info(`Allowlist ${args.allow}: ${describeAllowlist(allowlist)} (their alerts are suppressed)`);
    const scorer = await openScorer(args);
    const data = loadLogs(scorer, args.dataPath, args.baselinePeriodDays, report);
    const { order, splitAt, timeMs } = data.timeline;
    if (splitAt === 0) throw new CliError("E_NO_BASELINE", "No baseline data available", "the first records start after the baseline period; check --baseline-period-days");
    if (splitAt === order.length) {
      throw new CliError("E_NO_ANALYSIS", "No analysis data available", `all records fall within the ${args.baselinePeriodDays}-day baseline; lower --baseline-period-days`);
    }
    const baseline = slice(data, 0, splitAt);
    // The baseline's last record, not the period boundary: the span says what the model saw.
    const baselineLastMs = timeMs[order[splitAt - 1]];
    const analysis = slice(data, splitAt, order.length);
    report.info(`Baseline: ${baseline.records.length} records; analysis: ${analysis.records.length} records`);
    const trained = await trainModel(
      scorer,
      { records: baseline.records, rows: data.rows, indices: baseline.indices, startMs: timeMs[order[0]], endMs: baselineLastMs, streamBy: args.streamBy },
      opts,
      report,
      allowlist,
    );
    for (const w of coverageWarnings(trained.model.coverage!)) report.warn(w);
    const artifacts = writeModelArtifacts(scorer, args.outputDir, trained.bytes);
    report.info("Scoring the analysis period");
    const scoring = byteProgress(report, "  scoring");
    const { events } = scoreRecords(scorer, analysis.records, analysis.sources, scoring.update, streamsOf(scorer, analysis.records, args.streamBy));
    scoring.done();
    const summary = summarize(events, {
      baselineEvents: baseline.records.length,
      baselineStart: new Date(timeMs[order[0]]).toISOString(),
      baselineEnd: new Date(baselineLastMs).toISOString(),
      contamination: opts.contamination,
      skipped: data.skipped,
    });
    const reports = await writeReports(args.outputDir, events, summary);
    const files = { ...reports, model: artifacts.modelPath, filter: artifacts.filterPath, wasi_filter: artifacts.wasiFilterPath };
    if (args.json) writeJson(stdout, { command: "run", summary: toDetailedSummary(summary), files });
    else if (!args.quiet) stdout.write(formatSummary(summary) + `\nWrote ${Object.values(files).join(", ")}\n`);
    return args.failOnAnomaly && summary.anomalies > 0 ? EXIT.ANOMALIES : EXIT.OK;
  },
});
