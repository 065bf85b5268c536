// The upstream listener: Vector's `socket` sink connects here, as many times
// as it likes. Each connection has its own line splitter, so a record never
// mixes bytes of two connections, and its pieces go to the scoring stage in
// the order they arrived, so each connection's order is kept.
//
// Back-pressure is TCP's own: pause() stops reading every connection, the
// kernel's receive buffers fill, and the sender's writes stall. Only what the
// sidecar itself must drain (batch, queue, replay window) pauses reading; a
// peer's unfinished line is bounded per connection and in all by the limits of
// connection-limits.ts, so a stalled peer cannot stop the others.

import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { LineSplitter, type Piece } from "./line-splitter.ts";
import { crowdedVictim, emptyEvictions, pendingVictim, type ConnectionLimitOptions, type EvictReason, type EvictionCounters } from "./connection-limits.ts";

export interface UpstreamOptions extends ConnectionLimitOptions {
  host: string;
  port: number;
  maxLineBytes: number;
}

export interface UpstreamHooks {
  /** A piece of one connection, in that connection's order. */
  piece(piece: Piece): void;
  /** Called after each chunk is handled, so the caller can check its watermarks. */
  afterChunk(): void;
  log(line: string): void;
  /** For lines a peer can trigger at will (rate-limited per kind). */
  logKind(kind: string, line: string): void;
}

export interface UpstreamCounters {
  connections: number;
  connectionsTotal: number;
  errors: number;
  evictions: EvictionCounters;
}

interface Conn {
  socket: Socket;
  splitter: LineSplitter;
  ended: boolean;
  lastDataMs: number;
  readonly pendingBytes: number;
}

export class UpstreamServer {
  readonly counters: UpstreamCounters = { connections: 0, connectionsTotal: 0, errors: 0, evictions: emptyEvictions() };
  private readonly server: Server;
  private readonly conns = new Set<Conn>();
  private paused = false;
  private closing = false;
  private allClosed: (() => void) | undefined;

  constructor(
    private readonly opts: UpstreamOptions,
    private readonly hooks: UpstreamHooks,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off("error", reject);
        this.server.on("error", (err) => this.hooks.log(`upstream listener: ${err.message}`));
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Bytes held by the splitters for unfinished lines. */
  get bufferedBytes(): number {
    let n = 0;
    for (const c of this.conns) n += c.splitter.bufferedBytes;
    return n;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.paused = true;
    for (const c of this.conns) c.socket.pause();
  }

  resume(): void {
    this.paused = false;
    const now = Date.now();
    for (const c of this.conns) {
      c.lastDataMs = Math.max(c.lastDataMs, now); // the pause was ours: idleness starts again now
      c.socket.resume();
    }
  }

  /**
   * Stops accepting, tells every sender we are done (FIN), keeps reading what
   * is in flight until each sender closes or drainMs passes, then drops the
   * rest. A connection's unfinished last line is still handed on as a record.
   */
  async close(drainMs: number): Promise<void> {
    this.closing = true;
    const listenerClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.conns.size > 0) {
      const done = new Promise<void>((resolve) => (this.allClosed = resolve));
      for (const c of this.conns) c.socket.end();
      const timer = setTimeout(() => {
        for (const c of this.conns) {
          this.finish(c);
          c.socket.destroy();
        }
      }, drainMs);
      await done;
      clearTimeout(timer);
    }
    await listenerClosed;
  }

  // --- internal ---

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const crowded = crowdedVictim(this.conns, this.conns.size, this.opts);
    if (crowded) this.evict(crowded, "crowded");
    const splitter = new LineSplitter(this.opts.maxLineBytes);
    const conn: Conn = {
      socket,
      splitter,
      ended: false,
      lastDataMs: Date.now(),
      get pendingBytes() {
        return splitter.bufferedBytes;
      },
    };
    this.conns.add(conn);
    this.counters.connections++;
    this.counters.connectionsTotal++;
    if (this.paused) socket.pause();
    if (this.opts.idleTimeoutMs > 0) socket.setTimeout(this.opts.idleTimeoutMs);
    socket.on("timeout", () => {
      if (this.paused || Date.now() - conn.lastDataMs < this.opts.idleTimeoutMs) socket.setTimeout(this.opts.idleTimeoutMs);
      else this.evict(conn, "idle");
    });
    socket.on("data", (chunk: Buffer) => {
      if (conn.ended) return;
      conn.lastDataMs = Date.now();
      for (const piece of conn.splitter.push(chunk)) this.hooks.piece(piece);
      if (conn.pendingBytes > 0) {
        for (let v = pendingVictim(this.conns, this.opts); v; v = pendingVictim(this.conns, this.opts)) this.evict(v, "pending");
      }
      this.hooks.afterChunk();
    });
    socket.on("end", () => this.finish(conn));
    socket.on("error", (err: NodeJS.ErrnoException) => {
      this.counters.errors++;
      this.hooks.log(`upstream ${socket.remoteAddress}:${socket.remotePort}: ${err.code ?? err.message}`);
    });
    socket.on("close", () => {
      this.finish(conn);
      this.conns.delete(conn);
      this.counters.connections--;
      if (this.conns.size === 0) this.allClosed?.();
    });
  }

  /** Closes a connection under one of the limits; what it sent so far goes on, its unfinished line as a record. */
  private evict(conn: Conn, reason: EvictReason): void {
    this.counters.evictions[reason]++;
    this.hooks.logKind(
      `evict-${reason}`,
      `upstream ${conn.socket.remoteAddress}:${conn.socket.remotePort}: closed (${reason}), ${conn.pendingBytes} bytes of an unfinished line passed on as a record`,
    );
    this.finish(conn);
    conn.socket.destroy();
  }

  /** The connection's stream is over: its unfinished last line is a record too. */
  private finish(conn: Conn): void {
    if (conn.ended) return;
    conn.ended = true;
    for (const piece of conn.splitter.end()) this.hooks.piece(piece);
    this.hooks.afterChunk();
  }
}
