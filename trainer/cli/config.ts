// Where option values come from, besides the command line: a config file and
// the environment. All three are read against the same argument table, so a
// config key, an environment variable and a flag always mean the same thing.
//
//   precedence: command line > LOG_ANOMALY_<OPTION> > --config file > default
//
// Config files are YAML or JSON (YAML is read with the `yaml` package, which
// also reads JSON; `.json` files go through JSON.parse for its error messages).
// `yaml` loads only when a YAML file is read: it is most of the CLI's start-up.
// The top level is one mapping of option to value; keys may be kebab-case,
// camelCase or snake_case. Unknown keys are errors (Vector's deny_unknown_fields).
// Relative paths in a config file are relative to the working directory, as
// they are on the command line.

import { readSettingsFile } from "../util/regular-file.ts";
import { basename } from "node:path";
import { checkValue, convertValue, kebab, type ArgDef, type ArgsDef, type ArgValue, type ParsedArgs } from "./args.ts";
import { CliError } from "../util/errors.ts";
import { didYouMean } from "./suggest.ts";

export const ENV_PREFIX = "LOG_ANOMALY_";
/** Options that are not read from the environment or a config file: they steer the reading itself or apply before it. */
const NOT_CONFIGURABLE = new Set(["config", "debug"]);

/** `dataPath` → `LOG_ANOMALY_DATA_PATH`. */
export function envName(option: string): string {
  return ENV_PREFIX + option.replace(/[A-Z]/g, (c) => "_" + c).toUpperCase();
}

/** `data-path`, `data_path`, `dataPath` → `dataPath`. */
export function optionName(key: string): string {
  return key.replace(/[-_]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The options set in the environment. An empty variable counts as unset; variables for other commands' options are ignored. */
export function fromEnv(env: NodeJS.ProcessEnv, defs: ArgsDef): ParsedArgs {
  const out: ParsedArgs = {};
  for (const [name, def] of configurable(defs)) {
    const raw = env[envName(name)];
    if (raw !== undefined && raw !== "") out[name] = convertValue(envName(name), def, raw);
  }
  return out;
}

/** The options set in a config file; every key must be an option of the command. */
export async function fromConfigFile(path: string, defs: ArgsDef, command: string): Promise<ParsedArgs> {
  const file = basename(path);
  let text: string;
  try {
    text = readSettingsFile(path);
  } catch (err) {
    throw new CliError("E_CONFIG", `Cannot read config file ${(err as Error).message}`, "check the --config path");
  }
  const isJson = path.toLowerCase().endsWith(".json");
  const parseYaml = isJson ? undefined : (await import("yaml")).parse;
  let doc: unknown;
  try {
    doc = parseYaml ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    const first = String((err as Error).message).split("\n")[0].replace(/:$/, "");
    throw new CliError("E_CONFIG", `${file} is not valid ${isJson ? "JSON" : "YAML"}: ${first}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc)) {
    throw new CliError("E_CONFIG", `${file} must hold a mapping of option: value, got ${Array.isArray(doc) ? "a list" : typeof doc}`);
  }
  const known = new Map(configurable(defs));
  const out: ParsedArgs = {};
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const name = optionName(key);
    const def = known.get(name);
    if (!def) throw new CliError("E_CONFIG_KEY", `${file}: unknown key "${key}" for ${command}`, unknownKeyHint(name, [...known.keys()]));
    if (name in out) throw new CliError("E_CONFIG_KEY", `${file}: "${key}" is given twice (keys are compared after removing - and _)`);
    out[name] = configValue(`${file}: ${key}`, def, value);
  }
  return out;
}

/**
 * Every option's value: the first source that sets it, in precedence order,
 * else the table's default. Options without a value anywhere stay undefined.
 */
export function resolveOptions(defs: ArgsDef, sources: { argv: ParsedArgs; env: ParsedArgs; file: ParsedArgs }): ParsedArgs {
  const out: ParsedArgs = {};
  for (const [name, def] of Object.entries(defs)) {
    if (def === null) continue;
    out[name] = sources.argv[name] ?? sources.env[name] ?? sources.file[name] ?? def.default;
  }
  return out;
}

// --- internal ---

function configurable(defs: ArgsDef): Array<[string, ArgDef]> {
  return Object.entries(defs).filter((e): e is [string, ArgDef] => e[1] !== null && !NOT_CONFIGURABLE.has(e[0]));
}

/** A config value of the option's type; numbers and booleans may also be written as strings ("0.05", "true"). */
function configValue(label: string, def: ArgDef, value: unknown): ArgValue {
  if (value === null || value === undefined) throw new CliError("E_BAD_VALUE", `${label} has no value`);
  if (typeof value === "string") return convertValue(label, def, value);
  const ok = def.type === "string" ? typeof value === "number" : typeof value === def.type;
  if (!ok) throw new CliError("E_BAD_VALUE", `${label} must be a ${def.type}, got: ${JSON.stringify(value)}`);
  return checkValue(label, def, def.type === "string" ? String(value) : (value as ArgValue));
}

function unknownKeyHint(name: string, known: string[]): string {
  return didYouMean(name, known, kebab) ?? `valid keys: ${known.map(kebab).join(", ")}`;
}
