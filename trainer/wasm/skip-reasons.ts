// Why a record is not used, in the words both `run`/`detect`/`train` (the
// summary's "Skipped records") and `validate` (its problems) print, so a reason
// seen in one is found by name in the other. Records the scanner refuses are
// named by its own error code (assembly/errors.ts ERROR_CODES: invalid_json,
// not_object, empty_record, trailing_data), as in `anomaly_error`.

import { OUTPUT, type Scorer } from "./scorer.ts";

/** A record that parses but has no timestamp the scanner can read. */
export const NO_TIMESTAMP = "no usable timestamp";
/** A record byte-identical to an earlier one. */
export const DUPLICATE_RECORD = "duplicate record";

/** Scanner error codes that are about the model, not the record: the data checks run without one. */
export const isModelCode = (code: string) => code === "" || code === "no_model" || code.startsWith("model_");

/** The scanner's error code for each record it refuses, counted; records it reads are not counted. */
export function refusedByCode(scorer: Scorer, records: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  if (records.length === 0) return counts;
  const { report, count } = scorer.process(records, OUTPUT.REPORT);
  const lines = new TextDecoder().decode(report).split("\n");
  for (let i = 0; i < count; i++) {
    const code = (JSON.parse(lines[i]) as { error: string }).error;
    if (!isModelCode(code)) counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}
