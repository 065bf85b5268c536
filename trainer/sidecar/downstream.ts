// The TCP client to Vector's `socket` source: a bounded queue, reconnects with
// exponential backoff, and a replay window for at-least-once delivery.
//
// Vector's socket source never answers, so a write that "succeeded" only means
// the bytes reached our kernel. If Vector dies, whatever sat in our send buffer
// and in its receive buffer is gone. Therefore a chunk leaves the queue when it
// is written but stays in the replay window until at least replayWindowBytes of
// newer output have been handed to the kernel after it. When the connection
// dies, the whole window goes back to the front of the queue and is sent again
// on the next connection: nothing accepted is lost as long as the window covers
// the bytes in flight (send buffer + Vector's receive buffer), and events that
// did arrive before the break may arrive twice (at-least-once).
//
//   queue (unsent) ──write──▶ window (written, unconfirmed) ──newer bytes ≥ W──▶ dropped
//        ▲                         │
//        └──── connection died ────┘
//
// On shutdown the client half-closes (FIN) after the last byte; Vector closes
// its side once it has read up to that FIN, and that clean close confirms the
// whole window, so a graceful shutdown sends no duplicates.

import { createConnection, type Socket } from "node:net";
import type { ScoredChunk } from "./scoring.ts";

export interface DownstreamOptions {
  host: string;
  port: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  replayWindowBytes: number;
}

export interface DownstreamHooks {
  log(line: string): void;
  /** Held bytes went down: back-pressure may lift. */
  released(): void;
}

export interface DownstreamCounters {
  eventsOut: number;
  eventsReplayed: number;
  reconnects: number;
  errors: number;
}

export interface FlushResult {
  /** Events never written to a downstream connection. */
  unsentEvents: number;
  /** Events written but not confirmed by a clean close. */
  unconfirmedEvents: number;
}

interface Chunk {
  bytes: Uint8Array;
  events: number;
  /** Written to some connection before (a later write is a replay). */
  written: boolean;
  /** Handed to the kernel by the current connection. */
  flushed: boolean;
}

export class Downstream {
  readonly counters: DownstreamCounters = { eventsOut: 0, eventsReplayed: 0, reconnects: 0, errors: 0 };
  private queue: Chunk[] = [];
  private queueBytes = 0;
  private queueEvents = 0;
  private window: Chunk[] = [];
  private windowBytes = 0;
  private socket: Socket | undefined;
  private connected = false;
  private everConnected = false;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** We half-closed after the last byte and wait for the peer's close. */
  private endSent = false;
  private drain: { resolve: (r: FlushResult) => void; timer: NodeJS.Timeout } | undefined;

  constructor(
    private readonly opts: DownstreamOptions,
    private readonly hooks: DownstreamHooks,
  ) {}

  get address(): string {
    return `${this.opts.host}:${this.opts.port}`;
  }

  /** Bytes held: unsent queue plus replay window. */
  get heldBytes(): number {
    return this.queueBytes + this.windowBytes;
  }

