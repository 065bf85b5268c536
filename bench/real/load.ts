// A source's fixture and labels from data/: the record texts in file order and, per line, the
// attack it belongs to (undefined for a benign line).

import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { AttackLabel, SourceLabels } from "./derive/labels.ts";
import type { Source } from "./sources.ts";

export const DATA_DIR = new URL("./data/", import.meta.url).pathname;

export interface LineLabel {
  instance: string;
  type: string;
  /** The line carries the technique itself (AttackLabel.techniqueLines). */
  carries: boolean;
}

export interface LoadedSource {
  source: Source;
  lines: string[];
  labels: Array<LineLabel | undefined>;
  attacks: AttackLabel[];
}

export function loadSource(source: Source, dir = DATA_DIR): LoadedSource {
  const lines = gunzipSync(readFileSync(dir + source.file))
    .toString("utf8")
    .split("\n")
    .filter((l) => l !== "");
  const parsed = JSON.parse(readFileSync(dir + source.labels, "utf8")) as SourceLabels;
  const labels = new Array<LineLabel | undefined>(lines.length).fill(undefined);
  for (const attack of parsed.attacks) {
    const carrying = new Set(attack.techniqueLines ?? attack.lines);
    for (const line of attack.lines) {
      if (line < 0 || line >= lines.length) throw new Error(`${source.labels}: line ${line} outside the ${lines.length} records`);
      labels[line] = { instance: attack.instance, type: attack.type, carries: carrying.has(line) };
    }
  }
  return { source, lines, labels, attacks: parsed.attacks };
}
