// How Scorer.process moves records in and outputs out in bounded pieces. On this
// VM a new large buffer costs about 5 ms/MB to fault in, so no buffer the size
// of the whole input is made here: record texts are encoded chunk by chunk into
// one reused buffer, and each output is copied once, into a buffer sized up front
// when its size is known.

/** A piece of NDJSON, and how far through the input it reaches (in the input's units). */
export interface Chunk {
  bytes: Uint8Array;
  done: number;
}

/** UTF-8 needs at most 3 bytes per UTF-16 code unit. */
const MAX_UTF8_PER_UNIT = 3;
const LF = 0x0a;

/** NDJSON bytes cut at newlines into chunks of about `size` bytes; `done` counts bytes. */
export function* byteChunks(data: Uint8Array, size: number): Generator<Chunk> {
  let start = 0;
  while (start < data.length) {
    let end = Math.min(start + size, data.length);
    if (end < data.length) {
      const nl = data.indexOf(LF, end);
      end = nl < 0 ? data.length : nl + 1;
    }
    yield { bytes: data.subarray(start, end), done: end };
    start = end;
  }
}

/**
 * Record texts as NDJSON chunks of at most `size` bytes (one record alone may be longer),
 * encoded into one buffer that is reused: a chunk is valid until the next is asked for.
 * `done` counts UTF-16 code units plus one per newline, like `textUnits`.
 */
export function* recordChunks(records: readonly string[], size: number): Generator<Chunk> {
  let buf = Buffer.allocUnsafe(size);
  let at = 0;
  let done = 0;
  for (const record of records) {
    const worst = record.length * MAX_UTF8_PER_UNIT + 1;
    if (at > 0 && at + worst > buf.length) {
      yield { bytes: buf.subarray(0, at), done };
      at = 0;
    }
    if (worst > buf.length) buf = Buffer.allocUnsafe(worst);
    at += buf.write(record, at, "utf8");
    buf[at++] = LF;
    done += record.length + 1;
  }
  if (at > 0) yield { bytes: buf.subarray(0, at), done };
}

/** The size of record texts in recordChunks' units. */
export function textUnits(records: readonly string[]): number {
  let n = 0;
  for (const r of records) n += r.length + 1;
  return n;
}

/** One output, appended to chunk by chunk; grows by doubling past the expected size. */
export class Collector {
  private buf: Uint8Array;
  private length = 0;

  constructor(expectedBytes = 0) {
    this.buf = new Uint8Array(expectedBytes);
  }

  append(part: Uint8Array): void {
    if (this.length + part.length > this.buf.length) {
      const grown = new Uint8Array(Math.max(2 * this.buf.length, this.length + part.length));
      grown.set(this.buf.subarray(0, this.length));
      this.buf = grown;
    }
    this.buf.set(part, this.length);
    this.length += part.length;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}
