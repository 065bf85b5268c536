// Option sources: command line > LOG_ANOMALY_<OPTION> > --config file > default.
// The same table is read by all three, so a config key, a variable and a flag
// mean the same thing; unknown config keys and bad values are errors that name
// where they came from.

import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { envName, fromConfigFile, fromEnv, optionName, resolveOptions } from "../../trainer/cli/config.ts";
import { GLOBAL_ARGS, parseArgv, type ArgsDef } from "../../trainer/cli/args.ts";
import run from "../../trainer/cli/commands/run.ts";

const dir = mkdtempSync(join(tmpdir(), "la-config-"));
const RECORD = '{"timestamp":"2024-01-15T10:00:00Z","user":"a","event_type":"login","action":"success"}\n';
/** Three data directories, one per source, so the output says which source won. */
const DATA = Object.fromEntries(
  ["file", "env", "flag"].map((source) => {
    const d = join(dir, `data-${source}`);
    mkdirSync(d);
    writeFileSync(join(d, "a.jsonl"), RECORD);
    return [source, d];
  }),
) as Record<"file" | "env" | "flag", string>;

function configFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const runArgs = run.args as ArgsDef;

/** Resolves `run`'s options from the three sources, as main() does. */
async function resolveRun(argv: string[], env: Record<string, string>, config?: string) {
  const given = parseArgv(argv, { ...runArgs, ...GLOBAL_ARGS });
  const file = config === undefined ? {} : await fromConfigFile(config, runArgs, "run");
  return resolveOptions(runArgs, { argv: given, env: fromEnv(env, runArgs), file });
}

describe("option precedence: flag > env > config file > default", () => {
  const yaml = configFile("run.yaml", "contamination: 0.02\nautoencoder-epochs: 3\n");
  it.each([
    // --- one source at a time ---
    ["default only", [], {}, undefined, 0.005],
    ["config file", [], {}, yaml, 0.02],
    ["environment", [], { LOG_ANOMALY_CONTAMINATION: "0.03" }, undefined, 0.03],
    ["flag", ["--contamination", "0.04"], {}, undefined, 0.04],
    // --- overrides ---
    ["env over config", [], { LOG_ANOMALY_CONTAMINATION: "0.03" }, yaml, 0.03],
    ["flag over config", ["--contamination", "0.04"], {}, yaml, 0.04],
    ["flag over env", ["--contamination=0.04"], { LOG_ANOMALY_CONTAMINATION: "0.03" }, undefined, 0.04],
    ["flag over env over config", ["--contamination", "0.04"], { LOG_ANOMALY_CONTAMINATION: "0.03" }, yaml, 0.04],
    ["empty variable counts as unset", [], { LOG_ANOMALY_CONTAMINATION: "" }, yaml, 0.02],
  ] as Array<[string, string[], Record<string, string>, string | undefined, number]>)("%s", async (_name, argv, env, config, expected) => {
    const options = await resolveRun(argv, env, config);
    expect(options.contamination).toBe(expected);
    // Untouched options keep their source or default.
    expect(options.autoencoderEpochs).toBe(config ? 3 : 50);
    expect(options.dataPath).toBe("./logs/");
  });

  it.each([
    ["kebab-case", "autoencoder-epochs: 7\nfail-on-anomaly: true\n"],
    ["camelCase", "autoencoderEpochs: 7\nfailOnAnomaly: true\n"],
    ["snake_case", "autoencoder_epochs: 7\nfail_on_anomaly: true\n"],
    ["JSON", '{"autoencoder-epochs": 7, "fail_on_anomaly": true}'],
    ["strings for numbers and booleans", "autoencoder-epochs: '7'\nfail-on-anomaly: 'true'\n"],
  ])("reads %s keys", async (name, text) => {
    const path = configFile(`keys-${name.replace(/\W+/g, "-")}.${text.startsWith("{") ? "json" : "yaml"}`, text);
    const options = await resolveRun([], {}, path);
    expect(options.autoencoderEpochs).toBe(7);
    expect(options.failOnAnomaly).toBe(true);
  });

  it.each([
    ["dataPath", "LOG_ANOMALY_DATA_PATH"],
    ["contamination", "LOG_ANOMALY_CONTAMINATION"],
    ["isoForestEstimators", "LOG_ANOMALY_ISO_FOREST_ESTIMATORS"],
  ])("names the variable of %s %s", (option, variable) => {
    expect(envName(option)).toBe(variable);
  });

  it.each([["data-path"], ["data_path"], ["dataPath"]])("maps the key %s to dataPath", (key) => {
    expect(optionName(key)).toBe("dataPath");
  });
});

