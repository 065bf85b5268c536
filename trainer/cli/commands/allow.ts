// `log-anomaly allow`: puts another allow list into a deployed model without retraining, so an
// operator can silence a noisy benign account in seconds. The files are written as `train` writes
// them (artifacts.ts): the filters with the model embedded first, then model.bin, the one it
// replaces kept as model.prev.bin, so the WASI filter and the sidecar pick the new list up live.

import { basename, dirname } from "node:path";
import { defineCommand } from "../args.ts";
import { allow, model, outputArgs, type AllowOptions, type OutputOptions } from "../common-args.ts";
import { CliError, EXIT } from "../../util/errors.ts";
import { installModel, openScorer, readModelFile, writeJson } from "../shared.ts";
import { allowlistCounts } from "../../allowlist/compile.ts";
import { loadAllowlist } from "../../allowlist/load.ts";
import { replaceAllowlist } from "../../allowlist/replace.ts";
import { MODEL_FILE, writeModelArtifacts } from "../../filter/artifacts.ts";
import type { Allowlist } from "../../model/format.ts";
import { resolveModelPath } from "../model-path.ts";

export type AllowCommandOptions = AllowOptions &
  OutputOptions & {
    model: string;
    clear: boolean;
  };

export default defineCommand<AllowCommandOptions>({
  meta: {
    name: "allow",
    description: "Replace the allow list of an existing model (no retraining) and rewrite model.bin and its filters.",
    examples: [
      "log-anomaly allow --model model/model.bin --allow allow.txt",
      "log-anomaly allow --model model/model.bin --clear",
    ],
  },
  args: {
    model: { ...model, description: `The ${MODEL_FILE} to rewrite, as train wrote it (the filters beside it are rewritten too)` },
    allow: { ...allow, description: "File of known-benign users, source IPs (or IPv4 ranges) and user/IP pairs; replaces the model's list" },
    clear: { type: "boolean", description: "Remove the model's list: every alert is raised again", default: false },
    ...outputArgs,
  },
  async run({ args: given, stdout, stderr }) {
    const { path: modelPath, note } = resolveModelPath(given.model);
    if (note && !given.quiet) stderr.write(note + "\n");
    const args = { ...given, model: modelPath };
    if (args.clear && args.allow !== "") {
      throw new CliError("E_BAD_VALUE", "give --allow FILE or --clear, not both", "--allow may also come from LOG_ANOMALY_ALLOW or the config file");
    }
    if (!args.clear && args.allow === "") throw new CliError("E_MISSING_VALUE", "give --allow FILE (the new list) or --clear (no list)");
    // The filters beside the model and the WASI filter's live reload go by the file names train writes.
    if (basename(args.model) !== MODEL_FILE) {
      throw new CliError("E_BAD_VALUE", `--model must name a ${MODEL_FILE} in a directory train wrote, got: ${args.model}`, "for another file, use build-filter --allow or detect --allow");
    }
    const allowlist = args.clear ? undefined : loadAllowlist(args.allow);
    const old = readModelFile(args.model);
    const { before, bytes } = replaceAllowlist(old, args.model, allowlist);
    const scorer = await openScorer();
    // The scorer checks the new model before it replaces the deployed one.
    installModel(scorer, bytes, args.model);
    // Rewriting the same bytes would only overwrite model.prev.bin with the model it already replaces.
    const changed = Buffer.compare(old, bytes) !== 0;
    const artifacts = changed ? writeModelArtifacts(scorer, dirname(args.model), bytes) : undefined;
    const counts = { before: countsOf(before), after: countsOf(allowlist) };
    if (args.json) {
      const files = artifacts && {
        model: artifacts.modelPath,
        filter: artifacts.filterPath,
        wasi_filter: artifacts.wasiFilterPath,
        ...(artifacts.previousPath ? { previous_model: artifacts.previousPath } : {}),
      };
      writeJson(stdout, { command: "allow", model: args.model, changed, allowlist: counts, files: files ?? null });
    } else if (!args.quiet) {
      const kinds = Object.keys(counts.after) as Array<keyof typeof counts.after>;
      stdout.write(`Allowlist of ${args.model}: ${kinds.map((k) => `${k} ${counts.before[k]} → ${counts.after[k]}`).join(", ")}\n`);
      stdout.write(
        artifacts
          ? `Wrote ${artifacts.modelPath} (${bytes.length} bytes), ${artifacts.filterPath}, ${artifacts.wasiFilterPath}; kept the previous model as ${artifacts.previousPath}\n`
          : `Unchanged: ${args.model} already holds this list; nothing written\n`,
      );
    }
    return EXIT.OK;
  },
});

// --- internal ---

/** A model without a list suppresses nothing: zero of every kind. */
function countsOf(list: Allowlist | undefined): ReturnType<typeof allowlistCounts> {
  return allowlistCounts(list ?? { users: new Uint32Array(), ips: new Uint32Array(), pairs: new Uint32Array(), ranges: [] });
}
