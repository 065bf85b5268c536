// The module's exports: the Fluent Bit filter entry point, the allocator
// Fluent Bit copies records in with, and the byte ABI the Node hosts (CLI,
// trainer, sidecar) use to process many records per call.

import { EMBED_MAGIC, EMBED_PREFIX, EMBED_REGION_END, EMBED_REGION_START, MAX_MODEL_BYTES, MODEL_MAJOR, MODEL_MINOR } from "../contract/model-format.ts";
import { SEVERITY_NAMES, THREAT_NAMES } from "../contract/vocabulary.ts";
import { Err, ERROR_MESSAGES, ERROR_CODES } from "../contract/errors.ts";
import { EVENT_ROW_BYTES, EventRow, Output } from "../contract/batch-abi.ts";
import { Sink } from "./output/sink";
import { pollModel } from "./model/model-source";
import { emitEnriched, emitReportLine } from "./output/emit";
import { EntityKeys, entityKeys, hourOfDay } from "./features/features";
import {
  counters, ev, hostReference, installInput, installModel, model, modelError, processRecord, rawAutoencoder, rawEnsemble,
  rawIforest, resetState, scan, scanEvent, setReferenceTime, state, suppression, verdict, incident, Stage,
} from "./abi/pipeline";
export { score_rows } from "./abi/score-rows";
import { entityKeySet, setEntityKey } from "./features/entity-key";
import { entityKeyRandom } from "./abi/entity-seed";
import { BASELINE_SET_NAMES, FEATURE_LOG1P, FEATURE_NAMES, N_FEATURES, N_RULE_PARAMS, RULE_PARAM_NAMES, schemaHash } from "./features/schema";

// --- allocator: Fluent Bit's WAMR copies the tag and record in through these ---

export function malloc(size: usize): usize {
  return heap.alloc(size);
}

export function free(ptr: usize): void {
  heap.free(ptr);
}

// --- embedded model ---

let embeddedChecked = false;

/** build-filter writes [magic, length, model bytes] at EMBED_REGION_START; load it on first use. */
function loadEmbeddedModel(): void {
  embeddedChecked = true;
  if (load<u32>(EMBED_REGION_START) != EMBED_MAGIC) return;
  const len = load<u32>(EMBED_REGION_START, 4);
  if (<usize>len > EMBED_REGION_END - EMBED_REGION_START - EMBED_PREFIX) return;
  installModel(EMBED_REGION_START + EMBED_PREFIX, <i32>len);
}

// @ts-ignore: decorator
@inline function ready(): void {
  if (!embeddedChecked) loadEmbeddedModel();
}

export function embed_region_start(): usize {
  return EMBED_REGION_START;
}

export function embed_region_end(): usize {
  return EMBED_REGION_END;
}

// --- Fluent Bit `wasm` filter: one record per call, NUL-terminated JSON object out ---

const recordOut = new Sink();

export function log_anomaly_filter(tagPtr: usize, tagLen: i32, timeSec: u32, timeNsec: u32, recordPtr: usize, recordLen: i32): usize {
  ready();
  const hostTimeMs = <f64>timeSec * 1000 + <f64>timeNsec / 1e6;
  pollModel(hostTimeMs);
  const len = max(recordLen, 0);
  const err = processRecord(recordPtr, len, hostTimeMs);
  recordOut.reset();
  emitEnriched(recordOut, recordPtr, len, scan, verdict, incident, suppression, state.raw, model, err);
  recordOut.byte(0);
  return recordOut.base;
}

// --- Node batch ABI (docs/host-abi.md): NDJSON in, several outputs selected by `mode` ---
// The modes and the row layouts are contract/batch-abi.ts; the rows below are written field by
// field in its order.

const enrichedOut = new Sink();
const reportOut = new Sink();
const rowsOut = new Sink();
const keys = new EntityKeys();

function sinkFor(which: i32): Sink {
  if (which == Output.REPORT) return reportOut;
  if (which == Output.ENRICHED) return enrichedOut;
  return rowsOut;
}

export function batch_output(which: i32): usize {
  return sinkFor(which).base;
}

export function batch_output_length(which: i32): i32 {
  return sinkFor(which).pos;
}

