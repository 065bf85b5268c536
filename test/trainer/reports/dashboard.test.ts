import { describe, expect, it } from "vitest";
import { compile } from "vega-lite";
import {
  HISTOGRAM_LABEL_CHAR_PX,
  HISTOGRAM_LABEL_GAP_PX,
  MAX_ANOMALY_POINTS,
  MAX_NORMAL_POINTS,
  SEVERITY_COLORS,
  THRESHOLD_LABEL,
  TIME_SLICES,
  compactCount,
  dashboardSpec,
} from "../../../trainer/reports/dashboard.ts";
import { SEVERITIES, type ScoredEvent } from "../../../trainer/verdict/types.ts";
import { scoredEvents } from "../../helpers/scored-event.ts";

const { event, anomaly } = scoredEvents({ start: Date.UTC(2024, 2, 4) });

// The spec is plain data: read it as JSON, the way Vega does.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
function charts(events: ScoredEvent[]) {
  const spec: Json = JSON.parse(JSON.stringify(dashboardSpec(events)));
  const [[time, histogram], [users, sources], [threats]] = spec.vconcat.map((row: Json) => row.hconcat);
  return { spec, time, histogram, threats, users, sources };
}
const layerOf = (chart: Json, mark: string): Json[] => chart.layer.filter((l: Json) => (l.mark.type ?? l.mark) === mark);
const pointsOf = (chart: Json): Json[] => layerOf(chart, "point")[0].data.values;
const barsOf = (chart: Json): Json[] => chart.data.values;

const SAMPLE = [
  event({ anomalyScore: 0.02 }),
  event({ anomalyScore: 0.3, user: "bob" }),
  event({ anomalyScore: 0.4999 }),
  anomaly("mallory", "brute_force", "HIGH", 0.9),
  anomaly("mallory", "brute_force", "CRITICAL", 1),
  anomaly("svc_backup", "privilege_escalation", "LOW", 0.5),
  anomaly("carol", "data_exfiltration", "MEDIUM", 0.75),
  event({ anomalyScore: 0.6, threatType: "none", severity: "LOW", user: "ghost" }),
];

describe("dashboardSpec layout", () => {
  const { spec, time, histogram, threats, users, sources } = charts(SAMPLE);

  it("is a grid of titled charts with labelled axes, top sources beside top users", () => {
    expect(spec.vconcat.map((row: Json) => row.hconcat.length)).toEqual([2, 2, 1]);
    const titles = [time, histogram, users, sources, threats].map((c) => (typeof c.title === "string" ? c.title : c.title.text));
    expect(titles).toEqual(["Anomaly score over time", "Distribution of anomaly scores", "Top 10 anomalous users", "Top 10 anomalous source IPs", "Anomalies by threat type"]);
    const point = layerOf(time, "point")[0].encoding;
    expect([point.x.title, point.y.title]).toEqual(["Time (UTC, 2024-03-04)", "Anomaly score"]);
    const bar = layerOf(histogram, "bar")[0].encoding;
    expect([bar.x.title, bar.y.title]).toEqual(["Anomaly score", "Events"]);
    expect(layerOf(threats, "bar")[0].encoding.x.title).toBe("Anomalies");
    expect(layerOf(users, "bar")[0].encoding.x.title).toBe("Anomalies");
  });

  it("uses DejaVu Sans on a white background", () => {
    expect(spec.config.font).toBe("DejaVu Sans");
    expect(spec.background).toBe("white");
  });

  it("compiles without vega-lite warnings", () => {
    const warnings: unknown[] = [];
    const logger = {
      level: () => logger, warn: (...m: unknown[]) => { warnings.push(m); return logger; },
      info: () => logger, debug: () => logger, error: (...m: unknown[]) => { warnings.push(m); return logger; },
    };
    for (const events of [SAMPLE, []]) compile(dashboardSpec(events), { logger: logger as never });
    expect(warnings).toEqual([]);
  });
});

