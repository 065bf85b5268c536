// The model file format (docs/model-format.md): the writer and the TS reader
// round-trip byte for byte, the checked-in tiny model and the doc's hex dump are
// what test/fixtures/make-tiny-model.ts produces, and the scorer refuses every
// malformed file with its own message — never a trap — keeping the model it
// had in service.

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trainedModel } from "../../helpers/trained-model.ts";
import { crc32 } from "../../../trainer/model/crc32.ts";
import { MODEL_MINOR, SECTION } from "../../../trainer/model/format.ts";
import { ModelFormatError, modelSections, readModel } from "../../../trainer/model/read.ts";
import { writeModel } from "../../../trainer/model/write.ts";
import { eventRow, scanEvents } from "../../../trainer/wasm/timeline.ts";
import { ModelLoadError, OUTPUT, Scorer } from "../../../trainer/wasm/scorer.ts";
import {
  DOC_PATH, DUMP_BEGIN, DUMP_END, FIXTURE_PATH, TINY_EVENT, dumpBlockForDoc, hexDump, makeTinyModel, parseHexDump,
} from "../../fixtures/make-tiny-model.ts";
import { entityHash, pairHash } from "../../../trainer/model/entity-hash.ts";

// --- the scorer's messages (assembly/errors.ts), as docs/model-format.md quotes them ---
const TRUNCATED = "model is truncated (shorter than its header and trailer)";
const BAD_MAGIC = "not a log-anomaly model (bad magic)";
const BAD_VERSION = "model format version is not supported by this scorer";
const BAD_FLAGS = "model uses a required feature flag this scorer does not know";
const BAD_CRC = "model checksum mismatch (corrupted or truncated file)";
const BAD_SECTION = "model section overruns the file or is malformed";
const UNKNOWN_SECTION = "model has a required section this scorer does not know";
const SCHEMA = "model was trained for a different feature schema (retrain with this version)";
const FOREST = "model forest is malformed";
const AUTOENCODER = "model autoencoder is malformed";
const BASELINES = "model entity baselines are malformed";
const VALUES = "model has out-of-range values";
const ALLOWLIST = "model allowlist is malformed";
const OVER_BUDGET = "model needs more memory than the filter allows (entity capacities or file size over the budget)";

const tiny = new Uint8Array(readFileSync(FIXTURE_PATH));
const doc = readFileSync(DOC_PATH, "utf8");
const attack = new Uint8Array(readFileSync("samples/test_logs_attack.json"));
const BODY = tiny.length - 4;
const SECTION_COUNT = new DataView(tiny.buffer, tiny.byteOffset).getUint32(16, true);

// --- byte surgery on the tiny model ---

/** Payload offset of section `id` in the tiny model. */
const at = (id: number): number => {
  const s = modelSections(tiny).find((x) => x.id === id);
  if (!s) throw new Error(`tiny model has no section ${id}`);
  return s.offset;
};
const FOREST_AT = at(SECTION.IFOREST);
const node = (tree: 0 | 1, i: number) => FOREST_AT + (tree === 0 ? 24 : 56) + 8 * i; // trees: 3 nodes, then 5
const AE_AT = at(SECTION.AUTOENCODER);
/** The feature count, as the tiny model's META records it. */
const N = new DataView(tiny.buffer, tiny.byteOffset).getUint32(at(SECTION.META) + 28, true);
const LAYER1_AT = AE_AT + 8 + 16 + 4 * (N * 2 + 2); // after layer 0 (N -> 2)
const SETS_AT = at(SECTION.BASELINES) + 8; // six sets of 16 bytes each in the tiny model
const PROFILES_AT = SETS_AT + 6 * 16;
/** The tiny model's ALLOWLIST, its last section: four counts of 1, a user, an IP and a pair key, then one range (network, prefix). */
const ALLOW_AT = at(SECTION.ALLOWLIST);
const RANGE_AT = ALLOW_AT + 16 + 3 * 4;
/** An ALLOWLIST payload from its counts and the u32 words after them. */
const allowPayload = (counts: [number, number, number, number], ...words: number[]): Uint8Array =>
  new Uint8Array(Uint32Array.from([...counts, ...words]).buffer);

