// The scorer's own output keys, read from the one place the module names them: the record-level
// `addKey(ROOT, "<key>", ..., F_OWN)` lines of its field table (assembly/, wherever the file sits).
// The fuzz oracle uses this list, so a key the scorer starts writing is known to the oracle at once.

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const OWN_KEY_LINE = /addKey\(ROOT,\s*"([^"]+)",[^)]*\bF_OWN\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

function readOwnKeys(): string[] {
  const keys = sourceFiles("assembly").flatMap((f) => [...readFileSync(f, "utf8").matchAll(OWN_KEY_LINE)].map((m) => m[1]));
  if (!keys.includes("anomaly_score")) throw new Error("no F_OWN keys found in assembly/: has the field table changed its shape?");
  return keys;
}

export const OWN_KEYS: readonly string[] = readOwnKeys();
