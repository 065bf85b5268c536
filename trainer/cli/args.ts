// Commands as data (citty's shape): each declares its arguments once, and the
// parser, the config-file and environment readers (config.ts) and the help text
// are all generated from that declaration. Flags are kebab-case; the original
// pipeline's snake_case spellings are accepted too. Unknown flags are errors,
// never ignored.

import { CliError, EXIT_CODES_HELP } from "../util/errors.ts";
import { didYouMean } from "./suggest.ts";

export type ArgValue = string | number | boolean;
type TypeName<V> = V extends string ? "string" : V extends number ? "number" : V extends boolean ? "boolean" : never;

export interface ArgDef<V extends ArgValue = ArgValue> {
  type: TypeName<V>;
  description: string;
  default?: V;
  alias?: string;
  /** Positional arguments are matched in declaration order. */
  positional?: boolean;
  /** The only values a string option takes. */
  choices?: readonly string[];
  /** Checks a value; returns an error message ("must be in (0, 0.5]") or undefined. */
  check?(value: V): string | undefined;
  /** What to do instead when `check` refuses a value (printed as `hint:`). */
  hint?: string;
}

/**
 * The argument table of an options type (the Vitest trick): every option of T
 * needs an entry, either its definition or an explicit `null` for an option
 * deliberately left without a flag (it then keeps the command's own default).
 * Adding a field to T without deciding on its flag does not compile.
 */
export type ArgsFor<T> = { [K in keyof T]-?: ArgDef<Extract<NonNullable<T[K]>, ArgValue>> | null };
export type ArgsDef = Record<string, ArgDef | null>;
export type ParsedArgs = Record<string, ArgValue | undefined>;

export interface CommandContext<T = ParsedArgs> {
  args: T;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface CommandDef<T = ParsedArgs> {
  meta: { name: string; description: string; examples: string[] };
  args: ArgsFor<T>;
  /** Returns the process exit code. */
  run(ctx: CommandContext<T>): Promise<number>;
}

/** `defineCommand<RunOptions>({...})` ties the table to the options type; without a type argument the options are untyped. */
export function defineCommand<T = ParsedArgs>(def: CommandDef<NoInfer<T>>): CommandDef<T> {
  return def;
}

/** Options every command accepts, handled by main.ts. */
export const GLOBAL_ARGS: ArgsDef = {
  config: { type: "string", description: "YAML or JSON file of options, keyed like the long options" },
  debug: { type: "boolean", description: "Print stack traces of internal errors" },
};

export const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
export const snake = (name: string) => name.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());

/**
 * Converts and checks one raw value. `label` names where it came from in error
 * messages: `--contamination`, `LOG_ANOMALY_CONTAMINATION`, `run.yaml: contamination`.
 */
export function convertValue(label: string, def: ArgDef, raw: string): ArgValue {
  let value: ArgValue;
  if (def.type === "string") value = raw;
  else if (def.type === "boolean") {
    if (raw === "true" || raw === "1") value = true;
    else if (raw === "false" || raw === "0") value = false;
    else throw new CliError("E_BAD_VALUE", `${label} takes true or false, got: ${raw}`);
  } else {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n)) throw new CliError("E_BAD_VALUE", `${label} must be a number, got: ${raw}`);
    value = n;
  }
  return checkValue(label, def, value);
}

/** Applies `choices` and `check` to an already typed value. */
export function checkValue(label: string, def: ArgDef, value: ArgValue): ArgValue {
  if (def.choices && !def.choices.includes(String(value))) {
    throw new CliError("E_BAD_VALUE", `${label} must be one of ${def.choices.join(", ")}, got: ${value}`);
  }
  const problem = def.check?.(value);
  if (problem) throw new CliError("E_BAD_VALUE", `${label} ${problem}, got: ${value}`, def.hint);
  return value;
}

