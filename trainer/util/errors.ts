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

export const EXIT = { OK: 0, ANOMALIES: 1, USAGE: 2, INTERNAL: 3 } as const;
