import { describe, expect, it } from "vitest";
import { dashboardSpec } from "../../../trainer/reports/dashboard.ts";
import { PNG_WIDTH, renderPng, renderSvg } from "../../../trainer/reports/png.ts";
import type { ScoredEvent, Severity, ThreatType } from "../../../trainer/verdict/types.ts";
import { scoredEvents } from "../../helpers/scored-event.ts";

const { event } = scoredEvents({
  start: Date.UTC(2024, 2, 4),
  stepMs: 37_000,
  defaults: (index) => ({ user: `user${index % 7}`, anomalyScore: ((index * 7919) % 450) / 1000 }),
});

function sampleEvents(): ScoredEvent[] {
  const events = Array.from({ length: 500 }, () => event());
  const attacks: Array<[ThreatType, Severity, number]> = [
    ["brute_force", "HIGH", 0.9],
    ["brute_force", "CRITICAL", 0.97],
    ["privilege_escalation", "LOW", 0.6],
    ["data_exfiltration", "MEDIUM", 0.8],
  ];
  for (const [threatType, severity, anomalyScore] of attacks) events.push(event({ threatType, severity, anomalyScore, user: "mallory" }));
  return events;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which must come first after the signature. */
function ihdr(png: Buffer): { width: number; height: number } {
  expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const match = /<svg[^>]*\swidth="(\d+(?:\.\d+)?)"[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg);
  if (!match) throw new Error(`no size in ${svg.slice(0, 200)}`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

describe("renderSvg", () => {
  it("lays the dashboard out as SVG text in DejaVu Sans", async () => {
    const svg = await renderSvg(dashboardSpec(sampleEvents()));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("DejaVu Sans");
    for (const text of ["Anomaly score over time", "Distribution of anomaly scores", "Anomalies by threat type", "alert threshold", "brute_force", "mallory"]) {
      expect(svg, text).toContain(text);
    }
  });
});

describe("renderPng", () => {
  it("writes a PNG of the requested width, with the chart's aspect ratio", async () => {
    const spec = dashboardSpec(sampleEvents());
    const { width, height } = svgSize(await renderSvg(spec));
    const png = await renderPng(spec);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const size = ihdr(png);
    expect(size.width).toBe(PNG_WIDTH);
    expect(PNG_WIDTH).toBe(1400);
    expect(Math.abs(size.height - (height * PNG_WIDTH) / width)).toBeLessThanOrEqual(1);
    expect(png.length).toBeGreaterThan(30_000);
  });

  it("takes another width", async () => {
    const png = await renderPng(dashboardSpec(sampleEvents()), { width: 700 });
    expect(ihdr(png).width).toBe(700);
  });

  it.each([
    ["no anomalies", () => Array.from({ length: 50 }, () => event())],
    ["no events", () => []],
  ])("renders with %s", async (_, make) => {
    const png = await renderPng(dashboardSpec(make()));
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(ihdr(png).width).toBe(PNG_WIDTH);
    expect(png.length).toBeGreaterThan(10_000);
  });
});
