// One record through the whole path: scan → features → detectors → verdict.
// Shared by the Fluent Bit entry point and the Node batch entry point, so both
// say exactly the same thing about the same record. Setup happens once; a record
// allocates nothing.

import { Event } from "../event/event";
import { Arena, RecordScan, ScanError, scanRecord } from "../event/json-scan";
import { classify } from "../event/event-kind";
import { FeatureState, computeFeatures, stateBytes } from "../features/features";
import { Incident } from "../verdict/incident";
import { continueIncident, fileIncident } from "../verdict/incident-route";
import { evaluatePatternRules } from "../detect/pattern-rules";
import { Threat } from "../../contract/vocabulary.ts";
import { takeNotice } from "../model/model-source";
import { Model, parseModel, parseError } from "../model/model-view";
import { Calibrator } from "../../contract/model-format.ts";
import { clearSetMemo } from "../model/baseline-lookup";
import { RuleResult, evaluateRules } from "../detect/rules";
import { Verdict, calibrate, decide, ensembleRaw, ruleScore } from "../verdict/verdict";
import { rawAutoencoderOf, rawIforestOf } from "../detect/detector-scores";
import { Err } from "../../contract/errors.ts";
import { DEFAULT_IP_CAPACITY, DEFAULT_USER_CAPACITY } from "../../contract/bounds.ts";
import { MAX_STATE_BYTES } from "../../contract/model-format.ts";
import { applyDefaultInput, applyInputConfig, checkInputConfig } from "../event/input-config";
import { Suppression, applyAllowlist } from "../verdict/allowlist";
import { entityKeySet } from "../features/entity-key";
import { seedEntityKey } from "./entity-seed";

export const ev = new Event();
export const scan = new RecordScan();
const arena = new Arena();
const ruleResult = new RuleResult();
export const verdict = new Verdict();
export const incident = new Incident();
/** What the model's allowlist hid on the last record. */
export const suppression = new Suppression();

export let model: Model | null = null;
/** Why the current model is missing (Err.NO_MODEL until one loads). */
export let modelError: Err = Err.NO_MODEL;
export let state = new FeatureState(DEFAULT_USER_CAPACITY, DEFAULT_IP_CAPACITY);

/** Raw detector outputs of the last record, for calibration in training. */
export let rawIforest: f32 = 0;
export let rawAutoencoder: f32 = 0;
/** Mean of the calibrated detector scores: the ensemble's raw value. */
export let rawEnsemble: f32 = 0;

export class Counters {
  records: u64 = 0;
  scored: u64 = 0;
  invalidJson: u64 = 0;
  notObject: u64 = 0;
  empty: u64 = 0;
  unscored: u64 = 0;
  /** Alerts the model's allowlist turned into non-alerts. */
  suppressed: u64 = 0;
}
export const counters = new Counters();

/**
 * Installs the model at [ptr, ptr+len). A bad model, or one over the memory budget, is refused and
 * the previous one stays in service; the new state is allocated before the old one is freed, so a
 * failure can only happen while the old model and state are still whole.
 */
export function installModel(ptr: usize, len: i32): Err {
  const m = parseModel(ptr, len);
  if (m == null) return refuse(parseError);
  if (stateBytes(m.userCapacity, m.ipCapacity) > MAX_STATE_BYTES) {
    m.dispose();
    return refuse(Err.MODEL_OVER_BUDGET);
  }
  const old = model;
  if (state.users.mask + 1 != <u32>m.userCapacity || state.ips.mask + 1 != <u32>m.ipCapacity) {
    const fresh = new FeatureState(m.userCapacity, m.ipCapacity);
    state.dispose();
    state = fresh;
  }
  model = m;
  modelError = Err.NONE;
  // The model says how its records were read; without a FIELD_MAP section, the defaults.
  if (m.inputConfig != 0) applyInputConfig(m.inputConfig, m.inputConfigLen);
  else applyDefaultInput();
  if (old != null) old.dispose();
  return Err.NONE;
}

function refuse(e: Err): Err {
  if (model == null) modelError = e;
  return e;
}

