// Compiles an AssemblyScript entry file to WebAssembly in-process, for tests and benches.
//
//   const wasm = await compileAs("test/assembly/harness/scan-harness.ts");
//   const { instance } = await WebAssembly.instantiate(wasm, {});
//
// Output is cached under node_modules/.cache/log-anomaly-as/. A cache entry is keyed by the
// compiler version, the entry path and the flags, and records every file the compiler asked for
// (with its content hash, or "absent"); it is reused only while all of them are unchanged, so
// editing any imported .ts file recompiles. Writes are atomic (temp file + rename), so parallel
// test workers can share the cache.

import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";

/** The project's release flags (see asconfig.json and DESIGN.md "Host ABIs"). */
export const PROJECT_AS_FLAGS: readonly string[] = [
  "-O3",
  "--noAssert",
  "--runtime",
  "incremental",
  "--use",
  "abort=",
];

export interface CompileAsOptions {
  /** Replaces PROJECT_AS_FLAGS entirely. */
  flags?: readonly string[];
  /** Appended after the flags, e.g. ["--enable", "simd"] or ["--memoryBase", "4194304"]. */
  extraFlags?: readonly string[];
  /** Skip the cache (still writes a fresh entry). */
  noCache?: boolean;
  /** Project root that relative entry paths and the cache are resolved against. */
  root?: string;
}

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CACHE_SUBDIR = path.join("node_modules", ".cache", "log-anomaly-as");
const OUT_NAME = "out.wasm";
const ABSENT = "absent";

interface CacheManifest {
  inputs: [file: string, hash: string][];
  wasmHash: string;
}

/** Compiles `entryFile` (relative to the project root, or absolute) and returns the .wasm bytes. */
export async function compileAs(
  entryFile: string,
  options: CompileAsOptions = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const root = path.resolve(options.root ?? PROJECT_ROOT);
  const entry = path.resolve(root, entryFile);
  const flags = [...(options.flags ?? PROJECT_AS_FLAGS), ...(options.extraFlags ?? [])];
  const cacheDir = path.join(root, CACHE_SUBDIR);
  const key = sha256(JSON.stringify({ version: asc.version, entry, flags }));
  const manifestPath = path.join(cacheDir, `${key}.json`);
  const wasmPath = path.join(cacheDir, `${key}.wasm`);

  if (!options.noCache) {
    const cached = await readCached(manifestPath, wasmPath);
    if (cached) return cached;
  }

  const inputs = new Map<string, string>();
  let binary: Uint8Array | null = null;
  const stderr = asc.createMemoryStream();
  const stdout = asc.createMemoryStream();
  const result = await asc.main(
    [path.relative(root, entry), "--baseDir", root, "--outFile", OUT_NAME, ...flags],
    {
      stdout,
      stderr,
      readFile: async (filename, baseDir) => {
        const file = path.resolve(baseDir, filename);
        // Never pick up the project's asconfig.json: its entries would be compiled in too.
        if (path.basename(file) === "asconfig.json") return null;
        try {
          const text = await readFile(file, "utf8");
          inputs.set(file, sha256(text));
          return text;
        } catch {
          inputs.set(file, ABSENT);
          return null;
        }
      },
      writeFile: (filename, contents) => {
        if (path.basename(filename) === OUT_NAME && typeof contents !== "string") binary = contents;
      },
      listFiles: () => [],
    },
  );
  if (result.error || !binary) {
    throw new Error(
      `asc failed for ${entryFile}: ${result.error?.message ?? "no output"}\n${stderr.toString()}`,
    );
  }
  const wasm = new Uint8Array(binary as Uint8Array); // own ArrayBuffer, accepted by WebAssembly.*
  const manifest: CacheManifest = { inputs: [...inputs.entries()].sort(), wasmHash: sha256(wasm) };
  await mkdir(cacheDir, { recursive: true });
  await writeAtomic(wasmPath, wasm);
  await writeAtomic(manifestPath, JSON.stringify(manifest));
  return wasm;
}

// --- internal ---

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

async function readCached(manifestPath: string, wasmPath: string): Promise<Uint8Array<ArrayBuffer> | null> {
  let manifest: CacheManifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, "utf8")) as CacheManifest;
  } catch {
    return null;
  }
  for (const [file, hash] of manifest.inputs) {
    let current = ABSENT;
    try {
      current = sha256(await readFile(file, "utf8"));
    } catch {
      // stays ABSENT
    }
    if (current !== hash) return null;
  }
  try {
    const wasm = new Uint8Array(await readFile(wasmPath));
    return sha256(wasm) === manifest.wasmHash ? wasm : null;
  } catch {
    return null;
  }
}

async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}
