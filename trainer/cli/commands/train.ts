import { defineCommand } from "../args.ts";
import { dataPath, logFormat, quiet, trainingArgs } from "../common-args.ts";
import { EXIT } from "../errors.ts";
import { createReporter } from "../progress.ts";
import { checkLogFormat, openScorer, resolveTrainOptions, warnFailedFiles } from "../shared.ts";
import { prepareData, slice } from "../../pipeline/prepare.ts";
import { trainModel } from "../../pipeline/train.ts";
import { writeModelArtifacts } from "../../model/artifacts.ts";

/** Every record is baseline: retraining points at a directory of recent, normal logs. */
const ALL_DAYS = Number.MAX_SAFE_INTEGER / 86_400_000;

export default defineCommand({
  meta: {
    name: "train",
    description: "Learn a baseline from every record in the data path and write model.bin and log_anomaly_filter.wasm.",
    examples: ["log-anomaly train --data-path logs/ --output-dir model/", "npm run train -- --data-path logs/ --output-dir model/"],
  },
  args: {
    dataPath,
    logFormat,
    outputDir: { type: "string", description: "Where model.bin and log_anomaly_filter.wasm are written", default: "model" },
    ...trainingArgs,
    quiet,
  },
  async run({ args, stdout, stderr }) {
    checkLogFormat(args);
    const opts = resolveTrainOptions(args);
    const report = createReporter(stderr, args.quiet === true);
    const scorer = await openScorer();
    report.info(`Loading logs from ${args.dataPath}`);
    const data = prepareData(scorer, String(args.dataPath), ALL_DAYS);
    warnFailedFiles(data, report);
    const { order, timeMs } = data.timeline;
    const baseline = slice(data, 0, order.length);
    report.info(`Baseline: ${baseline.records.length} records`);
    const trained = await trainModel(
      scorer,
      { records: baseline.records, rows: data.rows, indices: baseline.indices, startMs: timeMs[order[0]], endMs: timeMs[order[order.length - 1]] },
      opts,
      report,
    );
    const { modelPath, filterPath } = writeModelArtifacts(scorer, String(args.outputDir), trained.bytes);
    if (args.quiet !== true) stdout.write(`Wrote ${modelPath} (${trained.bytes.length} bytes) and ${filterPath}\n`);
    return EXIT.OK;
  },
});
