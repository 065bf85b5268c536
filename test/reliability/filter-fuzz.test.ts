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
import { FAMILIES, OWN_KEYS, T0_SEC, assertCase, casesExcept, warmUp, type FamilyName } from "../helpers/filter-fuzz.ts";
import { fuzzModels, type FuzzModel } from "../helpers/fuzz-models.ts";

/** Fixed, so CI runs are reproducible; FUZZ_SEED overrides it to explore. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_122);
const DEFAULT_RUNS = 300;
/** Per-family budgets: a megabyte case costs about as much as a thousand small ones. */
const RUNS: Partial<Record<FamilyName, number>> = { "megabyte strings": 12, "deep nesting": 150 };
/** Per model kind, every family mixed but megabyte strings (the main instance above covers those). */
const RUNS_PER_KIND = 150;

let host: FluentBitHost;
let kinds: FuzzModel[] = [];
let plateau = 0;
let tried = 0;
let shrinks = 0;
const failedFamilies: string[] = [];

beforeAll(async () => {
  const model = await trainedModel();
  host = await FluentBitHost.load(model.filter());
  plateau = warmUp(host);
  kinds = await fuzzModels(model.model());
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

describe("every model kind is fuzzed (issue #16 item 11)", () => {
  it("the oracle knows every key the scorer writes, the allowlist's included", () => {
    expect(OWN_KEYS).toEqual(expect.arrayContaining(["anomaly_score", "allowlisted", "suppressed_score", "suppressed_threat_type"]));
  });

  it("kinds: as trained, allowlist, field map, both, and each log format", () => {
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(["allowlist", "field map", "allowlist and field map", "log format syslog", "log format cloudtrail"]));
  });

  it("each kind, on its own instance: no counterexample", async () => {
    const failures: string[] = [];
    for (const k of kinds) {
      const h = await FluentBitHost.load(k.filter);
      const details = fc.check(fc.property(casesExcept("megabyte strings"), (c) => assertCase(h, c)), { seed: SEED, numRuns: RUNS_PER_KIND });
      tried += details.numRuns;
      if (details.failed) failures.push(`${k.kind}: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
