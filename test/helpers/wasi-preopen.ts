// WASI preview 1 with one preopened directory at fd 3, as Fluent Bit's WAMR gives a
// filter its first Accessible_Paths entry: the calls the WASI build makes (path_open,
// fd_filestat_get, fd_read, fd_close) over node:fs, nothing else.
//
// Not node:wasi: its native calls run as V8 fast API calls, and an allocation inside
// one can start a garbage collection that kills the process (nodejs/node#46777). It
// took a vitest worker down mid-file in our CI, on Node 20.

import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { isAbsolute, join, normalize, sep } from "node:path";
import { WASI_MODULE } from "./fluent-bit-host.ts";
import { randomGet } from "../../trainer/wasm/random-import.ts";

/** What FluentBitHost.load needs of a WASI implementation (node:wasi's own shape). */
export interface WasiImports {
  getImportObject(): WebAssembly.Imports;
  initialize(instance: WebAssembly.Instance): void;
}

const PREOPEN_FD = 3;
// WASI errno values (wasi_snapshot_preview1).
const ESUCCESS = 0;
const EACCES = 2;
const EBADF = 8;
const EINVAL = 28;
const EIO = 29;
const EISDIR = 31;
const ENOENT = 44;
const ENOTCAPABLE = 76;
const FILETYPE_DIRECTORY = 3;
const FILETYPE_REGULAR_FILE = 4;
const FILESTAT_BYTES = 64;

const ERRNO_OF: Record<string, number> = { ENOENT, EACCES, EISDIR, EBADF, EINVAL };

export function preopenedDirectory(dir: string): WasiImports {
  let memory: WebAssembly.Memory | null = null;
  const files = new Map<number, number>(); // guest fd → host fd
  let nextFd = PREOPEN_FD + 1;
  const mem = () => {
    if (!memory) throw new Error("WASI call before initialize()");
    return memory;
  };
  const view = () => new DataView(mem().buffer);
  const errno = (e: unknown) => ERRNO_OF[(e as NodeJS.ErrnoException).code ?? ""] ?? EIO;

  const imports = {
    path_open(fd: number, _dirflags: number, path: number, pathLen: number, oflags: number, _rightsBase: bigint, _rightsInheriting: bigint, _fdflags: number, outFd: number): number {
      if (fd !== PREOPEN_FD) return EBADF;
      if (oflags !== 0) return ENOTCAPABLE; // read-only: no create, truncate or directory opens
      const name = new TextDecoder().decode(new Uint8Array(view().buffer, path, pathLen));
      const rel = normalize(name);
      if (isAbsolute(rel) || rel === ".." || rel.startsWith(`..${sep}`)) return ENOTCAPABLE;
      try {
        const hostFd = openSync(join(dir, rel), "r");
        const guestFd = nextFd++;
        files.set(guestFd, hostFd);
        view().setUint32(outFd, guestFd, true);
        return ESUCCESS;
      } catch (e) {
        return errno(e);
      }
    },
    fd_filestat_get(fd: number, buf: number): number {
      const hostFd = files.get(fd);
      if (hostFd === undefined) return EBADF;
      const st = fstatSync(hostFd, { bigint: true });
      const v = view();
      new Uint8Array(v.buffer, buf, FILESTAT_BYTES).fill(0);
      v.setBigUint64(buf, st.dev, true);
      v.setBigUint64(buf + 8, st.ino, true);
      v.setUint8(buf + 16, st.isDirectory() ? FILETYPE_DIRECTORY : FILETYPE_REGULAR_FILE);
      v.setBigUint64(buf + 24, st.nlink, true);
      v.setBigUint64(buf + 32, st.size, true);
      v.setBigUint64(buf + 40, st.atimeNs, true);
      v.setBigUint64(buf + 48, st.mtimeNs, true);
      v.setBigUint64(buf + 56, st.ctimeNs, true);
      return ESUCCESS;
    },
    fd_read(fd: number, iovs: number, iovsLen: number, nread: number): number {
      const hostFd = files.get(fd);
      if (hostFd === undefined) return EBADF;
      let total = 0;
      try {
        for (let i = 0; i < iovsLen; i++) {
          const v = view();
          const ptr = v.getUint32(iovs + i * 8, true);
          const len = v.getUint32(iovs + i * 8 + 4, true);
          const n = readSync(hostFd, new Uint8Array(v.buffer, ptr, len));
          total += n;
          if (n < len) break;
        }
      } catch (e) {
        return errno(e);
      }
      view().setUint32(nread, total, true);
      return ESUCCESS;
    },
    random_get: randomGet(mem),
    fd_close(fd: number): number {
      const hostFd = files.get(fd);
      if (hostFd === undefined) return EBADF;
      files.delete(fd);
      closeSync(hostFd);
      return ESUCCESS;
    },
  };

  return {
    getImportObject: () => ({ [WASI_MODULE]: imports }),
    initialize(instance) {
      memory = instance.exports.memory as WebAssembly.Memory;
    },
  };
}
