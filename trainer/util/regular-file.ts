// Reads a file that must be a plain file: never blocking on a FIFO or a device,
// not larger than the reader behind it can serve, and for the model not through
// a symbolic link (the last path component): the sidecar may read it as a
// privileged user while someone else controls the path. Settings files (config,
// allow file, field map) follow links, as mounted configuration often is one.

import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/** The largest model the scorer's own file reader takes (MAX_MODEL_BYTES in assembly/wasi-model-file.ts). */
export const MAX_MODEL_FILE_BYTES = 64 << 20;
/** Config, allow and field-map files: far above any real one, far below a memory problem. */
export const MAX_SETTINGS_FILE_BYTES = 16 << 20;

/** The file was refused before or while reading it: `${path}: <why, in words>`; `code` is the errno name when there was one. */
export class FileRefusedError extends Error {
  override name = "FileRefusedError";
  constructor(
    path: string,
    why: string,
    readonly code?: string,
  ) {
    super(`${path}: ${why}`);
  }
}

export function readRegularFile(path: string, maxBytes: number, { followLinks = false } = {}): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (followLinks ? 0 : constants.O_NOFOLLOW));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP") throw new FileRefusedError(path, "a symbolic link; refused (give the path of the file itself)", code);
    throw new FileRefusedError(path, code ?? (err as Error).message, code);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new FileRefusedError(path, "not a regular file (a directory, FIFO, socket or device); refused");
    if (st.size > maxBytes) throw new FileRefusedError(path, `${st.size} bytes, over the ${maxBytes}-byte cap; refused`);
    // One byte more than the size said, to notice a file still growing past the cap.
    const buf = Buffer.alloc(Math.min(st.size + 1, maxBytes + 1));
    let got = 0;
    for (let n = 1; n > 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, got);
    if (got > maxBytes) throw new FileRefusedError(path, `grew over the ${maxBytes}-byte cap while being read; refused`);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** A settings file's text (config, allow file, field map): a regular file, links followed, at most MAX_SETTINGS_FILE_BYTES. */
export function readSettingsFile(path: string): string {
  return readRegularFile(path, MAX_SETTINGS_FILE_BYTES, { followLinks: true }).toString("utf8");
}
