// The Vector sidecar over real sockets on 127.0.0.1 (ephemeral ports): a client
// plays Vector's `socket` sink, a server plays Vector's `socket` source. Events
// are tagged with their connection and sequence number, so loss, duplicates and
// reordering are all visible.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../trainer/cli/main.ts";
import { startSidecar, type Sidecar, type SidecarConfig } from "../../../trainer/sidecar/index.ts";
import { DEFAULT_LISTEN_HOST, DEFAULT_LISTEN_PORT, DEFAULT_DOWNSTREAM_HOST, DEFAULT_DOWNSTREAM_PORT, resolveSidecarConfig } from "../../../trainer/sidecar/config.ts";
import { Scorer } from "../../../trainer/wasm/scorer.ts";
import { FakeSource, HOST, connect, event, flood, mismatch, parse, payload, range, seqsByConn, sendAll, waitFor, type Out } from "../../helpers/sidecar-harness.ts";
import { SEVERITY_NAMES } from "../../../contract/vocabulary.ts";

const MIB = 1 << 20;

// --- a trained model, once (local stand-in for a shared helper) ---

let workDir: string;
let modelPath: string;
let modelBytes: Uint8Array;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "sidecar-test-"));
  const out = join(workDir, "model");
  const err: Buffer[] = [];
  const stderr = new Writable({ write: (c, _e, done) => (err.push(Buffer.from(c)), done()) });
  const code = await main(["train", "--data-path", "samples/", "--output-dir", out, "--quiet", "--autoencoder-epochs", "5"], { stdout: stderr, stderr });
  if (code !== 0) throw new Error(`training failed (${code}): ${Buffer.concat(err).toString()}`);
  modelPath = join(out, "model.bin");
  modelBytes = readFileSync(modelPath);
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function scorer(): Promise<Scorer> {
  const s = await Scorer.load();
  s.loadModel(modelBytes);
  return s;
}

// --- Vector's socket source and sink: test/helpers/sidecar-harness.ts ---

const sources: FakeSource[] = [];

async function fakeSource(...args: Parameters<typeof FakeSource.start>): Promise<FakeSource> {
  const src = await FakeSource.start(...args);
  sources.push(src);
  return src;
}

const SEVERITIES = new Set(SEVERITY_NAMES);

/** Carries the three routing fields and no error. */
function enriched(o: Out): boolean {
  return typeof o.anomaly_score === "number" && typeof o.threat_type === "string" && SEVERITIES.has(o.severity) && o.anomaly_error === undefined;
}

// --- the sidecar under test ---

const running: Sidecar[] = [];
const logs: string[] = [];

async function sidecar(downstreamPort: number, config: Partial<SidecarConfig> = {}): Promise<Sidecar> {
  const sc = await startSidecar(
    { listenPort: 0, downstreamPort, metricsIntervalMs: 0, reconnectMinMs: 20, reconnectMaxMs: 200, ...config },
    await scorer(),
    { log: (line) => logs.push(line) },
  );
  running.push(sc);
  return sc;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  await Promise.all(sources.splice(0).map((s) => s.close()));
  logs.length = 0;
});