describe("option sources through the CLI", () => {
  const fileConfig = configFile("validate.yaml", `data-path: ${DATA.file}\n`);
  it.each([
    // [name, argv, env, expected data path]
    ["config file", ["--config", fileConfig], {}, DATA.file],
    ["config file named by LOG_ANOMALY_CONFIG", [], { LOG_ANOMALY_CONFIG: fileConfig }, DATA.file],
    ["env over config", ["--config", fileConfig], { LOG_ANOMALY_DATA_PATH: DATA.env }, DATA.env],
    ["flag over env", ["--data-path", DATA.flag], { LOG_ANOMALY_DATA_PATH: DATA.env }, DATA.flag],
    ["flag over env over config", ["--config", fileConfig, "--data-path", DATA.flag], { LOG_ANOMALY_DATA_PATH: DATA.env }, DATA.flag],
  ] as Array<[string, string[], Record<string, string>, string]>)("%s", async (_name, argv, env, expected) => {
    const r = await runCli(["validate", "--json", ...argv], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).data_path).toBe(expected);
  });

  it("uses the default when nothing sets the option", async () => {
    const r = await runCli(["validate"], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Data path not found: \.\/logs\//);
  });
});

describe("config and environment errors", () => {
  it.each([
    ["unknown key", "unknown.yaml", "data-path: x\ncontamnation: 0.1\n", /unknown\.yaml: unknown key "contamnation" for run\nhint: did you mean contamination\?/],
    ["key of another command", "other.yaml", "model: m.bin\n", /other\.yaml: unknown key "model" for run\nhint: valid keys: data-path, /],
    ["value out of range", "range.yaml", "contamination: 0.9\n", /range\.yaml: contamination must be in \(0, 0\.5\], got: 0\.9/],
    ["wrong type", "type.yaml", "autoencoder-epochs: [1, 2]\n", /type\.yaml: autoencoder-epochs must be a number, got: \[1,2\]/],
    ["no value", "empty-value.yaml", "data-path:\n", /empty-value\.yaml: data-path has no value/],
    ["not a mapping", "list.yaml", "- a\n- b\n", /list\.yaml must hold a mapping of option: value, got a list/],
    ["bad YAML", "bad.yaml", "contamination: [1\n", /bad\.yaml is not valid YAML: /],
    ["bad JSON", "bad.json", '{"contamination": }', /bad\.json is not valid JSON: /],
    ["a key given twice", "twice.yaml", "data-path: a\ndata_path: b\n", /twice\.yaml: "data_path" is given twice/],
    ["choice", "choice.yaml", "log-format: xml\n", /choice\.yaml: log-format must be one of auto, auth, syslog, security, ecs, cloudtrail, got: xml/],
  ])("%s", async (_name, file, text, message) => {
    const r = await runCli(["run", "--config", configFile(file, text)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("reports a missing config file", async () => {
    const r = await runCli(["run", "--config", join(dir, "missing.yaml")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: Cannot read config file .*missing\.yaml: ENOENT\nhint: /);
  });

  it.each([
    ["LOG_ANOMALY_CONTAMINATION", "lots", /LOG_ANOMALY_CONTAMINATION must be a number, got: lots/],
    ["LOG_ANOMALY_AUTOENCODER_EPOCHS", "0", /LOG_ANOMALY_AUTOENCODER_EPOCHS must be an integer in \[1, 10000\], got: 0/],
    ["LOG_ANOMALY_FAIL_ON_ANOMALY", "maybe", /LOG_ANOMALY_FAIL_ON_ANOMALY takes true or false, got: maybe/],
  ])("names the variable in %s=%s", async (variable, value, message) => {
    const r = await runCli(["run"], { env: { [variable]: value } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("ignores variables of options the command does not have", async () => {
    const r = await runCli(["validate", "--data-path", DATA.flag, "--json"], { env: { LOG_ANOMALY_CONTAMINATION: "0.9" } });
    expect(r.code, r.stderr).toBe(0);
  });
});