function withCrc(b: Uint8Array): Uint8Array {
  new DataView(b.buffer, b.byteOffset).setUint32(b.length - 4, crc32(b.subarray(0, b.length - 4)), true);
  return b;
}
/** A copy of the tiny model changed by `f`, with a valid checksum unless `keepCrc`. */
function edit(f: (v: DataView) => void, keepCrc = false): () => Uint8Array {
  return () => {
    const b = tiny.slice();
    f(new DataView(b.buffer));
    return keepCrc ? b : withCrc(b);
  };
}
const u32 = (off: number, value: number) => edit((v) => v.setUint32(off, value >>> 0, true));
const u16 = (off: number, value: number) => edit((v) => v.setUint16(off, value, true));
const i16 = (off: number, value: number) => edit((v) => v.setInt16(off, value, true));
const f32 = (off: number, value: number) => edit((v) => v.setFloat32(off, value, true));
/** The tiny model plus one more section before the trailer. */
function appendSection(id: number, payload: Uint8Array): () => Uint8Array {
  return () => {
    const padded = Math.ceil(payload.length / 8) * 8;
    const b = new Uint8Array(tiny.length + 8 + padded);
    b.set(tiny.subarray(0, BODY));
    const v = new DataView(b.buffer);
    v.setUint32(16, v.getUint32(16, true) + 1, true);
    v.setUint16(BODY, id, true);
    v.setUint32(BODY + 4, payload.length, true);
    b.set(payload, BODY + 8);
    return withCrc(b);
  };
}

// --- running the scorer ---

/** "accepted", "refused: <message>", or "TRAP: ..." when the module trapped or the host threw something else. */
function loadOutcome(s: Scorer, bytes: Uint8Array): string {
  try {
    s.loadModel(bytes);
    return "accepted";
  } catch (e) {
    return e instanceof ModelLoadError ? `refused: ${e.message}` : `TRAP: ${String(e)}`;
  }
}
function readOutcome(bytes: Uint8Array): string {
  try {
    readModel(bytes);
    return "accepted";
  } catch (e) {
    return e instanceof ModelFormatError ? `refused: ${e.message}` : `CRASH: ${String(e)}`;
  }
}
/** The attack samples scored from a clean state, as the filter would emit them. */
function enriched(s: Scorer): string {
  s.resetState();
  return new TextDecoder().decode(s.process(attack, OUTPUT.ENRICHED).enriched);
}
function sameBytes(a: Uint8Array, b: Uint8Array): string {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return `differ at 0x${i.toString(16)} (${a[i]} vs ${b[i]})`;
  return a.length === b.length ? "identical" : `lengths differ (${a.length} vs ${b.length})`;
}

let scorer: Scorer;
let trained: Uint8Array;
let dispose = () => {};

beforeAll(async () => {
  scorer = await Scorer.load();
  const model = await trainedModel();
  trained = model.model();
  dispose = model.dispose;
});
afterAll(() => dispose());

/** The tiny model with a FIELD_MAP section (log format + field map, §5.10). */
const withFieldMap = (): Uint8Array =>
  writeModel({
    ...readModel(tiny),
    input: { logFormat: "syslog", fieldMap: [{ field: "user", path: "actor.login" }, { field: "source_ip", path: "client.address" }, { field: "bytes", path: "x" }] },
  });

