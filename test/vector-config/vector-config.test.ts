// vector-config/vector.yaml is loaded and checked against Vector's field names
// (from Vector's generated component reference) and against the sidecar's
// defaults, so the shipped pipeline and `log-anomaly serve` always agree.

import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_DOWNSTREAM_HOST,
  DEFAULT_DOWNSTREAM_PORT,
  DEFAULT_LISTEN_HOST,
  DEFAULT_LISTEN_PORT,
  DEFAULT_MAX_LINE_BYTES,
  DEFAULT_REPLAY_WINDOW_BYTES,
} from "../../trainer/sidecar/config.ts";

const PATH = "vector-config/vector.yaml";
/** The fleet example (docs/fleet.md): edge, then aggregator. */
const FLEET = ["vector-config/vector-edge.yaml", "vector-config/vector-aggregator.yaml"];
const text = readFileSync(PATH, "utf8");
type Component = Record<string, unknown> & { type: string; inputs?: string[] };
const doc = parse(text) as { data_dir: string; sources: Record<string, Component>; transforms: Record<string, Component>; sinks: Record<string, Component> };

/** Linux's largest autotuned TCP send buffer (net.ipv4.tcp_wmem max), the sidecar's side of the in-flight bytes. */
const LINUX_MAX_SEND_BUFFER = 4 * 1024 * 1024;

// Top-level options of each component type used, as in Vector's reference
// (website/cue/reference/components/**/generated/*.cue); `type`, `inputs`,
// `buffer` and `healthcheck` are common to all sinks.
const COMMON_SINK = ["type", "inputs", "buffer", "healthcheck", "acknowledgements", "encoding", "framing"];
const KNOWN: Record<string, string[]> = {
  "sources.file": ["type", "include", "exclude", "read_from", "max_line_bytes", "data_dir", "fingerprint", "ignore_older_secs", "line_delimiter", "multiline", "file_key", "host_key", "offset_key", "glob_minimum_cooldown_ms", "oldest_first", "remove_after_secs", "rotate_wait_secs", "encoding", "ignore_checkpoints", "ignore_not_found", "max_read_bytes", "acknowledgements", "internal_metrics"],
  "sources.socket": ["type", "mode", "address", "decoding", "framing", "host_key", "port_key", "keepalive", "max_length", "receive_buffer_bytes", "shutdown_timeout_secs", "connection_limit", "max_connection_duration_secs", "permit_origin", "tls", "tls_handshake_timeout_secs", "path", "socket_file_mode"],
  "transforms.remap": ["type", "inputs", "source", "file", "drop_on_error", "drop_on_abort", "reroute_dropped", "timezone", "metric_tag_values"],
  "sinks.socket": [...COMMON_SINK, "mode", "address", "keepalive", "send_buffer_bytes", "tls", "path"],
  "sinks.console": [...COMMON_SINK, "target"],
  "sinks.file": [...COMMON_SINK, "path", "compression", "idle_timeout_secs", "timezone", "truncate", "internal_metrics"],
  "sources.vector": ["type", "address", "version", "acknowledgements", "keepalive", "receive_buffer_bytes", "tls"],
  "sinks.vector": [...COMMON_SINK, "address", "version", "compression", "batch", "request", "tls"],
};

type Doc = typeof doc;
const componentsOf = (d: Doc) => (["sources", "transforms", "sinks"] as const).flatMap((kind) => Object.entries(d[kind] ?? {}).map(([id, c]) => ({ kind, id, c })));
const components = componentsOf(doc);
const sinkTo = (address: string) => Object.values(doc.sinks).find((s) => s.type === "socket" && s.address === address);
const sourceAt = (address: string) => Object.values(doc.sources).find((s) => s.type === "socket" && s.address === address);

describe("vector-config/vector.yaml", () => {
  it("parses as YAML with sources, transforms and sinks", () => {
    expect(doc.data_dir).toBeTypeOf("string");
    expect(Object.keys(doc.sources).length).toBeGreaterThan(0);
    expect(Object.keys(doc.transforms).length).toBeGreaterThan(0);
    expect(Object.keys(doc.sinks).length).toBeGreaterThan(0);
  });

  wellFormed(doc, text);

  it("tails /var/log/app/*.json and makes events structured with parse_json", () => {
    const file = Object.entries(doc.sources).find(([, s]) => s.type === "file")!;
    expect(file[1].include).toEqual(["/var/log/app/*.json"]);
    expect(file[1].max_line_bytes).toBe(DEFAULT_MAX_LINE_BYTES);
    const remap = Object.values(doc.transforms).find((t) => t.type === "remap" && t.inputs?.includes(file[0]))!;
    expect(remap.source).toMatch(/parse_json\(\.message\)/);
  });

  it("sends to the sidecar's default listener with the socket sink's exact fields", () => {
    const sink = sinkTo(`${DEFAULT_LISTEN_HOST}:${DEFAULT_LISTEN_PORT}`);
    expect(sink, "a socket sink to 127.0.0.1:9000").toBeDefined();
    expect(sink).toMatchObject({ type: "socket", mode: "tcp", address: "127.0.0.1:9000", encoding: { codec: "json" }, framing: { method: "newline_delimited" } });
    expect(sink!.buffer).toMatchObject({ when_full: "block" });
    expect(sink!.inputs).toEqual(Object.keys(doc.transforms).filter((id) => doc.transforms[id].type === "remap"));
  });

  it("receives from the sidecar's default downstream with the socket source's exact fields", () => {
    const source = sourceAt(`${DEFAULT_DOWNSTREAM_HOST}:${DEFAULT_DOWNSTREAM_PORT}`);
    expect(source, "a socket source on 127.0.0.1:9001").toBeDefined();
    expect(source).toMatchObject({ type: "socket", mode: "tcp", address: "127.0.0.1:9001", decoding: { codec: "json" }, framing: { method: "newline_delimited" } });
    const max = (source!.framing as { newline_delimited: { max_length: number } }).newline_delimited.max_length;
    expect(max).toBeGreaterThan(DEFAULT_MAX_LINE_BYTES);
  });

  it("bounds Vector's receive buffer so the sidecar's default replay window covers what can be in flight", () => {
    const source = sourceAt(`${DEFAULT_DOWNSTREAM_HOST}:${DEFAULT_DOWNSTREAM_PORT}`)!;
    const rcvbuf = source.receive_buffer_bytes as number;
    expect(rcvbuf).toBeGreaterThan(0);
    expect(2 * rcvbuf + LINUX_MAX_SEND_BUFFER).toBeLessThanOrEqual(DEFAULT_REPLAY_WINDOW_BYTES); // the kernel doubles SO_RCVBUF
  });

  it("writes the enriched events to the console and to a file as JSON", () => {
    const scored = Object.entries(doc.sources).find(([, s]) => s === sourceAt("127.0.0.1:9001"))![0];
    const console = Object.values(doc.sinks).find((s) => s.type === "console")!;
    const file = Object.values(doc.sinks).find((s) => s.type === "file")!;
    for (const sink of [console, file]) {
      expect(sink.inputs).toEqual([scored]);
      expect(sink.encoding).toEqual({ codec: "json" });
    }
    expect(file.path).toBeTypeOf("string");
  });

});

