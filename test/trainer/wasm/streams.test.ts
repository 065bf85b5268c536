// Edge parity (docs/fleet.md): a batch replay per host equals one Fluent Bit filter instance per
// host, and the merged replay equals one instance fed every host's records (the aggregator),
// byte for byte, each filter driven exactly as Fluent Bit drives it (test/helpers/fluent-bit-host.ts).
// The data set is samples/: eleven hosts, the injected attacks among them.

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FluentBitHost } from "../../helpers/fluent-bit-host.ts";
import { trainedModel, type TrainedModel } from "../../helpers/trained-model.ts";
import { runCli } from "../../helpers/cli.ts";
import { Scorer } from "../../../trainer/wasm/scorer.ts";
import { streamsOf, type StreamBy } from "../../../trainer/wasm/streams.ts";
import { prepareData, slice } from "../../../trainer/pipeline/prepare.ts";
import { scoreRecords } from "../../../trainer/pipeline/score.ts";
import { readModel } from "../../../trainer/model/read.ts";

const DATA = "samples/";
const MS_PER_S = 1000;
const NS_PER_MS = 1e6;
/** Hosts in samples/ (bench/simulate/sample-logs.ts): a multi-host data set, or the test proves nothing. */
const MIN_HOSTS = 5;

let model: TrainedModel;
let records: string[];

beforeAll(async () => {
  model = await trainedModel({ extraArgs: ["--stream-by", "host"] });
  const scorer = await Scorer.load();
  const data = prepareData(scorer, DATA, 0);
  records = slice(data, 0, data.timeline.order.length).records;
}, 120_000);

afterAll(() => model?.dispose());

/** The batch verdicts under the trained model, replayed `by`: enriched lines and each record's host and time. */
async function batch(by: StreamBy): Promise<{ lines: string[]; hosts: string[]; timeMs: number[]; streams: number }> {
  const scorer = await Scorer.load();
  scorer.loadModel(model.model());
  const streams = streamsOf(scorer, records, by);
  const { events, enriched } = scoreRecords(scorer, records, records.map(() => ""), undefined, streams);
  const lines = new TextDecoder().decode(enriched).split("\n");
  expect(lines.pop()).toBe("");
  return { lines, hosts: events.map((e) => e.host), timeMs: events.map((e) => e.timeMs), streams: streams?.length ?? 1 };
}

/** Each record through the filter instance `instanceFor` picks, with its own time as Fluent Bit's event time. */
async function inline(hosts: string[], timeMs: number[], instanceFor: (host: string) => string): Promise<string[]> {
  const instances = new Map<string, FluentBitHost>();
  const out: string[] = [];
  for (let i = 0; i < records.length; i++) {
    const key = instanceFor(hosts[i]);
    let fb = instances.get(key);
    if (!fb) instances.set(key, (fb = await FluentBitHost.load(model.filter())));
    const t = timeMs[i];
    const r = fb.filter(records[i], { timeSec: Math.floor(t / MS_PER_S), timeNsec: Math.round((t % MS_PER_S) * NS_PER_MS) });
    out.push(r.ok ? r.text : `DROPPED ${r.reason}`);
  }
  return out;
}

function firstDifference(a: string[], b: string[]): string {
  const i = a.findIndex((line, k) => line !== b[k]);
  return i < 0 ? (a.length === b.length ? "none" : `lengths ${a.length} vs ${b.length}`) : `record ${i}: ${records[i]}\nfilter: ${a[i]}\nbatch:  ${b[i]}`;
}

describe("edge parity", () => {
  it("records the per-host replay in the model", () => {
    expect(readModel(model.model()).trainingInfo?.streams).toEqual({ by: "host", count: expect.any(Number) });
  });

  it("one filter instance per host gives the per-host batch replay byte for byte", async () => {
    const perHost = await batch("host");
    expect(perHost.streams).toBeGreaterThanOrEqual(MIN_HOSTS);
    const edge = await inline(perHost.hosts, perHost.timeMs, (host) => host);
    expect(firstDifference(edge, perHost.lines)).toBe("none");
  });

  it("one filter instance fed every host's records gives the merged batch replay byte for byte (the aggregator)", async () => {
    const merged = await batch("merged");
    const aggregator = await inline(merged.hosts, merged.timeMs, () => "all");
    expect(firstDifference(aggregator, merged.lines)).toBe("none");
  });

  it("the two replays differ: per-host windows do not count other hosts' events", async () => {
    const [perHost, merged] = [await batch("host"), await batch("merged")];
    expect(perHost.lines.filter((line, i) => line !== merged.lines[i]).length).toBeGreaterThan(0);
  });
});

describe("detect without --stream-by replays as the model was trained", () => {
  const anomalies = async (extra: string[]) => {
    const run = await runCli(["detect", "--model", model.modelPath, "--data-path", DATA, "--output-dir", model.dir + "/detect", "--json", ...extra]);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    const detailed = JSON.parse(readFileSync(out.files.json, "utf8")) as { anomalies: { anomaly_score: number; timestamp: string }[] };
    return { by: out.stream_by as string, scores: detailed.anomalies.map((a) => `${a.timestamp} ${a.anomaly_score}`) };
  };

  it("uses the model's per-host setting, which --stream-by merged overrides", async () => {
    const [byModel, byHost, merged] = [await anomalies([]), await anomalies(["--stream-by", "host"]), await anomalies(["--stream-by", "merged"])];
    expect(byModel).toEqual(byHost);
    expect(byHost.by).toBe("host");
    // The alerts of the two replays may coincide on the samples (their enriched lines do not, above).
    expect(merged.by).toBe("merged");
  });
});
