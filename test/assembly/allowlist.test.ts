// The ALLOWLIST section in the scorer (assembly/verdict/allowlist.ts), with the tiny fixture, whose list
// holds user svc_backup, ip 10.0.9.10, pair carol 10.0.0.7 and the range 192.168.0.0/16. A listed
// entity's alert comes out as a marked non-alert; everything else, including every later verdict
// that depends on the listed events through the per-entity windows, is what the same model without
// the list says. The Fluent Bit ABI gives the same bytes as the batch ABI.

import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_PATH } from "../fixtures/make-tiny-model.ts";
import { FluentBitHost } from "../helpers/fluent-bit-host.ts";
import { readModel } from "../../trainer/model/read.ts";
import { writeModel } from "../../trainer/model/write.ts";
import { embedModel } from "../../trainer/filter/embed.ts";
import { OUTPUT, Scorer, filterWasmPath } from "../../trainer/wasm/scorer.ts";

const tiny = new Uint8Array(readFileSync(FIXTURE_PATH));
const unlisted = writeModel({ ...readModel(tiny), allowlist: undefined });
/** 2024-01-22T10:00:00Z */
const T0 = Date.UTC(2024, 0, 22, 10);
const BURST = 8;

/** BURST failed logins of `user` from `ip`, a second apart, starting `minute` minutes after T0. */
function burst(user: string, ip: string, minute: number): string[] {
  return Array.from({ length: BURST }, (_, i) =>
    JSON.stringify({ timestamp: new Date(T0 + minute * 60_000 + i * 1000).toISOString(), user, source_ip: ip, event_type: "login", action: "failure", message: `Failed password for ${user}` }),
  );
}

// Each burst on its own entities and minute unless the row says otherwise; [what, user, ip, suppressed by].
const BURSTS: Array<[string, string, string, string | undefined]> = [
  ["an IP inside the range", "eve", "192.168.1.5", "ip"],
  ["an IP outside the range", "mallory", "172.16.0.9", undefined],
  ["a listed user, any case", "SVC_BACKUP", "172.16.5.5", "user"],
  ["a listed exact IP", "zed", "10.0.9.10", "ip"],
  ["the listed pair", "carol", "10.0.0.7", "pair"],
  ["the pair's user from another IP (her earlier failures count)", "carol", "10.0.0.8", undefined],
  ["an IPv4 text with a leading zero (no range matches it)", "trent", "192.168.01.5", undefined],
  ["an IPv4 text with a trailing dot", "peggy", "192.168.1.6.", undefined],
];
const stream = BURSTS.flatMap(([, user, ip], i) => burst(user, ip, 2 * i));

let listed: string[];
let plain: string[];
let scorer: Scorer;

function enriched(s: Scorer, model: Uint8Array): string[] {
  s.loadModel(model);
  s.resetState();
  const out = new TextDecoder().decode(s.process(new TextEncoder().encode(stream.join("\n")), OUTPUT.ENRICHED, T0).enriched);
  return out.split("\n").filter(Boolean);
}

beforeAll(async () => {
  scorer = await Scorer.load();
  plain = enriched(scorer, unlisted);
  listed = enriched(scorer, tiny);
});

describe("an alert on a listed entity", () => {
  it.each(BURSTS.map((row, i) => [...row, i] as const))("%s (%s from %s): suppressed by %s", (_, _user, _ip, by, i) => {
    const lines = listed.slice(i * BURST, (i + 1) * BURST).map((l) => JSON.parse(l));
    const without = plain.slice(i * BURST, (i + 1) * BURST).map((l) => JSON.parse(l));
    expect(without.some((r) => r.threat_type !== "none"), "the burst must alert without the list").toBe(true);
    const burstStartSec = Date.parse(lines[0].timestamp) / 1000;
    lines.forEach((r, j) => {
      const w = without[j];
      if (by === undefined || w.threat_type === "none") {
        // Suppressed alerts open no incident, so one on the same entity starts at its first real alert.
        expect({ ...r, incident_id: undefined }, `record ${j}`).toEqual({ ...w, incident_id: undefined });
        if (r.incident_id !== w.incident_id) expect(Number(r.incident_id.split("-").pop()), `record ${j}`).toBeGreaterThanOrEqual(burstStartSec);
        return;
      }
      expect(r, `record ${j}`).toEqual({
        ...Object.fromEntries(Object.entries(w).filter(([k]) => !["anomaly_reasons", "mitre_technique", "incident_id"].includes(k))),
        anomaly_score: 0.4999,
        threat_type: "none",
        severity: "NONE",
        allowlisted: by,
        suppressed_score: w.anomaly_score,
        suppressed_threat_type: w.threat_type,
      });
    });
  });

  it("is counted in stats_json", async () => {
    const fresh = await Scorer.load();
    enriched(fresh, tiny);
    const expected = listed.filter((l) => l.includes('"allowlisted"')).length;
    expect(expected).toBeGreaterThan(0);
    expect(fresh.stats().suppressed).toBe(expected);
  });

  it("reaches the batch report line with the verdict it hid", () => {
    scorer.loadModel(tiny);
    scorer.resetState();
    const report = new TextDecoder().decode(scorer.process(new TextEncoder().encode(stream.join("\n")), OUTPUT.REPORT, T0).report).split("\n");
    const line = JSON.parse(report[BURST - 1]);
    const inline = JSON.parse(listed[BURST - 1]);
    expect(line).toMatchObject({ score: 0.4999, threat: "none", severity: "NONE", incident: "", allowlisted: "ip", suppressed_score: inline.suppressed_score, suppressed_threat: inline.suppressed_threat_type });
  });
});

describe("the Fluent Bit ABI", () => {
  it("gives byte for byte the batch ABI's output for the same stream", async () => {
    const base = new Uint8Array(readFileSync(filterWasmPath()));
    const region = { start: scorer.exports.embed_region_start(), end: scorer.exports.embed_region_end() };
    const host = await FluentBitHost.load(embedModel(base, tiny, region));
    const inline = stream.map((rec) => {
      const r = host.filter(rec, { timeSec: T0 / 1000 });
      return r.ok ? r.text : `DROPPED ${r.reason}`;
    });
    const first = inline.findIndex((line, i) => line !== listed[i]);
    expect(first, first < 0 ? "" : `record ${first + 1}: ${stream[first]}\ninline: ${inline[first]}\nbatch:  ${listed[first]}`).toBe(-1);
  });

  it("replaces allowlist fields a record already carries instead of duplicating them", async () => {
    scorer.loadModel(tiny);
    scorer.resetState();
    const rec = stream.slice(0, BURST).map((r) => r.replace("{", '{"allowlisted":"me","suppressed_score":1,"suppressed_threat_type":"x",'));
    const out = new TextDecoder().decode(scorer.process(new TextEncoder().encode(rec.join("\n")), OUTPUT.ENRICHED, T0).enriched).split("\n").filter(Boolean);
    expect(out.map((l) => l.split('"allowlisted"').length - 1)).toEqual(listed.slice(0, BURST).map((l) => l.split('"allowlisted"').length - 1));
    expect(out).toEqual(listed.slice(0, BURST));
  });
});
