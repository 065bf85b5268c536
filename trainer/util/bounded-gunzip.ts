// Gunzip with a cap on what comes out. A log file is attacker-shaped data: 14 MB
// of gzip can hold 3 GiB of zeros. zlib stops inflating at maxOutputLength, so
// memory stays at the cap whatever the ratio, and a file over it is that file's
// error alone (the caller skips it and goes on with the others).

import { gunzipSync } from "node:zlib";

/** Below V8's longest string (2^29 - 24 code units), which a log file's text must fit in. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;
/** Environment variable that moves the cap, in bytes (named like the CLI's LOG_ANOMALY_* settings). */
export const MAX_DECOMPRESSED_ENV = "LOG_ANOMALY_MAX_DECOMPRESSED_BYTES";

/** The cap in force: MAX_DECOMPRESSED_ENV when it is a positive integer, else the default. */
export function maxDecompressedBytes(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env[MAX_DECOMPRESSED_ENV]);
  return Number.isSafeInteger(n) && n > 0 ? Math.min(n, DEFAULT_MAX_DECOMPRESSED_BYTES) : DEFAULT_MAX_DECOMPRESSED_BYTES;
}

export function gunzipBounded(raw: Uint8Array, maxBytes = maxDecompressedBytes()): Buffer {
  try {
    return gunzipSync(raw, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ERR_BUFFER_TOO_LARGE") throw err;
    throw new Error(`decompresses to more than ${maxBytes} bytes (the cap; ${MAX_DECOMPRESSED_ENV} lowers it); skipped`);
  }
}
