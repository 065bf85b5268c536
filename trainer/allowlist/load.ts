// `--allow FILE`: reads, parses and compiles an allow file into the model's ALLOWLIST section.

import { readSettingsFile } from "../util/regular-file.ts";
import { CliError } from "../util/errors.ts";
import type { Allowlist } from "../model/format.ts";
import { compileAllowlist } from "./compile.ts";
import { parseAllowlist } from "./parse.ts";

/** The compiled list of the file at `path`; undefined when no file is given (""). */
export function loadAllowlist(path: string): Allowlist | undefined {
  if (path === "") return undefined;
  let text: string;
  try {
    text = readSettingsFile(path);
  } catch (err) {
    throw new CliError("E_NO_DATA", `Cannot read allow file ${(err as Error).message}`, "check the --allow path");
  }
  return compileAllowlist(parseAllowlist(text, path), path);
}
