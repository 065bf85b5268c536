// Hostile model files embedded in the deployable filter (DESIGN.md "Fail open", "The model is a
// file format"). test/trainer/model/model-format.test.ts covers the reader through the batch ABI
// (Scorer.loadModel); this covers what a Fluent Bit user deploys: build-filter's module with a
// corrupt model baked in, called exactly as Fluent Bit calls it. The filter must never trap and
// must pass every record through with all its fields, scored 0 / none / NONE and carrying the
// model's error code in anomaly_error.

import { existsSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FluentBitHost } from "../helpers/fluent-bit-host.ts";
import { trainedModel } from "../helpers/trained-model.ts";
import { T0_SEC, assertCase, caseProblems, casesExcept } from "../helpers/filter-fuzz.ts";
import { embedModel } from "../../trainer/filter/embed.ts";
import { crc32 } from "../../trainer/model/crc32.ts";
import { readModel } from "../../trainer/model/read.ts";
import { writeModel } from "../../trainer/model/write.ts";
import type { ModelData } from "../../trainer/model/format.ts";
import { Scorer, filterWasmPath, wasiWasmPath } from "../../trainer/wasm/scorer.ts";

const ATTACK_FILE = "samples/test_logs_attack.json";
const SEED = 7;
/** Fuzz cases per corrupt model. Invalid UTF-8 and megabyte strings are left to filter-fuzz.test.ts. */
const FUZZ_RUNS = 150;
const EMBED_MAGIC = 0x424d454c; // "LEMB", trainer/filter/embed.ts

let model: Uint8Array;
let region: { start: number; end: number };
const bases: [name: string, wasm: Uint8Array][] = [];
const attack = readFileSync(ATTACK_FILE, "utf8").split("\n").filter((l) => l.trim() !== "");

beforeAll(async () => {
  model = (await trainedModel()).model();
  const scorer = await Scorer.load();
  region = { start: scorer.exports.embed_region_start(), end: scorer.exports.embed_region_end() };
  bases.push(["log_anomaly_filter.wasm", new Uint8Array(readFileSync(filterWasmPath()))]);
  if (existsSync(wasiWasmPath())) bases.push(["log_anomaly_filter_wasi.wasm", new Uint8Array(readFileSync(wasiWasmPath()))]);
});

afterAll(async () => (await trainedModel()).dispose());

// --- corrupt models, made from the trained one ---

function edited(f: (b: Uint8Array, v: DataView) => void, fixCrc: boolean): () => Uint8Array {
  return () => {
    const b = model.slice();
    const v = new DataView(b.buffer);
    f(b, v);
    if (fixCrc) v.setUint32(b.length - 4, crc32(b.subarray(0, b.length - 4)), true);
    return b;
  };
}

function seededBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

type Build = (base: Uint8Array) => Uint8Array;
const embedded = (bytes: () => Uint8Array): Build => (base) => embedModel(base, bytes(), region);

/** The embedded prefix says the model is longer than the region that holds it. */
const overlongLength: Build = (base) => {
  const wasm = embedModel(base, model, region);
  const magic = new Uint8Array(4);
  new DataView(magic.buffer).setUint32(0, EMBED_MAGIC, true);
  const at = Buffer.from(wasm).indexOf(Buffer.from(magic));
  if (at < 0) throw new Error("embedded prefix not found");
  new DataView(wasm.buffer, wasm.byteOffset).setUint32(at + 4, 0xfffffff0, true);
  return wasm;
};

/** A well-formed, CRC-valid model the filter cannot serve: the trained one read, changed and written again. */
const rewritten = (change: (m: ModelData) => void): (() => Uint8Array) => () => {
  const m = readModel(model);
  change(m);
  return writeModel(m);
};

/** An autoencoder of `width`-wide hidden layers: each record would pay nFeatures × width × 2 multiply-adds. */
function wideAutoencoder(m: ModelData, width: number): void {
  const n = m.autoencoder!.nFeatures;
  const dense = (inSize: number, outSize: number, activation: "relu" | "linear") => ({ inSize, outSize, weights: new Float32Array(inSize * outSize), bias: new Float32Array(outSize), activation });
  m.autoencoder = { nFeatures: n, layers: [dense(n, width, "relu"), dense(width, n, "linear")] };
}

