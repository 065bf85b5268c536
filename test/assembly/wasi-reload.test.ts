// Live model reload in Fluent Bit: the WASI build reads model.bin from its first
// preopened directory (Fluent Bit's Accessible_Paths) and swaps a new one in
// between two records; a corrupt file is refused once, the old model keeps
// scoring, and no record is lost. Driven through Fluent Bit's exact calling sequence.

import { mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FluentBitHost } from "../helpers/fluent-bit-host.ts";
import { preopenedDirectory } from "../helpers/wasi-preopen.ts";
import { trainedModel } from "../helpers/trained-model.ts";
import { OUTPUT, Scorer, wasiWasmPath } from "../../trainer/wasm/scorer.ts";
import { splitRecords } from "../../trainer/pipeline/load.ts";
import { readModel } from "../../trainer/model/read.ts";
import { writeModel } from "../../trainer/model/write.ts";

/** The reload check runs every 10 s of event time; records are spaced by more than that. */
const STEP_SEC = 11;
const START_SEC = 1705893245;
const records = splitRecords(readFileSync("samples/test_logs_attack.json", "utf8"));

function replaceAtomically(path: string, bytes: Uint8Array): void {
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
}

/** What the batch ABI says for `records` with `a` loaded, then `b` from record `swapAt` on (state carried over). */
async function reference(a: Uint8Array, b: Uint8Array, swapAt: number): Promise<string[]> {
  const s = await Scorer.load();
  const out: string[] = [];
  const run = (recs: string[], first: number) =>
    recs.forEach((r, i) => out.push(new TextDecoder().decode(s.process(Buffer.from(r), OUTPUT.ENRICHED, (START_SEC + (first + i) * STEP_SEC) * 1000).enriched).trimEnd()));
  s.loadModel(a);
  run(records.slice(0, swapAt), 0);
  s.loadModel(b);
  run(records.slice(swapAt), swapAt);
  return out;
}

describe("WASI build: live model reload", () => {
  const dir = mkdtempSync(join(tmpdir(), "la-wasi-"));
  const modelPath = join(dir, "model.bin");
  let a: Uint8Array;
  let b: Uint8Array;
  let host: FluentBitHost;
  const call = (i: number) => host.filter(records[i % records.length], { timeSec: START_SEC + i * STEP_SEC });

  beforeAll(async () => {
    a = (await trainedModel()).model();
    b = (await trainedModel({ extraArgs: ["--contamination", "0.3", "--random-state", "7"] })).model();
    replaceAtomically(modelPath, a);
    host = await FluentBitHost.load(wasiWasmPath(), "log_anomaly_filter", preopenedDirectory(dir));
  });

  it("imports nothing but WASI", () => {
    const modules = new Set(WebAssembly.Module.imports(host.module).map((i) => i.module));
    expect([...modules]).toEqual(["wasi_snapshot_preview1"]);
  });

  it("scores with model.bin, swaps a new one in between records and loses none", async () => {
    const swapAt = 20;
    const expected = await reference(a, b, swapAt);
    const got: string[] = [];
    for (let i = 0; i < records.length; i++) {
      if (i === swapAt) replaceAtomically(modelPath, b);
      const r = call(i);
      expect(r.ok, r.ok ? "" : r.reason).toBe(true);
      if (r.ok) got.push(r.text);
    }
    expect(got).toHaveLength(records.length);
    expect(got).toEqual(expected);
    expect(got.slice(swapAt)).not.toEqual((await reference(a, a, swapAt)).slice(swapAt));
  });

  it("refuses a corrupt model once, with the reason, and keeps scoring with the old one", async () => {
    const corrupt = b.slice();
    corrupt[200] ^= 0x40;
    replaceAtomically(modelPath, corrupt);
    const first = call(records.length);
    const second = call(records.length + 1);
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(first.value.anomaly_error).toBe("model_bad_checksum");
    expect(second.value.anomaly_error).toBeUndefined();
    expect(typeof second.value.anomaly_score).toBe("number");
    expect(second.value.threat_type).not.toBeUndefined();
  });

  it("refuses a well-formed model over the memory budget before touching the state: the old one keeps serving as if nothing happened", async () => {
    const dir2 = mkdtempSync(join(tmpdir(), "la-wasi-budget-"));
    const path2 = join(dir2, "model.bin");
    const huge = readModel(a);
    huge.state = { userCapacity: 1 << 21, ipCapacity: 1 << 21 };
    replaceAtomically(path2, a);
    const h = await FluentBitHost.load(wasiWasmPath(), "log_anomaly_filter", preopenedDirectory(dir2));
    const swapAt = 20;
    const expected = await reference(a, a, swapAt);
    const got: string[] = [];
    for (let i = 0; i < records.length; i++) {
      if (i === swapAt) replaceAtomically(path2, writeModel(huge));
      const r = h.filter(records[i], { timeSec: START_SEC + i * STEP_SEC });
      expect(r.ok, r.ok ? "" : r.reason).toBe(true);
      if (r.ok) got.push(r.text);
    }
    const notice = ',"anomaly_error":"model_over_budget"';
    expect(got.filter((t) => t.includes(notice))).toHaveLength(1);
    expect(got.map((t) => t.replace(notice, ""))).toEqual(expected);
  });
});
