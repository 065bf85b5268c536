// Issue #16 item 6, the model path: a FIFO, a symbolic link, a file over the reader's cap, and a
// module that traps while loading are each refused by a reload without blocking, without exiting,
// and with the old model still scoring.

import { execFileSync } from "node:child_process";
import { mkdtempSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trainedModel } from "../../helpers/trained-model.ts";
import { OUTPUT, Scorer } from "../../../trainer/wasm/scorer.ts";
import { watchModel } from "../../../trainer/sidecar/model-reload.ts";
import { MAX_MODEL_FILE_BYTES } from "../../../trainer/util/regular-file.ts";

const RECORD = Buffer.from('{"timestamp":"2024-01-22T03:14:05Z","user":"admin","source_ip":"203.0.113.45","event_type":"login","action":"failure"}\n');
const dir = mkdtempSync(join(tmpdir(), "la-model-file-"));
const path = join(dir, "model.bin");
let model: Uint8Array;

beforeAll(async () => {
  model = (await trainedModel()).model();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function scorerWithModel(): Promise<Scorer> {
  const s = await Scorer.load();
  s.loadModel(model);
  return s;
}

function place(make: (tmp: string) => void): void {
  const tmp = join(dir, `next-${Math.random().toString(36).slice(2)}`);
  make(tmp);
  renameSync(tmp, path);
}

const cases: [string, (tmp: string) => void, RegExp][] = [
  ["a FIFO", (tmp) => execFileSync("mkfifo", [tmp]), /not a regular file/],
  ["a symbolic link to a readable model", (tmp) => {
    writeFileSync(join(dir, "elsewhere.bin"), model);
    symlinkSync(join(dir, "elsewhere.bin"), tmp);
  }, /symbolic link/],
  ["a file over the reader's cap", (tmp) => {
    writeFileSync(tmp, "");
    truncateSync(tmp, MAX_MODEL_FILE_BYTES + 1);
  }, /over the \d+-byte cap/],
];

describe("the model path is read as a regular file only", () => {
  it.each(cases)("%s is refused at once and the old model keeps scoring", async (_name, make, reason) => {
    const scorer = await scorerWithModel();
    const before = new TextDecoder().decode(scorer.process(RECORD, OUTPUT.ENRICHED).enriched);
    const logs: string[] = [];
    rmSync(path, { force: true }); // the last case may have left a FIFO there
    writeFileSync(path, model);
    const reloader = watchModel(path, scorer, 0, (l) => logs.push(l));
    place(make);
    reloader.reload("test", true);
    reloader.close();
    expect(reloader.counters).toEqual({ modelReloads: 0, modelReloadFailures: 1 });
    expect(logs.join("\n")).toMatch(reason);
    scorer.resetState();
    expect(new TextDecoder().decode(scorer.process(RECORD, OUTPUT.ENRICHED).enriched)).toBe(before);
  });

  it("a module trap while loading (WebAssembly RuntimeError) is counted and logged, never thrown", async () => {
    const scorer = await scorerWithModel();
    scorer.loadModel = () => {
      throw new WebAssembly.RuntimeError("unreachable");
    };
    writeFileSync(path, model);
    const logs: string[] = [];
    const reloader = watchModel(path, scorer, 0, (l) => logs.push(l));
    expect(() => reloader.reload("test", true)).not.toThrow();
    reloader.close();
    expect(reloader.counters.modelReloadFailures).toBe(1);
    expect(logs.join("\n")).toMatch(/refused .*unreachable; keeping the current model/);
  });
});
