// Plays Vector around the sidecar, over real sockets on 127.0.0.1: a FakeSource is Vector's
// `socket` source (collects the enriched lines), clients are its `socket` sink (send tagged
// events). spawnServe runs `node bin/log-anomaly.mjs serve` as a child process, as deployed.
//
//   const source = await FakeSource.start();
//   const serve = await spawnServe(modelPath, ["--downstream-port", String(source.port)]);
//   await sendAll(serve.port, payload(0, 1000));
//   await waitFor("events", () => source.lines.length >= 1000);

import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from "node:net";

export const HOST = "127.0.0.1";

export class FakeSource {
  private readonly sockets = new Set<Socket>();
  private reading = true;
  private constructor(
    private readonly server: Server,
    readonly lines: string[],
  ) {}

  /** Listening on `port` (0: an ephemeral one), appending to `lines`; `reading` false: accepts but reads nothing until resumeReading(). */
  static async start(port = 0, lines: string[] = [], reading = true): Promise<FakeSource> {
    const server = createServer();
    const src = new FakeSource(server, lines);
    src.reading = reading;
    server.on("connection", (s) => src.accept(s));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, HOST, () => resolve());
    });
    return src;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  pauseReading(): void {
    this.reading = false;
    for (const s of this.sockets) s.pause();
  }

  resumeReading(): void {
    this.reading = true;
    for (const s of this.sockets) s.resume();
  }

  /** Like a crash: connections dropped, unread bytes gone, port closed. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    if (!this.reading) socket.pause();
    let tail = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      const buf = tail.length ? Buffer.concat([tail, chunk]) : chunk;
      let start = 0;
      for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
        this.lines.push(buf.toString("utf8", start, nl));
        start = nl + 1;
      }
      tail = Buffer.from(buf.subarray(start)); // a torn last line of a dead connection is never counted
    });
    socket.on("error", () => {});
    socket.on("close", () => this.sockets.delete(socket));
  }
}

const T0 = Date.UTC(2024, 0, 15, 8, 0, 0);

const stamps: string[] = [];
const stamp = (seq: number) => (stamps[seq] ??= new Date(T0 + seq * 1000).toISOString());

/** One tagged login event (NDJSON line): its connection and sequence number survive enrichment; `pad` makes it longer. */
export function event(conn: number, seq: number, pad = ""): string {
  return `{"timestamp":"${stamp(seq)}","user":"u${seq % 7}","source_ip":"10.0.${conn % 256}.${seq % 31}","event_type":"login","action":"success","conn":${conn},"seq":${seq}${pad ? `,"pad":"${pad}"` : ""}}\n`;
}

export function payload(conn: number, n: number, from = 0): Buffer {
  let s = "";
  for (let i = from; i < from + n; i++) s += event(conn, i);
  return Buffer.from(s);
}

export async function connect(port: number, host = HOST): Promise<Socket> {
  const s = createConnection({ host, port });
  await new Promise<void>((resolve, reject) => {
    s.once("connect", resolve);
    s.once("error", reject);
  });
  s.on("error", () => {});
  return s;
}

/** Sends a whole payload and closes (FIN); resolves when the socket is closed. */
export async function sendAll(port: number, data: Buffer): Promise<void> {
  const s = await connect(port);
  await new Promise<void>((resolve) => {
    s.on("close", () => resolve());
    s.resume();
    s.end(data);
  });
}

/**
 * `conns` clients writing tagged events to `port` as fast as it takes them, each until the sidecar's
 * FIN (a real sink would then reconnect elsewhere). written[c]: the events client c has written so far.
 */
export async function flood(port: number, conns: number): Promise<{ written: number[]; closed: Promise<void>[] }> {
  const written = range(conns).map(() => 0);
  const clients = await Promise.all(range(conns).map(() => connect(port)));
  const closed = clients.map((s) => new Promise<void>((r) => s.on("close", () => r())));
  clients.forEach((s, c) => {
    let open = true;
    s.on("end", () => (open = false));
    s.resume();
    const pump = () => {
      while (open && !s.writableEnded) {
        let block = "";
        for (let i = 0; i < 64; i++) block += event(c, written[c]++);
        if (!s.write(block)) return void s.once("drain", pump);
      }
    };
    pump();
  });
  return { written, closed };
}

export interface Out {
  conn: number;
  seq: number;
  anomaly_score: number;
  threat_type: string;
  severity: string;
  anomaly_error?: string;
  log?: string;
  original_bytes?: number;
}

export function parse(lines: string[]): Out[] {
  return lines.map((l) => JSON.parse(l) as Out);
}

/** The received sequence numbers of each connection, in arrival order. */
export function seqsByConn(outs: Out[]): Map<number, number[]> {
  const by = new Map<number, number[]>();
  for (const o of outs) {
    if (typeof o.conn !== "number") continue;
    if (!by.has(o.conn)) by.set(o.conn, []);
    by.get(o.conn)!.push(o.seq);
  }
  return by;
}

export const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => from + i);

/** undefined when equal, else where the two sequences first differ. */
export function mismatch(got: number[] | undefined, want: number[]): string | undefined {
  if (!got) return want.length === 0 ? undefined : "nothing received";
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    if (got[i] !== want[i]) return `at ${i}: got ${got[i]}, want ${want[i]} (lengths ${got.length} / ${want.length})`;
  }
  return undefined;
}

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A port that was free a moment ago (for flags that cannot take 0 and report back). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ServeProcess {
  child: ChildProcess;
  /** The upstream port from the "listening on" line. */
  port: number;
  host: string;
  stderr(): string;
  exited: Promise<number | null>;
  /** Resident set size of the child now, and its peak so far (VmRSS / VmHWM from /proc, bytes). */
  memory(): { rss: number; hwm: number };
  kill(): void;
}

/** `node bin/log-anomaly.mjs serve --model <model> --listen-port 0 ...args`, started and listening. */
export async function spawnServe(modelPath: string, args: string[]): Promise<ServeProcess> {
  const child = spawn(process.execPath, ["bin/log-anomaly.mjs", "serve", "--model", modelPath, "--listen-port", "0", "--metrics-interval-ms", "0", ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (c) => (stderr += c));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const listening = /listening on ([\d.]+):(\d+)/;
  await waitFor(`serve's listening line (stderr so far: ${stderr})`, () => listening.test(stderr) || gone, 30_000);
  if (!listening.test(stderr)) throw new Error(`serve exited before listening: ${stderr}`);
  const [, host, port] = listening.exec(stderr)!;
  return {
    child,
    port: Number(port),
    host,
    stderr: () => stderr,
    exited,
    memory: () => procMemory(child.pid!),
    kill: () => {
      if (!gone) child.kill("SIGKILL");
    },
  };
}

function procMemory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}