function eventRow(err: Err): void {
  const valid = err == Err.NONE;
  if (valid) entityKeys(ev, keys);
  rowsOut.f64(valid ? ev.timeMs : NaN);
  rowsOut.f32(valid ? <f32>ev.bytes : 0);
  rowsOut.u32(valid ? keys.user : 0);
  rowsOut.u32(valid ? keys.ip : 0);
  rowsOut.u32(valid ? keys.userIp : 0);
  rowsOut.u32(valid ? keys.userHost : 0);
  rowsOut.u32(valid ? keys.userKind : 0);
  rowsOut.byte(valid ? <i32>ev.kind : 0);
  rowsOut.byte(valid ? <i32>ev.outcome : 0);
  rowsOut.byte(valid && isFinite(ev.timeMs) ? hourOfDay(ev.timeMs) : 0);
  rowsOut.byte(valid ? 1 : 0);
  for (let i = <i32>EventRow.PAD; i < EVENT_ROW_BYTES; i++) rowsOut.byte(0);
}

function featureRow(err: Err): void {
  rowsOut.f32(err == Err.NONE || err == Err.MODEL_MISSING_SECTION || err == Err.NO_MODEL ? (scan.valid ? 1 : 0) : 0);
  rowsOut.f32(rawIforest);
  rowsOut.f32(rawAutoencoder);
  rowsOut.f32(rawEnsemble);
  rowsOut.f32(verdict.score);
  const raw = state.raw;
  const tr = state.transformed;
  for (let i = 0; i < N_FEATURES; i++) rowsOut.f32(scan.valid ? unchecked(raw[i]) : 0);
  for (let i = 0; i < N_FEATURES; i++) rowsOut.f32(scan.valid ? unchecked(tr[i]) : 0);
}

/** The first newline in [p, end), or end. */
function lineEnd(p: usize, end: usize): usize {
  // Eight bytes a step: one of them is '\n' when x ^ 0x0a.. has a zero byte, which the borrow
  // test below detects (it may miss which byte, so the last stretch goes byte by byte).
  while (p + 8 <= end) {
    const x = load<u64>(p) ^ 0x0a0a0a0a0a0a0a0a; // bounds: p + 8 <= end
    if (((x - 0x0101010101010101) & ~x & 0x8080808080808080) != 0) break;
    p += 8;
  }
  while (p < end && load<u8>(p) != 0x0a) p++; // bounds: p < end
  return p;
}

/** Processes the newline-separated records at [ptr, ptr+len); blank lines are not records. Returns how many were processed. */
export function batch(ptr: usize, len: i32, hostTimeMs: f64, mode: i32): i32 {
  ready();
  enrichedOut.reset();
  reportOut.reset();
  rowsOut.reset();
  const end = ptr + <usize>max(len, 0);
  let start = ptr;
  let n = 0;
  while (start < end) {
    const stop = lineEnd(start, end);
    let last = stop;
    if (last > start && load<u8>(last - 1) == 0x0d) last--; // bounds: last - 1 >= start
    let blank = true;
    for (let p = start; p < last; p++) {
      const c = load<u8>(p); // bounds: p < last
      if (c != 0x20 && c != 0x09) {
        blank = false;
        break;
      }
    }
    if (!blank) {
      const recLen = <i32>(last - start);
      if (mode & Output.EVENTS) {
        eventRow(scanEvent(start, recLen, hostReference(hostTimeMs)));
      } else {
        const stage = mode & Output.STOP_AFTER_SCAN ? Stage.SCAN : mode & Output.STOP_AFTER_FEATURES ? Stage.FEATURES : Stage.SCORE;
        const err = processRecord(start, recLen, hostTimeMs, stage);
        if (mode & Output.ENRICHED) {
          emitEnriched(enrichedOut, start, recLen, scan, verdict, incident, suppression, state.raw, model, err);
          enrichedOut.byte(0x0a);
        }
        if (mode & Output.REPORT) {
          emitReportLine(reportOut, ev, verdict, incident, suppression, state.raw, model, err);
          reportOut.byte(0x0a);
        }
        if (mode & Output.FEATURES) featureRow(err);
      }
      n++;
    }
    start = stop + 1;
  }
  return n;
}

// --- model and state control ---

/** Installs a model copied into module memory; returns 0 or an error code (see error_message). */
export function load_model(ptr: usize, len: i32): i32 {
  embeddedChecked = true;
  return <i32>installModel(ptr, len);
}

/** Longest model load_model takes (MAX_MODEL_BYTES): a host checks it before copying a file in. */
export function max_model_bytes(): u32 {
  return MAX_MODEL_BYTES;
}

/** Tests and benchmarks only: a fixed entity-table secret, so runs under eviction pressure repeat. Hosts never call it. */
export function set_entity_key(k0: u32, k1: u32): void {
  setEntityKey(k0, k1);
}

export function reset_state(): void {
  resetState();
}

