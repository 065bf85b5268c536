// Progress lines on stderr: what the tool is doing, for long steps. Quiet mode prints nothing.

import type { TrainReporter } from "../pipeline/train.ts";

export interface Reporter extends TrainReporter {
  info(line: string): void;
}

export function createReporter(stderr: NodeJS.WritableStream, quiet: boolean): Reporter {
  const say = (line: string) => {
    if (!quiet) stderr.write(line + "\n");
  };
  const EPOCH_EVERY = 10;
  return {
    info: say,
    phase: (name) => say(`  training: ${name}`),
    epoch: (e, total, loss) => {
      if (e === 1 || e === total || e % EPOCH_EVERY === 0) say(`    epoch ${e}/${total}  loss ${loss.toFixed(5)}`);
    },
  };
}
