// Property-based fuzzing of the Fluent Bit filter ABI (DESIGN.md "Fail open", Host ABIs →
// Fluent Bit): the deployable filter with a trained model embedded, called exactly as Fluent Bit
// calls it (test/helpers/fluent-bit-host.ts), one instance for the whole file as one filter
// section keeps it. Generators and invariants live in test/helpers/filter-fuzz.ts; each family
// of hostile input is its own seeded property, so every failure shows on its own with a shrunk
// counterexample. Longer runs: `npx tsx scripts/fuzz-long.ts --cases 1000000`.

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FluentBitHost } from "../helpers/fluent-bit-host.ts";
import { trainedModel } from "../helpers/trained-model.ts";
import { FAMILIES, T0_SEC, assertCase, warmUp, type FamilyName } from "../helpers/filter-fuzz.ts";

/** Fixed, so CI runs are reproducible; FUZZ_SEED overrides it to explore. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_122);
const DEFAULT_RUNS = 300;
/** Per-family budgets: a megabyte case costs about as much as a thousand small ones. */
const RUNS: Partial<Record<FamilyName, number>> = { "megabyte strings": 12, "deep nesting": 150 };

let host: FluentBitHost;
let plateau = 0;
let tried = 0;
let shrinks = 0;
const failedFamilies: string[] = [];

beforeAll(async () => {
  const model = await trainedModel();
  host = await FluentBitHost.load(model.filter());
  plateau = warmUp(host);
});

afterAll(async () => (await trainedModel()).dispose());

afterAll(() => {
  console.log(`filter fuzz: ${tried} cases tried (+${shrinks} shrink steps), seed ${SEED}, ${host?.calls ?? 0} filter calls, memory ${host?.memoryBytes ?? 0} bytes (plateau ${plateau})`);
});

describe("the filter never drops a record, whatever it is sent", () => {
  it.each(Object.keys(FAMILIES) as FamilyName[])("%s", (family) => {
    const numRuns = RUNS[family] ?? DEFAULT_RUNS;
    const details = fc.check(
      fc.property(FAMILIES[family], (c) => assertCase(host, c)),
      { seed: SEED, numRuns },
    );
    tried += details.numRuns;
    shrinks += details.numShrinks;
    if (details.failed) {
      failedFamilies.push(family);
      const msg = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      expect.fail(`counterexample after ${details.numRuns} runs and ${details.numShrinks} shrinks (seed ${details.seed}, path "${details.counterexamplePath}"):\n${msg}`);
    }
    expect(details.numRuns).toBe(numRuns);
  });
});

describe("memory", () => {
  it("stays at the plateau reached by one max-size record of each worst case", () => {
    // Runs after the properties above (same instance): no fuzz case may have grown memory further.
    expect(tried, "the fuzz properties ran first").toBeGreaterThan(0);
    expect(host.memoryBytes, `memory after ${host.calls} calls`).toBe(plateau);
  });

  it("still scores an ordinary record afterwards (the instance is intact)", () => {
    const r = host.filter('{"timestamp":"2024-01-22T12:00:00Z","user":"alice","event_type":"login","action":"success"}', { timeSec: T0_SEC });
    expect(r.ok ? r.value.anomaly_error : r.reason).toBeUndefined();
  });
});