  get pendingEvents(): number {
    return this.queueEvents;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  start(): void {
    this.connect();
  }

  enqueue(chunk: ScoredChunk): void {
    if (chunk.bytes.length === 0) return;
    this.queue.push({ bytes: chunk.bytes, events: chunk.events, written: false, flushed: false });
    this.queueBytes += chunk.bytes.length;
    this.queueEvents += chunk.events;
    this.pump();
  }

  /**
   * Sends everything queued, half-closes and waits for the peer to close
   * cleanly (which confirms the window), reconnecting as needed, for at most
   * timeoutMs. Stops the client either way.
   */
  flush(timeoutMs: number): Promise<FlushResult> {
    return new Promise((resolve) => {
      this.drain = { resolve, timer: setTimeout(() => this.finishDrain(), timeoutMs) };
      this.maybeEnd();
    });
  }

  /** Stops at once, without flushing. */
  destroy(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.socket?.destroy();
  }

  // --- internal ---

  private connect(): void {
    this.reconnectTimer = undefined;
    if (this.stopped) return;
    let errored = false;
    const socket = createConnection({ host: this.opts.host, port: this.opts.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on("connect", () => {
      if (this.socket !== socket) return;
      this.connected = true;
      if (this.everConnected) this.counters.reconnects++;
      if (this.failures > 0 || this.everConnected) this.hooks.log(`downstream ${this.address} connected; ${this.queueEvents} events queued`);
      this.everConnected = true;
      this.failures = 0;
      this.pump();
    });
    // Vector's socket source never writes; reading is how its FIN is seen.
    socket.on("data", () => {});
    socket.on("end", () => {
      if (!this.endSent) socket.destroy(); // the peer went away first: nothing is confirmed
    });
    socket.on("drain", () => this.pump());
    socket.on("error", (err: NodeJS.ErrnoException) => {
      errored = true;
      this.counters.errors++;
      if (this.connected || this.failures === 0 || isPowerOfTwo(this.failures)) {
        this.hooks.log(`downstream ${this.address}: ${err.code ?? err.message}`);
      }
    });
    socket.on("close", () => this.onClose(socket, errored));
  }

  private onClose(socket: Socket, errored: boolean): void {
    if (this.socket !== socket) return;
    const wasConnected = this.connected;
    const confirmed = this.endSent && wasConnected && !errored;
    this.socket = undefined;
    this.connected = false;
    this.endSent = false;
    if (confirmed) {
      this.window = [];
      this.windowBytes = 0;
      this.hooks.released();
      this.finishDrain();
      return;
    }
    if (this.window.length > 0) {
      for (const c of this.window) c.flushed = false;
      this.queue.unshift(...this.window);
      this.queueBytes += this.windowBytes;
      this.queueEvents += this.window.reduce((n, c) => n + c.events, 0);
      this.window = [];
      this.windowBytes = 0;
    }
    if (wasConnected) this.hooks.log(`downstream ${this.address} closed; ${this.queueEvents} events to send (replay window included)`);
    if (this.stopped) return;
    const delay = Math.min(this.opts.reconnectMaxMs, this.opts.reconnectMinMs * 2 ** Math.min(this.failures, 30));
    this.failures++;
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private pump(): void {
    const socket = this.socket;
    if (!socket || !this.connected || this.endSent) return;
    while (this.queue.length > 0 && !socket.writableNeedDrain) {
      const c = this.queue.shift()!;
      this.queueBytes -= c.bytes.length;
      this.queueEvents -= c.events;
      if (c.written) this.counters.eventsReplayed += c.events;
      else this.counters.eventsOut += c.events;
      c.written = true;
      c.flushed = false;
      this.window.push(c);
      this.windowBytes += c.bytes.length;
      socket.write(c.bytes, (err) => {
        if (err || this.socket !== socket) return;
        c.flushed = true;
        this.trim();
      });
    }
    this.maybeEnd();
  }

  /** Drops the oldest written chunks while the newer ones alone still fill the window. */
  private trim(): void {
    let dropped = false;
    while (this.window.length > 0 && this.window[0].flushed && this.windowBytes - this.window[0].bytes.length >= this.opts.replayWindowBytes) {
      this.windowBytes -= this.window.shift()!.bytes.length;
      dropped = true;
    }
    if (dropped) this.hooks.released();
    this.maybeEnd();
  }

  /** While flushing: once everything is in the kernel, half-close and let the peer's clean close confirm it. */
  private maybeEnd(): void {
    if (!this.drain || this.endSent) return;
    if (this.queue.length === 0 && this.window.length === 0) {
      this.finishDrain();
      return;
    }
    const socket = this.socket;
    if (!socket || !this.connected || this.queue.length > 0 || socket.writableLength > 0) return;
    if (!this.window.every((c) => c.flushed)) return;
    this.endSent = true;
    socket.end();
  }

  private finishDrain(): void {
    const drain = this.drain;
    if (!drain) return;
    this.drain = undefined;
    clearTimeout(drain.timer);
    const result = { unsentEvents: this.queueEvents, unconfirmedEvents: this.window.reduce((n, c) => n + c.events, 0) };
    this.destroy();
    drain.resolve(result);
  }
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}