/** The values given on the command line, and only those: defaults are applied later (config.ts), after the other sources. */
export function parseArgv(argv: string[], defs: ArgsDef): ParsedArgs {
  const byFlag = new Map<string, string>();
  const entries = Object.entries(defs).filter((e): e is [string, ArgDef] => e[1] !== null);
  for (const [name, def] of entries) {
    if (def.positional) continue;
    byFlag.set(kebab(name), name);
    byFlag.set(snake(name), name);
    if (def.alias) byFlag.set(def.alias, name);
  }
  const out: ParsedArgs = {};
  const positionals = entries.filter(([, d]) => d.positional);
  let nextPositional = 0;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith("-") || token === "-") {
      const slot = positionals[nextPositional++];
      if (!slot) throw new CliError("E_UNEXPECTED_ARG", `unexpected argument: ${token}`);
      out[slot[0]] = convertValue(`<${kebab(slot[0])}>`, slot[1], token);
      continue;
    }
    const body = token.replace(/^--?/, "");
    const eq = body.indexOf("=");
    const flag = eq < 0 ? body : body.slice(0, eq);
    const negated = flag.startsWith("no-") && byFlag.has(flag.slice(3));
    const name = byFlag.get(negated ? flag.slice(3) : flag);
    if (!name) {
      const flags = entries.filter(([, d]) => !d.positional).map(([n]) => kebab(n));
      const hint = didYouMean(flag.replace(/_/g, "-"), flags, (f) => `--${f}`);
      throw new CliError("E_UNKNOWN_FLAG", `unknown option: --${flag}`, hint ?? "see --help for the options of this command");
    }
    const def = defs[name]!;
    if (def.type === "boolean" && eq < 0) {
      out[name] = !negated;
      continue;
    }
    let raw: string;
    if (eq >= 0) raw = body.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new CliError("E_MISSING_VALUE", `--${kebab(name)} needs a value`);
      raw = argv[++i];
    }
    out[name] = convertValue(`--${kebab(name)}`, def, raw);
  }
  return out;
}

/** The help text, generated from the table. */
export function renderUsage(cmd: CommandDef<unknown>, program: string): string {
  const positionals = Object.entries(cmd.args as ArgsDef).filter(([, d]) => d?.positional);
  const usage = `Usage: ${program} ${cmd.meta.name} ${positionals.map(([n]) => `[${kebab(n)}] `).join("")}[options]`;
  const lines = [`${cmd.meta.description}`, "", usage];
  lines.push("", "Options:", ...optionLines(cmd.args as ArgsDef), "", "Global options:", ...optionLines(GLOBAL_ARGS));
  lines.push(
    "",
    "Every option can also come from the environment, as LOG_ANOMALY_<OPTION> (e.g. LOG_ANOMALY_DATA_PATH),",
    "or from the --config file (keys in kebab-case, camelCase or snake_case; unknown keys are errors).",
    "Precedence: command line > environment > config file > default.",
    "snake_case spellings of every option are accepted too (e.g. --data_path).",
    EXIT_CODES_HELP,
  );
  if (cmd.meta.examples.length) lines.push("", "Examples:", ...cmd.meta.examples.map((x) => `  ${x}`));
  return lines.join("\n") + "\n";
}

// --- internal ---

function optionLines(defs: ArgsDef): string[] {
  const entries = Object.entries(defs).filter((e): e is [string, ArgDef] => e[1] !== null);
  const label = ([name, def]: [string, ArgDef]) =>
    def.positional ? `<${kebab(name)}>` : `--${kebab(name)}${def.alias ? `, -${def.alias}` : ""}${def.type === "boolean" ? "" : ` <${def.type}>`}`;
  const width = Math.max(0, ...entries.map((e) => label(e).length));
  return entries.map((e) => {
    const [, def] = e;
    const choices = def.choices ? ` (${def.choices.join(" | ")})` : "";
    const dflt = def.default === undefined || def.default === false || def.default === "" ? "" : ` (default: ${def.default})`;
    return `  ${label(e).padEnd(width)}  ${def.description}${choices}${dflt}`;
  });
}
