// Live model reload through WASI: model.bin is read from the first preopened
// directory (fd 3: the first of Fluent Bit's Accessible_Paths). Every
// RELOAD_CHECK_MS of event time, or every RELOAD_CHECK_RECORDS records, the file's
// size, inode and modification time are compared with the loaded one; a change
// loads the new file between two records. The trainer renames a complete file
// into place, so a half-written model is never seen; a bad one is refused and the
// old model keeps scoring.
//
// WASI filestat (64 bytes): +0 dev u64, +8 ino u64, +16 filetype u8, +24 nlink u64,
// +32 size u64, +40 atim u64, +48 mtim u64, +56 ctim u64.

import { installModel } from "./pipeline";
import { noticeOnce } from "../model/model-source";
import { Err } from "../../contract/errors.ts";
import { MAX_MODEL_BYTES } from "../../contract/model-format.ts";

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "path_open")
declare function path_open(fd: u32, dirflags: u32, path: usize, pathLen: usize, oflags: u32, rightsBase: u64, rightsInheriting: u64, fdflags: u32, outFd: usize): u32;
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_filestat_get")
declare function fd_filestat_get(fd: u32, buf: usize): u32;
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_read")
declare function fd_read(fd: u32, iovs: usize, iovsLen: usize, nread: usize): u32;
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_close")
declare function fd_close(fd: u32): u32;

// @ts-ignore: decorator
@inline const MODEL_DIR_FD: u32 = 3;
// @ts-ignore: decorator
@inline const RELOAD_CHECK_MS: f64 = 10000;
// @ts-ignore: decorator
@inline const RELOAD_CHECK_RECORDS: i32 = 100000;
// @ts-ignore: decorator
@inline const RIGHT_FD_READ: u64 = 1 << 1;
// @ts-ignore: decorator
@inline const RIGHT_FD_FILESTAT_GET: u64 = 1 << 21;
// @ts-ignore: decorator
@inline const FILESTAT_BYTES: i32 = 64;

const MODEL_NAME = "model.bin";
const nameBytes = String.UTF8.encode(MODEL_NAME);
const filestat = new StaticArray<u8>(FILESTAT_BYTES);
const scratch = new StaticArray<u32>(4); // out fd / iovec (ptr, len) / nread

let lastCheckMs: f64 = -Infinity;
let recordsSinceCheck: i32 = 0;
let loadedSize: u64 = 0;
let loadedIno: u64 = 0;
let loadedMtim: u64 = 0;
/** The file as last seen, loaded or not, so a bad file is reported once, not on every check. */
let seenSize: u64 = 0;
let seenIno: u64 = 0;
let seenMtim: u64 = 0;

function openModel(): i32 {
  const rights = RIGHT_FD_READ | RIGHT_FD_FILESTAT_GET;
  const err = path_open(MODEL_DIR_FD, 0, changetype<usize>(nameBytes), <usize>nameBytes.byteLength, 0, rights, 0, 0, changetype<usize>(scratch));
  return err == 0 ? <i32>unchecked(scratch[0]) : -1;
}

/** Reads the whole open file into a fresh heap block; returns 0 on failure. */
function readAll(fd: u32, size: u64): usize {
  const buf = heap.alloc(<usize>size);
  let done: u64 = 0;
  while (done < size) {
    unchecked((scratch[0] = <u32>(buf + <usize>done)));
    unchecked((scratch[1] = <u32>(size - done)));
    if (fd_read(fd, changetype<usize>(scratch), 1, changetype<usize>(scratch) + 8) != 0) break;
    const n = unchecked(scratch[2]);
    if (n == 0) break;
    done += n;
  }
  if (done == size) return buf;
  heap.free(buf);
  return 0;
}

/** Checks model.bin now; loads it when it differs from the loaded one. */
export function checkModelFile(): void {
  const fd = openModel();
  if (fd < 0) return; // no model file: keep whatever is loaded (embedded or previous)
  const st = changetype<usize>(filestat);
  if (fd_filestat_get(<u32>fd, st) == 0) {
    const ino = load<u64>(st, 8);
    const size = load<u64>(st, 32);
    const mtim = load<u64>(st, 48);
    const unchanged = size == loadedSize && ino == loadedIno && mtim == loadedMtim;
    const alreadyRefused = size == seenSize && ino == seenIno && mtim == seenMtim;
    if (!unchanged && !alreadyRefused) {
      seenSize = size;
      seenIno = ino;
      seenMtim = mtim;
      if (size == 0) noticeOnce(Err.MODEL_TOO_SHORT);
      else if (size > <u64>MAX_MODEL_BYTES) noticeOnce(Err.MODEL_OVER_BUDGET);
      else {
        const buf = readAll(<u32>fd, size);
        if (buf == 0) noticeOnce(Err.MODEL_TOO_SHORT);
        else {
          const err = installModel(buf, <i32>size);
          heap.free(buf);
          if (err == Err.NONE) {
            loadedSize = size;
            loadedIno = ino;
            loadedMtim = mtim;
          } else noticeOnce(err);
        }
      }
    }
  }
  fd_close(<u32>fd);
}

/** The poll installed by index-wasi.ts: cheap unless a check is due. */
export function pollModelFile(hostTimeMs: f64): void {
  recordsSinceCheck++;
  // Also due when the host's clock went backwards: a stepped clock must not postpone checks.
  const elapsed = hostTimeMs - lastCheckMs;
  const due = recordsSinceCheck >= RELOAD_CHECK_RECORDS || !(elapsed < RELOAD_CHECK_MS) || elapsed < 0;
  if (!due) return;
  recordsSinceCheck = 0;
  lastCheckMs = hostTimeMs;
  checkModelFile();
}