describe.each(FLEET)("%s", (path) => {
  const fleetText = readFileSync(path, "utf8");
  wellFormed(parse(fleetText) as Doc, fleetText);
});

describe("the fleet: vector-edge.yaml sends to vector-aggregator.yaml, which sends to the sidecar", () => {
  const [edge, aggregator] = FLEET.map((path) => parse(readFileSync(path, "utf8")) as Doc);
  const port = (address: unknown) => String(address).split(":").pop();

  it("the edge ships its file lines unscored to the port the aggregator's vector source listens on", () => {
    const sink = Object.values(edge.sinks).find((s) => s.type === "vector")!;
    const source = Object.values(aggregator.sources).find((s) => s.type === "vector")!;
    expect(sink.inputs).toEqual(Object.keys(edge.sources).filter((id) => edge.sources[id].type === "file"));
    expect(port(sink.address)).toBe(port(source.address));
    expect(sink.buffer).toMatchObject({ when_full: "block" });
  });

  it("the aggregator parses them and sends them to the sidecar's default listener, and takes them back", () => {
    const edges = Object.entries(aggregator.sources).find(([, s]) => s.type === "vector")![0];
    const remap = Object.entries(aggregator.transforms).find(([, t]) => t.type === "remap" && t.inputs?.includes(edges))!;
    expect(remap[1].source).toMatch(/parse_json\(\.message\)/);
    const sink = Object.values(aggregator.sinks).find((s) => s.type === "socket")!;
    expect(sink).toMatchObject({ address: `${DEFAULT_LISTEN_HOST}:${DEFAULT_LISTEN_PORT}`, inputs: [remap[0]] });
    expect(Object.values(aggregator.sources).some((s) => s.type === "socket" && s.address === `${DEFAULT_DOWNSTREAM_HOST}:${DEFAULT_DOWNSTREAM_PORT}`)).toBe(true);
  });
});

// --- internal ---

/** What every shipped Vector config must be: known option names, inputs that exist, every key commented. */
function wellFormed(d: Doc, source: string): void {
  const parts = componentsOf(d);
  it.each(parts.map((x) => [`${x.kind}.${x.id}`, x] as const))("%s uses only Vector's option names", (_id, { kind, c }) => {
    const known = KNOWN[`${kind}.${c.type}`];
    expect(known, `a known component type: ${kind}.${c.type}`).toBeDefined();
    expect(Object.keys(c).filter((k) => !known.includes(k))).toEqual([]);
  });

  it("wires every input to a source or transform that exists", () => {
    const ids = new Set([...Object.keys(d.sources), ...Object.keys(d.transforms ?? {})]);
    for (const { kind, id, c } of parts) {
      if (kind === "sources") continue;
      expect(c.inputs, `${id}.inputs`).toBeInstanceOf(Array);
      for (const input of c.inputs!) expect(ids.has(input), `${id} reads ${input}`).toBe(true);
    }
  });

  it("comments every key", () => {
    expect(uncommentedKeys(source)).toEqual([]);
  });
}

function uncommentedKeys(source: string): string[] {
  const lines = source.split("\n");
  const uncommented: string[] = [];
  let blockIndent = -1; // inside a `|` block scalar (the VRL program)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const indent = line.length - line.trimStart().length;
    if (blockIndent >= 0) {
      if (line.trim() === "" || indent > blockIndent) continue;
      blockIndent = -1;
    }
    const key = /^\s*([\w-]+):/.exec(line);
    if (!key) continue;
    if (/:\s*\|\s*$/.test(line)) blockIndent = indent;
    const previous = lines[i - 1]?.trim() ?? "";
    if (!line.includes(" # ") && !previous.startsWith("#")) uncommented.push(`${i + 1}: ${line.trim()}`);
  }
  return uncommented;
}
