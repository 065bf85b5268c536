// Runs the CLI in-process, capturing what it prints.

import { Writable } from "node:stream";
import { main } from "../../trainer/cli/main.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

/** The test process's environment without LOG_ANOMALY_* variables, so a developer's settings cannot change a test. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("LOG_ANOMALY_")));
  return { ...env, ...extra };
}

export async function runCli(argv: string[], options: { env?: Record<string, string> } = {}): Promise<CliRun> {
  const out = sink();
  const err = sink();
  const code = await main(argv, { stdout: out.stream, stderr: err.stream, env: cleanEnv(options.env) });
  return { code, stdout: out.text(), stderr: err.text() };
}
