/**
 * Loads TensorFlow.js once, on the fastest backend this machine offers:
 *
 * 1. `tensorflow` from `@tensorflow/tfjs-node` (native TF; an optional
 *    dependency that is normally absent, so failing to load it is silent);
 * 2. `wasm` from `@tensorflow/tfjs-backend-wasm` (XNNPACK, single-threaded in
 *    Node), with its .wasm binaries located next to the package's main file;
 * 3. `cpu`, the pure-JS backend that always works.
 *
 * TF.js is imported lazily, so commands that never train (score, inspect) never
 * pay for loading it. Its console chatter (the "looks like you are running
 * TensorFlow.js in Node.js" banner, Emscripten's abort messages when a backend
 * fails to start) is kept off the user's terminal.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { CliError } from "../../util/errors.ts";

export type Tf = typeof import("@tensorflow/tfjs");

/** Backends in the order we try them. */
const NODE_BACKEND = "tensorflow";
const WASM_BACKEND = "wasm";
const CPU_BACKEND = "cpu";

const TFJS_PACKAGE = "@tensorflow/tfjs";
const TFJS_NODE_PACKAGE = "@tensorflow/tfjs-node";
const WASM_PACKAGE = "@tensorflow/tfjs-backend-wasm";
/** TF's native library logs INFO/WARNING lines to stderr unless told not to (2 = errors only). */
const TF_CPP_QUIET_LEVEL = "2";

let loading: Promise<Tf> | undefined;
let backendName: string | undefined;

/** TensorFlow.js on the best available backend. Safe to call repeatedly and concurrently. */
export function loadTf(): Promise<Tf> {
  loading ??= _load().catch((err: unknown) => {
    loading = undefined; // let a later call try again
    throw err;
  });
  return loading;
}

/** The backend `loadTf()` chose ("tensorflow", "wasm" or "cpu"), or undefined before it resolved. */
export function tfBackendName(): string | undefined {
  return backendName;
}

// --- internal ---

async function _load(): Promise<Tf> {
  const tf = _namespace(await _importTfjs());
  // PROD silences TF's own log.warn/log.log, which carry the Node.js banner.
  tf.enableProdMode();
  for (const attempt of [_tryNode, _tryWasm]) {
    if (await _quietly(() => attempt(tf))) {
      backendName = tf.getBackend();
      return tf;
    }
  }
  await tf.setBackend(CPU_BACKEND);
  await tf.ready();
  backendName = tf.getBackend();
  return tf;
}

/**
 * TensorFlow.js is an optional dependency: a serving host installs without it
 * (`npm ci --omit=optional`, docs/sidecar.md), and training there says so in one line.
 */
async function _importTfjs(): Promise<Tf & { default?: Tf }> {
  try {
    return await import("@tensorflow/tfjs");
  } catch (err) {
    throw new CliError(
      "E_MISSING_DEPENDENCY",
      `training needs TensorFlow.js (${TFJS_PACKAGE}), which this install does not have: ${(err as Error).message.split("\n")[0]}`,
      `install it with \`npm install ${TFJS_PACKAGE} ${WASM_PACKAGE}\` (an install made with --omit=optional leaves them out), or train on another host`,
    );
  }
}

async function _tryNode(tf: Tf): Promise<boolean> {
  process.env.TF_CPP_MIN_LOG_LEVEL ??= TF_CPP_QUIET_LEVEL;
  try {
    // A variable specifier keeps bundlers and tsc from requiring the package.
    const specifier: string = TFJS_NODE_PACKAGE;
    await import(/* @vite-ignore */ specifier);
  } catch {
    return false;
  }
  // tfjs-node registers its backend on the tfjs-core it was built against; if
  // that is a different copy from ours the backend is simply not there.
  return _switchTo(tf, NODE_BACKEND);
}

async function _tryWasm(tf: Tf): Promise<boolean> {
  try {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    // The package's main file sits in dist/ beside the .wasm binaries. Resolving
    // from this module (or from dist/cli.mjs once bundled) works from any cwd.
    const main = createRequire(import.meta.url).resolve(WASM_PACKAGE);
    wasm.setWasmPaths(path.dirname(main) + path.sep);
  } catch {
    return false;
  }
  // Emscripten's Node glue installs process-wide uncaughtException and
  // unhandledRejection handlers that rethrow, which turns every later crash
  // into exit code 7 with a stack pointing into TF. Take them back out.
  const before = _processListeners();
  const ok = await _switchTo(tf, WASM_BACKEND);
  _removeListenersAddedSince(before);
  return ok;
}

async function _switchTo(tf: Tf, name: string): Promise<boolean> {
  try {
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** Runs `fn` with console output swallowed (backend start-up noise only). */
async function _quietly<T>(fn: () => Promise<T>): Promise<T> {
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const drop = (): void => {};
  Object.assign(console, { log: drop, info: drop, warn: drop, error: drop });
  try {
    return await fn();
  } finally {
    Object.assign(console, saved);
  }
}

type Listener = (...args: unknown[]) => void;
const PROCESS_EVENTS = ["uncaughtException", "unhandledRejection"] as const;
/** Plain EventEmitter view of `process`: its typed overloads reject a union of event names. */
const emitter: NodeJS.EventEmitter = process;

function _processListeners(): Map<string, Listener[]> {
  return new Map(PROCESS_EVENTS.map((e) => [e, emitter.listeners(e) as Listener[]]));
}

function _removeListenersAddedSince(before: Map<string, Listener[]>): void {
  for (const event of PROCESS_EVENTS) {
    const old = new Set(before.get(event));
    for (const listener of emitter.listeners(event) as Listener[]) {
      if (!old.has(listener)) emitter.removeListener(event, listener);
    }
  }
}

/** Node may expose a CommonJS package's exports only under `default`. */
function _namespace(mod: Tf & { default?: Tf }): Tf {
  return typeof mod.tensor === "function" ? mod : (mod.default as Tf);
}