describe("round trip: writeModel(readModel(bytes))", () => {
  it.each([
    ["the tiny fixture", () => tiny],
    ["a trained model", () => trained],
    ["a model with a field map", withFieldMap],
  ])("reproduces %s byte for byte", (_, bytes) => {
    expect(sameBytes(writeModel(readModel(bytes())), bytes())).toBe("identical");
  });

  it("reads the field map back as it was written", () => {
    expect(readModel(withFieldMap()).input).toEqual({
      logFormat: "syslog",
      fieldMap: [{ field: "user", path: "actor.login" }, { field: "source_ip", path: "client.address" }, { field: "bytes", path: "x" }],
    });
    expect(readModel(tiny).input).toBeUndefined();
  });

  it("reads the allowlist back as it was written: keys hashed as BASELINES' are", () => {
    expect(readModel(tiny).allowlist).toEqual({
      users: Uint32Array.of(entityHash("svc_backup")),
      ips: Uint32Array.of(entityHash("10.0.9.10")),
      pairs: Uint32Array.of(pairHash(entityHash("carol"), entityHash("10.0.0.7"))),
      ranges: [{ network: 0xc0a80000, prefix: 16 }],
    });
  });

  it("writes the lowest minor version that describes the file: 2 with a COVERAGE, 1 with an ALLOWLIST, else 0 as 1.0 did", () => {
    const minor = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset).getUint16(6, true);
    expect(minor(tiny)).toBe(1);
    expect(minor(trained)).toBe(2);
    expect(minor(writeModel({ ...readModel(trained), coverage: undefined }))).toBe(0);
    expect(minor(writeModel({ ...readModel(tiny), allowlist: undefined }))).toBe(0);
    expect(scorer.schema().format_minor).toBe(MODEL_MINOR);
  });

  it.each([
    ["the tiny fixture", () => tiny],
    ["a trained model", () => trained],
  ])("scores the attack samples identically with %s and its rewrite", async (_, bytes) => {
    const original = await Scorer.load();
    const rewritten = await Scorer.load();
    original.loadModel(bytes());
    rewritten.loadModel(writeModel(readModel(bytes())));
    const a = enriched(original);
    expect(a.split("\n").filter(Boolean)).toHaveLength(51);
    expect(a).not.toContain("anomaly_error");
    expect(enriched(rewritten)).toBe(a);
  });
});

describe("the tiny fixture", () => {
  it("is exactly what make-tiny-model.ts produces (regenerate with `npx tsx test/fixtures/make-tiny-model.ts`)", () => {
    expect(sameBytes(makeTinyModel(scorer.schema()), tiny)).toBe("identical");
  });

  it("is a complete model the scorer loads and scores with", () => {
    expect(loadOutcome(scorer, tiny)).toBe("accepted");
    const out = enriched(scorer);
    expect(out).not.toContain("anomaly_error");
  });

  it("is dumped in docs/model-format.md, and the dump reads back to the same bytes", () => {
    expect(doc).toContain(dumpBlockForDoc(tiny));
    const block = doc.slice(doc.indexOf(DUMP_BEGIN), doc.indexOf(DUMP_END));
    const dump = block.slice(block.indexOf("```text\n") + 8, block.lastIndexOf("```"));
    expect(sameBytes(parseHexDump(dump), tiny)).toBe("identical");
    expect(sameBytes(parseHexDump(hexDump(tiny)), tiny)).toBe("identical");
  });

  it("holds the entity keys the scanner computes for its event, hashed as the doc says", () => {
    const rows = scanEvents(scorer, [JSON.stringify(TINY_EVENT)]);
    const sets = readModel(tiny).baselines!.sets;
    const user = entityHash("alice");
    const ip = entityHash("10.0.0.5");
    const keys = [
      [eventRow.user(rows, 0), user, 0],
      [eventRow.ip(rows, 0), ip, 1],
      [eventRow.userIp(rows, 0), pairHash(user, ip), 2],
      [eventRow.userHost(rows, 0), pairHash(user, entityHash("web-01")), 3],
      [eventRow.userKind(rows, 0), pairHash(user, 1 + 1), 4], // kind LOGIN_SUCCESS = 1, stored + 1
    ];
    for (const [scanned, documented, set] of keys) {
      expect(scanned).toBe(documented);
      expect(Array.from(sets[set]), `set ${set}`).toContain(documented);
    }
  });

  it("carries the schema hash computed as §5.0 describes", () => {
    const s = scorer.schema();
    const list = (names: string[], tag = (_: number) => "") => names.map((n, i) => `${n}${tag(i)},`).join("");
    const text = `features:${list(s.features, (i) => (s.log1p[i] ? "~log1p" : ""))}|rules:${list(s.rule_params)}|sets:${list(s.baseline_sets)}|threats:${list(s.threat_types)}`;
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    expect(h).toBe(s.schema_hash);
    expect(new DataView(tiny.buffer, tiny.byteOffset).getUint32(12, true)).toBe(s.schema_hash);
    expect(doc).toContain(`0x${s.schema_hash.toString(16).toUpperCase()}`);
  });

  it("docs/model-format.md quotes every model error message of the scorer", () => {
    const codes = scorer.schema().error_codes;
    for (let code = 1; code < codes.length; code++) {
      if (!codes[code].startsWith("model_")) continue;
      const ptr = scorer.exports.error_message(code);
      const message = new TextDecoder().decode(new Uint8Array(scorer.exports.memory.buffer, ptr, scorer.exports.info_length()));
      expect(doc, `message ${code}`).toContain(message);
    }
  });
});

