// A model of another log-anomaly version says which way to go: one older than this
// program is retrained with it, one newer needs an upgrade. The CLI's error line and the
// sidecar's reload log both say so; the scorer's own reason (assembly/errors.ts) is unchanged.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trainedModel } from "../../helpers/trained-model.ts";
import { runCli } from "../../helpers/cli.ts";
import { readModel } from "../../../trainer/model/read.ts";
import { writeModel } from "../../../trainer/model/write.ts";
import { crc32 } from "../../../trainer/model/crc32.ts";
import { ModelLoadError, Scorer } from "../../../trainer/wasm/scorer.ts";
import { watchModel } from "../../../trainer/sidecar/model-reload.ts";
import { programVersion } from "../../../trainer/util/version.ts";

const VERSION = programVersion();
const RETRAIN = `it was trained by an older log-anomaly`;
const UPGRADE = `it was trained by a newer log-anomaly`;

let good: Uint8Array;
let scorer: Scorer;
const dir = mkdtempSync(join(tmpdir(), "la-compat-"));

/** The trained model for another feature schema, trained by `version` (undefined: a model from before versions were recorded). */
function otherSchema(version: string | undefined): Uint8Array {
  const m = readModel(good);
  const { logAnomalyVersion: _, ...info } = m.trainingInfo ?? {};
  return writeModel({ ...m, schemaHash: (m.schemaHash + 1) >>> 0, trainingInfo: version === undefined ? info : { ...info, logAnomalyVersion: version } });
}

/** The trained model with another format major version (and a valid checksum). */
function major(n: number): Uint8Array {
  const bytes = good.slice();
  const view = new DataView(bytes.buffer);
  view.setUint16(4, n, true);
  view.setUint16(6, 0, true);
  view.setUint32(bytes.length - 4, crc32(bytes.subarray(0, bytes.length - 4)), true);
  return bytes;
}

function refusal(bytes: Uint8Array): ModelLoadError {
  try {
    scorer.loadModel(bytes);
  } catch (err) {
    if (err instanceof ModelLoadError) return err;
    throw err;
  }
  throw new Error("the model was accepted");
}

beforeAll(async () => {
  good = (await trainedModel()).model();
  scorer = await Scorer.load();
});
afterAll(async () => (await trainedModel()).dispose());

describe("a model of another version", () => {
  it("records the version that trained it", () => {
    expect(readModel(good).trainingInfo?.logAnomalyVersion).toBe(VERSION);
  });

  it.each([
    ["schema, trained before versions were recorded", () => otherSchema(undefined), "older", `model was trained for a different feature schema: ${RETRAIN} than this one (${VERSION}); retrain it with this version`],
    ["schema, trained by 0.0.1", () => otherSchema("0.0.1"), "older", `model was trained for a different feature schema: ${RETRAIN} (0.0.1) than this one (${VERSION}); retrain it with this version`],
    ["schema, trained by 99.0.0", () => otherSchema("99.0.0"), "newer", `model was trained for a different feature schema: ${UPGRADE} (99.0.0) than this one (${VERSION}); upgrade log-anomaly to use it`],
    ["schema, trained by this version", () => otherSchema(VERSION), "another build", `model was trained for a different feature schema: it was trained by another build of log-anomaly ${VERSION}; retrain it with this build`],
    ["format 2.x", () => major(2), "newer", `model format version 2.0 is not the one this version reads (1.x): ${UPGRADE} than this one (${VERSION}); upgrade log-anomaly to use it`],
    ["format 0.x", () => major(0), "older", `model format version 0.0 is not the one this version reads (1.x): ${RETRAIN} than this one (${VERSION}); retrain it with this version`],
  ])("%s: %s", (_name, bytes, age, detail) => {
    const err = refusal(bytes());
    expect(err.compat?.age).toBe(age);
    expect(err.detail).toBe(detail);
    expect(err.message).toMatch(/^model (format version is not supported by this scorer|was trained for a different feature schema \(retrain with this version\))$/);
  });

  it("a damaged model gets no such advice", () => {
    const bytes = good.slice();
    bytes[40] ^= 1;
    const err = refusal(bytes);
    expect(err.compat).toBeUndefined();
    expect(err.detail).toBe(err.message);
  });

  it("the CLI says upgrade for a newer model and retrain for an older one", async () => {
    const newer = join(dir, "newer.bin");
    const older = join(dir, "older.bin");
    writeFileSync(newer, otherSchema("99.0.0"));
    writeFileSync(older, otherSchema(undefined));
    const n = await runCli(["inspect", newer]);
    expect(n.code).toBe(2);
    expect(n.stderr).toBe(`error: Cannot use ${newer}: model was trained for a different feature schema: ${UPGRADE} (99.0.0) than this one (${VERSION}); upgrade log-anomaly to use it\nhint: upgrade log-anomaly (npm install log-anomaly@latest), or retrain with this version's \`log-anomaly train\`\n`);
    const o = await runCli(["detect", "--model", older, "--data-path", "samples/", "--output-dir", join(dir, "out")]);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(new RegExp(`^error: Cannot use .*older\\.bin: model was trained for a different feature schema: ${RETRAIN} than this one \\(${VERSION.replace(/\./g, "\\.")}\\); retrain it with this version\\nhint: retrain with \`log-anomaly train\`\\n$`, "m"));
  });

  it("the sidecar's reload log says upgrade, and the old model keeps scoring", () => {
    const path = join(dir, "model.bin");
    writeFileSync(path, good);
    scorer.loadModel(good);
    const log: string[] = [];
    const reloader = watchModel(path, scorer, 0, (line) => log.push(line));
    writeFileSync(path, otherSchema("99.0.0"));
    reloader.reload("SIGHUP", true);
    reloader.close();
    expect(log).toEqual([`model reload (SIGHUP): refused ${path}: model was trained for a different feature schema: ${UPGRADE} (99.0.0) than this one (${VERSION}); upgrade log-anomaly to use it; keeping the current model`]);
    expect(reloader.counters.modelReloadFailures).toBe(1);
  });
});
