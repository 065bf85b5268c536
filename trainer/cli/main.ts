// log-anomaly: the command-line entry point. Subcommands load on demand, so
// scoring never pulls in TensorFlow.js. Option values come from the command
// line, the environment and a config file (config.ts), in that precedence.

import { GLOBAL_ARGS, parseArgv, renderUsage, type CommandDef } from "./args.ts";
import { ENV_PREFIX, fromConfigFile, fromEnv, resolveOptions } from "./config.ts";
import { CliError, EXIT, EXIT_CODES_HELP } from "../util/errors.ts";
import { OutputError } from "../util/safe-write.ts";
import { programVersion } from "../util/version.ts";

const PROGRAM = "log-anomaly";

// Each command has its own options type; the table only needs them to be commands.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const COMMANDS: Record<string, () => Promise<CommandDef<any>>> = {
  run: () => import("./commands/run.ts").then((m) => m.default),
  train: () => import("./commands/train.ts").then((m) => m.default),
  detect: () => import("./commands/detect.ts").then((m) => m.default),
  validate: () => import("./commands/validate.ts").then((m) => m.default),
  allow: () => import("./commands/allow.ts").then((m) => m.default),
  "build-filter": () => import("./commands/build-filter.ts").then((m) => m.default),
  inspect: () => import("./commands/inspect.ts").then((m) => m.default),
  serve: () => import("./commands/serve.ts").then((m) => m.default),
};

async function mainUsage(): Promise<string> {
  const lines = [`${PROGRAM} ${programVersion()}: log anomaly detection inside the log shipper`, "", `Usage: ${PROGRAM} <command> [options]`, "", "Commands:"];
  for (const [name, load] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(14)}${(await load()).meta.description}`);
  lines.push(
    "",
    `Run \`${PROGRAM} <command> --help\` for a command's options.`,
    "Global options: --help, --version, --config <file> (YAML or JSON options), --debug (stack traces of internal errors).",
    `Options also come from ${ENV_PREFIX}<OPTION> environment variables; precedence: command line > environment > config file > default.`,
    EXIT_CODES_HELP,
  );
  return lines.join("\n") + "\n";
}

export interface MainIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The environment read for LOG_ANOMALY_* options (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[], io: MainIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const env = io.env ?? process.env;
  const debug = argv.includes("--debug") || ["1", "true"].includes(env[`${ENV_PREFIX}DEBUG`] ?? "");
  const [name, ...rest] = argv.filter((a) => a !== "--debug");
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      io.stdout.write(await mainUsage());
      return name === undefined ? EXIT.USAGE : EXIT.OK;
    }
    if (name === "--version" || name === "-v") {
      io.stdout.write(programVersion() + "\n");
      return EXIT.OK;
    }
    const load = COMMANDS[name];
    if (!load) throw new CliError("E_UNKNOWN_COMMAND", `unknown command: ${name}`, `commands: ${Object.keys(COMMANDS).join(", ")}`);
    const cmd = await load();
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout.write(renderUsage(cmd, PROGRAM));
      return EXIT.OK;
    }
    const given = parseArgv(rest, { ...cmd.args, ...GLOBAL_ARGS });
    const configPath = given.config ?? (env[`${ENV_PREFIX}CONFIG`] || undefined);
    const args = resolveOptions(cmd.args, {
      argv: given,
      env: fromEnv(env, cmd.args),
      file: configPath === undefined ? {} : await fromConfigFile(String(configPath), cmd.args, cmd.meta.name),
    });
    return await cmd.run({ args, stdout: io.stdout, stderr: io.stderr });
  } catch (err) {
    if (err instanceof CliError || err instanceof OutputError) {
      io.stderr.write(`error: ${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ""}`);
      return EXIT.USAGE;
    }
    const e = err as Error;
    io.stderr.write(`internal error: ${e?.message ?? String(err)}\n`);
    io.stderr.write(debug ? `${e?.stack ?? ""}\n` : "run again with --debug for details\n");
    return EXIT.INTERNAL;
  }
}
