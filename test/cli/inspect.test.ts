// `inspect` says how the autoencoder was trained: how many rows (a seeded sample of the
// baseline beyond --autoencoder-max-rows) and how many epochs; f32 settings print as set.

import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { trainedModel } from "../helpers/trained-model.ts";

const MAX_ROWS = 500;

describe("inspect", () => {
  const model = trainedModel({ autoencoderEpochs: 2, extraArgs: ["--autoencoder-max-rows", String(MAX_ROWS)] });
  afterAll(async () => (await model).dispose());

  it("names the autoencoder's sample and epochs in text and JSON", async () => {
    const { modelPath } = await model;
    const text = await runCli(["inspect", modelPath]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`Autoencoder: [0-9-]+, trained on a seeded sample of ${MAX_ROWS} of \\d+ rows, 2 epochs, final loss `));
    const json = JSON.parse((await runCli(["inspect", modelPath, "--json"])).stdout);
    expect(json.autoencoder).toMatchObject({ trainedRows: MAX_ROWS, epochs: 2 });
    expect(json.autoencoder.featureRows).toBeGreaterThan(MAX_ROWS);
  });

  it("prints values the model stores as f32 as the decimals they were set to", async () => {
    const text = await runCli(["inspect", (await model).modelPath]);
    expect(text.stdout).toMatch(/^Contamination 0\.005, random state 42$/m);
    expect(text.stdout).toMatch(/^Severity cut points: 0\.5, 0\.7, 0\.85, 0\.95$/m);
  });
});
