// Reads a file that must be a plain file: not through a symbolic link (the
// last path component), never blocking on a FIFO or a device, and not larger
// than the reader behind it can serve. Used for the model file, which the
// sidecar may read as a privileged user while someone else controls the path.

import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/** The largest model the scorer's own file reader takes (MAX_MODEL_BYTES in assembly/wasi-model-file.ts). */
export const MAX_MODEL_FILE_BYTES = 64 << 20;

/** The file was refused before or while reading it; the message says why, in words. */
export class FileRefusedError extends Error {
  override name = "FileRefusedError";
}

export function readRegularFile(path: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP") throw new FileRefusedError(`${path} is a symbolic link; refused (give the path of the file itself)`);
    if (code === "ENOENT") throw new FileRefusedError(`${path} does not exist`);
    throw new FileRefusedError(`cannot open ${path}: ${code ?? (err as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new FileRefusedError(`${path} is not a regular file (a directory, FIFO, socket or device); refused`);
    if (st.size > maxBytes) throw new FileRefusedError(`${path} is ${st.size} bytes, over the ${maxBytes}-byte cap; refused`);
    // One byte more than the size said, to notice a file still growing past the cap.
    const buf = Buffer.alloc(Math.min(st.size + 1, maxBytes + 1));
    let got = 0;
    for (let n = 1; n > 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, got);
    if (got > maxBytes) throw new FileRefusedError(`${path} grew over the ${maxBytes}-byte cap while being read; refused`);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
