// The npm package is the product: pack it, install the tarball into a fresh
// project, and run the installed CLI there the way a user would (npx).
//
// Packing uses --ignore-scripts: `npm test` has just built dist/ and build/, and
// prepack would rebuild them in the shared work tree. Installing uses the npm
// cache (--prefer-offline); after `npm ci` every dependency is in it. When npm
// cannot get a dependency (no cache and no network), the tests are skipped with
// the reason, not failed: that is the machine, not the package.

import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = resolve(".");
const VERSION = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;
/** npm's own failures when a package is neither cached nor reachable. */
const NO_PACKAGE_SOURCE = /ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|request to .* failed/;
/** npm settings worth keeping from the environment; the rest of npm_* (set by `npm test`, e.g. npm_config_local_prefix) would aim npm at this checkout. */
const KEEP_NPM_ENV = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig", "npm_config_globalconfig"]);
const INSTALL_TIMEOUT_MS = 150_000;

interface Cmd {
  code: number;
  stdout: string;
  stderr: string;
  /** Killed for running past its timeout. */
  timedOut?: boolean;
}

const lines = (text: string) => text.split("\n").map((l) => l.replace(/^npm error\s+/, "").trim());

function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !(k.toLowerCase().startsWith("npm_") && !KEEP_NPM_ENV.has(k.toLowerCase())) && !k.startsWith("LOG_ANOMALY_")),
  );
}

async function sh(cmd: string, args: string[], cwd: string, timeout = 60_000): Promise<Cmd> {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd, env: childEnv(), timeout, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number | string; killed?: boolean; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr || e.message, timedOut: e.killed === true };
  }
}

describe("the npm package", () => {
  const work = mkdtempSync(join(tmpdir(), "la-pack-"));
  const project = join(work, "project");
  let files: string[] = [];
  /** Why the tarball could not be installed from the cache or registry, if so. */
  let unavailable: string | undefined;

  beforeAll(async () => {
    for (const built of ["dist/cli.mjs", "build/log_anomaly_filter.wasm"]) {
      if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` first (\`npm test\` does)`);
    }
    const packed = await sh("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = info.files.map((f) => f.path);

    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "log-anomaly-install-check", private: true, version: "1.0.0" }));
    const install = await sh(
      "npm",
      // Few, short retries: without cache or network npm fails in seconds instead of minutes.
      ["install", join(work, info.filename), "--prefix", project, "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", "--loglevel=error",
        "--fetch-retries=1", "--fetch-retry-mintimeout=1000", "--fetch-retry-maxtimeout=5000"],
      project,
      INSTALL_TIMEOUT_MS,
    );
    if (install.code !== 0) {
      if (install.timedOut || NO_PACKAGE_SOURCE.test(install.stderr)) {
        const reason = install.timedOut ? `npm install did not finish in ${INSTALL_TIMEOUT_MS / 1000} s` : (lines(install.stderr).find((l) => /request to .* failed/.test(l)) ?? lines(install.stderr).find((l) => NO_PACKAGE_SOURCE.test(l)));
        unavailable = `npm could not install the dependencies from its cache or the registry: ${reason}`;
        console.warn(`package.test: skipped: ${unavailable}`);
        return;
      }
      throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
    }
  }, INSTALL_TIMEOUT_MS + 30_000);

  it("ships the built CLI, the scorer, samples and docs, and no tests or sources", () => {
    for (const f of ["package.json", "README.md", "bin/log-anomaly.mjs", "dist/cli.mjs", "build/log_anomaly_filter.wasm", "samples/test_logs_normal.json", "samples/test_logs_attack.json", "docs/model-format.md"]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(test|trainer|assembly|node_modules|bench|anomaly_outputs)\//.test(f) || f.endsWith(".ts"))).toEqual([]);
  });

  it("runs `npx log-anomaly --version` in the installing project", async (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    const r = await sh("npx", ["--no", "--", "log-anomaly", "--version"], project);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${VERSION}\n`);
  });

  it("runs the pipeline on the samples it ships", async (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    const samples = join(work, "samples");
    cpSync(join(project, "node_modules", "log-anomaly", "samples"), samples, { recursive: true });
    const out = join(work, "out");
    const r = await sh(
      "npx",
      ["--no", "--", "log-anomaly", "run", "--data-path", samples, "--output-dir", out, "--quiet", "--autoencoder-epochs", "2", "--iso-forest-estimators", "20"],
      project,
      90_000,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    for (const f of ["anomalies_detected.csv", "anomalies_detailed.json", "anomaly_analysis.png", "report.html", "model.bin", "log_anomaly_filter.wasm"]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(out, "anomalies_detailed.json"), "utf8")).summary.total_events).toBe(51);
  });
});
