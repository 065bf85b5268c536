// The configs for what people ship beside the /var/log/app/*.json examples: auth.log, journald
// and the Windows event log for Fluent Bit, auth.log and journald for Vector. Each is parsed and
// checked against the plugin's option names (Fluent Bit's and Vector's references), reads the
// source it is named for, scores with the same wasm filter or sidecar wiring as the main
// examples, and is listed in the docs with the --log-format to train with. No Fluent Bit or
// Vector binary is on this machine; the main configs' tests run the real Fluent Bit when one is.

import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

type Section = Record<string, unknown>;
const load = (file: string) => parse(readFileSync(file, "utf8")) as Record<string, Section & Record<string, Section>>;

/** Options of each Fluent Bit input used (docs.fluentbit.io, inputs/tail, systemd, winevtlog) plus the keys every input takes. */
const COMMON_INPUT = ["name", "tag", "alias", "log_level", "mem_buf_limit", "storage.type", "threaded"];
const FB_INPUT_KEYS: Record<string, string[]> = {
  tail: [...COMMON_INPUT, "path", "parser", "db", "read_from_head", "refresh_interval", "skip_long_lines", "buffer_max_size", "buffer_chunk_size"],
  systemd: [...COMMON_INPUT, "path", "db", "db.sync", "max_fields", "max_entries", "systemd_filter", "systemd_filter_type", "read_from_tail", "strip_underscores", "lowercase"],
  winevtlog: [...COMMON_INPUT, "channels", "interval_sec", "interval_nsec", "read_existing_events", "db", "string_inserts", "render_event_as_xml", "use_ansi", "event_query", "read_limit_per_cycle", "ignore_missing_channels"],
};

const FLUENT_BIT: [file: string, input: string, reads: (i: Section) => void, logFormat: string][] = [
  ["vector-config/fluent-bit-auth-log.yaml", "tail", (i) => expect(i.path).toBe("/var/log/auth.log"), "syslog"],
  ["vector-config/fluent-bit-journald.yaml", "systemd", (i) => expect(i.read_from_tail).toBe("on"), "syslog"],
  ["vector-config/fluent-bit-windows.yaml", "winevtlog", (i) => expect(i.channels).toBe("Security"), "security"],
];

const main = load("vector-config/fluent-bit.yaml");
const mainWasm = (main.pipeline.filters as unknown as Section[]).find((f) => f.name === "wasm")!;
const FB_DOC = readFileSync("docs/fluent-bit.md", "utf8");

describe.each(FLUENT_BIT)("%s", (file, inputName, reads, logFormat) => {
  const doc = load(file);
  const pipeline = doc.pipeline as unknown as { inputs: Section[]; filters: Section[]; outputs: Section[] };
  const input = pipeline.inputs.find((i) => i.name === inputName)!;

  it(`reads its source with the ${inputName} input's documented options`, () => {
    expect(input).toBeDefined();
    expect(Object.keys(input).filter((k) => !FB_INPUT_KEYS[inputName].includes(k))).toEqual([]);
    reads(input);
  });

  it("scores every record with the main config's wasm filter (same keys and values but paths)", () => {
    const wasm = pipeline.filters.find((f) => f.name === "wasm")!;
    expect(wasm.match).toBe(input.tag);
    const same = (w: Section) => ({ ...w, match: undefined, wasm_path: undefined, accessible_paths: undefined });
    expect(same(wasm)).toEqual(same(mainWasm));
    expect(String(wasm.wasm_path)).toMatch(/log_anomaly_filter\.wasm$/);
    for (const out of pipeline.outputs) expect(out.match).toBe(input.tag);
  });

  it("parsers it names are defined", () => {
    if (input.parser === undefined) return;
    const parsers = (doc.parsers as unknown as Section[]).map((p) => p.name);
    expect(parsers).toContain(input.parser);
  });

  it(`is listed in docs/fluent-bit.md with --log-format ${logFormat}`, () => {
    const row = FB_DOC.split("\n").find((l) => l.includes(file.split("/")[1]));
    expect(row, file).toBeDefined();
    expect(row).toContain(`--log-format ${logFormat}`);
  });
});

