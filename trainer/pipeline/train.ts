// Baseline records → model. Every feature value comes from the WASM scorer; the
// trainer only fits: baselines, normalisation, rule thresholds, the detectors
// and their calibration. The baseline is replayed through the scorer once, for
// its features; the calibration scores those feature rows with the scorer's own
// detectors.

import { performance } from "node:perf_hooks";
import { learnBaselines } from "../fit/baselines.ts";
import { learnCoverage } from "../fit/coverage.ts";
import { fitIForest, type IForestParams } from "../detectors/iforest/index.ts";
import { fitAutoencoder } from "../detectors/autoencoder/fit.ts";
import { resolveAutoencoderParams } from "../detectors/autoencoder/params.ts";
import type { Allowlist, ModelData, StateBounds } from "../model/format.ts";
import { writeModel } from "../model/write.ts";
import { learnRuleThresholds, type RowEntities } from "../fit/rule-thresholds.ts";
import type { Scorer } from "../wasm/scorer.ts";
import { calibrateModel } from "./calibrate.ts";
import { validateTrainOptions, type TrainOptions } from "./train-options.ts";
import { extractFeatures, FeatureMatrix } from "../wasm/feature-rows.ts";
import { fitNormalization, normalizedRows } from "../fit/normalize.ts";
import { eventRow, type EventRows } from "../wasm/timeline.ts";
import { programVersion } from "../util/version.ts";
import { streamsOf, type StreamBy } from "../wasm/streams.ts";

/** Share of the baseline (its latest records) left out of the entity baselines the detectors are fit against. */
export const HOLDOUT_SHARE = 1 / 3;

export const BASELINE_SETS = ["users", "ips", "user_ip_pairs", "user_host_pairs", "user_kind_pairs", "privileged_users"];

export interface TrainReporter {
  phase(name: string): void;
  epoch(epoch: number, total: number, loss: number): void;
  /** Optional: bytes of the baseline the scorer has replayed so far in the current phase. */
  progress?(doneBytes: number, totalBytes: number): void;
}

export interface Baseline {
  /** Record texts in time order. */
  records: string[];
  /** The scanner's event rows and the indices of the baseline records among them (same order as `records`). */
  rows: EventRows;
  indices: number[];
  startMs: number;
  endMs: number;
  /** How the baseline is replayed for its features: merged (the default, an aggregator's view) or per host (edge filters'). */
  streamBy?: StreamBy;
}

export interface TrainedModel {
  model: ModelData;
  bytes: Uint8Array;
  timings: Record<string, number>;
}

/**
 * `allowlist` (--allow) only changes which alerts the finished model raises, never what is learned,
 * so it joins the model after fitting.
 */
