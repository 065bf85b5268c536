// Batches records from all upstream connections, in arrival order, and scores
// each batch through the WASM scorer's NDJSON ABI. One output line comes back
// per non-blank input line, in the same order, so the order of every upstream
// connection is kept. A batch closes at batchMaxRecords lines, batchMaxBytes
// input bytes, or batchMaxDelayMs after its first line, whichever comes first.

import type { Piece } from "./line-splitter.ts";
import { OUTPUT, type Scorer } from "../wasm/scorer.ts";

export interface ScoringOptions {
  batchMaxRecords: number;
  batchMaxBytes: number;
  batchMaxDelayMs: number;
}

/** Enriched NDJSON ready for the downstream: whole lines only. */
export interface ScoredChunk {
  bytes: Uint8Array;
  events: number;
}

export const SCORER_FAILED_ERROR = "scorer_failed";

export class ScoringStage {
  private parts: Buffer[] = [];
  private bytes = 0;
  private lines = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly scorer: Scorer,
    private readonly opts: ScoringOptions,
    private readonly emit: (chunk: ScoredChunk) => void,
    private readonly onFailure: (err: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Input bytes waiting in the open batch. */
  get bufferedBytes(): number {
    return this.bytes;
  }

  add(piece: Piece): void {
    if (piece.kind === "oversized") {
      this.flush(); // keeps the stand-in in stream order
      this.emit({ bytes: piece.record, events: 1 });
      return;
    }
    this.parts.push(piece.bytes);
    this.bytes += piece.bytes.length;
    this.lines += piece.lines;
    if (this.lines >= this.opts.batchMaxRecords || this.bytes >= this.opts.batchMaxBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.opts.batchMaxDelayMs);
  }

  /** Scores the open batch now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.parts.length === 0) return;
    const input = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.bytes);
    this.parts = [];
    this.bytes = 0;
    this.lines = 0;
    let chunk: ScoredChunk;
    try {
      const result = this.scorer.process(input, OUTPUT.ENRICHED, this.now());
      chunk = { bytes: result.enriched, events: result.count };
    } catch (err) {
      this.onFailure(err);
      chunk = failOpen(input);
    }
    if (chunk.events > 0) this.emit(chunk);
  }

  /** Drops a pending timer (the batch itself stays until flush). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * What goes out when the scorer itself fails on a batch (a bug, not bad
 * input): every non-blank line wrapped like the scorer's own fail-open output,
 * so nothing is lost and every record still carries the routing fields.
 */
function failOpen(input: Buffer): ScoredChunk {
  const out: string[] = [];
  for (const raw of input.toString("utf8").split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (/^[ \t]*$/.test(line)) continue; // the scorer's notion of blank
    out.push(
      `{"log":${JSON.stringify(line)},"anomaly_score":0,"threat_type":"none","severity":"NONE","anomaly_error":"${SCORER_FAILED_ERROR}"}\n`,
    );
  }
  return { bytes: Buffer.from(out.join("")), events: out.length };
}
