import { defineCommand } from "../args.ts";
import { checkOutputDir } from "../../util/safe-write.ts";
import { allowOverrideArgs, failOnAnomaly, inputArgs, model, outputArgs, outputDir, streamByOverride, type AllowOptions, type InputOptions, type OutputOptions } from "../common-args.ts";
import { EXIT } from "../../util/errors.ts";
import { createReporter } from "../progress.ts";
import { applyAllowFlag, byteProgress, installModel, loadLogs, openScorer, readModelFile, writeJson } from "../shared.ts";
import { slice } from "../../pipeline/prepare.ts";
import { scoreRecords } from "../../pipeline/score.ts";
import { writeReports } from "../../reports/write.ts";
import { formatSummary, summarize } from "../../reports/summary.ts";
import { toDetailedSummary } from "../../reports/json.ts";
import { readModel } from "../../model/read.ts";
import { resolveModelPath } from "../model-path.ts";
import { streamByOf, streamsOf, type StreamBy } from "../../wasm/streams.ts";

/** Nothing is baseline: every record is scored. */
const NO_BASELINE_DAYS = 0;

export type DetectOptions = InputOptions &
  OutputOptions &
  AllowOptions & {
    model: string;
    outputDir: string;
    failOnAnomaly: boolean;
    streamBy: StreamBy | "model";
  };

export default defineCommand<DetectOptions>({
  meta: {
    name: "detect",
    description: "Score logs with an existing model and write the reports (no training).",
    examples: [
      "log-anomaly detect --model model/model.bin --data-path logs/today/ --output-dir reports/",
      "log-anomaly detect --data-path logs/today/ --fail-on-anomaly --json | jq .summary.anomalies",
      "log-anomaly detect --data-path samples/test_logs_attack.json   # right after `npm start`: uses anomaly_outputs/model.bin",
      "log-anomaly detect --model model/model.bin --allow allow.txt --data-path logs/today/",
    ],
  },
  args: {
    model,
    ...inputArgs,
    ...allowOverrideArgs,
    streamBy: streamByOverride,
    outputDir,
    failOnAnomaly,
    ...outputArgs,
  },
  async run({ args, stdout, stderr }) {
    checkOutputDir(args.outputDir);
    const report = createReporter(stderr, { quiet: args.quiet });
    const { path: modelPath, note } = resolveModelPath(args.model);
    if (note) report.info(note);
    const bytes = applyAllowFlag(readModelFile(modelPath), modelPath, args.allow, report.info);
    const scorer = await openScorer();
    installModel(scorer, bytes, modelPath);
    if (args.logFormat !== "auto" || args.fieldMap) report.warn("--log-format and --field-map are ignored: records are read as the model was trained (its own settings)");
    const trained = readModel(bytes);
    const meta = trained.meta;
    const by = args.streamBy === "model" ? streamByOf(trained) : args.streamBy;
    const data = loadLogs(scorer, args.dataPath, NO_BASELINE_DAYS, report);
    const all = slice(data, 0, data.timeline.order.length);
    const scoring = byteProgress(report, "  scoring");
    const { events } = scoreRecords(scorer, all.records, all.sources, scoring.update, streamsOf(scorer, all.records, by));
    scoring.done();
    const summary = summarize(events, {
      baselineEvents: meta.baselineEvents,
      baselineStart: new Date(meta.baselineStartMs).toISOString(),
      baselineEnd: new Date(meta.baselineEndMs).toISOString(),
      contamination: meta.contamination,
      skipped: data.skipped,
    });
    const files = await writeReports(args.outputDir, events, summary);
    if (args.json) writeJson(stdout, { command: "detect", model: modelPath, stream_by: by, summary: toDetailedSummary(summary), files });
    else if (!args.quiet) stdout.write(formatSummary(summary) + `\nWrote ${Object.values(files).join(", ")}\n`);
    return args.failOnAnomaly && summary.anomalies > 0 ? EXIT.ANOMALIES : EXIT.OK;
  },
});
