// The bench's flags, declared once; the usage text is generated from them.
// Unknown flags are errors (exit 2), as in the CLI.

export interface BenchOptions {
  /** Events in the scored stream (throughput, the JS reference, the breakdown). */
  events: number;
  /** Baseline sizes to time `train` on; the first one that succeeds gives the model everything else scores with. */
  trainEvents: number[];
  /** Events streamed through a fresh filter for the memory curve. */
  memoryEvents: number;
  /** Events in the every-event-a-new-user stream. */
  distinctUsers: number;
  /** Each throughput figure is the best of this many runs. */
  reps: number;
  /** The same for the (slow) JS reference. */
  referenceReps: number;
  quick: boolean;
  /** Score with this model.bin instead of the first training run's model. */
  model?: string;
  /** Also write every figure as JSON to this path. */
  json?: string;
  help: boolean;
}

interface Flag {
  description: string;
  full: string;
  quick: string;
  apply(o: BenchOptions, v: string): void;
}

const positiveInt = (name: string, v: string): number => {
  const n = Number(v.replace(/_/g, ""));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got: ${v}`);
  return n;
};

const FLAGS: Record<string, Flag> = {
  events: { description: "events in the scored stream", full: "1000000", quick: "20000", apply: (o, v) => (o.events = positiveInt("events", v)) },
  "train-events": {
    description: "comma-separated baseline sizes to time training on, or none (needs --model)",
    full: "100000,1000000",
    quick: "50000",
    apply: (o, v) => (o.trainEvents = v === "none" ? [] : v.split(",").map((x) => positiveInt("train-events", x.trim()))),
  },
  "memory-events": { description: "events for the memory curve", full: "1000000", quick: "20000", apply: (o, v) => (o.memoryEvents = positiveInt("memory-events", v)) },
  "distinct-users": { description: "events (each a new user) for the entity-memory check", full: "100000", quick: "20000", apply: (o, v) => (o.distinctUsers = positiveInt("distinct-users", v)) },
  reps: { description: "runs per throughput figure (best is kept)", full: "3", quick: "3", apply: (o, v) => (o.reps = positiveInt("reps", v)) },
  "reference-reps": { description: "runs of the JS reference (best is kept)", full: "1", quick: "3", apply: (o, v) => (o.referenceReps = positiveInt("reference-reps", v)) },
  model: { description: "score with this model.bin (default: the model of the first training run)", full: "", quick: "", apply: (o, v) => (o.model = v) },
  json: { description: "write all results as JSON to this file", full: "", quick: "", apply: (o, v) => (o.json = v) },
};

export const USAGE =
  `usage: npm run bench -- [--quick] [--flag value ...]\n\n` +
  `  --quick              smoke-run sizes (the second default below)\n` +
  Object.entries(FLAGS)
    .map(([name, f]) => `  --${name.padEnd(18)} ${f.description}${f.full ? ` (default ${f.full}; --quick ${f.quick})` : ""}`)
    .join("\n") +
  `\n  --help               this text\n`;

export function parseBenchArgs(argv: string[]): BenchOptions {
  const quick = argv.includes("--quick");
  const o: BenchOptions = { events: 0, trainEvents: [], memoryEvents: 0, distinctUsers: 0, reps: 0, referenceReps: 0, quick, help: argv.includes("--help") };
  for (const [, f] of Object.entries(FLAGS)) if (f.full) f.apply(o, quick ? f.quick : f.full);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick" || arg === "--help") continue;
    const [name, inline] = arg.startsWith("--") ? arg.slice(2).split(/=(.*)/s) : [arg];
    const flag = FLAGS[name];
    if (!flag) throw new Error(`unknown argument: ${arg}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    flag.apply(o, value);
  }
  if (o.trainEvents.length === 0 && !o.model && !o.help) throw new Error("--train-events none needs --model <model.bin> to score with");
  return o;
}
