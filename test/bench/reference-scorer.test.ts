// The bench's own logic: the synthetic stream it measures on, and the JS
// reference's detector maths, which must be the scorer's for the WASM / JS
// speed ratio to compare like with like.

import { beforeAll, describe, expect, it } from "vitest";
import { distinctUserLogs, firstLines, lineSpans, syntheticLogs } from "../../bench/synthetic-logs.ts";
import { autoencoderScore, calibrate, ensembleRaw, iforestScore, ReferenceScorer } from "../../bench/reference-scorer.ts";
import { withoutAutoencoder, withoutForest } from "../../bench/breakdown.ts";
import { parseBenchArgs } from "../../bench/options.ts";
import { extractFeatures, type FeatureMatrix } from "../../trainer/wasm/feature-rows.ts";
import { fitNormalization, normalizedRows } from "../../trainer/fit/normalize.ts";
import { fitIForest } from "../../trainer/detectors/iforest/index.ts";
import { autoencoderActivations, type DenseLayer } from "../../trainer/detectors/autoencoder/model.ts";
import { learnRuleThresholds } from "../../trainer/fit/rule-thresholds.ts";
import { DEFAULT_SEVERITY_CUTS, type ModelData } from "../../trainer/model/format.ts";
import { readModel } from "../../trainer/model/read.ts";
import { writeModel } from "../../trainer/model/write.ts";
import { createRng } from "../../trainer/util/rng.ts";
import { Scorer } from "../../trainer/wasm/scorer.ts";

const lines = (ndjson: Uint8Array): string[] => Buffer.from(ndjson).toString("utf8").split("\n").filter((l) => l !== "");
const SAMPLE_USERS = ["admin", "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ops", "svc_backup"];

describe("syntheticLogs", () => {
  const logs = syntheticLogs({ events: 6000, replicas: 2, seed: 7, attacks: true });
  const records = lines(logs.ndjson).map((l) => JSON.parse(l));

  it("renders exactly the events asked for, as valid NDJSON in time order with unique ids", () => {
    expect(logs.count).toBe(6000);
    expect(records).toHaveLength(6000);
    const times = records.map((r) => Date.parse(r.timestamp));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    expect(new Set(records.map((r) => r.event_id)).size).toBe(6000);
    expect(logs.startMs).toBe(times[0]);
    expect(logs.endMs).toBe(times[times.length - 1]);
  });

  it("renames every entity per replica: 11 users and source IPs each, times the replicas", () => {
    expect(logs.replicas).toBe(2);
    expect(logs.weeks).toBeGreaterThanOrEqual(2);
    const users = new Set(records.map((r) => r.user));
    expect([...users].sort()).toEqual(SAMPLE_USERS.flatMap((u) => [`${u}_0`, `${u}_1`]).sort());
    // 11 per replica, plus the brute-forcing attacker's address (replica 0 is attacked)
    expect(new Set(records.map((r) => r.source_ip)).size).toBe(2 * 11 + 1);
    for (const r of records) {
      const replica = r.user.slice(r.user.lastIndexOf("_"));
      expect(r.message).not.toMatch(/\b(alice|bob|carol|dave|erin|frank|grace|heidi)\b(?!_)/);
      if (r.host.startsWith("ws-")) expect(r.host).toBe(`ws-${r.user.replace(/_\d+$/, "")}-${replica.slice(1)}`);
    }
  });

  it("keeps each replica's names the same whatever the seed, so a model trained on one seed knows the entities of another", () => {
    const other = lines(syntheticLogs({ events: 6000, replicas: 2, seed: 8 }).ndjson).map((l) => JSON.parse(l));
    const ipOf = (rs: Array<{ user: string; source_ip: string }>) => new Map(rs.filter((r) => r.user !== "admin_0").map((r) => [r.user, r.source_ip]));
    const a = ipOf(records);
    for (const [user, ip] of ipOf(other)) if (a.has(user)) expect(ip).toBe(a.get(user));
  });

  it("is deterministic for a seed and differs for another", () => {
    expect(Buffer.from(syntheticLogs({ events: 6000, replicas: 2, seed: 7, attacks: true }).ndjson).equals(Buffer.from(logs.ndjson))).toBe(true);
    expect(Buffer.from(syntheticLogs({ events: 6000, replicas: 2, seed: 9, attacks: true }).ndjson).equals(Buffer.from(logs.ndjson))).toBe(false);
  });

  it("mixes in the sample's injected attacks (15 records a week) only when asked", () => {
    const attacked = syntheticLogs({ events: 5000, replicas: 1, seed: 7, attacks: true });
    expect(attacked.attackRecords).toBeGreaterThanOrEqual(15);
    expect(attacked.attackRecords).toBeLessThanOrEqual(15 * attacked.weeks);
    expect(lines(attacked.ndjson).filter((l) => l.includes("COMMAND=/bin/su -") && l.includes('"user":"bob_0"')).length).toBeGreaterThanOrEqual(1);
    expect(syntheticLogs({ events: 5000, replicas: 1, seed: 7 }).attackRecords).toBe(0);
  });

  it("builds a stream where every event has a new user and a new source IP", () => {
    const rs = lines(distinctUserLogs(3000)).map((l) => JSON.parse(l));
    expect(rs).toHaveLength(3000);
    expect(new Set(rs.map((r) => r.user)).size).toBe(3000);
    expect(new Set(rs.map((r) => r.source_ip)).size).toBe(3000);
  });

  it("splits lines and takes prefixes at newlines", () => {
    const spans = lineSpans(logs.ndjson);
    expect(spans.start).toHaveLength(6000);
    expect(lines(firstLines(logs.ndjson, 10))).toEqual(lines(logs.ndjson).slice(0, 10));
  });
});

