// trainModel refuses out-of-range options itself, with the checks and words the CLI uses, so a
// library caller cannot train a model the command line would have refused.

import { describe, expect, it } from "vitest";
import { trainModel, type Baseline, type TrainReporter } from "../../../trainer/pipeline/train.ts";
import { DEFAULT_TRAIN_OPTIONS, validateTrainOptions, type TrainOptions } from "../../../trainer/pipeline/train-options.ts";
import { CliError } from "../../../trainer/util/errors.ts";
import type { Scorer } from "../../../trainer/wasm/scorer.ts";
import { runCli } from "../../helpers/cli.ts";
import { kebab } from "../../../trainer/cli/args.ts";

/** A scorer and baseline that fail loudly if training got past its option checks. */
const untouchable = new Proxy({}, { get: (_t, key) => { throw new Error(`training started (touched ${String(key)})`); } });
const quiet: TrainReporter = { phase: () => {}, epoch: () => {} };

describe("training options", () => {
  it("accepts the defaults", () => {
    expect(() => validateTrainOptions({ ...DEFAULT_TRAIN_OPTIONS })).not.toThrow();
  });

  it.each<[keyof TrainOptions, number, RegExp]>([
    ["contamination", 0.9, /must be in \(0, 0\.5\]/],
    ["contamination", 0, /must be in \(0, 0\.5\]/],
    ["isoForestEstimators", 2.5, /must be an integer in \[1, 10000\]/],
    ["autoencoderEpochs", 0, /must be an integer in \[1, 10000\]/],
    ["autoencoderMaxRows", 0, /must be an integer in \[1, 10000000\]/],
    ["batchSize", 2_000_000, /must be an integer in \[1, 1048576\]/],
    ["randomState", -1, /must be an integer in \[0, 4294967295\]/],
    ["userCapacity", 1000, /must be a power of two in \[8, 1048576\]/],
    ["ipCapacity", 4, /must be a power of two in \[8, 1048576\]/],
    ["maxEntities", 0, /must be an integer in \[1, 10000000\]/],
  ])("%s = %s: trainModel and the CLI refuse it alike", async (name, bad, problem) => {
    const call = trainModel(untouchable as Scorer, untouchable as Baseline, { ...DEFAULT_TRAIN_OPTIONS, [name]: bad }, quiet);
    const err = await call.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).code).toBe("E_BAD_VALUE");
    const library = (err as CliError).message;
    expect(library).toMatch(problem);
    expect(library).toBe(`${name} ${problem.exec(library)![0]}, got: ${bad}`);

    const cli = await runCli(["train", `--${kebab(name)}`, String(bad)]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(`error: --${kebab(name)} ${library.slice(name.length + 1)}\n`);
  });

  it("refuses a value that is not a number", () => {
    expect(() => validateTrainOptions({ ...DEFAULT_TRAIN_OPTIONS, batchSize: "64" as unknown as number })).toThrow("batchSize must be a number, got: 64");
  });
});
