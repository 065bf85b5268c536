// Issue #16 item 6, the attacks on the sidecar's listener, over real sockets: peers that hold
// unfinished lines, peers that say nothing, more peers than the sidecar keeps. A legitimate
// client keeps flowing in each, and what the attackers sent before being closed still goes out.

import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { connect, mismatch, parse, payload, range, seqsByConn, waitFor } from "../helpers/sidecar-harness.ts";
import { sidecarFixture } from "../helpers/sidecar-fixture.ts";

const sidecars = sidecarFixture();
const setup = sidecars.start;

/** A partial line of `bytes` bytes (no newline) that names its holder. */
const held = (id: number, bytes: number) => Buffer.from(`{"holder":${id},"pad":"`.padEnd(bytes, "x"));

describe("the sidecar cannot be stalled by its peers", () => {
  it("60 connections each holding 1 MB without a newline: a normal client's 1,000 records all get through", async () => {
    const { src, sc } = await setup();
    const holders = await Promise.all(range(60).map(() => connect(sc.address.port)));
    await Promise.all(holders.map((s, i) => new Promise<void>((r) => s.write(held(i, 1_000_000), () => r()))));
    await waitFor("60 holders accepted", () => sc.stats().connectionsTotal === 60);
    await new Promise((r) => setTimeout(r, 500)); // loopback: their megabytes are read by now
    const client = await connect(sc.address.port);
    client.write(payload(1000, 1000));
    await waitFor("the normal client's records", () => (seqsByConn(parse(src.lines)).get(1000)?.length ?? 0) >= 1000, 15_000);
    const st = sc.stats();
    expect(mismatch(seqsByConn(parse(src.lines)).get(1000), range(1000))).toBeUndefined();
    expect(st.paused).toBe(false);
    expect(st.pendingBytes).toBeLessThanOrEqual(sc.config.maxPendingBytes);
    expect(st.evictedPending).toBeGreaterThan(0);
    // The evicted holders' lines went on as records: nothing they sent is lost.
    const passed = parse(src.lines).filter((o) => o.anomaly_error === "invalid_json");
    expect(passed).toHaveLength(st.evictedPending);
    expect(passed.every((o) => o.log!.length === 1_000_000)).toBe(true);
    client.destroy();
    holders.forEach((s) => s.destroy());
  }, 30_000);

  it("a connection silent for idleTimeoutMs is closed and its unfinished line passed on", async () => {
    const { src, sc } = await setup({ idleTimeoutMs: 200 });
    const quiet = await connect(sc.address.port);
    quiet.write('{"holder":1,"partial":"never end');
    const closed = new Promise<void>((r) => quiet.on("close", () => r()));
    await closed;
    await waitFor("the partial line", () => src.lines.length === 1, 5_000);
    expect(parse(src.lines)[0]).toMatchObject({ log: '{"holder":1,"partial":"never end', anomaly_error: "invalid_json", severity: "NONE" });
    expect(sc.stats()).toMatchObject({ evictedIdle: 1, connections: 0 });
  }, 10_000);

  it("a busy connection is not idle, and back-pressure of our own does not count as idleness", async () => {
    const { src, sc } = await setup({ idleTimeoutMs: 300 });
    const client = await connect(sc.address.port);
    for (let i = 0; i < 8; i++) {
      client.write(payload(7, 10, i * 10));
      await new Promise((r) => setTimeout(r, 100));
    }
    await waitFor("every record", () => src.lines.length >= 80, 5_000);
    expect(sc.stats()).toMatchObject({ evictedIdle: 0, connections: 1 });
    client.destroy();
  }, 10_000);

  it("at maxConnections a new client gets in: the connection idle longest makes room", async () => {
    const { src, sc } = await setup({ maxConnections: 4 });
    const idle: Socket[] = [];
    for (let i = 0; i < 4; i++) {
      idle.push(await connect(sc.address.port));
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor("4 idle connections", () => sc.stats().connections === 4);
    const firstClosed = new Promise<void>((r) => idle[0].on("close", () => r()));
    const client = await connect(sc.address.port);
    client.write(payload(9, 100));
    await waitFor("the new client's records", () => src.lines.length >= 100, 5_000);
    await firstClosed;
    expect(mismatch(seqsByConn(parse(src.lines)).get(9), range(100))).toBeUndefined();
    expect(sc.stats()).toMatchObject({ evictedCrowded: 1, connections: 4 });
    client.destroy();
    idle.forEach((s) => s.destroy());
  }, 10_000);

  it("eviction log lines are rate-limited", async () => {
    const { sc, logs } = await setup({ maxConnections: 1 });
    for (let i = 0; i < 20; i++) await connect(sc.address.port);
    await waitFor("19 evictions", () => sc.stats().evictedCrowded === 19);
    expect(logs.filter((l) => l.includes("closed (crowded)")).length).toBe(1);
  }, 10_000);
});
