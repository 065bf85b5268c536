import { defineCommand, kebab, type ArgDef, type ArgsFor } from "../args.ts";
import { CliError, EXIT } from "../../util/errors.ts";
import { installModel, openScorer, readModelFile } from "../shared.ts";
import { DEFAULT_SIDECAR_CONFIG as D, RECORD_CLOCKS, SidecarConfigError, resolveSidecarConfig, type SidecarConfig } from "../../sidecar/config.ts";
import { startSidecar, type Sidecar } from "../../sidecar/index.ts";
import { model } from "../common-args.ts";
import { resolveModelPath } from "../model-path.ts";

const SIGNALS = ["SIGTERM", "SIGINT"] as const;
/** Exit code when a second signal cuts a graceful shutdown short (128 + SIGINT). */
const EXIT_FORCED = 130;

const int = (lo: number) => (v: number) => (Number.isInteger(v) && v >= lo ? undefined : `must be an integer >= ${lo}`);
const num = (description: string, dflt: number | undefined, lo = 0): ArgDef<number> => ({ type: "number", description, default: dflt, check: int(lo) });
const str = (description: string, dflt: string): ArgDef<string> => ({ type: "string", description, default: dflt });

/** The sidecar's config, with the model file under the flag every command uses for it. */
type ServeOptions = Omit<SidecarConfig, "modelPath"> & { model: string };

/** Every config field has a flag: adding a field to SidecarConfig without one fails to compile. */
const args: ArgsFor<ServeOptions> = {
  model,
  listenHost: str("Address to listen on for Vector's socket sink (keep it on loopback unless you must)", D.listenHost),
  listenPort: num("Port to listen on for Vector's socket sink", D.listenPort),
  downstreamHost: str("Host of Vector's socket source that receives the enriched events", D.downstreamHost),
  downstreamPort: num("Port of Vector's socket source", D.downstreamPort, 1),
  maxLineBytes: num("Longest accepted record in bytes; longer ones pass on as record_too_large", D.maxLineBytes, 1),
  maxQueuedBytes: num("Memory bound for enriched events held (queue + replay window), in bytes", D.maxQueuedBytes, 1),
  maxConnections: num("Open upstream connections at most; one more closes the one idle longest", D.maxConnections, 1),
  idleTimeoutMs: num("Close an upstream connection silent this long, in ms (0: never); its unfinished line passes on", D.idleTimeoutMs),
  maxPendingBytes: num("Bound on unfinished lines of all upstream connections, in bytes; over it the largest holder is closed", D.maxPendingBytes, 1),
  recordClock: {
    type: "string",
    description: "Time the windows see: host (the sidecar's clock; records over 24 h from it are distrusted) or record (the records' own, as detect: for backlogs)",
    default: D.recordClock,
    choices: RECORD_CLOCKS,
  },
  batchMaxRecords: num("Records per scoring batch at most", D.batchMaxRecords, 1),
  batchMaxBytes: num("Input bytes per scoring batch at most", D.batchMaxBytes, 1),
  batchMaxDelayMs: num("Longest wait before a partial batch is scored, in ms", D.batchMaxDelayMs),
  reconnectMinMs: num("First reconnect delay to the downstream, in ms (doubles per failure)", D.reconnectMinMs, 1),
  reconnectMaxMs: num("Longest reconnect delay, in ms", D.reconnectMaxMs, 1),
  replayWindowBytes: num("Recent output resent after a downstream reconnect (at-least-once), in bytes", D.replayWindowBytes),
  metricsIntervalMs: num("Interval of the metrics log line, in ms (0: off)", D.metricsIntervalMs),
  metricsPort: num("Port of the HTTP endpoint: GET /health (JSON) and GET /metrics (Prometheus) (default: off)", undefined),
  metricsHost: str("Address of the HTTP /health and /metrics endpoint", D.metricsHost),
  upstreamDrainMs: num("On shutdown, how long senders may finish what is in flight, in ms", D.upstreamDrainMs),
  shutdownTimeoutMs: num("On shutdown, how long flushing to the downstream may take, in ms", D.shutdownTimeoutMs),
  modelReloadMs: num("How often the model file is checked for a new model, in ms (0: only on SIGHUP)", D.modelReloadMs),
};

export default defineCommand<ServeOptions>({
  meta: {
    name: "serve",
    description: "Run the scorer as a Vector sidecar: socket sink in, enriched events out to a socket source.",
    examples: [
      "log-anomaly serve --model model/model.bin",
      "log-anomaly serve --listen-port 9000 --downstream-port 9001 --metrics-port 9598",
    ],
  },
  args,
  async run({ args: parsed, stderr }) {
    const log = (line: string) => stderr.write(`log-anomaly serve: ${line}\n`);
    const { path, note } = resolveModelPath(parsed.model);
    if (note) log(note);
    const config = toConfig({ ...parsed, model: path });
    const bytes = readModelFile(config.modelPath);
    const scorer = await openScorer();
    installModel(scorer, bytes, config.modelPath);
    let sidecar: Sidecar;
    try {
      sidecar = await startSidecar(config, scorer, { log });
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
      if (e.code === "EADDRINUSE" || e.code === "EADDRNOTAVAIL" || e.code === "EACCES") {
        throw new CliError("E_LISTEN", `cannot listen on ${e.address ?? config.listenHost}:${e.port ?? config.listenPort}: ${e.code}`, "pick another --listen-port or --metrics-port");
      }
      throw err;
    }
    const reload = () => sidecar.reloadModel();
    process.on("SIGHUP", reload);
    const signal = await nextSignal();
    process.off("SIGHUP", reload);
    log(`${signal}: shutting down (send it again to stop at once)`);
    const force = () => process.exit(EXIT_FORCED);
    for (const s of SIGNALS) process.once(s, force);
    try {
      await sidecar.close();
    } finally {
      for (const s of SIGNALS) process.off(s, force);
    }
    return EXIT.OK;
  },
});

function toConfig(options: ServeOptions): SidecarConfig {
  const { model, ...rest } = options;
  try {
    return resolveSidecarConfig({ ...rest, modelPath: model });
  } catch (err) {
    if (err instanceof SidecarConfigError) throw new CliError("E_BAD_VALUE", flagMessage(err.message), "see `log-anomaly serve --help`");
    throw err;
  }
}

/** Names the flag rather than the config field: "listenPort must ..." → "--listen-port must ...". */
function flagMessage(message: string): string {
  return message.replace(/^(\w+)/, (key) => "--" + kebab(key === "modelPath" ? "model" : key));
}

function nextSignal(): Promise<string> {
  return new Promise((resolve) => {
    const handlers = SIGNALS.map((s) => {
      const h = () => {
        handlers.forEach(([sig, fn]) => process.off(sig, fn));
        resolve(s);
      };
      process.on(s, h);
      return [s, h] as const;
    });
  });
}