// Every row: [what, bytes, the scorer's verdict]. Rows marked "keep CRC" are
// corrupted without fixing the checksum; all others carry a valid CRC-32, so the
// check behind the checksum is what must catch them.
const CASES: Array<[string, () => Uint8Array, string]> = [
  // --- envelope ---
  ["empty file", () => new Uint8Array(0), TRUNCATED],
  ["27 bytes (header + trailer − 1)", () => tiny.slice(0, 27), TRUNCATED],
  ["wrong magic", u32(0, 0x4e44414c), BAD_MAGIC],
  ["major version 2", u16(4, 2), BAD_VERSION],
  ["major version 0", u16(4, 0), BAD_VERSION],
  ["flag bit 0 set", u32(8, 1), BAD_FLAGS],
  ["flag bit 31 set", u32(8, 0x80000000), BAD_FLAGS],
  ["payload byte changed (keep CRC)", edit((v) => v.setUint8(FOREST_AT, 9), true), BAD_CRC],
  ["trailer off by one (keep CRC)", edit((v) => v.setUint32(BODY, v.getUint32(BODY, true) + 1, true), true), BAD_CRC],
  ["schema hash + 1", edit((v) => v.setUint32(12, v.getUint32(12, true) + 1, true)), SCHEMA],
  // --- section table ---
  ["section count + 1", u32(16, SECTION_COUNT + 1), BAD_SECTION],
  ["section count − 1 (bytes after the last section)", u32(16, SECTION_COUNT - 1), BAD_SECTION],
  ["section count 2^32 − 1", u32(16, 0xffffffff), BAD_SECTION],
  ["last section's length runs into the trailer", u32(ALLOW_AT - 4, 41), BAD_SECTION],
  ["META length 2^32 − 1", u32(at(SECTION.META) - 4, 0xffffffff), BAD_SECTION],
  ["unknown required section 127", u16(at(SECTION.TRAINING_INFO) - 8, 127), UNKNOWN_SECTION],
  ["unknown required section 100", u16(at(SECTION.TRAINING_INFO) - 8, 100), UNKNOWN_SECTION],
  ["section id 0", u16(at(SECTION.TRAINING_INFO) - 8, 0), UNKNOWN_SECTION],
  ["STATE shorter than its fields", u32(at(SECTION.STATE) - 4, 4), BAD_SECTION],
  // --- schema ---
  ["META n_features 47", u32(at(SECTION.META) + 28, 47), SCHEMA],
  ["NORMALIZATION count 47", u32(at(SECTION.NORMALIZATION), 47), SCHEMA],
  ["RULES count 12", u32(at(SECTION.RULES), 12), SCHEMA],
  // --- IFOREST ---
  ["tree count 2^31", u32(FOREST_AT, 2 ** 31), FOREST],
  ["tree count 0", u32(FOREST_AT, 0), FOREST],
  ["tree count 3 (2 stored)", u32(FOREST_AT, 3), FOREST],
  ["c(psi) 0", f32(FOREST_AT + 8, 0), FOREST],
  ["node count 65535 (3 stored)", u32(FOREST_AT + 16, 65535), FOREST],
  ["node count 2^32 − 1", u32(FOREST_AT + 16, 0xffffffff), FOREST],
  ["node count 0", u32(FOREST_AT + 16, 0), FOREST],
  ["right child points back to its own node", u16(node(0, 0) + 6, 0), FOREST],
  ["right child points at the left child", u16(node(1, 0) + 6, 1), FOREST],
  ["inner node's right child points back to the root", u16(node(1, 1) + 6, 0), FOREST],
  ["right child past the last node", u16(node(0, 0) + 6, 3), FOREST],
  ["split feature = feature count", i16(node(0, 0) + 4, N), FOREST],
  ["last node is not a leaf", i16(node(0, 2) + 4, 0), FOREST],
  ["NaN leaf threshold", f32(node(1, 4), NaN), FOREST],
  // --- AUTOENCODER ---
  ["layer count 0", u32(AE_AT, 0), AUTOENCODER],
  ["layer count 17", u32(AE_AT, 17), AUTOENCODER],
  ["layer count 2^31", u32(AE_AT, 2 ** 31), AUTOENCODER],
  ["first layer input one short", u32(AE_AT + 8, N - 1), AUTOENCODER],
  ["hidden width 0", u32(AE_AT + 12, 0), AUTOENCODER],
  ["hidden width 2^31", u32(AE_AT + 12, 2 ** 31), AUTOENCODER],
  ["activation id 3", u32(AE_AT + 16, 3), AUTOENCODER],
  ["activation id 2^31", u32(AE_AT + 16, 2 ** 31), AUTOENCODER],
  ["output one short", u32(LAYER1_AT + 4, N - 1), AUTOENCODER],
  ["NaN weight", f32(AE_AT + 24, NaN), VALUES],
  // --- BASELINES ---
  ["set count 2^32 − 1", u32(SETS_AT - 8, 0xffffffff), BASELINES],
  ["key count 2^30 + 1 (× 4 wraps to 4)", u32(SETS_AT + 4, 2 ** 30 + 1), BASELINES],
  ["key count 2^32 − 1", u32(SETS_AT + 4, 0xffffffff), BASELINES],
  ["keys out of order", edit((v) => { const a = v.getUint32(SETS_AT + 8, true); v.setUint32(SETS_AT + 8, v.getUint32(SETS_AT + 12, true), true); v.setUint32(SETS_AT + 12, a, true); }), BASELINES],
  ["duplicate key", edit((v) => v.setUint32(SETS_AT + 12, v.getUint32(SETS_AT + 8, true), true)), BASELINES],
  ["profile count 2^28 (× 16 wraps to 0)", u32(PROFILES_AT, 2 ** 28), BASELINES],
  ["profile count 2 (1 stored)", u32(PROFILES_AT, 2), BASELINES],
  ["profile count 2^32 − 1", u32(PROFILES_AT, 0xffffffff), BASELINES],
  // --- values ---
  ["infinite normalisation mean", f32(at(SECTION.NORMALIZATION) + 8, Infinity), VALUES],
  ["NaN rule threshold", f32(at(SECTION.RULES) + 8, NaN), VALUES],
  ["calibrator count 2", u32(at(SECTION.CALIBRATION), 2), VALUES],
  ["NaN calibration point", f32(at(SECTION.CALIBRATION) + 8, NaN), VALUES],
  ["severity cut count 3", u32(at(SECTION.SEVERITY), 3), VALUES],
  ["severity cuts decreasing", f32(at(SECTION.SEVERITY) + 12, 0.4), VALUES],
  ["severity cut above 1", f32(at(SECTION.SEVERITY) + 20, 1.5), VALUES],
  ["user capacity 12 (not a power of two)", u32(at(SECTION.STATE), 12), VALUES],
  ["IP capacity 4 (below 8)", u32(at(SECTION.STATE) + 4, 4), VALUES],
  ["user capacity 2^21 (above 2^20)", u32(at(SECTION.STATE), 2 ** 21), OVER_BUDGET],
  // --- FIELD_MAP (§5.10) ---
  ["TRAINING_INFO's JSON relabelled as FIELD_MAP", u16(at(SECTION.TRAINING_INFO) - 8, SECTION.FIELD_MAP), VALUES],
  ["FIELD_MAP log format 6", appendSection(SECTION.FIELD_MAP, Uint8Array.of(6, 0, 0, 0, 0, 0, 0, 0)), VALUES],
  ["FIELD_MAP field 9", appendSection(SECTION.FIELD_MAP, Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 0x61, 0, 0, 0)), VALUES],
  ["FIELD_MAP path length past the payload", appendSection(SECTION.FIELD_MAP, Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 200, 0, 0, 0, 0x61, 0, 0, 0)), VALUES],
  ["FIELD_MAP empty path segment", appendSection(SECTION.FIELD_MAP, Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0x61, 0x2e, 0, 0)), VALUES],
  ["FIELD_MAP entry count 2^32 − 1", appendSection(SECTION.FIELD_MAP, Uint8Array.of(0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff)), VALUES],
  // --- ALLOWLIST (§5.12): optional, but refused when it is malformed ---
  ["ALLOWLIST user count 2^32 − 1", u32(ALLOW_AT, 0xffffffff), ALLOWLIST],
  ["ALLOWLIST IP count 2^30 + 1 (× 4 wraps to 4)", u32(ALLOW_AT + 4, 2 ** 30 + 1), ALLOWLIST],
  ["ALLOWLIST pair count 2 (1 stored)", u32(ALLOW_AT + 8, 2), ALLOWLIST],
  ["ALLOWLIST range count 2 (1 stored)", u32(ALLOW_AT + 12, 2), ALLOWLIST],
  ["ALLOWLIST range count 2^29 (× 8 wraps to 0)", u32(ALLOW_AT + 12, 2 ** 29), ALLOWLIST],
  ["ALLOWLIST range prefix 7", u32(RANGE_AT + 4, 7), ALLOWLIST],
  ["ALLOWLIST range prefix 33", u32(RANGE_AT + 4, 33), ALLOWLIST],
  ["ALLOWLIST range with a bit set after its prefix", u32(RANGE_AT, 0xc0a80001), ALLOWLIST],
  ["ALLOWLIST shorter than its counts", appendSection(SECTION.ALLOWLIST, new Uint8Array(12)), ALLOWLIST],
  // --- ALLOWLIST_NAMES (§5.13): optional, but must name exactly the ALLOWLIST's keys ---
  ["ALLOWLIST_NAMES with counts unlike the ALLOWLIST's", appendSection(SECTION.ALLOWLIST_NAMES, new Uint8Array(20)), ALLOWLIST],
  ["ALLOWLIST_NAMES shorter than its header", appendSection(SECTION.ALLOWLIST_NAMES, new Uint8Array(8)), ALLOWLIST],
  ["ALLOWLIST duplicate user key", appendSection(SECTION.ALLOWLIST, allowPayload([2, 0, 0, 0], 7, 7)), ALLOWLIST],
  ["ALLOWLIST IP keys out of order", appendSection(SECTION.ALLOWLIST, allowPayload([0, 2, 0, 0], 9, 7)), ALLOWLIST],
  ["ALLOWLIST ranges out of order", appendSection(SECTION.ALLOWLIST, allowPayload([0, 0, 0, 2], 0x0b000000, 8, 0x0a000000, 8)), ALLOWLIST],
  ["ALLOWLIST 4097 ranges (at most 4096)", appendSection(SECTION.ALLOWLIST, allowPayload([0, 0, 0, 4097], ...Array.from({ length: 4097 }, (_, i) => [i << 8, 24]).flat())), ALLOWLIST],
];

