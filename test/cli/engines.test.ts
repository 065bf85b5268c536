// The Node.js version the package claims (package.json "engines", the README) is one every
// installed dependency accepts: `npm ci --engine-strict` passes on it.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

type Version = [number, number, number];

const parse = (v: string): Version => {
  const [a = 0, b = 0, c = 0] = v.replace(/^v/, "").split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
  return [a, b, c];
};
const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** npm's range forms that occur in engines fields: `>=x`, `^x`, `x.*` / `x.x`, joined by `||`. */
function satisfies(v: Version, range: string): boolean {
  return range.split("||").some((alt) => {
    const r = alt.trim().replace(/\s+/g, "");
    if (r.startsWith(">=")) return compare(v, parse(r.slice(2))) >= 0;
    if (r.startsWith("^")) {
      const min = parse(r.slice(1));
      return compare(v, min) >= 0 && v[0] === min[0];
    }
    if (/^\d+(\.(\*|x))*$/.test(r)) return v[0] === parse(r)[0];
    throw new Error(`engines range not understood: ${alt}`);
  });
}

describe("the Node.js version the package claims", () => {
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } };
  const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, { engines?: { node?: string } }> };
  const claimed = /^>=(\d+(\.\d+)*)$/.exec(pkg.engines.node);

  it("is a plain minimum, stated in the README", () => {
    expect(claimed, pkg.engines.node).not.toBeNull();
    expect(readFileSync("README.md", "utf8")).toContain(`Node.js ${claimed![1]} or later`);
  });

  it("is accepted by every package in the lock, dev and optional ones included", () => {
    const min = parse(claimed![1]);
    const refusing = Object.entries(lock.packages)
      .filter(([, p]) => p.engines?.node && !satisfies(min, p.engines.node))
      .map(([name, p]) => `${name} requires ${p.engines!.node}`);
    expect(refusing).toEqual([]);
  });

  it("reads the range forms it checks", () => {
    expect(satisfies([20, 19, 0], ">=18")).toBe(true);
    expect(satisfies([20, 19, 0], ">=22")).toBe(false);
    expect(satisfies([20, 19, 0], "^20.19.0 || >=22.12.0")).toBe(true);
    expect(satisfies([20, 18, 0], "^20.19.0 || >=22.12.0")).toBe(false);
    expect(satisfies([20, 19, 0], "6.* || 8.* || >= 10.*")).toBe(true);
  });
});