describe("sidecar", () => {
  it("round-trips 100k events over 4 connections: none lost, none doubled, each connection in order, all enriched", async () => {
    const CONNS = 4;
    const PER = 25_000;
    const source = await fakeSource();
    const sc = await sidecar(source.port);
    await Promise.all(range(CONNS).map((c) => sendAll(sc.address.port, payload(c, PER))));
    await waitFor("100k events downstream", () => source.lines.length >= CONNS * PER, 45_000);
    await sc.close();

    expect(source.lines).toHaveLength(CONNS * PER);
    const outs = parse(source.lines);
    const by = seqsByConn(outs);
    for (const c of range(CONNS)) expect(mismatch(by.get(c), range(PER)), `connection ${c}`).toBeUndefined();
    expect(outs.find((o) => !enriched(o))).toBeUndefined();
    const st = sc.stats();
    expect(st).toMatchObject({ eventsIn: CONNS * PER, eventsOut: CONNS * PER, eventsReplayed: 0, queueEvents: 0, errors: 0, connectionsTotal: CONNS });
  }, 60_000);

  it("loses nothing accepted when the downstream dies and comes back: at-least-once, duplicates only where it resumed", async () => {
    const CONNS = 2;
    const PER = 15_000;
    const lines: string[] = [];
    let source = await fakeSource(0, lines);
    const port = source.port;
    const sc = await sidecar(port);
    const sending = Promise.all(range(CONNS).map((c) => sendAll(sc.address.port, payload(c, PER))));
    await waitFor("first events downstream", () => lines.length >= 3_000);
    await source.close();
    await new Promise((r) => setTimeout(r, 150));
    source = await fakeSource(port, lines);
    await sending;
    const unique = () => new Set(lines.map((l) => l.slice(l.indexOf('"conn"')))).size;
    await waitFor("every event after the restart", () => unique() >= CONNS * PER, 25_000);
    await sc.close();

    const by = seqsByConn(parse(lines));
    let duplicates = 0;
    for (const c of range(CONNS)) {
      const seqs = by.get(c)!;
      // Arrival order is [0..a] from the first connection, then [b..PER-1] from the second, b <= a + 1.
      const cut = seqs.findIndex((s, i) => i > 0 && s <= seqs[i - 1]);
      const first = cut < 0 ? seqs : seqs.slice(0, cut);
      const second = cut < 0 ? [] : seqs.slice(cut);
      expect(mismatch(first, range(first.length)), `connection ${c} before the restart`).toBeUndefined();
      if (second.length) expect(mismatch(second, range(PER - second[0], second[0])), `connection ${c} after the restart`).toBeUndefined();
      expect(new Set(seqs).size, `connection ${c} complete`).toBe(PER);
      duplicates += seqs.length - PER;
    }
    const st = sc.stats();
    expect(st.reconnects).toBe(1);
    expect(st.eventsReplayed, "the replay window was sent again").toBeGreaterThan(0);
    expect(duplicates).toBeLessThanOrEqual(st.eventsReplayed);
    expect(st.eventsOut).toBe(CONNS * PER);
    expect(st.queueEvents).toBe(0);
  }, 40_000);

  it.each([
    ["closes cleanly (FIN)", (s: Socket) => s.end()],
    ["is destroyed", (s: Socket) => s.destroy()],
  ])("scores the unfinished last line when the upstream %s mid-line", async (_how, hangUp) => {
    const source = await fakeSource();
    const sc = await sidecar(source.port);
    const s = await connect(sc.address.port);
    s.write(event(0, 0) + '{"conn":0,"seq":1,"partial":');
    await waitFor("the complete line", () => source.lines.length >= 1);
    hangUp(s);
    await waitFor("the partial line", () => source.lines.length >= 2);
    const [whole, partial] = parse(source.lines);
    expect(whole).toMatchObject({ conn: 0, seq: 0 });
    expect(partial).toMatchObject({ log: '{"conn":0,"seq":1,"partial":', anomaly_score: 0, threat_type: "none", severity: "NONE", anomaly_error: "invalid_json" });
    expect(sc.stats().eventsIn).toBe(2);
  });

  it("counts an oversized line and passes it on, in order, as a small record_too_large record", async () => {
    const source = await fakeSource();
    const sc = await sidecar(source.port, { maxLineBytes: 1024 });
    const big = `{"conn":0,"seq":1,"blob":"${"b".repeat(5000)}"}`;
    await sendAll(sc.address.port, Buffer.from(event(0, 0) + big + "\n" + event(0, 2)));
    await waitFor("three records", () => source.lines.length >= 3);
    const [a, stub, c] = parse(source.lines);
    expect(a).toMatchObject({ conn: 0, seq: 0 });
    expect(c).toMatchObject({ conn: 0, seq: 2 });
    expect(stub).toEqual({
      log: big.slice(0, 1024) + "…",
      anomaly_score: 0,
      threat_type: "none",
      severity: "NONE",
      anomaly_error: "record_too_large",
      original_bytes: Buffer.byteLength(big),
    });
    expect(source.lines[1].length).toBeLessThan(1200);
    expect(sc.stats().oversized).toBe(1);
    expect(logs.some((l) => l.includes("record_too_large"))).toBe(true);
  });

  it("applies back-pressure: the queue stays under its cap, the sender blocks, and everything flows once the downstream reads", async () => {
    const CAP = 4 * MIB;
    const source = await fakeSource(0, [], false);
    const sc = await sidecar(source.port, { maxQueuedBytes: CAP, replayWindowBytes: 1 * MIB, batchMaxBytes: 128 * 1024 });
    await waitFor("downstream connected", () => sc.stats().downstreamConnected);
    const client = await connect(sc.address.port);
    const pad = "p".repeat(3000);
    const BLOCK = 32;
    const MAX_EVENTS = 200_000;
    let sent = 0;
    let blocked = false;
    while (!blocked && sent < MAX_EVENTS) {
      let block = "";
      for (let i = 0; i < BLOCK; i++) block += event(0, sent++, pad);
      if (client.write(block)) continue;
      const drain = new Promise<void>((r) => client.once("drain", () => r()));
      const drained = await Promise.race([drain.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1_000))]);
      // Blocked means: no drain for a second while the sidecar has paused reading (not merely a slow moment).
      if (!drained && sc.stats().paused) blocked = true;
      else if (!drained) await drain;
    }
    expect(blocked, `the sender's write() stalls (after ${sent} events)`).toBe(true);
    const held = sc.stats();
    expect(held.paused).toBe(true);
    expect(held.pauses).toBeGreaterThanOrEqual(1);
    expect(held.peakQueueBytes).toBeGreaterThan(CAP / 2);
    expect(held.peakQueueBytes).toBeLessThanOrEqual(CAP);
    expect(source.lines).toHaveLength(0);

    source.resumeReading();
    client.end();
    await waitFor("every event after the downstream reads", () => source.lines.length >= sent, 25_000);
    const by = seqsByConn(parse(source.lines));
    expect(mismatch(by.get(0), range(sent))).toBeUndefined();
    const st = sc.stats();
    expect(st.peakQueueBytes).toBeLessThanOrEqual(CAP);
    expect(st.paused).toBe(false);
  }, 40_000);

  it("close() under load flushes everything it accepted (the SIGTERM path)", async () => {
    const CONNS = 2;
    const source = await fakeSource();
    const sc = await sidecar(source.port, { upstreamDrainMs: 5_000, maxQueuedBytes: 4 * MIB, replayWindowBytes: 1 * MIB, batchMaxBytes: 128 * 1024 });
    const { written, closed } = await flood(sc.address.port, CONNS);
    await waitFor("traffic", () => source.lines.length >= 2_000);
    await sc.close();
    await Promise.all(closed);

    const st = sc.stats();
    expect(st.queueEvents).toBe(0);
    expect(st.eventsReplayed).toBe(0);
    expect(source.lines).toHaveLength(st.eventsIn);
    const by = seqsByConn(parse(source.lines));
    for (const c of range(CONNS)) expect(mismatch(by.get(c), range(written[c])), `connection ${c}: all it wrote, in order`).toBeUndefined();
    expect(logs.at(-1)).toContain("everything accepted was delivered");
  }, 40_000);

  it("binds to 127.0.0.1 by default and sends to 127.0.0.1:9001", async () => {
    const c = resolveSidecarConfig();
    expect([c.listenHost, c.listenPort, c.downstreamHost, c.downstreamPort]).toEqual([DEFAULT_LISTEN_HOST, DEFAULT_LISTEN_PORT, DEFAULT_DOWNSTREAM_HOST, DEFAULT_DOWNSTREAM_PORT]);
    expect([DEFAULT_LISTEN_HOST, DEFAULT_LISTEN_PORT, DEFAULT_DOWNSTREAM_HOST, DEFAULT_DOWNSTREAM_PORT]).toEqual(["127.0.0.1", 9000, "127.0.0.1", 9001]);
    expect(c.metricsPort).toBeUndefined();
    const sc = await sidecar(1, {});
    expect(sc.address.host).toBe("127.0.0.1");
    expect(sc.metricsPort).toBeUndefined();
  });

  it("serves GET /health with the counters and logs a metrics line every interval", async () => {
    const source = await fakeSource();
    const sc = await sidecar(source.port, { metricsPort: 0, metricsIntervalMs: 20 });
    await sendAll(sc.address.port, payload(0, 10));
    await waitFor("events", () => source.lines.length >= 10);
    const res = await fetch(`http://${HOST}:${sc.metricsPort}/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: "ok", events_in: 10, events_out: 10, downstream_connected: true, reconnects: 0, oversized: 0 });
    expect(body.scorer.records).toBe(10);
    expect((await fetch(`http://${HOST}:${sc.metricsPort}/nope`)).status).toBe(404);
    await waitFor("a metrics line", () => logs.some((l) => /^metrics events_in=10 events_out=10 .*queue_bytes=\d+ .*reconnects=0/.test(l)));
  });

  it.each<[Partial<SidecarConfig>, string]>([
    [{ listenPort: 70_000 }, "listenPort must be an integer in [0, 65535], got: 70000"],
    [{ listenHost: "" }, 'listenHost must be a host name or IP address, got: ""'],
    [{ maxLineBytes: 10 }, "maxLineBytes must be an integer in [1024, 1073741824], got: 10"],
    [{ reconnectMinMs: 500, reconnectMaxMs: 100 }, "reconnectMaxMs must be an integer in [500, 86400000], got: 100"],
    [{ maxQueuedBytes: 4 * MIB, replayWindowBytes: 2 * MIB }, "replayWindowBytes must be an integer in [0, 1048576], got: 2097152"],
    [{ maxQueuedBytes: 4 * MIB, replayWindowBytes: MIB, batchMaxBytes: MIB }, "batchMaxBytes must be an integer in [1024, 262144], got: 1048576"],
    [{ listenPort: 1.5 }, "listenPort must be an integer in [0, 65535], got: 1.5"],
    [{ nope: 1 } as Partial<SidecarConfig>, "unknown sidecar setting: nope"],
  ])("refuses %o: %s", (partial, message) => {
    expect(() => resolveSidecarConfig(partial)).toThrow(message);
  });
});

describe("log-anomaly serve", () => {
  it("runs as a process, forwards events and exits 0 on SIGTERM after flushing", async () => {
    const source = await fakeSource();
    const script = 'import { main } from "./trainer/cli/main.ts"; process.exitCode = await main(process.argv.slice(1));';
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script, "serve", "--model", modelPath, "--listen-port", "0", "--downstream-port", String(source.port), "--metrics-interval-ms", "0"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    try {
      await waitFor("the listening line", () => /listening on 127\.0\.0\.1:\d+/.test(stderr), 20_000);
      const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(stderr)![1]);
      await sendAll(port, payload(0, 500));
      await waitFor("events", () => source.lines.length >= 500);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
    expect(stderr).toContain("SIGTERM: shutting down");
    expect(stderr).toContain("everything accepted was delivered");
    expect(mismatch(seqsByConn(parse(source.lines)).get(0), range(500))).toBeUndefined();
  }, 30_000);
});
