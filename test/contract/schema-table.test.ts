// The feature schema's one table (contract/schema-table.ts): its generated scorer view
// (contract/schema.ts) is current, and the built module reports exactly the table.

import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { BASELINE_SETS, FEATURES, RULES } from "../../contract/schema-table.ts";
import { SCHEMA_FILE, renderSchema } from "../../scripts/gen-schema.ts";
import { RULE_PARAM_SPECS } from "../../trainer/fit/rule-thresholds.ts";
import { Scorer, type Schema } from "../../trainer/wasm/scorer.ts";

describe("contract/schema-table.ts", () => {
  let schema: Schema;
  beforeAll(async () => {
    schema = (await Scorer.load()).schema();
  });

  it("contract/schema.ts is what scripts/gen-schema.ts renders from the table (run it after editing the table)", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(renderSchema());
  });

  it("the built scorer's schema is the table, row for row", () => {
    expect(schema.features).toEqual(FEATURES.map((f) => f.name));
    expect(schema.log1p).toEqual(FEATURES.map((f) => (f.transform === "log1p" ? 1 : 0)));
    expect(schema.rule_params).toEqual(RULES.map((r) => r.name));
    expect(schema.baseline_sets).toEqual(BASELINE_SETS.map((s) => s.name));
  });

  it("names are unique, so every row has an id of its own", () => {
    for (const rows of [FEATURES, RULES, BASELINE_SETS]) expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it("the trainer knows how to fit every rule of the table and no other", () => {
    expect(Object.keys(RULE_PARAM_SPECS).sort()).toEqual(RULES.map((r) => r.name).sort());
  });
});
