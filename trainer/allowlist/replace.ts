// Another allow list in a finished model (`log-anomaly allow`, `--allow` on detect and build-filter).
// The list only decides which alerts are suppressed, never what was learned (pipeline/train.ts adds
// it after fitting), so it can change without retraining: the model is read and written again by
// the one reader and writer, and every other section comes out byte for byte as it went in.

import { CliError } from "../util/errors.ts";
import { SECTION, type Allowlist } from "../model/format.ts";
import { ModelFormatError, modelSections, readModel } from "../model/read.ts";
import { writeModel } from "../model/write.ts";

const KNOWN_SECTIONS = new Set<number>(Object.values(SECTION));

/**
 * The model `bytes` (read from `path`, named in errors) with `allowlist` in place of its own list;
 * undefined leaves it without one. `before` is the list it had.
 */
export function replaceAllowlist(bytes: Uint8Array, path: string, allowlist: Allowlist | undefined): { before?: Allowlist; bytes: Uint8Array } {
  let model;
  try {
    // The reader skips optional sections it does not know and the writer would drop them: refuse
    // rather than quietly lose what a newer version put in the file.
    const unknown = modelSections(bytes).find((s) => !KNOWN_SECTIONS.has(s.id));
    if (unknown) throw new CliError("E_BAD_MODEL", `Cannot rewrite ${path}: it has section ${unknown.id}, unknown to this version`, "use the log-anomaly version that wrote it");
    model = readModel(bytes);
  } catch (err) {
    if (err instanceof ModelFormatError) throw new CliError("E_BAD_MODEL", `Cannot read ${path}: ${err.message}`);
    throw err;
  }
  return { before: model.allowlist, bytes: writeModel({ ...model, allowlist }) };
}
