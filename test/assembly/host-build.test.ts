// The Node hosts (batch, sidecar, training) run build/log_anomaly_filter_simd.wasm, the
// filter's source built with SIMD; Fluent Bit runs build/log_anomaly_filter.wasm, built
// without. Batch and inline results must be identical event for event, so the two builds must
// give the same bytes for every record and the same floats for every feature row.

import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { trainedModel } from "../helpers/trained-model.ts";
import { simdInstructions } from "../helpers/wasm-text.ts";
import { OUTPUT, Scorer, filterWasmPath, hostWasmPath } from "../../trainer/wasm/scorer.ts";
import { readModel } from "../../trainer/model/read.ts";
import { writeModel } from "../../trainer/model/write.ts";
import type { ModelData } from "../../trainer/model/format.ts";
import type { Activation, DenseLayer } from "../../trainer/detectors/autoencoder/model.ts";
import { createRng, type Rng } from "../../trainer/util/rng.ts";
import { syntheticLogs } from "../../bench/synthetic-logs.ts";

const SYNTHETIC_EVENTS = 20_000;
const RANDOM_ROWS = 5_000;
/** Widths that are not multiples of four, so every remainder loop of the forward pass runs. */
const ODD_WIDTHS = [7, 3, 5];
const ACTIVATIONS: Activation[] = ["relu", "tanh", "linear", "relu"];

let model: Uint8Array;
let stream: Uint8Array;

beforeAll(async () => {
  model = (await trainedModel()).model();
  stream = syntheticLogs({ events: SYNTHETIC_EVENTS, seed: 5, attacks: true }).ndjson;
});

/** The filter build and the host build, each with `modelBytes` installed. */
async function bothBuilds(modelBytes: Uint8Array): Promise<[Scorer, Scorer]> {
  const builds = await Promise.all([Scorer.load(filterWasmPath()), Scorer.load(hostWasmPath())]);
  for (const s of builds) s.loadModel(modelBytes);
  return builds as [Scorer, Scorer];
}

/** Every output of the batch ABI for `input`, from a fresh state. */
function outputs(s: Scorer, input: Uint8Array): Buffer[] {
  s.resetState();
  const scored = s.process(input, OUTPUT.ENRICHED | OUTPUT.REPORT);
  s.resetState();
  const rows = s.process(input, OUTPUT.FEATURES).rows;
  return [scored.enriched, scored.report, rows].map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function bits(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function randomLayer(rng: Rng, inSize: number, outSize: number, activation: Activation): DenseLayer {
  const weights = Float32Array.from({ length: inSize * outSize }, () => (rng.next() - 0.5) * 2);
  const bias = Float32Array.from({ length: outSize }, () => rng.next() - 0.5);
  return { inSize, outSize, activation, weights, bias };
}

/** The model with its autoencoder replaced by random weights through ODD_WIDTHS. */
function withOddAutoencoder(m: ModelData, rng: Rng): ModelData {
  const n = m.autoencoder!.nFeatures;
  const widths = [n, ...ODD_WIDTHS, n];
  const layers = widths.slice(1).map((w, i) => randomLayer(rng, widths[i], w, ACTIVATIONS[i]));
  return { ...m, autoencoder: { nFeatures: n, layers } };
}

describe("the Node hosts' SIMD build", () => {
  it("uses SIMD, where the filter build uses none", () => {
    expect(simdInstructions(new Uint8Array(readFileSync(hostWasmPath()))).length).toBeGreaterThan(0);
    expect(simdInstructions(new Uint8Array(readFileSync(filterWasmPath())))).toEqual([]);
  });

  it.each([
    ["the samples", () => new Uint8Array(Buffer.concat([readFileSync("samples/test_logs_normal.json"), readFileSync("samples/test_logs_attack.json")]))],
    [`${SYNTHETIC_EVENTS} synthetic events with attacks`, () => stream],
  ])("writes the filter build's enriched records, report and feature rows for %s", async (_name, input) => {
    const [filter, host] = await bothBuilds(model);
    const expected = outputs(filter, input());
    const actual = outputs(host, input());
    expect(expected[0].length).toBeGreaterThan(0);
    expected.forEach((b, i) => expect(Buffer.compare(actual[i], b), `output ${i} differs`).toBe(0));
  });

  it("scores random feature rows with the filter build's floats, through layers of odd widths too", async () => {
    const rng = createRng(11);
    const odd = writeModel(withOddAutoencoder(readModel(model), rng));
    for (const bytes of [model, odd]) {
      const [filter, host] = await bothBuilds(bytes);
      const n = filter.schema().features.length;
      const x = Float32Array.from({ length: RANDOM_ROWS * n }, () => (rng.next() - 0.5) * 8);
      const expected = filter.detectorScores(x, n);
      const actual = host.detectorScores(x, n);
      expect(new Set(expected.autoencoder).size).toBeGreaterThan(RANDOM_ROWS / 2);
      expect(bits(actual.autoencoder).equals(bits(expected.autoencoder))).toBe(true);
      expect(bits(actual.iforest).equals(bits(expected.iforest))).toBe(true);
      expect(Buffer.compare(outputs(host, stream)[1], outputs(filter, stream)[1])).toBe(0);
    }
  });
});