const CASES: [name: string, code: string, build: Build][] = [
  // --- CRC-valid models the filter cannot serve (issue #16 item 4) ---
  ["entity capacities 2^21 x 2^21 (over the memory budget)", "model_over_budget", embedded(rewritten((m) => (m.state = { userCapacity: 1 << 21, ipCapacity: 1 << 21 })))],
  ["severity cuts 0, 0, 0, 0 (every record CRITICAL)", "model_bad_values", embedded(rewritten((m) => (m.severityCuts = [0, 0, 0, 0])))],
  ["calibration low -1e30 (every record at the alert threshold)", "model_bad_values", embedded(rewritten((m) => (m.calibration![0] = { ...m.calibration![0], low: -1e30 })))],
  ["calibration threshold below low", "model_bad_values", embedded(rewritten((m) => (m.calibration![2] = { low: 0.5, threshold: 0.1, high: 1 })))],
  ["autoencoder hidden layer 1024 wide (over the weight budget)", "model_bad_autoencoder", embedded(rewritten((m) => wideAutoencoder(m, 1024)))],
  // --- corrupt files ---
  ["a payload byte flipped (checksum no longer matches)", "model_bad_checksum", embedded(edited((b) => (b[40] ^= 0x5a), false))],
  ["truncated to half", "model_bad_checksum", embedded(() => model.slice(0, model.length >> 1))],
  ["truncated to 20 bytes", "model_truncated", embedded(() => model.slice(0, 20))],
  ["empty", "model_truncated", embedded(() => new Uint8Array(0))],
  ["wrong magic", "model_bad_magic", embedded(edited((_, v) => v.setUint32(0, 0xdeadbeef, true), false))],
  ["random bytes of the model's size", "model_bad_magic", embedded(() => seededBytes(model.length, 0x5eed))],
  ["major version 2 (checksum fixed)", "model_bad_version", embedded(edited((_, v) => v.setUint16(4, 2, true), true))],
  ["schema hash changed (checksum fixed)", "model_schema_mismatch", embedded(edited((_, v) => v.setUint32(12, v.getUint32(12, true) ^ 1, true), true))],
  ["section count 2^32 − 1 (checksum fixed)", "model_bad_section", embedded(edited((_, v) => v.setUint32(16, 0xffffffff, true), true))],
  ["the first section's length 2^32 − 1 (checksum fixed)", "model_bad_section", embedded(edited((_, v) => v.setUint32(28, 0xffffffff, true), true))],
  ["embedded length beyond the embed region", "no_model", overlongLength],
];

function statsOf(host: FluentBitHost): Record<string, number | string> {
  const e = host.exports as unknown as { stats_json(): number; info_length(): number; memory: WebAssembly.Memory };
  const ptr = e.stats_json();
  return JSON.parse(new TextDecoder().decode(new Uint8Array(e.memory.buffer, ptr, e.info_length()))) as Record<string, number | string>;
}

describe("a filter with a corrupt embedded model passes every record through", () => {
  it.each(CASES)("%s → anomaly_error %s", async (_name, code, build) => {
    for (const [baseName, base] of bases) {
      const host = await FluentBitHost.load(build(base));
      const problems: string[] = [];
      attack.forEach((rec, i) => {
        const p = caseProblems(new TextEncoder().encode(rec), host.filter(rec, { timeSec: T0_SEC + i }), { modelError: code });
        if (p.length > 0) problems.push(`${baseName} line ${i + 1}: ${p.join("; ")}`);
      });
      expect(problems.slice(0, 5), `${baseName}: sample records`).toEqual([]);
      const details = fc.check(fc.property(casesExcept("invalid UTF-8", "megabyte strings"), (c) => assertCase(host, c, { modelError: code })), { seed: SEED, numRuns: FUZZ_RUNS });
      expect(details.failed ? String((details.errorInstance as Error)?.message ?? details.errorInstance) : "", `${baseName}: fuzz cases`).toBe("");
      const stats = statsOf(host);
      expect(stats.model_error, baseName).toBe(code);
      expect(stats.scored, baseName).toBe(0);
      expect(stats.records, baseName).toBe(host.calls);
    }
  });
});
