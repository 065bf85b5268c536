// The vocabulary: the scorer's tables (contract/vocabulary.ts, contract/errors.ts), what the built
// module says about itself (schema_json), and the trainer's literal lists must be one list each.

import { beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES, ERROR_MESSAGES, Err } from "../../contract/errors.ts";
import { ALLOW_KIND_NAMES, SEVERITY_COUNT, SEVERITY_NAMES, THREAT_MITRE, THREAT_NAMES, Threat } from "../../contract/vocabulary.ts";
import { ALLOW_KINDS, SEVERITIES, THREAT_TYPES } from "../../trainer/verdict/types.ts";
import { Scorer, type Schema } from "../../trainer/wasm/scorer.ts";

describe("vocabulary", () => {
  let schema: Schema;
  beforeAll(async () => {
    schema = (await Scorer.load()).schema();
  });

  it("the built scorer reports the contract's threat types, severities and error codes", () => {
    expect(schema.threat_types).toEqual([...THREAT_NAMES]);
    expect(schema.severities).toEqual([...SEVERITY_NAMES]);
    expect(schema.error_codes).toEqual([...ERROR_CODES]);
  });

  it("the trainer's literal lists are the contract's", () => {
    expect([...THREAT_TYPES]).toEqual([...THREAT_NAMES]);
    expect([...SEVERITIES]).toEqual([...SEVERITY_NAMES]);
    expect(["", ...ALLOW_KINDS]).toEqual([...ALLOW_KIND_NAMES]);
  });

  it("every table has one entry per id", () => {
    expect(THREAT_NAMES.length).toBe(Threat.COUNT);
    expect(THREAT_MITRE.length).toBe(Threat.COUNT);
    expect(SEVERITY_NAMES.length).toBe(SEVERITY_COUNT);
    expect(ERROR_CODES.length).toBe(Err.COUNT);
    expect(ERROR_MESSAGES.length).toBe(Err.COUNT);
  });
});
