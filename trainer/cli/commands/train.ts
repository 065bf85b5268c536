import { defineCommand } from "../args.ts";
import { TRAIN_OUTPUT_DIR, inputArgs, outputArgs, trainingArgs, allowArgs, streamBy, type AllowOptions, type InputOptions, type OutputOptions } from "../common-args.ts";
import { loadTf } from "../../detectors/autoencoder/tf.ts";
import { EXIT } from "../../util/errors.ts";
import { createReporter } from "../progress.ts";
import { coverageWarnings } from "../../fit/coverage.ts";
import { loadAllowlist } from "../../allowlist/load.ts";
import { describeAllowlist } from "../../allowlist/compile.ts";
import { loadLogs, openScorer, resolveTrainOptions, writeJson } from "../shared.ts";
import { slice } from "../../pipeline/prepare.ts";
import { trainModel } from "../../pipeline/train.ts";
import type { TrainOptions } from "../../pipeline/train-options.ts";
import { MODEL_FILE, REJECTED_MODEL_FILE, writeModelArtifacts, writeModelFile, type ModelArtifacts } from "../../filter/artifacts.ts";
import { flaggedShare, loadPreviousModel, screenBaseline } from "../../pipeline/retrain.ts";
import { driftReport, formatDrift, type DriftReport } from "../../drift/report.ts";
import { rmSync } from "node:fs";
import { streamByOf, streamsOf, type StreamBy } from "../../wasm/streams.ts";
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
    force: boolean;
    failOnDrift: boolean;
    dryRun: boolean;
    streamBy: StreamBy;
  };

