import { defineCommand } from "../args.ts";
import { model } from "../common-args.ts";
import { coverageWarnings, describeCoverage } from "../../fit/coverage.ts";
import { CliError, EXIT } from "../../util/errors.ts";
import { installModel, openScorer, readModelFile } from "../shared.ts";
import { SECTION } from "../../model/format.ts";
import { ModelFormatError, modelSections, readModel } from "../../model/read.ts";
import { allowlistCounts } from "../../allowlist/compile.ts";
import { shortestF32 } from "../../util/f32.ts";
import { resolveModelPath } from "../model-path.ts";
import { streamByOf } from "../../wasm/streams.ts";

const SECTION_NAMES = new Map<number, string>(Object.entries(SECTION).map(([name, id]) => [id, name.toLowerCase()]));

export interface InspectOptions {
  model: string;
  json: boolean;
}

export default defineCommand<InspectOptions>({
  meta: {
    name: "inspect",
    description: "Show what a model holds: format, feature schema, training period, detectors, learned thresholds, sizes.",
    examples: ["log-anomaly inspect", "log-anomaly inspect model/model.bin", "log-anomaly inspect model/model.rejected.bin --json"],
  },
  args: {
    model: { ...model, positional: true },
    json: { type: "boolean", description: "Print machine-readable JSON", default: false },
  },
  async run({ args, stdout, stderr }) {
    const { path, note } = resolveModelPath(args.model);
    if (note) stderr.write(note + "\n");
    const bytes = readModelFile(path);
    let m, sections;
    try {
      sections = modelSections(bytes);
      m = readModel(bytes);
    } catch (err) {
      if (err instanceof ModelFormatError) throw new CliError("E_BAD_MODEL", `Cannot read ${path}: ${err.message}`);
      throw err;
    }
    const scorer = await openScorer();
    installModel(scorer, bytes, path);
    const schema = scorer.schema();
    const forest = m.iforest;
    const info = {
      file: path,
      bytes: bytes.length,
      formatVersion: `${bytes[4] | (bytes[5] << 8)}.${bytes[6] | (bytes[7] << 8)}`,
      schemaHash: m.schemaHash,
      features: schema.features.length,
      featureSchema: schema.features.map((name, i) => ({ name, log1p: schema.log1p[i] === 1 })),
      trainedAt: new Date(m.meta.trainedAtMs).toISOString(),
      baseline: { start: new Date(m.meta.baselineStartMs).toISOString(), end: new Date(m.meta.baselineEndMs).toISOString(), events: m.meta.baselineEvents },
      // Models from before format 1.2 do not record it: their scorer judges every hour and weekday.
      coverage: m.coverage && { ...m.coverage, summary: describeCoverage(m.coverage), warnings: coverageWarnings(m.coverage) },
      contamination: shortestF32(m.meta.contamination),
      randomState: m.meta.randomState,
      isolationForest: forest && {
        trees: forest.trees.length,
        maxSamples: forest.maxSamples,
        nodes: forest.trees.reduce((n, t) => n + t.feature.length, 0),
      },
      autoencoder: m.autoencoder && {
        layers: [m.autoencoder.layers[0].inSize, ...m.autoencoder.layers.map((l) => l.outSize)].join("-"),
        ...autoencoderTraining(m.trainingInfo),
      },
      ruleThresholds: m.rules && Object.fromEntries(schema.rule_params.map((name, i) => [name, m.rules![i]])),
      baselineEntities: m.baselines && Object.fromEntries(schema.baseline_sets.map((name, i) => [name, m.baselines!.sets[i]?.length ?? 0])),
      userProfiles: m.baselines?.profiles.hash.length ?? 0,
      calibration: m.calibration,
      severityCuts: m.severityCuts?.map(shortestF32),
      stateCapacity: m.state,
      // Without a FIELD_MAP section the scorer reads records as --log-format auto with no field map.
      input: m.input ?? { logFormat: "auto", fieldMap: [] },
      streams: { by: streamByOf(m), count: (m.trainingInfo?.streams as { count?: number } | undefined)?.count ?? 1 },
      allowlist: m.allowlist && allowlistCounts(m.allowlist),
      sections: Object.fromEntries(sections.map((s) => [SECTION_NAMES.get(s.id) ?? `section_${s.id}`, s.size])),
      training: m.trainingInfo,
    };
    if (args.json) {
      // Keys are snake_case, like every JSON the CLI prints (README "Machine-readable output").
      stdout.write(JSON.stringify(snakeKeys(info), null, 2) + "\n");
      return EXIT.OK;
    }
    const lines = [
      `Model ${path} (${info.bytes} bytes, format ${info.formatVersion}, schema ${info.schemaHash.toString(16)}, ${info.features} features)`,
      `Trained ${info.trainedAt} on ${info.baseline.events} baseline events, ${info.baseline.start} .. ${info.baseline.end}`,
      `Baseline covers: ${info.coverage ? info.coverage.summary : "not recorded (a model before format 1.2)"}`,
      ...(info.coverage?.warnings ?? []).map((w) => `  warning: ${w}`),
      `Contamination ${info.contamination}, random state ${info.randomState}`,
      forest ? `Isolation Forest: ${info.isolationForest!.trees} trees, max_samples ${info.isolationForest!.maxSamples}, ${info.isolationForest!.nodes} nodes` : "Isolation Forest: none",
      info.autoencoder ? `Autoencoder: ${info.autoencoder.layers}${describeTraining(info.autoencoder)}` : "Autoencoder: none",
      "Rule thresholds:",
      ...Object.entries(info.ruleThresholds ?? {}).map(([k, v]) => `  ${k.padEnd(36)} ${+v.toPrecision(6)}`),
      "Baseline entities:",
      ...Object.entries(info.baselineEntities ?? {}).map(([k, v]) => `  ${k.padEnd(36)} ${v}`),
      `  ${"user profiles".padEnd(36)} ${info.userProfiles}`,
      "Calibration (low / threshold / high):",
      ...(info.calibration ?? []).map((c, i) => `  ${["iforest", "autoencoder", "ensemble"][i].padEnd(36)} ${c.low.toPrecision(4)} / ${c.threshold.toPrecision(4)} / ${c.high.toPrecision(4)}`),
      `Severity cut points: ${(info.severityCuts ?? []).join(", ")}`,
      `State capacity: ${info.stateCapacity?.userCapacity} users, ${info.stateCapacity?.ipCapacity} IPs`,
      info.streams.by === "host"
        ? `Baseline replayed per host: ${info.streams.count} streams, each with its own state (as edge filters see them)`
        : "Baseline replayed merged: one stream of every host's records (as an aggregator's filter sees it)",
      `Log format: ${info.input.logFormat}`,
      `Field map:${info.input.fieldMap.length === 0 ? " none" : ""}`,
      ...info.input.fieldMap.map((e) => `  ${e.field.padEnd(36)} ${e.path}`),
      `Allowlist (alerts suppressed):${info.allowlist ? "" : " none"}`,
      ...Object.entries(info.allowlist ?? {}).map(([k, v]) => `  ${k.padEnd(36)} ${v}`),
      `Feature schema (${info.features} features, hash ${info.schemaHash.toString(16)}; * = log1p before normalisation):`,
      ...info.featureSchema.map((f, i) => `  ${String(i).padStart(2)} ${f.name}${f.log1p ? " *" : ""}`),
      "Section sizes (bytes):",
      ...Object.entries(info.sections).map(([k, v]) => `  ${k.padEnd(36)} ${v}`),
    ];
    stdout.write(lines.join("\n") + "\n");
    return EXIT.OK;
  },
});