describe("the scorer refuses a malformed model and keeps the one in service", () => {
  it.each(CASES)("%s", (_, bytes, message) => {
    expect(loadOutcome(scorer, trained)).toBe("accepted");
    const before = enriched(scorer);
    expect(before).not.toContain("anomaly_error");
    expect(loadOutcome(scorer, bytes())).toBe(`refused: ${message}`);
    expect(enriched(scorer) === before, "output changed after a refused load").toBe(true);
  });

  it("refuses every truncation of the tiny model, never trapping", () => {
    const wrong: string[] = [];
    for (let cut = 0; cut < tiny.length; cut++) {
      const expected = `refused: ${cut < 28 ? TRUNCATED : BAD_CRC}`;
      const got = loadOutcome(scorer, tiny.subarray(0, cut));
      if (got !== expected) wrong.push(`${cut} bytes: ${got}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it("refuses every single-bit flip of the tiny model, never trapping", () => {
    const expectedAt = (i: number) => (i < 4 ? BAD_MAGIC : i < 6 ? BAD_VERSION : i >= 8 && i < 12 ? BAD_FLAGS : BAD_CRC);
    const wrong: string[] = [];
    for (let i = 0; i < tiny.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const b = tiny.slice();
        b[i] ^= 1 << bit;
        const got = loadOutcome(scorer, b);
        if (got !== `refused: ${expectedAt(i)}`) wrong.push(`byte 0x${i.toString(16)} bit ${bit}: ${got}`);
        const ts = readOutcome(b);
        if (!ts.startsWith("refused: ")) wrong.push(`TS reader, byte 0x${i.toString(16)} bit ${bit}: ${ts}`);
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it.each([
    ["bad checksum", edit((v) => v.setUint8(40, 1), true), "model_bad_checksum"],
    ["schema mismatch", u32(12, 1), "model_schema_mismatch"],
    ["forest with a backward child", u16(node(0, 0) + 6, 0), "model_bad_forest"],
  ])("without a previous model, passes records through with anomaly_error after: %s", async (_, bytes, code) => {
    const fresh = await Scorer.load();
    expect(loadOutcome(fresh, bytes())).toMatch(/^refused: /);
    const lines = enriched(fresh).split("\n").filter(Boolean);
    expect(lines).toHaveLength(51);
    for (const line of lines) {
      const r = JSON.parse(line);
      expect([r.anomaly_score, r.threat_type, r.severity, r.anomaly_error], line).toEqual([0, "none", "NONE", code]);
      expect(r.event_id, line).toMatch(/^evt-/);
    }
  });
});

describe("the scorer accepts what a reader must tolerate", () => {
  const garbage = Uint8Array.from({ length: 13 }, (_, i) => (i * 37 + 11) & 0xff);
  it.each([
    ["an unknown optional section 200", appendSection(200, garbage)],
    ["an unknown optional section 65535", appendSection(65535, new Uint8Array(0))],
    ["TRAINING_INFO renumbered to optional id 200", u16(at(SECTION.TRAINING_INFO) - 8, 200)],
    ["minor version 9", u16(6, 9)],
    ["a FIELD_MAP section for auto with no map", appendSection(SECTION.FIELD_MAP, new Uint8Array(8))],
  ])("%s, scoring exactly as the tiny model does", (_, bytes) => {
    expect(loadOutcome(scorer, tiny)).toBe("accepted");
    const expected = enriched(scorer);
    expect(loadOutcome(scorer, trained)).toBe("accepted");
    expect(loadOutcome(scorer, bytes())).toBe("accepted");
    expect(enriched(scorer) === expected, "scores differ from the tiny model's").toBe(true);
  });
});

describe("the TS reader refuses a malformed envelope with its own messages", () => {
  it.each([
    // --- envelope ---
    ["27 bytes", () => tiny.slice(0, 27), "model file is truncated (27 bytes)"],
    ["wrong magic", u32(0, 0), "not a log-anomaly model file (bad magic)"],
    ["major version 2", u16(4, 2), "model format version 2.1 is not supported (this version reads 1.x): it comes from a newer log-anomaly: upgrade log-anomaly to read it"],
    ["major version 0", u16(4, 0), "model format version 0.1 is not supported (this version reads 1.x): it comes from an older log-anomaly: retrain it with this version"],
    ["flag bit 0 set", u32(8, 1), "model uses a format flag this version does not know"],
    ["payload byte changed (keep CRC)", edit((v) => v.setUint8(40, 1), true), "model checksum mismatch: the file is corrupted or truncated"],
    ["truncated by one byte", () => tiny.slice(0, -1), "model checksum mismatch: the file is corrupted or truncated"],
    // --- section table ---
    ["section count + 1", u32(16, SECTION_COUNT + 1), "model section table overruns the file"],
    ["section count − 1", u32(16, SECTION_COUNT - 1), "model has bytes after its last section"],
    ["last section's length runs into the trailer", u32(ALLOW_AT - 4, 41), "model section 129 overruns the file"],
    ["unknown required section 127", u16(at(SECTION.TRAINING_INFO) - 8, 127), "model has required section 127, unknown to this version: it comes from a newer log-anomaly, upgrade log-anomaly to read it"],
    // --- inside sections: decoded counts are checked before anything is allocated ---
    ["tree count 2^31", u32(FOREST_AT, 2 ** 31), "model section overruns its declared size (corrupted file)"],
    ["node count 2^32 − 1", u32(FOREST_AT + 16, 0xffffffff), "model section overruns its declared size (corrupted file)"],
    ["profile count 2^28", u32(PROFILES_AT, 2 ** 28), "model section overruns its declared size (corrupted file)"],
    ["activation id 3", u32(AE_AT + 16, 3), "model autoencoder has an unknown activation"],
    ["calibrator count 2", u32(at(SECTION.CALIBRATION), 2), "model calibration section has the wrong number of calibrators"],
    ["FIELD_MAP log format 6", appendSection(SECTION.FIELD_MAP, Uint8Array.of(6, 0, 0, 0, 0, 0, 0, 0)), "model field map has an unknown log format"],
    ["FIELD_MAP field 9", appendSection(SECTION.FIELD_MAP, Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 0x61, 0, 0, 0)), "model field map names an unknown field"],
    ["FIELD_MAP entry count 2^32 − 1", appendSection(SECTION.FIELD_MAP, Uint8Array.of(0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff)), "model section overruns its declared size (corrupted file)"],
    ["ALLOWLIST user count 2^32 − 1", u32(ALLOW_AT, 0xffffffff), "model section overruns its declared size (corrupted file)"],
    ["ALLOWLIST range count 2^29", u32(ALLOW_AT + 12, 2 ** 29), "model section overruns its declared size (corrupted file)"],
  ])("%s", (_, bytes, message) => {
    expect(readOutcome(bytes())).toBe(`refused: ${message}`);
  });

  it("refuses every truncation", () => {
    const wrong: string[] = [];
    for (let cut = 0; cut < tiny.length; cut++) {
      const got = readOutcome(tiny.subarray(0, cut));
      if (!got.startsWith("refused: ")) wrong.push(`${cut} bytes: ${got}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it("skips an unknown optional section (and the rewrite drops it)", () => {
    const bytes = appendSection(200, Uint8Array.of(1, 2, 3))();
    expect(modelSections(bytes).map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 128, 129, 200]);
    expect(sameBytes(writeModel(readModel(bytes)), tiny)).toBe("identical");
  });
});
