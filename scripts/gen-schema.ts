// Writes contract/schema.ts, the scorer's view of contract/schema-table.ts: the F, R and
// BaselineSet enums and the name and transform tables, in the subset asc accepts.
//
//   npx tsx scripts/gen-schema.ts
//
// test/contract/schema-table.test.ts fails while the committed file differs from renderSchema().

import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BASELINE_SETS, FEATURES, RULES } from "../contract/schema-table.ts";

export const SCHEMA_FILE = fileURLToPath(new URL("../contract/schema.ts", import.meta.url));

const idOf = (name: string) => name.toUpperCase();

function enumOf(name: string, rows: readonly { name: string }[]): string[] {
  return [`export enum ${name} {`, ...rows.map((r, i) => `  ${idOf(r.name)} = ${i},`), `  COUNT = ${rows.length},`, "}"];
}

function stringsOf(name: string, rows: readonly { name: string }[]): string[] {
  return [`export const ${name}: StaticArray<string> = [`, ...rows.map((r) => `  "${r.name}",`), "];"];
}

/** The text of contract/schema.ts. */
export function renderSchema(): string {
  return [
    "// GENERATED from contract/schema-table.ts by scripts/gen-schema.ts: edit the table, then run",
    "// `npx tsx scripts/gen-schema.ts`.",
    "",
    ...enumOf("F", FEATURES),
    "export const N_FEATURES: i32 = F.COUNT;",
    ...stringsOf("FEATURE_NAMES", FEATURES),
    "/** 1 where the raw value goes through log1p before normalisation. */",
    `export const FEATURE_LOG1P: StaticArray<u8> = [${FEATURES.map((f) => (f.transform === "log1p" ? 1 : 0)).join(", ")}];`,
    "",
    ...enumOf("R", RULES),
    "export const N_RULE_PARAMS: i32 = R.COUNT;",
    ...stringsOf("RULE_PARAM_NAMES", RULES),
    "",
    ...enumOf("BaselineSet", BASELINE_SETS),
    ...stringsOf("BASELINE_SET_NAMES", BASELINE_SETS),
    "",
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeFileSync(SCHEMA_FILE, renderSchema());
