// Progress on stderr: what the tool is doing during long steps. On a terminal a
// task is one bar redrawn in place, with rate and ETA; elsewhere (CI logs, pipes)
// it is a plain line every few seconds plus one line when it ends. Quiet mode
// prints nothing. stdout is never touched, so `--json` output stays clean.

import type { TrainReporter } from "../pipeline/train.ts";

/** What a task counts; bytes are shown in MB. */
export type ProgressUnit = "files" | "records" | "bytes" | "epochs";

export interface ProgressTask {
  /** Sets how much is done (absolute), with an optional note shown after the counts ("loss 0.0123"). */
  update(done: number, note?: string): void;
  /** Ends the task with a one-line summary. */
  done(note?: string): void;
}

export interface Reporter extends TrainReporter {
  info(line: string): void;
  /** A warning: printed under --quiet too (it is not progress). */
  warn(line: string): void;
  task(label: string, total: number, unit: ProgressUnit): ProgressTask;
  /** Progress of the scanner over `total` bytes, for the current phase (a TrainReporter hook). */
  progress(done: number, total: number): void;
}

export interface ReporterOptions {
  quiet?: boolean;
  /** Draw bars; defaults to stderr.isTTY. */
  tty?: boolean;
  /** Milliseconds clock (tests pass a fake one). */
  now?: () => number;
}

/** Shortest gap between two redraws of a bar. */
export const TTY_REDRAW_MS = 100;
/** Shortest gap between two plain progress lines. */
export const PLAIN_EVERY_MS = 5_000;

export function createReporter(stderr: NodeJS.WritableStream, options: ReporterOptions | boolean = {}): Reporter {
  const opts: ReporterOptions = typeof options === "boolean" ? { quiet: options } : options;
  const quiet = opts.quiet === true;
  const tty = opts.tty ?? (stderr as { isTTY?: boolean }).isTTY === true;
  const now = opts.now ?? (() => Date.now());
  const columns = () => (stderr as { columns?: number }).columns || DEFAULT_COLUMNS;
  let active: Bar | undefined;
  let phase = "";
  /** Where the next scan pass or epoch run starts counting time: the phase start, or the end of the last pass. */
  let mark = now();
  let scan: { task: ProgressTask; last: number } | undefined;
  let epochs: ProgressTask | undefined;

  const say = (line: string) => {
    if (quiet) return;
    active?.clear();
    stderr.write(line + "\n");
    active?.redraw();
  };

  const task = (label: string, total: number, unit: ProgressUnit, started = now()): ProgressTask => {
    if (quiet) return { update() {}, done() {} };
    const bar = new Bar(label, total, unit, now, started, tty, stderr, columns);
    active = bar;
    return {
      update: (done, note) => bar.update(done, note),
      done: (note) => {
        bar.finish(note);
        if (active === bar) active = undefined;
      },
    };
  };

  const endScan = () => {
    if (!scan) return;
    scan.task.done();
    scan = undefined;
    mark = now();
  };

  return {
    info: (line) => {
      endScan();
      say(line);
    },
    warn: (line) => {
      endScan();
      active?.clear();
      stderr.write(line + "\n");
      active?.redraw();
    },
    task: (label, total, unit) => task(label, total, unit),
    phase: (name) => {
      endScan();
      mark = now();
      phase = name;
      say(`  training: ${name}`);
    },
    progress: (done, total) => {
      // A new pass over the same data (the scan repeated for yearless timestamps) starts a new bar.
      if (scan && done < scan.last) endScan();
      scan ??= { task: task(`    ${phase || "scanning"}`, total, "bytes", mark), last: 0 };
      scan.last = done;
      scan.task.update(done);
      if (done >= total) endScan();
    },
    epoch: (e, total, loss) => {
      endScan();
      epochs ??= task("    autoencoder", total, "epochs", mark);
      epochs.update(e, `loss ${loss.toFixed(5)}`);
      if (e >= total) {
        epochs.done(`final loss ${loss.toFixed(5)}`);
        epochs = undefined;
        mark = now();
      }
    },
  };
}

