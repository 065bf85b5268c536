// The specs in docs/ against the contract both sides import (contract/): every table that states
// a number or a name of the contract says what the code says.

import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tableAfter } from "../helpers/markdown-table.ts";
import { EVENT_ROW_BYTES, EventRow, FEATURE_ROW_HEAD, FeatureRow, Output } from "../../contract/batch-abi.ts";
import { ERROR_CODES, ERROR_MESSAGES, Err } from "../../contract/errors.ts";
import { FIRST_OPTIONAL_SECTION, MAX_LAYERS, MAX_LAYER_WIDTH, MAX_TREES, Section } from "../../contract/model-format.ts";
import { DEFAULT_IP_CAPACITY, DEFAULT_USER_CAPACITY, MAX_ENTITY_CAPACITY, MIN_ENTITY_CAPACITY } from "../../contract/bounds.ts";
import { SEVERITY_NAMES, THREAT_MITRE, THREAT_NAMES } from "../../contract/vocabulary.ts";
import { Scorer, type Schema } from "../../trainer/wasm/scorer.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const doc = (name: string) => readFileSync(path.join(ROOT, "docs", name), "utf8");

/** Names and values of a numeric TypeScript enum, without its reverse entries. */
function members(e: Record<string, string | number>): [string, number][] {
  return Object.entries(e).filter((kv): kv is [string, number] => typeof kv[1] === "number");
}

describe("docs/host-abi.md", () => {
  const md = doc("host-abi.md");

  it("§4.1 lists every batch mode bit", () => {
    expect(tableAfter(md, "### 4.1 Modes").map(([bit, name]) => [name, Number(bit)])).toEqual(members(Output));
  });

  it("§4.2 gives the EVENTS row's offsets and size", () => {
    expect(tableAfter(md, "### 4.2 EVENTS rows").map(([offset, , name]) => [name, Number(offset)])).toEqual(members(EventRow));
    expect(md).toContain(`\`EVENT_ROW_BYTES\` = ${EVENT_ROW_BYTES} bytes`);
  });

  it("§4.3 gives the FEATURES row's head", () => {
    const rows = tableAfter(md, "### 4.3 FEATURES rows");
    expect(rows.map(([index, name]) => [name, Number(index)])).toEqual(members(FeatureRow));
    expect(rows.length).toBe(FEATURE_ROW_HEAD);
  });

  it("§5 lists the threat types with their MITRE ids, and the severities", () => {
    expect(tableAfter(md, "| id | threat_type").map(([, name, mitre]) => [name, mitre])).toEqual(
      THREAT_NAMES.map((name, i) => [name, THREAT_MITRE[i]]),
    );
    expect(tableAfter(md, "| id | severity").map(([id, name]) => [Number(id), name])).toEqual(SEVERITY_NAMES.map((name, i) => [i, name]));
  });

  it("§6 lists every error code with its message", () => {
    const rows = tableAfter(md, "## 6. Error codes");
    expect(rows.map(([id, code, message]) => [Number(id), code, message])).toEqual(
      ERROR_CODES.slice(1).map((code, i) => [i + 1, code, ERROR_MESSAGES[i + 1]]),
    );
    expect(rows.length).toBe(Err.COUNT - 1);
  });
});

describe("docs/model-format.md", () => {
  const md = doc("model-format.md");
  let schema: Schema;
  beforeAll(async () => {
    schema = (await Scorer.load()).schema();
  });

  it("§4 lists every section id, required below FIRST_OPTIONAL_SECTION", () => {
    const rows = tableAfter(md, "## 4. Section ids").filter(([, name]) => name !== "—");
    expect(rows.map(([id, name]) => [name, Number(id)])).toEqual(members(Section));
    for (const [id, name, kind] of rows) expect([name, kind.startsWith("optional")]).toEqual([name, Number(id) >= FIRST_OPTIONAL_SECTION]);
  });

  it("§5.5 gives the RULES section's entry count and names as the scorer's schema has them", () => {
    const n = schema.rule_params.length;
    expect(md).toContain(`### 5.5 RULES (id 5), 8 + 4·${n} bytes`);
    expect(md).toContain(`MUST equal ${n} (the schema's count)`);
    expect(tableAfter(md, "| index | name | threshold on").map(([i, name]) => [Number(i), name])).toEqual(schema.rule_params.map((name, i) => [i, name]));
  });

  it("states the readers' limits of the contract", () => {
    expect(md).toContain(`1 ≤ n_trees ≤ ${MAX_TREES} (\`MAX_TREES\`)`);
    expect(md).toContain(`1 ≤ n_layers ≤ ${MAX_LAYERS} (\`MAX_LAYERS\`)`);
    expect(md).toContain(`1 ≤ out ≤ ${MAX_LAYER_WIDTH};`);
    const log2Max = Math.log2(MAX_ENTITY_CAPACITY);
    const superscript = String(log2Max).replace(/\d/g, (d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)]);
    expect(md).toContain(`a power of two in [${MIN_ENTITY_CAPACITY}, 2${superscript}]`);
    expect(DEFAULT_IP_CAPACITY).toBe(DEFAULT_USER_CAPACITY);
    expect(md).toContain(`Without a STATE section both capacities are ${DEFAULT_USER_CAPACITY}.`);
  });
});