describe("anomaly score over time", () => {
  const { time } = charts(SAMPLE);

  it("plots every analysed event at (time, score) with its severity", () => {
    const points = pointsOf(time);
    expect(points).toHaveLength(SAMPLE.length);
    const byIndex = new Map(points.map((p: Json) => [p.index, p]));
    for (const e of SAMPLE) expect(byIndex.get(e.index)).toEqual({ index: e.index, time: e.timeMs, score: e.anomalyScore, severity: e.severity });
  });

  it("draws anomalies last, so they sit on top", () => {
    const scores = pointsOf(time).map((p: Json) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
  });

  it("colours severities with one fixed colour each", () => {
    const color = layerOf(time, "point")[0].encoding.color;
    expect(color.field).toBe("severity");
    expect(color.scale).toEqual({ domain: [...SEVERITIES], range: SEVERITIES.map((s) => SEVERITY_COLORS[s]) });
    expect(SEVERITY_COLORS).toEqual({ NONE: "#9e9e9e", LOW: "#d4a017", MEDIUM: "#f57c00", HIGH: "#e53935", CRITICAL: "#7f0000" });
  });

  it("marks the alert threshold at y = 0.5 with a label", () => {
    expect(layerOf(time, "rule")[0].encoding.y.datum).toBe(0.5);
    const label = layerOf(time, "text")[0];
    expect([label.mark.text, label.encoding.y.datum]).toEqual([THRESHOLD_LABEL, 0.5]);
    expect(THRESHOLD_LABEL).toBe("alert threshold");
  });

  it("leaves out events without a timestamp, and says so", () => {
    const { time: t } = charts([...SAMPLE, event({ timeMs: Number.NaN, anomalyScore: 0.9, severity: "HIGH" })]);
    expect(pointsOf(t)).toHaveLength(SAMPLE.length);
    expect(t.title.subtitle).toContain("1 events without a timestamp not shown");
  });

  it("keeps every anomaly and thins normal events evenly and deterministically", () => {
    const normals = Array.from({ length: 20_000 }, (_, k) => event({ index: k, anomalyScore: (k % 49) / 100 }));
    const attacks = Array.from({ length: 30 }, (_, k) => event({ index: 20_000 + k, anomalyScore: 0.5 + k / 100, severity: "LOW", threatType: "anomaly" }));
    const big = [...normals, ...attacks];
    const points = pointsOf(charts(big).time);
    expect(points.filter((p: Json) => p.score < 0.5)).toHaveLength(MAX_NORMAL_POINTS);
    expect(points.filter((p: Json) => p.score >= 0.5).map((p: Json) => p.index).sort((a: number, b: number) => a - b))
      .toEqual(attacks.map((e) => e.index));
    const keptNormals = points.filter((p: Json) => p.score < 0.5).map((p: Json) => p.index).sort((a: number, b: number) => a - b);
    expect(keptNormals.slice(0, 3)).toEqual([0, 6, 13]); // 3,000 evenly over 20,000
    expect(pointsOf(charts(big).time)).toEqual(points);
    expect(charts(big).time.title.subtitle).toContain(`showing ${MAX_NORMAL_POINTS.toLocaleString("en-US")} of 20,000 normal events`);
    expect(JSON.stringify(dashboardSpec(big)).length).toBeLessThan(600_000);
  });

  it("aggregates a flood of anomalies into the top and bottom of each severity per time slice", () => {
    const severities = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
    const flood = Array.from({ length: 200_000 }, (_, k) =>
      event({ index: k, timeMs: Date.UTC(2024, 2, 4) + k * 4000, anomalyScore: 0.5 + (k % 500) / 1000, severity: severities[k % 4], threatType: "anomaly" }));
    const { time } = charts(flood);
    const points = pointsOf(time);
    expect(points.length).toBeGreaterThan(MAX_ANOMALY_POINTS / 2);
    expect(points.length).toBeLessThanOrEqual(TIME_SLICES * severities.length * 2);
    expect(points.reduce((m: number, p: Json) => Math.max(m, p.score), 0)).toBe(flood.reduce((m, e) => Math.max(m, e.anomalyScore), 0));
    expect(new Set(points.map((p: Json) => p.severity))).toEqual(new Set(severities));
    expect(time.title.subtitle).toContain(`200,000 anomalies: extremes per severity, ${TIME_SLICES} slices`);
    expect(JSON.stringify(dashboardSpec(flood)).length).toBeLessThan(600_000);
  });

  it("keeps every anomaly while there are at most MAX_ANOMALY_POINTS", () => {
    const some = Array.from({ length: MAX_ANOMALY_POINTS }, (_, k) => event({ index: k, anomalyScore: 0.6, severity: "LOW", threatType: "anomaly" }));
    expect(pointsOf(charts(some).time)).toHaveLength(MAX_ANOMALY_POINTS);
  });
});

describe("time axis", () => {
  const DAY = 86_400_000;
  const over = (days: number) => [event({ timeMs: Date.UTC(2024, 2, 4, 9) }), event({ timeMs: Date.UTC(2024, 2, 4, 9) + days * DAY })];
  const axisOf = (events: ScoredEvent[]) => layerOf(charts(events).time, "point")[0].encoding.x;

  it("shows hours within one day, with the date in the title", () => {
    const x = axisOf([event({ timeMs: Date.UTC(2024, 0, 22, 2) }), event({ timeMs: Date.UTC(2024, 0, 22, 23, 48) })]);
    expect(x.title).toBe("Time (UTC, 2024-01-22)");
    expect(x.axis.format).toBe("%H:%M");
    expect(x.axis.values.map((v: number) => new Date(v).getUTCHours())).toEqual([3, 6, 9, 12, 15, 18, 21]);
  });

  it.each([[2], [7], [10], [30]])("puts the date on every label of a %s-day axis, ticks at midnight", (days) => {
    const x = axisOf(over(days));
    expect(x.axis.format).toMatch(/%b %d/);
    const values: number[] = x.axis.values;
    expect(values.length).toBeGreaterThanOrEqual(2);
    expect(values.length).toBeLessThanOrEqual(8);
    if (days > 3) for (const v of values) expect(v % DAY, new Date(v).toISOString()).toBe(0);
    // Seven labels of one format that shows only the hour ("12 PM" seven times) cannot happen: each tick's label differs.
    const labels = values.map((v) => new Date(v).toISOString().slice(0, days > 3 ? 10 : 13));
    expect(new Set(labels).size).toBe(labels.length);
  });
});

describe("score histogram", () => {
  const { histogram } = charts(SAMPLE);
  const bins = layerOf(histogram, "bar")[0].data.values;

  it("has 20 bins of 0.05 over [0, 1] holding every event", () => {
    expect(bins).toHaveLength(20);
    expect(bins[0]).toMatchObject({ start: 0, end: 0.05 });
    expect(bins[19]).toMatchObject({ start: 0.95, end: 1 });
    expect(bins.reduce((n: number, b: Json) => n + b.count, 0)).toBe(SAMPLE.length);
  });

  it("puts 0.5 in the first alert bin and 1.0 in the last", () => {
    const count = (start: number) => bins.find((b: Json) => b.start === start).count;
    expect(count(0.45)).toBe(1); // 0.4999
    expect(count(0.5)).toBe(1); // 0.5
    expect(count(0.95)).toBe(1); // 1.0
    expect(bins.filter((b: Json) => b.band === "anomaly").map((b: Json) => b.start)[0]).toBe(0.5);
  });

  it("bins exactly on boundaries that floating point division gets wrong", () => {
    const { histogram: h } = charts([event({ anomalyScore: 0.15 }), event({ anomalyScore: 0.35 }), event({ anomalyScore: 0.7 })]);
    const filled = layerOf(h, "bar")[0].data.values.filter((b: Json) => b.count > 0).map((b: Json) => b.start);
    expect(filled).toEqual([0.15, 0.35, 0.7]);
  });

  it("uses a symlog count axis and a threshold rule at x = 0.5", () => {
    expect(layerOf(histogram, "bar")[0].encoding.y.scale.type).toBe("symlog");
    expect(layerOf(histogram, "rule")[0].encoding.x.datum).toBe(0.5);
    expect(layerOf(histogram, "text").some((l: Json) => l.mark.text === THRESHOLD_LABEL)).toBe(true);
  });
});

describe("histogram labels", () => {
  const labelled = (events: ScoredEvent[]) => layerOf(charts(events).histogram, "bar")[0].data.values.filter((b: Json) => b.label !== "");

  it("labels every alert bin of a small run with its count", () => {
    expect(labelled(SAMPLE).map((b: Json) => [b.start, b.label])).toEqual([[0.5, "1"], [0.6, "1"], [0.75, "1"], [0.9, "1"], [0.95, "1"]]);
  });

  it("thins the labels of a large run so that none overlap", () => {
    // 5,300 per alert bin: "5.3k" is wider than a bin, so neighbours cannot all be labelled.
    const big = Array.from({ length: 53_000 }, (_, k) => event({ index: k, anomalyScore: 0.5 + (k % 50) / 100, severity: "LOW", threatType: "anomaly" }));
    const bins = labelled(big);
    expect(bins.length).toBeGreaterThan(2);
    expect(bins.length).toBeLessThan(10); // ten alert bins hold anomalies; their labels cannot all fit
    const width = 520;
    // bins come in score order; labels were placed largest count first, so check every neighbouring pair
    for (let i = 1; i < bins.length; i++) {
      const rightOfPrev = bins[i - 1].mid * width + (bins[i - 1].label.length * HISTOGRAM_LABEL_CHAR_PX) / 2;
      const leftOfThis = bins[i].mid * width - (bins[i].label.length * HISTOGRAM_LABEL_CHAR_PX) / 2;
      expect(leftOfThis - rightOfPrev).toBeGreaterThanOrEqual(HISTOGRAM_LABEL_GAP_PX);
    }
    expect(bins[0].label).toBe("5.3k");
  });

  it("labels the largest bins first when not all fit", () => {
    // 0.5–0.95 hold 1,500 each ("1.5k" is wider than a bin); 0.7 holds 90,000: its label wins over its neighbours'.
    const skewed = [
      ...Array.from({ length: 15_000 }, (_, k) => event({ index: k, anomalyScore: 0.5 + (k % 10) / 20, severity: "LOW", threatType: "anomaly" })),
      ...Array.from({ length: 88_500 }, (_, k) => event({ index: 15_000 + k, anomalyScore: 0.72, severity: "MEDIUM", threatType: "anomaly" })),
    ];
    const labels = Object.fromEntries(labelled(skewed).map((b: Json) => [b.start, b.label]));
    expect(labels[0.7]).toBe("90k");
    expect(labels[0.65]).toBeUndefined();
    expect(labels[0.75]).toBeUndefined();
  });

  it.each([[0, "0"], [950, "950"], [1234, "1.2k"], [16_400, "16k"], [163_000, "163k"], [1_250_000, "1.3M"]])("writes %s as %s", (n, text) => {
    expect(compactCount(n)).toBe(text);
  });
});

describe("threat types, users and sources", () => {
  const { threats, users, sources } = charts(SAMPLE);

  it("ranks the top source IPs by anomalies", () => {
    const attacker = anomaly("mallory", "brute_force", "HIGH", 0.9);
    const { sources: s } = charts([{ ...attacker, sourceIp: "10.0.0.9" }, ...[1, 2, 3].map(() => ({ ...attacker, sourceIp: "203.0.113.45" }))]);
    expect(barsOf(s)).toEqual([{ source: "203.0.113.45", anomalies: 3 }, { source: "10.0.0.9", anomalies: 1 }]);
    expect(barsOf(sources).reduce((n: number, b: Json) => n + b.anomalies, 0)).toBe(SAMPLE.filter((e) => e.anomalyScore >= 0.5).length);
  });

  it("counts anomalies per threat type, without 'none', largest first", () => {
    expect(barsOf(threats)).toEqual([
      { threatType: "brute_force", anomalies: 2 },
      { threatType: "privilege_escalation", anomalies: 1 },
      { threatType: "data_exfiltration", anomalies: 1 },
    ]);
  });

  it("ranks the top users by anomalies", () => {
    expect(barsOf(users)).toEqual([
      { user: "mallory", anomalies: 2 },
      { user: "carol", anomalies: 1 },
      { user: "ghost", anomalies: 1 },
      { user: "svc_backup", anomalies: 1 },
    ]);
    expect(layerOf(users, "bar")[0].encoding.y.field).toBe("user");
  });

  it("keeps at most 10 users", () => {
    const many = Array.from({ length: 25 }, (_, k) => anomaly(`user${k}`, "anomaly", "LOW"));
    expect(barsOf(charts(many).users)).toHaveLength(10);
  });
});

describe("no anomalies", () => {
  it.each([
    ["quiet events", [event(), event({ anomalyScore: 0.45 })]],
    ["no events at all", []],
  ])("%s: empty bars and a 'no anomalies' title", (_, events) => {
    const { spec, time, histogram, threats, users } = charts(events);
    expect(barsOf(threats)).toEqual([]);
    expect(barsOf(users)).toEqual([]);
    expect(threats.title).toContain("no anomalies");
    expect(users.title).toContain("no anomalies");
    expect(pointsOf(time)).toHaveLength(events.length);
    expect(layerOf(histogram, "bar")[0].data.values.every((b: Json) => b.band === "normal" || b.count === 0)).toBe(true);
    expect(spec.title.subtitle).toContain(`0 anomalies in ${events.length} events`);
  });
});
