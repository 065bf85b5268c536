// Every file the CLI writes goes through here. The output directory may be
// shared with someone hostile (a planted `report.html -> /etc/passwd`), so a
// file is never opened by its final name: a temporary file with a random name
// is created exclusively in the destination directory (O_CREAT|O_EXCL|
// O_NOFOLLOW), written, flushed and renamed over the destination. A planted
// link is replaced by the rename, never written through, and a reader never
// sees a half-written file.
//
// Modes: the model, the filters (which embed it) and the drift report hold
// rule thresholds and allowlist entries, which tell an attacker how to stay
// under the radar: MODE_PRIVATE. Reports are meant to be shared: MODE_PUBLIC.
//
// A path that cannot be written is an OutputError (a user's mistake: exit 2
// with a hint), found before any work where possible (checkOutputDir) and
// leaving nothing behind.

import { randomBytes } from "node:crypto";
import { closeSync, constants, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

export const MODE_PRIVATE = 0o600;
export const MODE_PUBLIC = 0o644;
const DIR_MODE = 0o755;
const CREATE_EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

export class OutputError extends Error {
  override name = "OutputError";
  constructor(
    message: string,
    readonly hint = "pick a path you can write to: a directory for --output-dir, a file name for --output",
  ) {
    super(message);
  }
}

/** Checks that `dir` is, or can be made, a writable directory, without leaving anything behind. */
export function checkOutputDir(dir: string): void {
  const existing = firstExisting(resolve(dir));
  const probe = join(existing, `.log-anomaly-probe-${randomName()}`);
  try {
    mkdirSync(probe, { mode: DIR_MODE });
  } catch (err) {
    throw outputError(dir, err);
  }
  rmdirSync(probe);
}

/** Checks a file path the way writeFileSafely will need it: not a directory, in a writable directory. */
export function checkOutputFile(path: string): void {
  refuseDirectory(path);
  checkOutputDir(dirname(path));
}

/** Creates `dir` and its missing parents, one level at a time (Node's recursive mkdir spins forever under /proc). */
export function makeOutputDir(dir: string): void {
  const abs = resolve(dir);
  const existing = firstExisting(abs);
  const missing: string[] = [];
  for (let at = abs; at !== existing; at = dirname(at)) missing.push(at);
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d, { mode: DIR_MODE });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST" && isDirectory(d)) continue;
      throw outputError(dir, err);
    }
  }
}

/** Writes `bytes` to `path` by exclusive temp file + rename, with `mode`; see the top of this file. */
export function writeFileSafely(path: string, bytes: Uint8Array | string, mode: number): void {
  refuseDirectory(path);
  makeOutputDir(dirname(path));
  const data = typeof bytes === "string" ? Buffer.from(bytes) : bytes;
  const tmp = join(dirname(path), `.${basename(path)}.${randomName()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, CREATE_EXCLUSIVE, mode);
    for (let at = 0; at < data.length; ) at += writeSync(fd, data, at, data.length - at);
    fchmodSync(fd, mode); // the umask may have taken bits off; the mode is the point
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // Never created, or already renamed.
    }
    throw outputError(path, err);
  }
}

// --- internal ---

const randomName = () => randomBytes(8).toString("hex");

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function refuseDirectory(path: string): void {
  if (/[\\/]$/.test(path) || isDirectory(path)) throw new OutputError(`${path} is a directory; a file name is needed here`, "give a file name, e.g. --output filter.wasm");
}

/** The nearest ancestor of `abs` (itself included) that exists; it must be a directory. */
function firstExisting(abs: string): string {
  for (let at = abs; ; at = dirname(at)) {
    let isDir: boolean;
    try {
      isDir = statSync(at).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" && dirname(at) !== at) continue;
      if (code === "ENOTDIR") continue; // a file further up: reported where it is found
      throw outputError(abs, err);
    }
    if (!isDir) throw new OutputError(`${at} is not a directory`, "--output-dir must name a directory (or where one may be created), not a file");
    return at;
  }
}

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENOENT: "cannot be created there",
  ENOTDIR: "a part of the path is not a directory",
  EISDIR: "it is a directory",
  EEXIST: "it already exists",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
};

function outputError(path: string, err: unknown): Error {
  if (err instanceof OutputError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? "";
  if (!REASONS[code]) return err as Error; // not the path's fault: left to the caller as an internal error
  return new OutputError(`cannot write ${path}: ${REASONS[code]} (${code})`);
}
