// The trainer's layering (docs/architecture.md): every import from a trainer file goes to a
// folder on its own line of the drawing or below it, never up.

import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import { describe, expect, it } from "vitest";

const TRAINER = "trainer";
/** The contract both the scorer and the trainer import sits below every layer. */
const CONTRACT = "contract";

/** Folder → rank (0 is the bottom line), from the ```layers block of docs/architecture.md. */
function layerRanks(): Map<string, number> {
  const doc = readFileSync("docs/architecture.md", "utf8");
  const block = /```layers\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error("docs/architecture.md has no ```layers block");
  const lines = block[1].trim().split("\n");
  const ranks = new Map<string, number>();
  lines.forEach((line, i) => line.trim().split(/\s+/).forEach((folder) => ranks.set(folder, lines.length - 1 - i)));
  return ranks;
}

function trainerFiles(dir = TRAINER): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? trainerFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Relative specifiers of a file's static imports, re-exports, type imports and dynamic imports. */
function relativeImports(source: string): string[] {
  const found = source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm);
  return [...found].map((m) => m[1]);
}

/** The top folder under trainer/ of a path, or of the file a specifier in `file` names. */
const folderOf = (path: string) => relative(TRAINER, path).split(/[\\/]/)[0];

describe("trainer layers", () => {
  const ranks = layerRanks();
  const files = trainerFiles();

  it("finds the imports of every form", () => {
    const src = [
      'import { a } from "../x/a.ts";',
      'import type { B } from "./b.ts";',
      'export { c } from "../c/c.ts";',
      'import "../d/side-effect.ts";',
      'const e = await import("../e/e.ts");',
      'import { f } from "node:fs";',
    ].join("\n");
    expect(relativeImports(src)).toEqual(["../x/a.ts", "./b.ts", "../c/c.ts", "../d/side-effect.ts", "../e/e.ts"]);
  });

  it("places every trainer folder on exactly one line of the drawing", () => {
    const folders = [...new Set(files.map(folderOf))].sort();
    expect(folders.filter((f) => !ranks.has(f))).toEqual([]);
    expect([...ranks.keys()].filter((f) => !folders.includes(f))).toEqual([]);
  });

  it("has no import from a lower layer to a higher one", () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      for (const spec of relativeImports(readFileSync(file, "utf8"))) {
        const target = posix.normalize(posix.join(dirname(file).split("\\").join("/"), spec));
        const to = folderOf(target);
        if (target.startsWith(CONTRACT + "/")) continue;
        if (target.startsWith("..") || !target.startsWith(TRAINER + "/")) upward.push(`${file} imports ${spec}, outside trainer/`);
        else if ((ranks.get(to) ?? Infinity) > (ranks.get(from) ?? -Infinity)) upward.push(`${file} (${from}) imports ${spec} (${to})`);
      }
    }
    expect(upward).toEqual([]);
  });
});
