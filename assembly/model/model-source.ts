// Where models come from after start-up. The plain filter has its model embedded
// and never looks again; the WASI build (index-wasi.ts) installs a poll that
// reloads model.bin from disk. A reload that fails keeps the old model scoring
// and reports why on the next record, once.

import { Err } from "../../contract/errors.ts";

export type Poll = (hostTimeMs: f64) => void;

function noPoll(hostTimeMs: f64): void {}

let poll: Poll = noPoll;

export function setModelPoll(p: Poll): void {
  poll = p;
}

export function pollModel(hostTimeMs: f64): void {
  poll(hostTimeMs);
}

/** A model problem to report on the next record only. */
let notice: Err = Err.NONE;

export function noticeOnce(e: Err): void {
  notice = e;
}

export function takeNotice(): Err {
  const e = notice;
  notice = Err.NONE;
  return e;
}
