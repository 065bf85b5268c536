// Cardinality attack (DESIGN.md "Bounded state"): every record brings a new user and a new
// source IP, and a brute force hidden in the middle must still be caught, with the module's
// memory under a bound computed from the model's capacities and the scorer's slot sizes. The
// scenario lives in test/helpers/cardinality-attack.ts; `npx tsx scripts/fuzz-long.ts
// --cardinality 1000000` runs it at a million records (CARDINALITY_RECORDS overrides the CI size).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trainedModel, type TrainedModel } from "../helpers/trained-model.ts";
import { BRUTE_FORCE_ATTEMPTS, MUST_DETECT_FROM, runCardinalityAttack, type CardinalityResult } from "../helpers/cardinality-attack.ts";

/** 1M takes ~10 s alone but ~25–40 s beside other test files on a 2-CPU runner; CI runs 200k. */
const RECORDS = Number(process.env.CARDINALITY_RECORDS ?? 200_000);
const MIB = 1 << 20;

let model: TrainedModel;
let result: CardinalityResult;

beforeAll(async () => {
  model = await trainedModel();
  result = await runCardinalityAttack({ filter: model.filter(), model: model.model() }, { records: RECORDS });
  const r = result;
  console.log(
    `cardinality: ${r.records} records, ${r.distinctUsers} distinct users, ${r.distinctIps} distinct IPs in ${(r.elapsedMs / 1000).toFixed(1)} s; ` +
      `memory initial ${r.initialMemory}, after first chunk ${r.memoryAfterWarmup}, peak ${r.peakMemory} (${(r.peakMemory / MIB).toFixed(1)} MiB), ` +
      `bound ${r.boundBytes} (${(r.boundBytes / MIB).toFixed(1)} MiB), unbounded state would need ${(r.unboundedBytes / MIB).toFixed(0)} MiB; ` +
      `evictions users ${r.stats.user_evictions} IPs ${r.stats.ip_evictions}; brute force flagged on failures [${r.detectedOn}] (alone: [${r.controlDetectedOn}])`,
  );
}, 120_000);

afterAll(async () => (await trainedModel()).dispose());

describe(`${RECORDS.toLocaleString("en")} distinct users and IPs`, () => {
  it("keep the module's memory under capacity × slot bytes + model + buffers", () => {
    expect(result.peakMemory, result.boundFormula).toBeLessThanOrEqual(result.boundBytes);
    expect(result.finalMemory).toBe(result.peakMemory);
  });

  it("are absorbed by eviction, not by growth", () => {
    expect(result.stats.records).toBe(RECORDS + BRUTE_FORCE_ATTEMPTS);
    expect(Number(result.stats.user_evictions)).toBeGreaterThanOrEqual(RECORDS - result.userCapacity);
    expect(Number(result.stats.ip_evictions)).toBeGreaterThanOrEqual(RECORDS - result.ipCapacity);
    // The bound means something only if unbounded state would break it.
    if (RECORDS >= 4 * (result.userCapacity + result.ipCapacity)) expect(result.unboundedBytes).toBeGreaterThan(result.boundBytes);
  });

  it(`do not hide the brute force in their middle: failures ${MUST_DETECT_FROM}–${BRUTE_FORCE_ATTEMPTS} are brute_force, exactly as without the spray`, () => {
    expect(result.bruteForceThreats).toHaveLength(BRUTE_FORCE_ATTEMPTS);
    expect(result.bruteForceThreats.slice(MUST_DETECT_FROM - 1)).toEqual(Array(BRUTE_FORCE_ATTEMPTS - MUST_DETECT_FROM + 1).fill("brute_force"));
    expect(result.bruteForce, "verdicts inside the spray vs alone").toEqual(result.controlVerdicts);
    expect(result.bruteForce.at(-1)?.anomaly_reasons.join("; "), "the last failure counts all 15 in its minute").toMatch(new RegExp(`ip_failed_logins_(60s|10m|1h)=${BRUTE_FORCE_ATTEMPTS} `));
    expect(result.problems).toEqual([]);
  });
});

