import { defineCommand } from "../args.ts";
import { inputArgs, outputArgs, trainingArgs, allowArgs, type AllowOptions, type InputOptions, type OutputOptions } from "../common-args.ts";
import { loadTf } from "../../detectors/autoencoder/tf.ts";
import { EXIT } from "../../util/errors.ts";
import { createReporter } from "../progress.ts";
import { loadAllowlist } from "../../allowlist/load.ts";
import { describeAllowlist } from "../../allowlist/compile.ts";
import { loadLogs, openScorer, resolveTrainOptions, writeJson } from "../shared.ts";
import { slice } from "../../pipeline/prepare.ts";
import { trainModel } from "../../pipeline/train.ts";
import type { TrainOptions } from "../../pipeline/train-options.ts";
import { MODEL_FILE, writeModelArtifacts } from "../../filter/artifacts.ts";
import { loadPreviousModel, screenBaseline } from "../../pipeline/retrain.ts";
import { driftReport, formatDrift } from "../../drift/report.ts";
import { join } from "node:path";
import { MODE_PRIVATE, checkOutputDir, writeFileSafely } from "../../util/safe-write.ts";

export const DRIFT_FILE = "drift.json";

/** Every record is baseline: retraining points at a directory of recent, normal logs. */
const ALL_DAYS = Number.MAX_SAFE_INTEGER / 86_400_000;

export type TrainCommandOptions = InputOptions &
  OutputOptions &
  AllowOptions &
  TrainOptions & {
    outputDir: string;
    excludeFlagged: boolean;
  };

export default defineCommand<TrainCommandOptions>({
  meta: {
    name: "train",
    description: "Learn a baseline from every record in the data path and write model.bin and log_anomaly_filter.wasm.",
    examples: [
      "log-anomaly train --data-path logs/ --output-dir model/",
      "npm run train -- --data-path logs/ --output-dir model/",
      "log-anomaly train --config train.yaml --json > train.json",
    ],
  },
  args: {
    ...inputArgs,
    outputDir: { type: "string", description: "Where model.bin and log_anomaly_filter.wasm are written", default: "model" },
    ...trainingArgs,
    ...allowArgs,
    excludeFlagged: {
      type: "boolean",
      description: "Leave out of the baseline the events the previous model (model.bin in the output dir) rates HIGH or CRITICAL",
      default: false,
    },
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
    const data = loadLogs(scorer, args.dataPath, ALL_DAYS, report);
    const { order, timeMs } = data.timeline;
    let baseline = slice(data, 0, order.length);
    const outDir = args.outputDir;
    const previous = loadPreviousModel(scorer, join(outDir, MODEL_FILE), report.info);
    if (previous?.model.allowlist && !allowlist) {
      report.info(`warning: the previous model suppressed alerts through an allowlist and this one will not; pass --allow to keep it`);
    }
    const screening = previous && screenBaseline(scorer, previous, baseline.records);
    if (screening && args.excludeFlagged) {
      const keep = (_: unknown, i: number) => !screening.severe[i];
      const before = baseline.records.length;
      baseline = { records: baseline.records.filter(keep), sources: baseline.sources.filter(keep), indices: baseline.indices.filter(keep) };
      report.info(`Excluded ${before - baseline.records.length} records the previous model rates HIGH or CRITICAL`);
    }
    report.info(`Baseline: ${baseline.records.length} records`);
    const trained = await trainModel(
      scorer,
      { records: baseline.records, rows: data.rows, indices: baseline.indices, startMs: timeMs[order[0]], endMs: timeMs[order[order.length - 1]] },
      opts,
      report,
      allowlist,
    );
    const schema = scorer.schema();
    const drift = previous && screening && driftReport(previous.model, trained.model, { features: schema.features, rules: schema.rule_params, sets: schema.baseline_sets }, screening.flaggedShare);
    const artifacts = writeModelArtifacts(scorer, outDir, trained.bytes);
    if (drift) writeFileSafely(join(outDir, DRIFT_FILE), JSON.stringify(drift, null, 2) + "\n", MODE_PRIVATE);
    if (args.json) {
      const files = {
        model: artifacts.modelPath,
        filter: artifacts.filterPath,
        wasi_filter: artifacts.wasiFilterPath,
        ...(artifacts.previousPath ? { previous_model: artifacts.previousPath } : {}),
        ...(drift ? { drift: join(outDir, DRIFT_FILE) } : {}),
      };
      const trainedOn = { records: baseline.records.length, start: new Date(timeMs[order[0]]).toISOString(), end: new Date(timeMs[order[order.length - 1]]).toISOString() };
      writeJson(stdout, { command: "train", baseline: trainedOn, model_bytes: trained.bytes.length, timings_seconds: trained.timings, drift: drift || null, files });
    } else if (!args.quiet) {
      if (drift) stdout.write(formatDrift(drift));
      stdout.write(`Wrote ${artifacts.modelPath} (${trained.bytes.length} bytes), ${artifacts.filterPath}, ${artifacts.wasiFilterPath}`);
      stdout.write(`${artifacts.previousPath ? `; kept the previous model as ${artifacts.previousPath}` : ""}\n`);
    }
    return EXIT.OK;
  },
});