export async function trainModel(scorer: Scorer, baseline: Baseline, opts: TrainOptions, report: TrainReporter, allowlist?: Allowlist): Promise<TrainedModel> {
  validateTrainOptions(opts);
  const schema = scorer.schema();
  if (schema.baseline_sets.join() !== BASELINE_SETS.join()) throw new Error("trainer and scorer disagree on the baseline sets");
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t0) / 1000;
    t0 = now;
  };
  const state: StateBounds = { userCapacity: opts.userCapacity, ipCapacity: opts.ipCapacity };
  const model: ModelData = {
    schemaHash: schema.schema_hash,
    meta: {
      trainedAtMs: Date.now(),
      baselineStartMs: baseline.startMs,
      baselineEndMs: baseline.endMs,
      baselineEvents: baseline.records.length,
      nFeatures: schema.features.length,
      contamination: opts.contamination,
      randomState: opts.randomState,
    },
    state,
    // How the baseline was read (--log-format, --field-map): the filter must read records the same way.
    ...(scorer.input ? { input: scorer.input } : {}),
    coverage: learnCoverage(baseline.rows, baseline.indices),
  };
  report.phase("baselines");
  // The detectors and their calibration are fit against entity baselines learned without the
  // last part of the baseline period, so they see how often new users, IPs and pairs really
  // appear; against the full baselines every novelty feature would be 0 in training. The
  // model ships with the baselines of the whole period.
  const params = { maxEntities: opts.maxEntities };
  const learned = learnBaselines(baseline.rows, baseline.indices, params);
  const holdoutFrom = Math.ceil(baseline.indices.length * (1 - HOLDOUT_SHARE));
  const fitting = learnBaselines(baseline.rows, baseline.indices.slice(0, holdoutFrom), params);
  model.baselines = fitting.baselines;
  const noFeatures = new FeatureMatrix(new Float32Array(0), 0, schema.features);
  model.rules = Float32Array.from(learnRuleThresholds(schema.rule_params, noFeatures, learned.globalBytesP99), (r) => r.value);
  lap("baselines");

  report.phase("features");
  scorer.loadModel(writeModel(model));
  const streamBy = baseline.streamBy ?? "merged";
  const streams = streamsOf(scorer, baseline.records, streamBy);
  const fm = extractFeatures(scorer, baseline.records, schema.features, report.progress?.bind(report), streams);
  model.normalization = fitNormalization(fm);
  const rules = learnRuleThresholds(schema.rule_params, fm, learned.globalBytesP99, rowEntities(baseline));
  model.rules = Float32Array.from(rules, (r) => r.value);
  const { x, rows } = normalizedRows(fm, model.normalization);
  if (rows < 2) throw new Error("baseline has fewer than 2 usable records");
  lap("features");

  report.phase("isolation forest");
  const forestParams: IForestParams = { nEstimators: opts.isoForestEstimators, maxSamples: "auto", randomState: opts.randomState };
  model.iforest = fitIForest(x, rows, schema.features.length, forestParams);
  lap("iforest");

  report.phase("autoencoder");
  const aeParams = resolveAutoencoderParams({
    epochs: opts.autoencoderEpochs,
    maxTrainRows: opts.autoencoderMaxRows,
    batchSize: opts.batchSize,
    randomState: opts.randomState,
  });
  const ae = await fitAutoencoder(x, rows, schema.features.length, aeParams, (e, loss) => report.epoch(e, aeParams.epochs, loss));
  model.autoencoder = ae.model;
  lap("autoencoder");

  report.phase("calibration");
  calibrateModel(model, opts.contamination, scorer, { fm, x, holdoutFrom }, () => {
    scorer.loadModel(writeModel(model));
    return extractFeatures(scorer, baseline.records, schema.features, report.progress?.bind(report), streams);
  });
  model.baselines = learned.baselines;
  lap("calibration");

  model.trainingInfo = {
    logAnomalyVersion: programVersion(),
    parameters: { ...opts },
    baselineRecords: baseline.records.length,
    featureRows: rows,
    noveltyHoldoutShare: HOLDOUT_SHARE,
    entitiesSeen: Object.fromEntries(BASELINE_SETS.map((name, i) => [name, learned.seen[i]])),
    globalBytesP99: learned.globalBytesP99,
    rules: rules.map((r) => ({ name: r.name, threshold: r.value, observed: r.observed })),
    autoencoder: {
      backend: ae.backend,
      trainedRows: ae.trainedRows,
      epochs: ae.history.length,
      hiddenLayers: aeParams.hiddenLayers,
      finalLoss: ae.history[ae.history.length - 1],
    },
    timingsSeconds: timings,
    // Only per-host training says so: a model without it was replayed merged, as every model before it.
    ...(streams ? { streams: { by: streamBy, count: streams.length } } : {}),
  };
  if (allowlist) model.allowlist = allowlist;
  const bytes = writeModel(model);
  scorer.loadModel(bytes);
  return { model, bytes, timings };
}

/** The scanner's user and source-IP keys of each baseline record, in feature-row order. */
function rowEntities(baseline: Baseline): RowEntities {
  return {
    user: Uint32Array.from(baseline.indices, (i) => eventRow.user(baseline.rows, i)),
    ip: Uint32Array.from(baseline.indices, (i) => eventRow.ip(baseline.rows, i)),
  };
}
