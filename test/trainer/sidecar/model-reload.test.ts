// Live model reload in the sidecar: a new model.bin renamed into place is picked
// up, a bad one is refused while the old model keeps scoring, SIGHUP forces a check.

import { mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { trainedModel } from "../../helpers/trained-model.ts";
import { OUTPUT, Scorer } from "../../../trainer/wasm/scorer.ts";
import { watchModel, type ModelReloader } from "../../../trainer/sidecar/model-reload.ts";

const RECORD = Buffer.from('{"timestamp":"2024-01-22T03:14:05Z","user":"admin","source_ip":"203.0.113.45","event_type":"login","action":"failure","message":"Failed password for admin"}\n');

function replaceAtomically(path: string, bytes: Uint8Array): void {
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
}

async function until(what: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!what()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting for the reload");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("sidecar model reload", () => {
  let a: Uint8Array;
  let b: Uint8Array;
  let scorer: Scorer;
  let reloader: ModelReloader;
  const dir = mkdtempSync(join(tmpdir(), "la-reload-"));
  const path = join(dir, "model.bin");
  const logs: string[] = [];
  const scoreWith = async (model: Uint8Array) => {
    const s = await Scorer.load();
    s.loadModel(model);
    return new TextDecoder().decode(s.process(RECORD, OUTPUT.ENRICHED).enriched);
  };
  const score = () => {
    scorer.resetState();
    return new TextDecoder().decode(scorer.process(RECORD, OUTPUT.ENRICHED).enriched);
  };

  beforeAll(async () => {
    a = (await trainedModel()).model();
    b = (await trainedModel({ extraArgs: ["--contamination", "0.3", "--random-state", "7"] })).model();
    replaceAtomically(path, a);
    scorer = await Scorer.load();
    scorer.loadModel(a);
    reloader = watchModel(path, scorer, 20, (line) => logs.push(line));
    return () => reloader.close();
  });

  it("picks up a new model renamed into place", async () => {
    expect(score()).toBe(await scoreWith(a));
    expect(await scoreWith(a)).not.toBe(await scoreWith(b));
    replaceAtomically(path, b);
    await until(() => reloader.counters.modelReloads === 1);
    expect(score()).toBe(await scoreWith(b));
  });

  it("refuses a corrupt model and keeps scoring with the one it has", async () => {
    const corrupt = b.slice();
    corrupt[100] ^= 0xff;
    replaceAtomically(path, corrupt);
    await until(() => reloader.counters.modelReloadFailures === 1);
    expect(logs.at(-1)).toMatch(/refused .*checksum mismatch.*keeping the current model/);
    expect(score()).toBe(await scoreWith(b));
  });

  it("reloads on demand (SIGHUP), even when the file looks unchanged", async () => {
    replaceAtomically(path, a);
    await until(() => reloader.counters.modelReloads === 2);
    reloader.reload("SIGHUP", true);
    expect(reloader.counters.modelReloads).toBe(3);
    expect(score()).toBe(await scoreWith(a));
  });
});
