// Live model reload for the sidecar: model.bin is polled by path (the trainer
// renames a complete file into place, so a change means a new model) and SIGHUP
// forces a check. Scoring runs between batches on the one JS thread, so a swap
// always falls between two records; per-entity state carries over when the new
// model keeps the state capacities. A refused file leaves the old model scoring:
// one that is a link, a FIFO or a device, one over the size the scorer's reader
// takes, one the scorer refuses, and one the module traps on (a bug, counted
// and logged the same way: the process and its queue stay).

import { lstatSync, unwatchFile, watchFile, type Stats } from "node:fs";
import { ModelLoadError, type Scorer } from "../wasm/scorer.ts";
import { MAX_MODEL_FILE_BYTES, readRegularFile } from "../util/regular-file.ts";

export interface ReloadCounters {
  modelReloads: number;
  modelReloadFailures: number;
}

export interface ModelReloader {
  /** Loads the file now if it differs from the loaded one (or always, with `force`). */
  reload(reason: string, force?: boolean): void;
  readonly counters: ReloadCounters;
  close(): void;
}

const identity = (s: Pick<Stats, "ino" | "size" | "mtimeMs">) => `${s.ino}:${s.size}:${s.mtimeMs}`;

export function watchModel(path: string, scorer: Scorer, intervalMs: number, log: (line: string) => void): ModelReloader {
  const counters: ReloadCounters = { modelReloads: 0, modelReloadFailures: 0 };
  let loaded = "";
  try {
    loaded = identity(lstatSync(path));
  } catch {
    // No file yet: the first one that appears is loaded.
  }
  let seen = loaded;
  function reload(reason: string, force = false): void {
    let current: string;
    try {
      current = identity(lstatSync(path));
    } catch (err) {
      log(`model reload (${reason}): cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? err}; keeping the current model`);
      return;
    }
    if (!force && (current === loaded || current === seen)) return;
    seen = current;
    try {
      scorer.loadModel(readRegularFile(path, MAX_MODEL_FILE_BYTES));
      loaded = current;
      counters.modelReloads++;
      log(`model reload (${reason}): loaded ${path}`);
    } catch (err) {
      counters.modelReloadFailures++;
      log(`model reload (${reason}): refused ${path}: ${err instanceof ModelLoadError ? err.detail : (err as Error).message}; keeping the current model`);
    }
  }
  if (intervalMs > 0) watchFile(path, { interval: intervalMs, persistent: false }, () => reload("file changed"));
  return { reload, counters, close: () => unwatchFile(path) };
}
