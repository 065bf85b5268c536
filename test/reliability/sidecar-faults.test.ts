// The Vector sidecar under faults (DESIGN.md Host ABIs → Vector: "back-pressure, reconnects on
// both sides, and shutdown without losing buffered events"). test/trainer/sidecar/sidecar.test.ts
// covers the basics (one connection cut mid-line, a 5 kB line over a 1 KiB cap, downstream
// restarts, back-pressure, close() under load, the default bind address); this file adds the
// faults at scale and the deployed process: many connections cut mid-line at once, a 100 MiB
// line against the default cap with the process's memory watched, 1,000 idle connections, and
// SIGTERM under load to `node bin/log-anomaly.mjs serve`. Every socket is on 127.0.0.1. Each test
// logs one line: records in vs out.

import { existsSync } from "node:fs";
import { createConnection } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { trainedModel } from "../helpers/trained-model.ts";
import {
  FakeSource, HOST, connect, event, flood, freePort, mismatch, parse, payload, range, seqsByConn, spawnServe, waitFor, type ServeProcess,
} from "../helpers/sidecar-harness.ts";
import { startSidecar, type Sidecar, type SidecarConfig } from "../../trainer/sidecar/index.ts";
import { DEFAULT_MAX_LINE_BYTES } from "../../trainer/sidecar/config.ts";
import { Scorer } from "../../trainer/wasm/scorer.ts";

const MIB = 1 << 20;

let modelPath: string;
let modelBytes: Uint8Array;

beforeAll(async () => {
  const m = await trainedModel();
  modelPath = m.modelPath;
  modelBytes = m.model();
});

afterAll(async () => (await trainedModel()).dispose());

const running: Sidecar[] = [];
const sources: FakeSource[] = [];
const children: ServeProcess[] = [];
const logs: string[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  await Promise.all(sources.splice(0).map((s) => s.close()));
  children.splice(0).forEach((c) => c.kill());
  logs.length = 0;
});

async function source(): Promise<FakeSource> {
  const s = await FakeSource.start();
  sources.push(s);
  return s;
}

async function sidecar(downstreamPort: number, config: Partial<SidecarConfig> = {}): Promise<Sidecar> {
  const scorer = await Scorer.load();
  scorer.loadModel(modelBytes);
  const sc = await startSidecar(
    { listenPort: 0, downstreamPort, metricsIntervalMs: 0, reconnectMinMs: 20, reconnectMaxMs: 200, modelReloadMs: 0, ...config },
    scorer,
    { log: (line) => logs.push(line) },
  );
  running.push(sc);
  return sc;
}

function report(name: string, parts: Record<string, number | string>): void {
  console.log(`sidecar fault "${name}": ${Object.entries(parts).map(([k, v]) => `${k} ${v}`).join(", ")}`);
}

// ---------------------------------------------------------------------------------------------

