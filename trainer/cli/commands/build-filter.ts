import { defineCommand } from "../args.ts";
import { allowOverrideArgs, model, type AllowOptions } from "../common-args.ts";
import { EXIT } from "../../util/errors.ts";
import { applyAllowFlag, installModel, openScorer, readModelFile } from "../shared.ts";
import { buildFilter, writeModelFile } from "../../filter/artifacts.ts";
import { checkOutputFile } from "../../util/safe-write.ts";
import { resolveModelPath } from "../model-path.ts";

export interface BuildFilterOptions extends AllowOptions {
  model: string;
  output: string;
}

export default defineCommand<BuildFilterOptions>({
  meta: {
    name: "build-filter",
    description: "Embed a model into the WASM filter: one file to deploy to Fluent Bit or the sidecar.",
    examples: [
      "log-anomaly build-filter --model model/model.bin --output filter.wasm",
      "log-anomaly build-filter --model model/model.bin --allow allow.txt --output filter.wasm",
    ],
  },
  args: {
    model,
    output: { type: "string", alias: "o", description: "Where the filter module is written", default: "log_anomaly_filter.wasm" },
    ...allowOverrideArgs,
  },
  async run({ args, stdout, stderr }) {
    checkOutputFile(args.output);
    const say = (line: string) => stderr.write(line + "\n");
    const { path, note } = resolveModelPath(args.model);
    if (note) say(note);
    const bytes = applyAllowFlag(readModelFile(path), path, args.allow, say);
    const scorer = await openScorer();
    installModel(scorer, bytes, path);
    const filter = buildFilter(scorer, bytes);
    writeModelFile(args.output, filter);
    stdout.write(`Wrote ${args.output} (${filter.length} bytes, model ${bytes.length} bytes)\n`);
    return EXIT.OK;
  },
});
