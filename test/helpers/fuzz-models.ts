// Every kind of model the filter may carry, made from one trained model without training again:
// as trained, with an allowlist naming the users and sources the fuzz generators write (so the
// suppression path and its keys are fuzzed), with a field map, and read as each log format.
// Each is embedded into the deployable filter, as build-filter does.

import { LOG_FORMAT_NAMES, type InputSettings } from "../../trainer/model/format.ts";
import { readModel } from "../../trainer/model/read.ts";
import { writeModel } from "../../trainer/model/write.ts";
import { compileAllowlist } from "../../trainer/allowlist/compile.ts";
import { parseAllowlist } from "../../trainer/allowlist/parse.ts";
import { replaceAllowlist } from "../../trainer/allowlist/replace.ts";
import { buildFilter } from "../../trainer/filter/artifacts.ts";
import { Scorer } from "../../trainer/wasm/scorer.ts";

export interface FuzzModel {
  kind: string;
  model: Uint8Array;
  filter: Uint8Array;
}

/** Names filter-fuzz-cases.ts puts in records: alerts on them are suppressed. */
const ALLOW_TEXT = "user admin\nuser alice\nip 203.0.113.9\nip 10.0.0.0/8\npair svc_backup 10.0.9.10\n";
const FIELD_MAP: InputSettings["fieldMap"] = [
  { field: "user", path: "actor.login" },
  { field: "source_ip", path: "client.address" },
];

function withInput(bytes: Uint8Array, input: InputSettings): Uint8Array {
  const m = readModel(bytes);
  m.input = input;
  return writeModel(m);
}

export async function fuzzModels(trained: Uint8Array): Promise<FuzzModel[]> {
  const allowlist = compileAllowlist(parseAllowlist(ALLOW_TEXT, "fuzz allowlist"), "fuzz allowlist");
  const allowed = replaceAllowlist(trained, "fuzz model", allowlist).bytes;
  const models: [string, Uint8Array][] = [
    ["as trained", trained],
    ["allowlist", allowed],
    ["field map", withInput(trained, { logFormat: "auto", fieldMap: FIELD_MAP })],
    ["allowlist and field map", withInput(allowed, { logFormat: "auto", fieldMap: FIELD_MAP })],
    ...LOG_FORMAT_NAMES.map((f): [string, Uint8Array] => [`log format ${f}`, withInput(trained, { logFormat: f, fieldMap: [] })]),
  ];
  const scorer = await Scorer.load();
  return models.map(([kind, model]) => {
    scorer.loadModel(model); // refuses a variant the scorer would not serve
    return { kind, model, filter: buildFilter(scorer, model) };
  });
}
