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
    expect(json.autoencoder).toMatchObject({ trained_rows: MAX_ROWS, epochs: 2 });
    expect(json.autoencoder.feature_rows).toBeGreaterThan(MAX_ROWS);
  });

  it("prints JSON with snake_case keys only, as the README promises", async () => {
    const json = JSON.parse((await runCli(["inspect", (await model).modelPath, "--json"])).stdout);
    const camel: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) (/[A-Z]/.test(k) ? camel.push(`${path}.${k}`) : 0, walk(x, `${path}.${k}`));
    };
    walk(json, "");
    expect(camel).toEqual([]);
    expect(json).toMatchObject({ format_version: expect.any(String), schema_hash: expect.any(Number), contamination: 0.005 });
    expect(json.severity_cuts).toEqual([0.5, 0.7, 0.85, 0.95]);
  });

  it("prints the feature schema, name by name, as docs/model-format.md says", async () => {
    const { modelPath } = await model;
    const text = (await runCli(["inspect", modelPath])).stdout;
    const json = JSON.parse((await runCli(["inspect", modelPath, "--json"])).stdout);
    expect(json.feature_schema).toHaveLength(json.features);
    expect(text).toMatch(new RegExp(`^Feature schema \\(${json.features} features, hash [0-9a-f]+;`, "m"));
    for (const [i, f] of (json.feature_schema as Array<{ name: string; log1p: boolean }>).entries()) {
      expect(text).toContain(`  ${String(i).padStart(2)} ${f.name}${f.log1p ? " *" : ""}\n`);
    }
  });

  it("prints values the model stores as f32 as the decimals they were set to", async () => {
    const text = await runCli(["inspect", (await model).modelPath]);
    expect(text.stdout).toMatch(/^Contamination 0\.005, random state 42$/m);
    expect(text.stdout).toMatch(/^Severity cut points: 0\.5, 0\.7, 0\.85, 0\.95$/m);
  });
});