describe("sidecar under faults", () => {
  it("20 upstream connections cut mid-line at once (10 FIN, 10 RST): every complete line and every partial one arrives", async () => {
    const CONNS = 20;
    const LINES = 100;
    const src = await source();
    const sc = await sidecar(src.port);
    const partial = (c: number) => `{"conn":${c},"seq":${LINES},"partial":"cut here`;
    const sockets = await Promise.all(range(CONNS).map(() => connect(sc.address.port)));
    // One write per connection (about 13 kB: one loopback segment), so the partial tail is read with the lines.
    sockets.forEach((s, c) => s.write(Buffer.concat([payload(c, LINES), Buffer.from(partial(c))])));
    await waitFor("every complete line", () => src.lines.length >= CONNS * LINES);
    sockets.forEach((s, c) => (c % 2 === 0 ? s.end() : s.destroy()));
    await waitFor("every partial line", () => src.lines.length >= CONNS * (LINES + 1));
    await new Promise((r) => setTimeout(r, 100)); // nothing more may come
    const outs = parse(src.lines);
    const by = seqsByConn(outs.filter((o) => o.anomaly_error === undefined));
    const partials = outs.filter((o) => o.anomaly_error !== undefined);
    report("connections cut mid-line", { "records in": CONNS * (LINES + 1), "records out": src.lines.length, partials: partials.length, "eventsIn": sc.stats().eventsIn });
    expect(src.lines).toHaveLength(CONNS * (LINES + 1));
    for (const c of range(CONNS)) expect(mismatch(by.get(c), range(LINES)), `connection ${c}`).toBeUndefined();
    expect(partials.map((p) => p.log).sort()).toEqual(range(CONNS).map(partial).sort());
    expect(partials.every((p) => p.anomaly_error === "invalid_json" && p.anomaly_score === 0 && p.severity === "NONE")).toBe(true);
    expect(sc.stats()).toMatchObject({ eventsIn: CONNS * (LINES + 1), eventsOut: CONNS * (LINES + 1), queueEvents: 0 });
  }, 30_000);

  it("1,000 idle connections are all accepted and a normal client still round-trips", async () => {
    const IDLE = 1000;
    const EVENTS = 1000;
    const src = await source();
    const sc = await sidecar(src.port);
    const idle = [];
    for (let i = 0; i < IDLE; i += 100) idle.push(...(await Promise.all(range(100).map(() => connect(sc.address.port)))));
    await waitFor("all idle connections accepted", () => sc.stats().connections === IDLE);
    const client = await connect(sc.address.port);
    client.write(payload(IDLE, EVENTS));
    await waitFor("the normal client's events", () => src.lines.length >= EVENTS);
    const st = sc.stats();
    report("1,000 idle connections", { "idle connections open": st.connections - 1, "records in": EVENTS, "records out": src.lines.length });
    expect(st.connections).toBe(IDLE + 1);
    expect(st.connectionsTotal).toBe(IDLE + 1);
    expect(mismatch(seqsByConn(parse(src.lines)).get(IDLE), range(EVENTS))).toBeUndefined();
    expect(st).toMatchObject({ eventsIn: EVENTS, eventsOut: EVENTS, errors: 0 });
    client.destroy();
    idle.forEach((s) => s.destroy());
    await waitFor("idle connections closed", () => sc.stats().connections === 0);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// The deployed process: `node bin/log-anomaly.mjs serve` (dist/cli.mjs, built by `npm run build`).

const built = existsSync("dist/cli.mjs");

describe.skipIf(!built)("log-anomaly serve as a process", () => {
  it("caps a 100 MiB line at the default 1 MiB: counted, passed on as a small record_too_large record, memory bounded", async () => {
    const LINE = 100 * MIB;
    const BLOCK = Buffer.alloc(MIB, 0x61); // the line is sent from one reused block: the test holds no 100 MiB either
    const src = await source();
    const metricsPort = await freePort();
    const serve = await spawnServe(modelPath, ["--downstream-port", String(src.port), "--metrics-port", String(metricsPort)]);
    children.push(serve);
    const health = async () => (await (await fetch(`http://${HOST}:${metricsPort}/health`)).json()) as Record<string, number>;

    // Warm up with ordinary traffic, then take the resident-set peak as the baseline.
    const warm = await connect(serve.port);
    warm.end(payload(0, 2000));
    await waitFor("warm-up events", () => src.lines.length >= 2000);
    const before = serve.memory();

    const s = await connect(serve.port);
    let peakRss = before.rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, serve.memory().rss)), 20);
    try {
      s.write(event(1, 0));
      s.write('{"conn":1,"seq":1,"blob":"');
      for (let sent = 26; sent < LINE; sent += BLOCK.length) {
        const n = Math.min(BLOCK.length, LINE - sent);
        if (!s.write(n === BLOCK.length ? BLOCK : BLOCK.subarray(0, n))) await new Promise((r) => s.once("drain", r));
      }
      s.write("\n");
      s.end(event(1, 2));
      await waitFor("the stand-in and the next line", () => src.lines.length >= 2003, 60_000);
    } finally {
      clearInterval(sampler);
    }
    const after = serve.memory();
    const stats = await health();
    const [first, stub, next] = parse(src.lines.slice(2000));
    report("100 MiB line", {
      "records in": 3,
      "records out": src.lines.length - 2000,
      "line bytes": LINE,
      "stand-in bytes": Buffer.byteLength(src.lines[2001]),
      oversized: stats.oversized,
      "peak queue bytes": stats.peak_queue_bytes,
      "child RSS before": before.rss,
      "peak RSS while sending": peakRss,
      "VmHWM before/after": `${before.hwm}/${after.hwm}`,
    });
    expect(first).toMatchObject({ conn: 1, seq: 0 });
    expect(next).toMatchObject({ conn: 1, seq: 2 });
    expect(stub).toMatchObject({ anomaly_score: 0, threat_type: "none", severity: "NONE", anomaly_error: "record_too_large", original_bytes: LINE });
    expect(Buffer.byteLength(src.lines[2001])).toBeLessThan(2 * 1024);
    expect(stats).toMatchObject({ oversized: 1, events_in: 2003, events_out: 2003 });
    // Held bytes: at most one cap of an unfinished line plus the queue; the process never holds the line.
    expect(stats.peak_queue_bytes).toBeLessThan(DEFAULT_MAX_LINE_BYTES);
    expect(Math.max(peakRss, after.hwm) - before.hwm, "resident-set growth while a 100 MiB line went through").toBeLessThan(64 * MIB); // well under the line itself: holding it would add >= 100 MiB
  }, 90_000);

  it("SIGTERM under load: everything accepted arrives downstream, in order, and the process exits 0", async () => {
    const CONNS = 3;
    const src = await source();
    const serve = await spawnServe(modelPath, ["--downstream-port", String(src.port), "--upstream-drain-ms", "3000"]);
    children.push(serve);
    // Bound to loopback only, by default: the same port on another loopback address is refused.
    expect(serve.host).toBe("127.0.0.1");
    expect(await refused("127.0.0.2", serve.port)).toBe(true);

    const { written, closed } = await flood(serve.port, CONNS);
    await waitFor("traffic under load", () => src.lines.length >= 5_000, 30_000);
    serve.child.kill("SIGTERM");
    const code = await serve.exited;
    await Promise.all(closed);
    await new Promise((r) => setTimeout(r, 100));

    const stderr = serve.stderr();
    const metrics = [...stderr.matchAll(/metrics events_in=(\d+) events_out=(\d+) events_replayed=(\d+) .* errors=(\d+) .*queue_events=(\d+)/g)].at(-1);
    const [eventsIn, eventsOut, replayed, , queued] = (metrics?.slice(1) ?? []).map(Number);
    const by = seqsByConn(parse(src.lines));
    report("SIGTERM under load", {
      "records written by clients": written.reduce((a, b) => a + b, 0),
      "records accepted (events_in)": eventsIn,
      "records out": src.lines.length,
      "events_out": eventsOut,
      replayed,
      "queue at exit": queued,
      "exit code": String(code),
    });
    expect(code).toBe(0);
    expect(stderr).toContain("SIGTERM: shutting down");
    expect(stderr).toContain("everything accepted was delivered");
    expect(metrics, `final metrics line in:\n${stderr}`).toBeDefined();
    expect(src.lines).toHaveLength(eventsIn);
    expect(eventsOut).toBe(eventsIn);
    expect(queued).toBe(0);
    for (const c of range(CONNS)) {
      const seqs = by.get(c) ?? [];
      expect(mismatch(seqs, range(seqs.length)), `connection ${c}: a prefix of what it wrote, in order`).toBeUndefined();
      expect(seqs.length).toBeLessThanOrEqual(written[c]);
    }
  }, 90_000);
});

/** Whether a TCP connect to host:port is refused (nothing listens there). */
function refused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host, port });
    s.once("connect", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", (err: NodeJS.ErrnoException) => resolve(err.code === "ECONNREFUSED"));
  });
}
