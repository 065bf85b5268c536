// Plain-text tables and number formats for the bench report.

export type Cell = string | number;

/** Columns padded to their widest cell; numbers (and cells starting with a digit) right-aligned. */
export function table(header: string[], rows: Cell[][]): string {
  const text = [header, ...rows].map((r) => r.map((c) => (typeof c === "number" ? fmt(c) : c)));
  const widths = header.map((_, i) => Math.max(...text.map((r) => (r[i] ?? "").length)));
  const right = header.map((_, i) => rows.some((r) => typeof r[i] === "number" || /^[\d.,−-]/.test(String(r[i] ?? ""))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (right[i] ? (c ?? "").padStart(widths[i]) : (c ?? "").padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(text[0]), widths.map((w) => "-".repeat(w)).join("  "), ...text.slice(1).map(line)].join("\n");
}

/** 1234567 → "1,234,567"; fractions to 3 significant digits. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return "n/a";
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString("en-US");
  return Number(n.toPrecision(3)).toLocaleString("en-US", { maximumFractionDigits: 3 });
}

export function kib(bytes: number): string {
  return `${fmt(bytes / 1024)} KiB`;
}

export function mib(bytes: number): string {
  return `${fmt(bytes / 1024 / 1024)} MiB`;
}

export function seconds(s: number): string {
  return `${fmt(s)} s`;
}

export function ratio(r: number): string {
  return `${fmt(r)}×`;
}

export function count(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return fmt(n);
}