it("the auth.log parser reads a real sshd line into the fields the syslog format reads", () => {
  const parser = (load("vector-config/fluent-bit-auth-log.yaml").parsers as unknown as Section[])[0];
  const re = new RegExp(String(parser.regex).replace(/\(\?<(\w+)>/g, "(?<$1>"));
  const m = re.exec("Jan 22 03:14:05 web-1 sshd[4242]: Failed password for invalid user admin from 203.0.113.9 port 52211 ssh2")!;
  expect(m.groups).toMatchObject({ time: "Jan 22 03:14:05", host: "web-1", ident: "sshd", pid: "4242", message: "Failed password for invalid user admin from 203.0.113.9 port 52211 ssh2" });
  expect(parser.time_key).toBe("time");
});

/** Vector reference options (website/cue/reference/components/sources/generated/*.cue) of the sources added here. */
const VECTOR_SOURCE_KEYS: Record<string, string[]> = {
  file: ["type", "include", "exclude", "read_from", "max_line_bytes", "data_dir", "fingerprint", "ignore_older_secs", "line_delimiter", "multiline", "file_key", "host_key", "offset_key", "glob_minimum_cooldown_ms", "oldest_first", "remove_after_secs", "rotate_wait_secs", "encoding", "ignore_checkpoints", "ignore_not_found", "max_read_bytes", "acknowledgements", "internal_metrics"],
  journald: ["type", "batch_size", "current_boot_only", "data_dir", "exclude_matches", "exclude_units", "extra_args", "include_matches", "include_units", "journalctl_path", "journal_directory", "since_now", "acknowledgements", "emit_cursor"],
};

const VECTOR: [file: string, source: string, logFormat: string][] = [
  ["vector-config/vector-auth-log.yaml", "file", "syslog"],
  ["vector-config/vector-journald.yaml", "journald", "syslog"],
];
const vectorMain = load("vector-config/vector.yaml");
const V_DOC = readFileSync("docs/vector.md", "utf8");

describe.each(VECTOR)("%s", (file, sourceType, logFormat) => {
  const doc = load(file);
  const sources = doc.sources as Record<string, Section>;
  const [id, source] = Object.entries(sources).find(([, s]) => s.type === sourceType)!;

  it(`reads its source with the ${sourceType} source's documented options`, () => {
    expect(Object.keys(source).filter((k) => !VECTOR_SOURCE_KEYS[sourceType].includes(k))).toEqual([]);
    if (sourceType === "file") expect(source.include).toEqual(["/var/log/auth.log"]);
  });

  it("sends to the sidecar and receives from it exactly as vector.yaml does", () => {
    const sink = { ...(doc.sinks as Record<string, Section>).to_sidecar };
    const mainSink = { ...(vectorMain.sinks as Record<string, Section>).to_sidecar };
    expect({ ...sink, inputs: undefined }).toEqual({ ...mainSink, inputs: undefined });
    expect(sources.scored).toEqual((vectorMain.sources as Record<string, Section>).scored);
    const fed = (sink.inputs as string[])[0];
    const transforms = (doc.transforms ?? {}) as Record<string, Section>;
    expect(fed === id || (transforms[fed]?.inputs as string[]).includes(id), `${fed} carries ${id}`).toBe(true);
  });

  it(`is listed in docs/vector.md with --log-format ${logFormat}`, () => {
    const row = V_DOC.split("\n").find((l) => l.includes(file.split("/")[1]));
    expect(row, file).toBeDefined();
    expect(row).toContain(`--log-format ${logFormat}`);
  });
});

it("vector-auth-log keeps parse_syslog's own severity as syslog_severity", () => {
  const t = (load("vector-config/vector-auth-log.yaml").transforms as Record<string, Section>).structured;
  expect(t.source).toMatch(/parse_syslog\(\.message\)/);
  expect(t.source).toMatch(/syslog_severity = del\(parsed\.severity\)/);
});
