// Commands as data (citty's shape): each declares its arguments once, and the
// parser and the help text are both generated from that declaration. Flags are
// kebab-case; the original pipeline's snake_case spellings are accepted too.
// Unknown flags are errors, never ignored.

import { CliError } from "./errors.ts";

export interface ArgDef {
  type: "string" | "number" | "boolean";
  description: string;
  default?: string | number | boolean;
  alias?: string;
  /** Positional arguments are matched in declaration order. */
  positional?: boolean;
  /** Checks a number; returns an error message or undefined. */
  check?: (value: number) => string | undefined;
}

export type ArgsDef = Record<string, ArgDef>;
export type ParsedArgs = Record<string, string | number | boolean | undefined>;

export interface CommandContext {
  args: ParsedArgs;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface CommandDef {
  meta: { name: string; description: string; examples: string[] };
  args: ArgsDef;
  /** Returns the process exit code. */
  run(ctx: CommandContext): Promise<number>;
}

export function defineCommand(def: CommandDef): CommandDef {
  return def;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());

function convert(name: string, def: ArgDef, raw: string): string | number | boolean {
  if (def.type === "string") return raw;
  if (def.type === "boolean") {
    if (raw === "true" || raw === "1") return true;
    if (raw === "false" || raw === "0") return false;
    throw new CliError("E_BAD_VALUE", `--${kebab(name)} takes true or false, got: ${raw}`);
  }
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n)) throw new CliError("E_BAD_VALUE", `--${kebab(name)} must be a number, got: ${raw}`);
  const problem = def.check?.(n);
  if (problem) throw new CliError("E_BAD_VALUE", `--${kebab(name)} ${problem}, got: ${raw}`);
  return n;
}

export function parseArgs(argv: string[], defs: ArgsDef): ParsedArgs {
  const byFlag = new Map<string, string>();
  for (const [name, def] of Object.entries(defs)) {
    if (def.positional) continue;
    byFlag.set(kebab(name), name);
    byFlag.set(snake(name), name);
    if (def.alias) byFlag.set(def.alias, name);
  }
  const out: ParsedArgs = {};
  const positionals = Object.entries(defs).filter(([, d]) => d.positional);
  let nextPositional = 0;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith("-") || token === "-") {
      const slot = positionals[nextPositional++];
      if (!slot) throw new CliError("E_UNEXPECTED_ARG", `unexpected argument: ${token}`);
      out[slot[0]] = convert(slot[0], slot[1], token);
      continue;
    }
    const body = token.replace(/^--?/, "");
    const eq = body.indexOf("=");
    const flag = eq < 0 ? body : body.slice(0, eq);
    const negated = flag.startsWith("no-") && byFlag.has(flag.slice(3));
    const name = byFlag.get(negated ? flag.slice(3) : flag);
    if (!name) throw new CliError("E_UNKNOWN_FLAG", `unknown option: --${flag}`, "see --help for the options of this command");
    const def = defs[name];
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
    out[name] = convert(name, def, raw);
  }
  for (const [name, def] of Object.entries(defs)) {
    if (out[name] === undefined && def.default !== undefined) out[name] = def.default;
  }
  return out;
}

export function renderUsage(cmd: CommandDef, program: string): string {
  const lines = [`${cmd.meta.description}`, "", `Usage: ${program} ${cmd.meta.name} [options]`];
  const entries = Object.entries(cmd.args);
  const label = ([name, def]: [string, ArgDef]) =>
    def.positional ? `<${kebab(name)}>` : `--${kebab(name)}${def.alias ? `, -${def.alias}` : ""}${def.type === "boolean" ? "" : ` <${def.type}>`}`;
  const width = Math.max(0, ...entries.map((e) => label(e).length));
  if (entries.length) lines.push("", "Options:");
  for (const e of entries) {
    const [, def] = e;
    const dflt = def.default === undefined ? "" : ` (default: ${def.default})`;
    lines.push(`  ${label(e).padEnd(width)}  ${def.description}${dflt}`);
  }
  lines.push("", "snake_case spellings of every option are accepted too (e.g. --data_path).");
  if (cmd.meta.examples.length) lines.push("", "Examples:", ...cmd.meta.examples.map((x) => `  ${x}`));
  return lines.join("\n") + "\n";
}
