// Why a model this program refuses is not for it, and what to do: a model older than
// this program is retrained with it; a model newer than this program needs a newer
// log-anomaly. The scorer only knows that the format version, a section or the feature
// schema differ; the direction comes from the header's major version, from a required
// section this version does not know (only later versions add them), and from the
// version that trained the model (TRAINING_INFO `logAnomalyVersion`; models trained
// before it was recorded are older than every program that records it).

import { MODEL_MAJOR } from "./format.ts";
import { readModel } from "./read.ts";
import { compareVersions } from "../util/version.ts";

export type ModelAge = "older" | "newer" | "another build";

export interface Compatibility {
  age: ModelAge;
  /** A sentence for a person: what differs, and retrain or upgrade. */
  detail: string;
}

/** The scorer's refusal codes that mean "another version of log-anomaly", not "a damaged file". */
const VERSION_CODES = new Set(["model_bad_version", "model_unknown_section", "model_schema_mismatch"]);

/** Why `bytes` (refused with the scorer's `code`) does not fit this program at `version`; undefined for other refusals. */
export function compatibility(bytes: Uint8Array, code: string, version: string): Compatibility | undefined {
  if (!VERSION_CODES.has(code) || bytes.length < 8) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [major, minor] = [view.getUint16(4, true), view.getUint16(6, true)];
  const upgrade = (what: string, by?: string) => ({
    age: "newer" as const,
    detail: `${what}: it was trained by a newer log-anomaly${by ? ` (${by})` : ""} than this one (${version}); upgrade log-anomaly to use it`,
  });
  const retrain = (what: string, by?: string) => ({
    age: "older" as const,
    detail: `${what}: it was trained by an older log-anomaly${by ? ` (${by})` : ""} than this one (${version}); retrain it with this version`,
  });
  if (code === "model_bad_version") {
    const what = `model format version ${major}.${minor} is not the one this version reads (${MODEL_MAJOR}.x)`;
    return major > MODEL_MAJOR ? upgrade(what) : retrain(what);
  }
  const by = trainedBy(bytes);
  if (code === "model_unknown_section") return upgrade("model has a required section this version does not know", by);
  const what = "model was trained for a different feature schema";
  if (by === undefined || compareVersions(by, version) < 0) return retrain(what, by);
  if (compareVersions(by, version) > 0) return upgrade(what, by);
  return { age: "another build", detail: `${what}: it was trained by another build of log-anomaly ${version}; retrain it with this build` };
}

// --- internal ---

/** The version that trained the model, when it recorded one. */
function trainedBy(bytes: Uint8Array): string | undefined {
  try {
    const v = readModel(bytes).trainingInfo?.logAnomalyVersion;
    return typeof v === "string" ? v : undefined;
  } catch {
    return undefined;
  }
}