/** Sets the log format and field map (a FIELD_MAP payload) without a model; a model installed later replaces it. */
export function installInput(ptr: usize, len: i32): Err {
  if (len < 0 || !checkInputConfig(ptr, len)) return Err.MODEL_BAD_VALUES;
  applyInputConfig(ptr, len);
  return Err.NONE;
}

/**
 * The batch host's time (epoch ms, NaN = none): the year reference for syslog timestamps without
 * one when a call brings no host time of its own (Node batch calls; the filter always has one).
 */
export let referenceMs: f64 = NaN;

export function setReferenceTime(ms: f64): void {
  referenceMs = ms;
}

/** The year reference without stream state: the host's time, else the batch reference. */
export function hostReference(hostTimeMs: f64): f64 {
  return hostTimeMs > 0 && isFinite(hostTimeMs) ? hostTimeMs : referenceMs;
}

function scanFailure(e: ScanError): Err {
  switch (e) {
    case ScanError.EMPTY:
      counters.empty++;
      return Err.EMPTY_RECORD;
    case ScanError.NOT_OBJECT:
      counters.notObject++;
      return Err.NOT_OBJECT;
    case ScanError.TRAILING_DATA:
      counters.invalidJson++;
      return Err.TRAILING_DATA;
    default:
      counters.invalidJson++;
      return Err.INVALID_JSON;
  }
}

/** Scans one record into `ev` (and `scan`) and classifies it; no state changes. `refMs`: the year reference. */
export function scanEvent(rec: usize, len: i32, refMs: f64 = NaN): Err {
  ev.reset();
  scan.reset();
  arena.reset();
  scanRecord(rec, len, ev, scan, arena, refMs);
  if (!scan.valid) return scanFailure(scan.error);
  classify(ev);
  return Err.NONE;
}

/** How far down the path a record goes; the shorter paths exist to measure the cost of each stage. */
export const enum Stage {
  SCAN = 0,
  FEATURES = 1,
  SCORE = 2,
}

/** Scans and scores one record; the results are in `ev`, `scan`, `state` and `verdict`. */
export function processRecord(rec: usize, len: i32, hostTimeMs: f64, stage: Stage = Stage.SCORE): Err {
  counters.records++;
  verdict.reset();
  incident.reset();
  suppression.reset();
  rawIforest = 0;
  rawAutoencoder = 0;
  rawEnsemble = 0;
  // Year reference: the host's time, else the batch reference, else the stream clock.
  let ref = hostReference(hostTimeMs);
  if (!isFinite(ref)) ref = state.clock.nowMs;
  const scanned = scanEvent(rec, len, ref);
  if (scanned != Err.NONE || stage == Stage.SCAN) return scanned;
  const m = model;
  if (!entityKeySet) seedEntityKey();
  computeFeatures(ev, hostTimeMs, state, m);
  if (stage == Stage.FEATURES) return Err.NONE;
  if (m == null) {
    counters.unscored++;
    return modelError;
  }
  const x = state.normalized;
  rawIforest = rawIforestOf(m, x);
  rawAutoencoder = rawAutoencoderOf(m, x);
  // The rules come before the ensemble, which sums their score with the detectors'.
  if (m.hasRules) {
    evaluateRules(ev, state.raw, state.bytesRef, m, ruleResult);
    evaluatePatternRules(ev, state, ruleResult);
  } else ruleResult.reset();
  if (m.hasCalibration) {
    rawEnsemble = ensembleRaw(calibrate(m, Calibrator.IFOREST, rawIforest), calibrate(m, Calibrator.AUTOENCODER, rawAutoencoder), ruleScore(ruleResult.bestEvidence));
  }
  if (!m.complete) {
    counters.unscored++;
    return Err.MODEL_MISSING_SECTION;
  }
  decide(m, rawIforest, rawAutoencoder, ruleResult, state.raw, verdict);
  verdict.eventBytes = state.eventBytes;
  verdict.usualHours = state.usualHours;
  if (verdict.tentative) continueIncident(state, verdict);
  if (applyAllowlist(m.allowlist, m.allowNames, state.keys, ev.user, ev.sourceIp, verdict, suppression)) counters.suppressed++;
  if (verdict.threat != Threat.NONE) fileIncident(state, verdict, ruleResult, incident);
  counters.scored++;
  return takeNotice();
}

export function resetState(): void {
  state.reset();
  clearSetMemo();
}