// --- internal ---

interface AutoencoderTraining {
  /** Baseline feature rows there were, and how many of them (a seeded sample) the autoencoder trained on. */
  featureRows?: number;
  trainedRows?: number;
  epochs?: number;
  finalLoss?: number;
}

/** What training recorded about the autoencoder's fit (models from before it was recorded lack some of it). */
function autoencoderTraining(info: Record<string, unknown> | undefined): AutoencoderTraining {
  const ae = (info?.autoencoder ?? {}) as AutoencoderTraining;
  return { featureRows: info?.featureRows as number | undefined, trainedRows: ae.trainedRows, epochs: ae.epochs, finalLoss: ae.finalLoss };
}

function describeTraining(t: AutoencoderTraining): string {
  const parts: string[] = [];
  if (t.trainedRows !== undefined) {
    const sampled = t.featureRows !== undefined && t.trainedRows < t.featureRows;
    parts.push(sampled ? `trained on a seeded sample of ${t.trainedRows} of ${t.featureRows} rows` : `trained on ${t.trainedRows} rows`);
  }
  if (t.epochs !== undefined) parts.push(`${t.epochs} epochs`);
  if (t.finalLoss !== undefined) parts.push(`final loss ${t.finalLoss.toPrecision(4)}`);
  return parts.length ? `, ${parts.join(", ")}` : "";
}

/** camelCase keys to snake_case, all the way down; keys that are already snake_case stay. */
function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snakeKeys(v)]));
}
