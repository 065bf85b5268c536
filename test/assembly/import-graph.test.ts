// The scorer's import graph (issue 17): no file of assembly/ reaches itself through its imports,
// so each stage folder can be read, and changed, from the stages below it up.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.posix.join(dir, f.split(path.sep).join("/")));
}

/** Relative imports of each file, as project paths with their .ts extension. */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(path.join(ROOT, file), "utf8");
    const deps = [...text.matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)].map((m) => {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]));
      return target.endsWith(".ts") ? target : `${target}.ts`;
    });
    graph.set(file, deps);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the files along it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (file: string) => {
    stack.push(file);
    for (const dep of graph.get(file) ?? []) {
      const at = stack.indexOf(dep);
      if (at >= 0) found.push([...stack.slice(at), dep]);
      else if (!done.has(dep)) visit(dep);
    }
    stack.pop();
    done.add(file);
  };
  for (const file of graph.keys()) if (!done.has(file)) visit(file);
  return found;
}

describe("assembly/ import graph", () => {
  const files = tsFiles("assembly");
  const graph = importGraph(files);

  it("resolves every relative import to a file of the project", () => {
    const known = new Set([...files, ...tsFiles("contract")]);
    const missing = [...graph].flatMap(([file, deps]) => deps.filter((d) => !known.has(d)).map((d) => `${file} -> ${d}`));
    expect(missing).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(cycles(graph).map((c) => c.join(" -> "))).toEqual([]);
  });

  it("finds a cycle when there is one (the check itself)", () => {
    const g = new Map([["a.ts", ["b.ts"]], ["b.ts", ["c.ts"]], ["c.ts", ["a.ts"]]]);
    expect(cycles(g)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
  });
});