export default defineCommand<TrainCommandOptions>({
  meta: {
    name: "train",
    description: "Learn a baseline from every record in the data path and write model.bin and log_anomaly_filter.wasm.",
    examples: [
      "log-anomaly train --data-path logs/ --output-dir model/",
      "npm run train -- --data-path logs/ --output-dir model/",
      "log-anomaly train --config train.yaml --json > train.json",
      "log-anomaly train --data-path logs/ --output-dir model/ --dry-run --fail-on-drift",
    ],
  },
  args: {
    ...inputArgs,
    outputDir: { type: "string", description: "Where model.bin and log_anomaly_filter.wasm are written", default: TRAIN_OUTPUT_DIR },
    streamBy,
    ...trainingArgs,
    ...allowArgs,
    excludeFlagged: {
      type: "boolean",
      description: "Leave out of the baseline the events the previous model (model.bin in the output dir) rates HIGH or CRITICAL",
      default: false,
    },
    force: {
      type: "boolean",
      description: `Deploy the new model even when it drifted beyond the limits (otherwise it is written as ${REJECTED_MODEL_FILE} and train exits 4)`,
      default: false,
    },
    failOnDrift: { type: "boolean", description: "Exit with code 4 whenever the drift is beyond the limits, deployed or not (a CI check)", default: false },
    dryRun: { type: "boolean", description: "Train and compare with the previous model, but write nothing", default: false },
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
    const previous = loadPreviousModel(scorer, join(outDir, MODEL_FILE), report.warn);
    if (previous?.model.allowlist && !allowlist) report.warn("the previous model suppressed alerts through an allowlist and this one will not; pass --allow to keep it");
    const screening = previous && screenBaseline(scorer, previous, baseline.records, streamsOf(scorer, baseline.records, streamByOf(previous.model)));
    let kept = (_: number) => true;
    if (screening && args.excludeFlagged) {
      kept = (i) => !screening.severe[i];
      const keep = (_: unknown, i: number) => kept(i);
      const before = baseline.records.length;
      baseline = { records: baseline.records.filter(keep), sources: baseline.sources.filter(keep), indices: baseline.indices.filter(keep) };
      report.info(`Excluded ${before - baseline.records.length} records the previous model rates HIGH or CRITICAL`);
    }
    report.info(`Baseline: ${baseline.records.length} records`);
    const trained = await trainModel(
      scorer,
      {
        records: baseline.records,
        rows: data.rows,
        indices: baseline.indices,
        startMs: timeMs[order[0]],
        endMs: timeMs[order[order.length - 1]],
        streamBy: args.streamBy,
      },
      opts,
      report,
      allowlist,
    );
    for (const w of coverageWarnings(trained.model.coverage!)) report.warn(w);
    const schema = scorer.schema();
    const excluded = args.excludeFlagged && screening ? screening.severe.filter(Boolean).length : undefined;
    const drift =
      previous && screening ? driftReport(previous.model, trained.model, { features: schema.features, rules: schema.rule_params, sets: schema.baseline_sets }, { flaggedShare: flaggedShare(screening, kept), excluded }) : undefined;
    for (const c of drift?.callouts ?? []) report.warn(c);
    const deploy = !args.dryRun && (!drift?.beyondLimits || args.force);
    const artifacts = deploy ? writeModelArtifacts(scorer, outDir, trained.bytes) : undefined;
    const rejectedPath = !args.dryRun && !deploy ? join(outDir, REJECTED_MODEL_FILE) : undefined;
    if (rejectedPath) writeModelFile(rejectedPath, trained.bytes);
    // A model refused earlier is superseded by the one now in service.
    else if (deploy) rmSync(join(outDir, REJECTED_MODEL_FILE), { force: true });
    const driftPath = drift && !args.dryRun ? join(outDir, DRIFT_FILE) : undefined;
    if (driftPath) writeFileSafely(driftPath, JSON.stringify(drift, null, 2) + "\n", MODE_PRIVATE);
    if (args.json) {
      const files = {
        ...(artifacts ? { model: artifacts.modelPath, filter: artifacts.filterPath, wasi_filter: artifacts.wasiFilterPath } : {}),
        ...(artifacts?.previousPath ? { previous_model: artifacts.previousPath } : {}),
        ...(rejectedPath ? { rejected_model: rejectedPath } : {}),
        ...(driftPath ? { drift: driftPath } : {}),
      };
      const trainedOn = { records: baseline.records.length, start: new Date(timeMs[order[0]]).toISOString(), end: new Date(timeMs[order[order.length - 1]]).toISOString() };
      writeJson(stdout, { command: "train", baseline: trainedOn, model_bytes: trained.bytes.length, timings_seconds: trained.timings, drift: drift ?? null, deployed: deploy, files });
    } else if (!args.quiet) {
      if (drift) stdout.write(formatDrift(drift));
      if (artifacts) stdout.write(wroteLine(artifacts, trained.bytes.length));
      else if (args.dryRun) stdout.write(`Dry run: nothing written (the model would be ${trained.bytes.length} bytes)\n`);
    }
    if (rejectedPath) refused(report.warn, drift!, rejectedPath, join(outDir, MODEL_FILE));
    return drift?.beyondLimits && (rejectedPath || args.failOnDrift) ? EXIT.DRIFT : EXIT.OK;
  },
});

// --- internal ---

function wroteLine(a: ModelArtifacts, bytes: number): string {
  return `Wrote ${a.modelPath} (${bytes} bytes), ${a.filterPath}, ${a.wasiFilterPath}${a.previousPath ? `; kept the previous model as ${a.previousPath}` : ""}\n`;
}

/** Says, even when quiet, that the deployed model stays and where the refused one is. */
function refused(warn: (line: string) => void, drift: DriftReport, rejectedPath: string, modelPath: string): void {
  const n = drift.callouts.length;
  warn(
    `drift beyond the limits (${n} callout${n === 1 ? "" : "s"} above): kept ${modelPath} in service and wrote the new model to ${rejectedPath}; ` +
      `inspect it with \`log-anomaly inspect ${rejectedPath}\`, then retrain on a clean baseline, or pass --force to deploy it anyway`,
  );
}