/** "3s", "2m05s", "1h02m". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

// --- internal ---

const DEFAULT_COLUMNS = 80;
const BAR_WIDTH = 24;
const MB = 1_000_000;
/** Tasks shorter than this end without a summary line (unless they have a note, like the final loss). */
const SILENT_BELOW_MS = 1_000;
/** Below this much elapsed time a rate (and so an ETA) is mostly noise. */
const MIN_RATE_MS = 250;

class Bar {
  private done = 0;
  private note = "";
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;
  /** A plain progress line was written (so the summary line is owed). */
  private printed = false;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: ProgressUnit,
    private readonly now: () => number,
    private readonly started: number,
    private readonly tty: boolean,
    private readonly out: NodeJS.WritableStream,
    private readonly columns: () => number,
  ) {
    this.lastDraw = this.tty ? Number.NEGATIVE_INFINITY : this.started;
  }

  update(done: number, note?: string): void {
    this.done = Math.min(done, this.total);
    if (note !== undefined) this.note = note;
    const t = this.now();
    if (t - this.lastDraw < (this.tty ? TTY_REDRAW_MS : PLAIN_EVERY_MS)) return;
    this.lastDraw = t;
    if (this.tty) this.redraw();
    else {
      this.out.write(`${this.label.trimEnd()}: ${this.status(t)}\n`);
      this.printed = true;
    }
  }

  finish(note?: string): void {
    this.clear();
    const elapsed = this.now() - this.started;
    // A step that was over in a blink and has nothing to add is not worth a line.
    if (elapsed < SILENT_BELOW_MS && !note && !this.printed) return;
    const amount = this.unit === "bytes" ? `${(this.total / MB).toFixed(1)} MB` : `${this.total.toLocaleString("en-US")} ${this.unit}`;
    const rate = elapsed >= MIN_RATE_MS ? `, ${this.rate(this.total, elapsed)}` : "";
    this.out.write(`${this.label.trimEnd()}: ${amount} in ${formatDuration(elapsed)}${rate}${note ? `, ${note}` : ""}\n`);
  }

  redraw(): void {
    if (!this.tty) return;
    const share = this.total > 0 ? this.done / this.total : 1;
    const filled = Math.round(share * BAR_WIDTH);
    const line = `${this.label} [${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}] ${this.status(this.now())}`;
    this.out.write(`\r${line.slice(0, Math.max(10, this.columns() - 1))}\x1b[K`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.out.write("\r\x1b[K");
    this.drawn = false;
  }

  /** "52%  13/25 files  4.2 files/s  ETA 3s  loss 0.01". */
  private status(t: number): string {
    const share = this.total > 0 ? this.done / this.total : 1;
    const parts = [`${Math.floor(share * 100)}%`, this.counts()];
    const elapsed = t - this.started;
    if (elapsed >= MIN_RATE_MS && this.done > 0) {
      parts.push(this.rate(this.done, elapsed));
      if (this.done < this.total) parts.push(`ETA ${formatDuration(((this.total - this.done) * elapsed) / this.done)}`);
    }
    if (this.note) parts.push(this.note);
    return parts.join("  ");
  }

  private counts(): string {
    if (this.unit === "bytes") return `${(this.done / MB).toFixed(1)}/${(this.total / MB).toFixed(1)} MB`;
    return `${this.done.toLocaleString("en-US")}/${this.total.toLocaleString("en-US")} ${this.unit}`;
  }

  private rate(amount: number, ms: number): string {
    const perSecond = (amount * 1000) / ms;
    if (this.unit === "bytes") return `${(perSecond / MB).toFixed(1)} MB/s`;
    return `${perSecond >= 10 ? Math.round(perSecond).toLocaleString("en-US") : perSecond.toFixed(1)} ${this.unit}/s`;
  }
}
