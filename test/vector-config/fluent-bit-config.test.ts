// The shipped Fluent Bit configurations (vector-config/fluent-bit*.yaml, fluent-bit.conf,
// parsers.conf) load, name the filter's real export, use the documented wasm keys with safe
// values, comment every key, and say the same thing in both formats.
// The real Fluent Bit runs them in test/integration/fluent-bit-real.test.ts.

import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { FILTER_FILE } from "../../trainer/filter/artifacts.ts";
import { filterWasmPath } from "../../trainer/wasm/scorer.ts";

const YAML_FILE = "vector-config/fluent-bit.yaml";
const PROCESSOR_FILE = "vector-config/fluent-bit-processor.yaml";
const CLASSIC_FILE = "vector-config/fluent-bit.conf";
const PARSERS_FILE = "vector-config/parsers.conf";
const EDGE_FILE = "vector-config/fluent-bit-edge.yaml";
const AGGREGATOR_FILE = "vector-config/fluent-bit-aggregator.yaml";

/** The wasm plugin's config map (plugins/filter_wasm/filter_wasm.c) plus the keys every filter takes. */
const WASM_KEYS = new Set([
  "name", "match", "match_regex", "alias", "log_level",
  "event_format", "wasm_path", "accessible_paths", "function_name", "wasm_heap_size", "wasm_stack_size",
]);
const FUNCTION_NAME = "log_anomaly_filter";
/** Fluent Bit's 8192-byte default overflows at ~80 nested calls (DESIGN.md). */
const MIN_STACK_BYTES = 65536;

type Section = Record<string, string>;

interface Pipeline {
  service: Section;
  parsers: Section[];
  inputs: Section[];
  filters: Section[];
  outputs: Section[];
}

// ---------------------------------------------------------------------------------------------

describe.each([YAML_FILE, PROCESSOR_FILE, AGGREGATOR_FILE])("%s", (file) => {
  const doc = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const wasm = wasmSections(doc);

  it("parses as YAML with a service and a pipeline", () => {
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(["service", "pipeline"]));
    expect(wasm.length, "no wasm filter or processor").toBeGreaterThan(0);
  });

  it.each(wasm.map((w, i) => [i, w] as const))("wasm section %i uses only documented keys", (_i, w) => {
    expect(Object.keys(w).filter((k) => !WASM_KEYS.has(k))).toEqual([]);
  });

  it.each(wasm.map((w, i) => [i, w] as const))("wasm section %i calls log_anomaly_filter with json and a big enough stack", (_i, w) => {
    expect(w.function_name).toBe(FUNCTION_NAME);
    expect(w.event_format).toBe("json");
    expect(sizeBytes(w.wasm_stack_size), `wasm_stack_size ${w.wasm_stack_size}`).toBeGreaterThanOrEqual(MIN_STACK_BYTES);
    expect(basename(w.wasm_path)).toBe(FILTER_FILE);
  });

  it("comments every key", () => {
    expect(uncommentedLines(file)).toEqual([]);
  });
});

describe(`the fleet: ${EDGE_FILE} forwards to ${AGGREGATOR_FILE}`, () => {
  const edge = fromYaml(parse(readFileSync(EDGE_FILE, "utf8")) as Record<string, unknown>);
  const aggregator = fromYaml(parse(readFileSync(AGGREGATOR_FILE, "utf8")) as Record<string, unknown>);

  it("the edge parses its records and ships them unscored over forward, to the port the aggregator listens on", () => {
    expect(edge.inputs.map((i) => i.parser)).toEqual([edge.parsers[0].name]);
    expect(edge.filters).toEqual([]);
    const out = edge.outputs.find((o) => o.name === "forward");
    const input = aggregator.inputs.find((i) => i.name === "forward");
    expect(out?.port).toBeDefined();
    expect(input?.port).toBe(out?.port);
    expect(out?.retry_limit).toBe("no_limits");
  });

  it("the aggregator scores what the edges tag", () => {
    const tag = edge.inputs[0].tag;
    const wasm = aggregator.filters.find((f) => f.name === "wasm");
    expect(wasm && new RegExp(`^${wasm.match.replace(".", "\\.").replace("*", ".*")}$`).test(tag), `${wasm?.match} matches ${tag}`).toBe(true);
  });

  it("comments every key", () => {
    expect(uncommentedLines(EDGE_FILE)).toEqual([]);
  });
});

describe("the scorer module", () => {
  it(`exports ${FUNCTION_NAME}, malloc and free (what the configs call and Fluent Bit copies through)`, () => {
    const path = filterWasmPath();
    expect(existsSync(path), `${path} is missing: run npm run build:wasm`).toBe(true);
    const names = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(path))).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining([FUNCTION_NAME, "malloc", "free"]));
  });
});

