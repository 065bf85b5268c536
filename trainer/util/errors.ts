/** A user's mistake (bad flag, missing data, bad model): one line, a hint, exit code 2. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export const EXIT = { OK: 0, ANOMALIES: 1, USAGE: 2, INTERNAL: 3, DRIFT: 4 } as const;

/** The exit codes as `--help` lists them. */
export const EXIT_CODES_HELP =
  "Exit codes: 0 ok, 1 anomalies found (with --fail-on-anomaly), 2 usage or input error, 3 internal error, " +
  "4 drift beyond limits (train: the new model was not deployed, or --fail-on-drift).";
