// Splits one connection's byte stream into newline-delimited records, the
// framing of Vector's `socket` sink (`framing.method = "newline_delimited"`).
//
// Complete lines are not copied one by one: a run of them inside a chunk is
// passed on as one slice, which is what the scorer's NDJSON batch takes anyway.
// A line split across chunks is joined once it completes. A line longer than
// the cap is never buffered whole and never silently dropped: it becomes a
// small stand-in record that says what arrived (see oversizedRecord).

const LF = 0x0a;
/** How much of an oversized record is kept in its stand-in, in bytes. */
export const OVERSIZED_HEAD_BYTES = 1024;
export const OVERSIZED_ERROR = "record_too_large";

/** Complete lines, each ending with LF (CR before it is left for the scorer, which strips it). */
export interface LinesPiece {
  kind: "lines";
  bytes: Buffer;
  /** Number of LF-terminated lines in bytes, blank ones included. */
  lines: number;
}

/** A record over the cap, already turned into its stand-in line. */
export interface OversizedPiece {
  kind: "oversized";
  record: Buffer;
  /** The original record's length in bytes, without its LF. */
  bytes: number;
}

export type Piece = LinesPiece | OversizedPiece;

export class LineSplitter {
  /** Start of the current, unfinished line (bytes before any LF). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Set while the rest of an oversized line is being skipped. */
  private skipping: { head: Buffer; bytes: number } | undefined;

  /** @param maxLineBytes longest accepted record, excluding its LF. */
  constructor(readonly maxLineBytes: number) {}

  /** Bytes held for an unfinished line: at most maxLineBytes. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /** Takes the next chunk; returns the pieces it completes, in stream order. */
  push(chunk: Buffer): Piece[] {
    const out: Piece[] = [];
    let pos = 0;
    let runStart = -1;
    let runEnd = -1;
    let runLines = 0;
    const flushRun = () => {
      if (runStart < 0) return;
      out.push({ kind: "lines", bytes: chunk.subarray(runStart, runEnd), lines: runLines });
      runStart = -1;
      runLines = 0;
    };
    while (pos < chunk.length) {
      const nl = chunk.indexOf(LF, pos);
      if (this.skipping) {
        if (nl < 0) {
          this.skipping.bytes += chunk.length - pos;
          break;
        }
        this.skipping.bytes += nl - pos;
        out.push(oversizedPiece(this.skipping.head, this.skipping.bytes));
        this.skipping = undefined;
        pos = nl + 1;
        continue;
      }
      if (nl < 0) {
        flushRun();
        this.hold(chunk.subarray(pos));
        break;
      }
      const lineBytes = this.pendingBytes + (nl - pos);
      if (lineBytes > this.maxLineBytes) {
        flushRun();
        out.push(oversizedPiece(this.takeHead(chunk.subarray(pos, nl)), lineBytes));
        pos = nl + 1;
        continue;
      }
      if (this.pendingBytes > 0) {
        flushRun();
        const line = Buffer.concat([...this.pending, chunk.subarray(pos, nl + 1)]);
        this.pending = [];
        this.pendingBytes = 0;
        out.push({ kind: "lines", bytes: line, lines: 1 });
        pos = nl + 1;
        continue;
      }
      if (runStart < 0) runStart = pos;
      runEnd = nl + 1;
      runLines++;
      pos = nl + 1;
    }
    flushRun();
    return out;
  }

  /** The stream ended: an unfinished last line is still a record. */
  end(): Piece[] {
    if (this.skipping) {
      const piece = oversizedPiece(this.skipping.head, this.skipping.bytes);
      this.skipping = undefined;
      return [piece];
    }
    if (this.pendingBytes === 0) return [];
    const line = Buffer.concat([...this.pending, Buffer.from([LF])]);
    this.pending = [];
    this.pendingBytes = 0;
    return [{ kind: "lines", bytes: line, lines: 1 }];
  }

  // --- internal ---

  /** Keeps an unfinished line, or starts skipping it once it is over the cap. */
  private hold(part: Buffer): void {
    if (this.pendingBytes + part.length > this.maxLineBytes) {
      const bytes = this.pendingBytes + part.length;
      this.skipping = { head: this.takeHead(part), bytes };
      return;
    }
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  /** The first OVERSIZED_HEAD_BYTES of the pending bytes followed by `tail`; clears pending. */
  private takeHead(tail: Buffer): Buffer {
    const parts: Buffer[] = [];
    let taken = 0;
    for (const part of [...this.pending, tail]) {
      if (taken >= OVERSIZED_HEAD_BYTES) break;
      const piece = part.subarray(0, OVERSIZED_HEAD_BYTES - taken);
      parts.push(piece);
      taken += piece.length;
    }
    this.pending = [];
    this.pendingBytes = 0;
    return Buffer.concat(parts); // a copy: the chunks it came from can go
  }
}

/**
 * The stand-in for a record over the cap, one JSON line. It carries the same
 * fields as the scorer's fail-open output, so routing on them still works:
 * `{"log":"<first 1 KiB>…","anomaly_score":0,"threat_type":"none","severity":"NONE","anomaly_error":"record_too_large","original_bytes":N}`
 */
export function oversizedRecord(head: Uint8Array, originalBytes: number): Buffer {
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("utf8") + "…";
  return Buffer.from(
    `{"log":${JSON.stringify(text)},"anomaly_score":0,"threat_type":"none","severity":"NONE",` +
      `"anomaly_error":"${OVERSIZED_ERROR}","original_bytes":${originalBytes}}\n`,
  );
}

function oversizedPiece(head: Buffer, bytes: number): OversizedPiece {
  return { kind: "oversized", record: oversizedRecord(head, bytes), bytes };
}
