/**
 * Renders a Vega-Lite spec without a browser: compile to Vega, lay it out in a
 * headless View, serialise to SVG, then rasterise the SVG with resvg.
 *
 * Text is measured by Vega's estimate (no canvas in Node) and drawn by resvg with
 * the system fonts, so specs should name a font that is installed
 * (the dashboard uses "DejaVu Sans").
 *
 * Vega, Vega-Lite and resvg load on the first chart: commands that draw none
 * (inspect, validate, serve, --help) start without them.
 */
import type { TopLevelSpec } from "vega-lite";

/** Default PNG width in pixels; the height follows the chart's aspect ratio. */
export const PNG_WIDTH = 1400;
export const PNG_FONT_FAMILY = "DejaVu Sans";

export interface PngOptions {
  /** Output width in pixels (default PNG_WIDTH). */
  width?: number;
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [{ parse, View }, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function renderPng(spec: TopLevelSpec, options: PngOptions = {}): Promise<Buffer> {
  return await svgToPng(await renderSvg(spec), options);
}

/** Rasterises an SVG made by renderSvg (so one layout can feed both the PNG and the HTML report). */
export async function svgToPng(svg: string, options: PngOptions = {}): Promise<Buffer> {
  const { Resvg } = await import("@resvg/resvg-js");
  const resvg = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "width", value: options.width ?? PNG_WIDTH },
    font: { loadSystemFonts: true, defaultFontFamily: PNG_FONT_FAMILY },
  });
  return resvg.render().asPng();
}
