// The feature schema's hash, stored in every model: change the schema and old models are
// refused rather than mis-read. The schema itself (features, their order and transforms, rule
// parameters, baseline sets) is one table, contract/schema-table.ts, read here through its
// generated view, contract/schema.ts.

import { hashString } from "./hash";
import { THREAT_NAMES } from "../../contract/vocabulary.ts";
import { BASELINE_SET_NAMES, BaselineSet, FEATURE_LOG1P, FEATURE_NAMES, N_FEATURES, N_RULE_PARAMS, RULE_PARAM_NAMES } from "../../contract/schema.ts";

export { BASELINE_SET_NAMES, BaselineSet, F, FEATURE_LOG1P, FEATURE_NAMES, N_FEATURES, N_RULE_PARAMS, R, RULE_PARAM_NAMES } from "../../contract/schema"; // asc resolves re-exports without the extension only

/** The schema as text; the model stores its FNV-1a hash. */
export function schemaText(): string {
  let s = "features:";
  for (let i = 0; i < N_FEATURES; i++) {
    s += FEATURE_NAMES[i] + (FEATURE_LOG1P[i] ? "~log1p" : "") + ",";
  }
  s += "|rules:";
  for (let i = 0; i < N_RULE_PARAMS; i++) s += RULE_PARAM_NAMES[i] + ",";
  s += "|sets:";
  for (let i = 0; i < BaselineSet.COUNT; i++) s += BASELINE_SET_NAMES[i] + ",";
  s += "|threats:";
  for (let i = 0; i < THREAT_NAMES.length; i++) s += THREAT_NAMES[i] + ",";
  return s;
}

let cachedHash: u32 = 0;

export function schemaHash(): u32 {
  if (cachedHash == 0) cachedHash = hashString(schemaText());
  return cachedHash;
}