/** Sets the log format and field map (a FIELD_MAP payload, docs/model-format.md) until a model is installed; 0 or an error code. */
export function set_input(ptr: usize, len: i32): i32 {
  return <i32>installInput(ptr, len);
}

/** The batch host's time (epoch ms; NaN = none): the year of syslog timestamps without one, when `batch` gets no host time. */
export function set_reference_time(ms: f64): void {
  setReferenceTime(ms);
}

const infoOut = new Sink(4096);

function finishInfo(): usize {
  infoOut.byte(0);
  return infoOut.base;
}

/** Length (without the NUL) of the text the last *_json or error_message call returned. */
export function info_length(): i32 {
  return infoOut.pos - 1;
}

export function error_message(code: i32): usize {
  infoOut.reset();
  if (code < 0 || code >= Err.COUNT) code = Err.INVALID_JSON;
  infoOut.ascii(unchecked(ERROR_MESSAGES[code]));
  return finishInfo();
}

function stringArray(names: StaticArray<string>): void {
  infoOut.byte(0x5b);
  for (let i = 0; i < names.length; i++) {
    if (i > 0) infoOut.byte(0x2c);
    infoOut.byte(0x22);
    infoOut.ascii(unchecked(names[i]));
    infoOut.byte(0x22);
  }
  infoOut.byte(0x5d);
}

/** The feature schema the trainer must fit and write models for. */
export function schema_json(): usize {
  infoOut.reset();
  infoOut.ascii('{"format_major":');
  infoOut.number(MODEL_MAJOR, 0);
  infoOut.ascii(',"format_minor":');
  infoOut.number(MODEL_MINOR, 0);
  infoOut.ascii(',"schema_hash":');
  infoOut.number(<f64>schemaHash(), 0);
  infoOut.ascii(',"features":');
  stringArray(FEATURE_NAMES);
  infoOut.ascii(',"log1p":[');
  for (let i = 0; i < N_FEATURES; i++) {
    if (i > 0) infoOut.byte(0x2c);
    infoOut.byte(48 + <i32>unchecked(FEATURE_LOG1P[i]));
  }
  infoOut.ascii('],"rule_params":');
  stringArray(RULE_PARAM_NAMES);
  infoOut.ascii(',"baseline_sets":');
  stringArray(BASELINE_SET_NAMES);
  infoOut.ascii(',"threat_types":');
  stringArray(THREAT_NAMES);
  infoOut.ascii(',"severities":');
  stringArray(SEVERITY_NAMES);
  infoOut.ascii(',"error_codes":');
  stringArray(ERROR_CODES);
  infoOut.ascii(',"n_rule_params":');
  infoOut.number(N_RULE_PARAMS, 0);
  infoOut.byte(0x7d);
  return finishInfo();
}

/** What the filter has seen: records, scored, failures by kind, state pressure. */
export function stats_json(): usize {
  infoOut.reset();
  infoOut.ascii('{"records":');
  infoOut.number(<f64>counters.records, 0);
  infoOut.ascii(',"scored":');
  infoOut.number(<f64>counters.scored, 0);
  infoOut.ascii(',"invalid_json":');
  infoOut.number(<f64>counters.invalidJson, 0);
  infoOut.ascii(',"not_object":');
  infoOut.number(<f64>counters.notObject, 0);
  infoOut.ascii(',"empty":');
  infoOut.number(<f64>counters.empty, 0);
  infoOut.ascii(',"unscored":');
  infoOut.number(<f64>counters.unscored, 0);
  infoOut.ascii(',"suppressed":');
  infoOut.number(<f64>counters.suppressed, 0);
  infoOut.ascii(',"user_evictions":');
  infoOut.number(<f64>state.users.evictions, 0);
  infoOut.ascii(',"ip_evictions":');
  infoOut.number(<f64>state.ips.evictions, 0);
  infoOut.ascii(',"user_evidence_evictions":');
  infoOut.number(<f64>state.users.evidenceEvictions, 0);
  infoOut.ascii(',"ip_evidence_evictions":');
  infoOut.number(<f64>state.ips.evidenceEvictions, 0);
  infoOut.ascii(',"entity_key":"');
  infoOut.ascii(entityKeyRandom ? "random" : entityKeySet ? "fixed" : "unset");
  infoOut.byte(0x22);
  infoOut.ascii(',"distrusted_timestamps":');
  infoOut.number(<f64>state.clock.distrusted, 0);
  infoOut.ascii(',"model_error":"');
  infoOut.ascii(unchecked(ERROR_CODES[modelError]));
  infoOut.ascii('"}');
  return finishInfo();
}