describe("the JS reference's detector maths against the WASM scorer", () => {
  let scorer: Scorer;
  let model: ModelData;
  let fm: FeatureMatrix;
  let records: string[];

  beforeAll(async () => {
    scorer = await Scorer.load();
    const schema = scorer.schema();
    records = lines(syntheticLogs({ events: 3000, replicas: 3, seed: 3 }).ndjson);
    const bare = extractFeatures(scorer, records, schema.features);
    const normalization = fitNormalization(bare);
    const { x, rows } = normalizedRows(bare, normalization);
    const n = schema.features.length;
    const rng = createRng(5);
    const widths = [n, 24, 12, 24, n];
    const activations = autoencoderActivations(3);
    const layers: DenseLayer[] = activations.map((activation, l) => ({
      inSize: widths[l],
      outSize: widths[l + 1],
      activation,
      weights: Float32Array.from({ length: widths[l] * widths[l + 1] }, () => rng.next() - 0.5),
      bias: Float32Array.from({ length: widths[l + 1] }, () => (rng.next() - 0.5) / 10),
    }));
    model = {
      schemaHash: schema.schema_hash,
      meta: { trainedAtMs: 0, baselineStartMs: 0, baselineEndMs: 0, baselineEvents: records.length, nFeatures: n, contamination: 0.01, randomState: 5 },
      normalization,
      iforest: fitIForest(x, rows, n, { nEstimators: 30, maxSamples: "auto", randomState: 5 }),
      autoencoder: { nFeatures: n, layers },
      rules: Float32Array.from(learnRuleThresholds(schema.rule_params, bare, 1e6), (r) => r.value),
      baselines: { sets: schema.baseline_sets.map(() => new Uint32Array(0)), profiles: { hash: new Uint32Array(0), hourMask: new Uint32Array(0), bytesP99: new Float32Array(0), events: new Uint32Array(0) } },
      calibration: [
        { low: 0.3, threshold: 0.5, high: 0.7 },
        { low: 0.5, threshold: 2, high: 8 },
        { low: 0.1, threshold: 0.5, high: 0.9 },
      ],
      severityCuts: DEFAULT_SEVERITY_CUTS,
    };
    model = readModel(writeModel(model)); // exactly what the scorer reads (f32 everywhere)
    scorer.loadModel(writeModel(model));
    fm = extractFeatures(scorer, records, schema.features);
  });

  it("walks the forest and runs the autoencoder to the scorer's raw scores", () => {
    const { x, rows } = normalizedRows(fm, model.normalization!);
    const n = fm.names.length;
    let r = 0;
    for (let i = 0; i < fm.count; i++) {
      if (!fm.valid(i)) continue;
      const row = x.subarray(r * n, (r + 1) * n);
      r++;
      expect(iforestScore(model.iforest!, row)).toBeCloseTo(fm.rawIforest(i), 5);
      const ae = autoencoderScore(model.autoencoder!, row);
      expect(Math.abs(ae - fm.rawAutoencoder(i))).toBeLessThanOrEqual(1e-4 * Math.max(1, ae));
    }
    expect(r).toBe(rows);
    expect(rows).toBeGreaterThan(2900);
  });

  it("walks trees of any shape to the reference's path lengths: a lone leaf, a chain deeper than psi allows, a count not a multiple of four", () => {
    const n = fm.names.length;
    const chain = (depth: number) => {
      // Internal node 2k splits feature k mod n; its left child 2k+1 is a leaf, its right child the next split.
      // Every split but the last sends every record right, so walks go past depth 8 (psi 256's limit).
      const size = 2 * depth + 1;
      const feature = new Int16Array(size).fill(-1);
      const threshold = new Float32Array(size);
      const right = new Uint16Array(size);
      for (let k = 0; k < depth; k++) {
        feature[2 * k] = k % n;
        threshold[2 * k] = k == depth - 1 ? 0 : -1e30;
        right[2 * k] = 2 * k + 2;
        threshold[2 * k + 1] = k + 1;
      }
      threshold[size - 1] = depth + 0.5;
      return { feature, threshold, right };
    };
    const lone = { feature: Int16Array.of(-1), threshold: Float32Array.of(3.25), right: Uint16Array.of(0) };
    const trees = [chain(20), ...model.iforest!.trees.slice(0, 3), lone, chain(1), ...model.iforest!.trees.slice(3, 6)];
    const shaped = readModel(writeModel({ ...model, iforest: { ...model.iforest!, trees } }));
    scorer.loadModel(writeModel(shaped));
    const walked = extractFeatures(scorer, records.slice(0, 500), fm.names);
    scorer.loadModel(writeModel(model));
    const { x } = normalizedRows(walked, shaped.normalization!);
    let r = 0;
    for (let i = 0; i < walked.count; i++) {
      if (!walked.valid(i)) continue;
      expect(walked.rawIforest(i)).toBeCloseTo(iforestScore(shaped.iforest!, x.subarray(r * n, ++r * n)), 6);
    }
    expect(r).toBeGreaterThan(400);
  });

  it("calibrates as assembly/verdict/verdict.ts does (the ensemble's raw value: the calibrated detectors' weighted sum plus the rule score)", () => {
    const [ifCal, aeCal] = model.calibration!;
    let withRules = 0;
    for (let i = 0; i < fm.count; i++) {
      if (!fm.valid(i)) continue;
      // The rule score is not in the feature row; it is whatever is left, in [0, 1].
      const rules = fm.rawEnsemble(i) - ensembleRaw(calibrate(ifCal, fm.rawIforest(i)), calibrate(aeCal, fm.rawAutoencoder(i)), 0);
      expect(rules).toBeGreaterThan(-1e-5);
      expect(rules).toBeLessThan(1 + 1e-5);
      if (rules > 1e-5) withRules++;
    }
    expect(withRules).toBeGreaterThan(0);
    expect(withRules).toBeLessThan(fm.count);
  });

  it.each([
    // raw,  expected   (low 0.3, threshold 0.5, high 0.7)
    [0.2, 0],
    [0.3, 0],
    [0.4, 0.25],
    [0.5, 0.5],
    [0.7, 0.75],
    [0.9, 0.875],
    [Number.NaN, 0],
  ])("calibrate(%s) = %s", (raw, expected) => {
    expect(calibrate({ low: 0.3, threshold: 0.5, high: 0.7 }, raw)).toBeCloseTo(expected, 6);
  });

  it("scores a stream end to end into enriched records carrying the three fields", () => {
    const ref = new ReferenceScorer(model, scorer.schema());
    const out = lines(Buffer.from(ref.scoreText(records.slice(0, 200).join("\n"))));
    expect(out).toHaveLength(200);
    for (const line of out) {
      const r = JSON.parse(line);
      expect(r.anomaly_score).toBeGreaterThanOrEqual(0);
      expect(r.anomaly_score).toBeLessThanOrEqual(1);
      expect(typeof r.threat_type).toBe("string");
      expect(["NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL"]).toContain(r.severity);
    }
    expect(ref.scores).toHaveLength(200);
  });

  it("builds the breakdown's reduced models so the scorer still accepts them", () => {
    for (const variant of [withoutForest(model), withoutAutoencoder(model), withoutAutoencoder(withoutForest(model))]) {
      expect(() => scorer.loadModel(writeModel(variant))).not.toThrow();
    }
    scorer.loadModel(writeModel(model));
  });
});

describe("bench flags", () => {
  it.each([
    // argv, what must hold
    [[], (o: ReturnType<typeof parseBenchArgs>) => o.events === 1_000_000 && o.trainEvents.join() === "100000,1000000" && o.reps === 3],
    [["--quick"], (o: ReturnType<typeof parseBenchArgs>) => o.events === 20_000 && o.trainEvents.join() === "50000" && o.quick],
    [["--quick", "--events", "5000"], (o: ReturnType<typeof parseBenchArgs>) => o.events === 5000 && o.trainEvents.join() === "50000"],
    [["--train-events=1000,2000"], (o: ReturnType<typeof parseBenchArgs>) => o.trainEvents.join() === "1000,2000"],
    [["--train-events", "none", "--model", "m.bin"], (o: ReturnType<typeof parseBenchArgs>) => o.trainEvents.length === 0 && o.model === "m.bin"],
  ])("parses %j", (argv, check) => {
    expect(check(parseBenchArgs(argv as string[]))).toBe(true);
  });

  it.each([[["--frobnicate"]], [["--events", "0"]], [["--events"]], [["--train-events", "none"]]])("rejects %j", (argv) => {
    expect(() => parseBenchArgs(argv)).toThrow();
  });
});
