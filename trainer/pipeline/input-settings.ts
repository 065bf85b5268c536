// --log-format and --field-map → the InputSettings the scorer reads records with (and the model's
// FIELD_MAP section records). A field map is a JSON object from normalised field to the dotted
// path (or paths, in priority order) of the key that holds it:
//
//   { "user": "actor.login", "source_ip": ["client.address", "client.ip"], "timestamp": "ts" }
//
// Its paths come before every built-in alias of every format.

import { readSettingsFile } from "../util/regular-file.ts";
import { CliError } from "../util/errors.ts";
import {
  FIELD_NAMES, LOG_FORMAT_NAMES, MAX_FIELD_MAP, MAX_KEY_BYTES, MAX_PATH_BYTES, MAX_PATH_SEGMENTS,
  type FieldMapEntry, type FieldName, type InputSettings, type LogFormatName,
} from "../model/format.ts";

/** The settings for a log format and an optional field-map file; undefined for the defaults (auto, no map). */
export function inputSettings(logFormat: string, fieldMapPath: string | undefined): InputSettings | undefined {
  if (!(LOG_FORMAT_NAMES as readonly string[]).includes(logFormat)) {
    throw new CliError("E_BAD_VALUE", `--log-format must be one of ${LOG_FORMAT_NAMES.join(", ")}, got: ${logFormat}`);
  }
  const fieldMap = fieldMapPath ? readFieldMap(fieldMapPath) : [];
  if (logFormat === "auto" && fieldMap.length === 0) return undefined;
  return { logFormat: logFormat as LogFormatName, fieldMap };
}

/** Reads and checks a field-map file. */
function readFieldMap(path: string): FieldMapEntry[] {
  let text: string;
  try {
    text = readSettingsFile(path);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
    throw new CliError("E_NO_DATA", missing ? `Field map not found: ${path}` : `Cannot read the field map ${(err as Error).message}`, "--field-map takes a JSON file such as {\"user\": \"actor.login\"}");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CliError("E_BAD_VALUE", `${path}: not valid JSON: ${(err as Error).message}`);
  }
  return parseFieldMap(value, path);
}

/** Checks a parsed field map against what the scorer can hold; `source` names it in errors. */
function parseFieldMap(value: unknown, source: string): FieldMapEntry[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new CliError("E_BAD_VALUE", `${source}: a field map is a JSON object such as {"user": "actor.login"}`);
  }
  const out: FieldMapEntry[] = [];
  for (const [field, paths] of Object.entries(value)) {
    if (!(FIELD_NAMES as readonly string[]).includes(field)) {
      throw new CliError("E_BAD_VALUE", `${source}: unknown field "${field}"; fields are ${FIELD_NAMES.join(", ")}`);
    }
    const list = typeof paths === "string" ? [paths] : paths;
    if (!Array.isArray(list) || list.length === 0 || !list.every((p) => typeof p === "string")) {
      throw new CliError("E_BAD_VALUE", `${source}: "${field}" must be a dotted path or a list of them`);
    }
    for (const path of list as string[]) {
      const problem = pathProblem(path);
      if (problem) throw new CliError("E_BAD_VALUE", `${source}: "${field}": ${problem}`);
      out.push({ field: field as FieldName, path });
    }
  }
  if (out.length > MAX_FIELD_MAP) throw new CliError("E_BAD_VALUE", `${source}: at most ${MAX_FIELD_MAP} paths, got ${out.length}`);
  return out;
}

// --- internal ---

function pathProblem(path: string): string | undefined {
  const bytes = new TextEncoder().encode(path).length;
  if (bytes === 0 || bytes > MAX_PATH_BYTES) return `path "${path}" must have 1 to ${MAX_PATH_BYTES} bytes`;
  const segments = path.split(".");
  if (segments.length > MAX_PATH_SEGMENTS) return `path "${path}" has more than ${MAX_PATH_SEGMENTS} levels`;
  for (const s of segments) {
    const n = new TextEncoder().encode(s).length;
    if (n === 0 || n > MAX_KEY_BYTES) return `path "${path}": each key between dots must have 1 to ${MAX_KEY_BYTES} bytes`;
  }
  return undefined;
}