describe(`${CLASSIC_FILE} says what ${YAML_FILE} says`, () => {
  const yaml = fromYaml(parse(readFileSync(YAML_FILE, "utf8")) as Record<string, unknown>);
  const classic = fromClassic(readFileSync(CLASSIC_FILE, "utf8"), readFileSync(PARSERS_FILE, "utf8"));

  it.each(["service", "inputs", "filters", "outputs", "parsers"] as const)("%s", (part) => {
    expect(classic[part]).toEqual(yaml[part]);
  });

  it("has the wasm filter with the same keys and values", () => {
    const w = classic.filters.find((f) => f.name === "wasm");
    expect(w).toBeDefined();
    expect(w?.function_name).toBe(FUNCTION_NAME);
    expect(sizeBytes(w?.wasm_stack_size)).toBeGreaterThanOrEqual(MIN_STACK_BYTES);
  });

  it.each([CLASSIC_FILE, PARSERS_FILE])("%s comments every key", (file) => {
    expect(uncommentedLines(file)).toEqual([]);
  });
});

describe("helpers", () => {
  it.each([
    ["65536", 65536],
    ["64K", 64000], // Fluent Bit's K is 1000: 64K is below the 65536 minimum
    ["64KB", 64000],
    ["1M", 1_000_000],
    [65536, 65536],
  ])("size %s is %i bytes, as Fluent Bit reads it", (v, bytes) => {
    expect(sizeBytes(v)).toBe(bytes);
  });

  it("reads classic sections with repeated names", () => {
    const p = fromClassic("[INPUT]\n    # c\n    Name  stdin\n[OUTPUT]\n    Name file\n    Path  /a b\n[OUTPUT]\n    Name stdout\n", "");
    expect(p.inputs).toEqual([{ name: "stdin" }]);
    expect(p.outputs).toEqual([{ name: "file", path: "/a b" }, { name: "stdout" }]);
  });
});

// --- internal ---

/** Fluent Bit's flb_utils_size_to_bytes: a number with an optional K/M/G (powers of 1000) and B. */
function sizeBytes(v: unknown): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?)B?$/i.exec(String(v).trim());
  if (!m) return Number.NaN;
  const unit = { "": 1, K: 1e3, M: 1e6, G: 1e9 }[m[2].toUpperCase() as "" | "K" | "M" | "G"];
  return Number(m[1]) * unit;
}

/** Values as Fluent Bit sees them: strings, with booleans spelled one way. */
function normalize(v: unknown): string {
  const s = String(v).trim();
  const lower = s.toLowerCase();
  if (["on", "true", "yes"].includes(lower)) return "true";
  if (["off", "false", "no"].includes(lower)) return "false";
  return s;
}

function section(entries: [string, unknown][]): Section {
  return Object.fromEntries(entries.map(([k, v]) => [k.toLowerCase(), normalize(v)]));
}

function plainSection(o: unknown): Section {
  return section(Object.entries(o as Record<string, unknown>).filter(([, v]) => typeof v !== "object" || v === null));
}

function fromYaml(doc: Record<string, unknown>): Pipeline {
  const p = (doc.pipeline ?? {}) as Record<string, unknown[]>;
  return {
    service: plainSection(doc.service ?? {}),
    parsers: ((doc.parsers ?? []) as unknown[]).map(plainSection),
    inputs: (p.inputs ?? []).map(plainSection),
    filters: (p.filters ?? []).map(plainSection),
    outputs: (p.outputs ?? []).map(plainSection),
  };
}

/** `[SECTION]` headers and `Key Value` lines; Parsers_File is the YAML's inline `parsers`. */
function fromClassic(conf: string, parsers: string): Pipeline {
  const out: Pipeline = { service: {}, parsers: [], inputs: [], filters: [], outputs: [] };
  const lists: Record<string, Section[]> = { INPUT: out.inputs, FILTER: out.filters, OUTPUT: out.outputs, PARSER: out.parsers };
  for (const text of [conf, parsers]) {
    let current: Section | null = null;
    for (const raw of text.split("\n")) {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) continue;
      const header = /^\[([A-Z_]+)\]$/.exec(line);
      if (header) {
        current = header[1] === "SERVICE" ? out.service : {};
        if (header[1] !== "SERVICE") (lists[header[1]] ?? []).push(current);
        continue;
      }
      const kv = /^(\S+)\s+(.*)$/.exec(line);
      if (!kv || !current) throw new Error(`unreadable line: ${raw}`);
      if (kv[1].toLowerCase() !== "parsers_file") current[kv[1].toLowerCase()] = normalize(kv[2]);
    }
  }
  return out;
}

/** Every wasm filter and wasm processor of a YAML config, as flat key → value sections. */
function wasmSections(doc: Record<string, unknown>): Section[] {
  const p = (doc.pipeline ?? {}) as Record<string, Record<string, unknown>[]>;
  const found: Section[] = [];
  for (const f of p.filters ?? []) if (f.name === "wasm") found.push(plainSection(f));
  for (const kind of ["inputs", "outputs"]) {
    for (const plugin of p[kind] ?? []) {
      const processors = (plugin.processors ?? {}) as Record<string, Record<string, unknown>[]>;
      for (const list of Object.values(processors)) for (const proc of list) if (proc.name === "wasm") found.push(plainSection(proc));
    }
  }
  return found;
}

/** Lines holding a key (or a section header in YAML) with no comment line right above them. */
function uncommentedLines(file: string): string[] {
  const bad: string[] = [];
  let prev = "";
  for (const raw of readFileSync(file, "utf8").split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const isClassicHeader = /^\[[A-Z_]+\]$/.test(line);
    if (!line.startsWith("#") && !isClassicHeader && !prev.startsWith("#")) bad.push(raw);
    prev = line;
  }
  return bad;
}
