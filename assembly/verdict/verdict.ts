// From detector outputs to the verdict: calibrated scores, threat type,
// severity and reasons.
//
// Calibration (CALIBRATION section): each calibrator holds three baseline
// reference points of a raw score: low (median), threshold (the 1 - contamination
// quantile) and high (the baseline maximum). It maps
//   raw <= low                -> 0
//   low < raw < threshold     -> 0.5 · (raw - low) / (threshold - low)
//   raw >= threshold          -> 1 - 0.5 · 2^(-(raw - threshold) / (high - threshold))
// so 0.5 is the alert threshold, an event as extreme as the worst baseline event
// scores 0.75, and every further baseline-width into the tail halves the distance to 1.
//
// Ensemble: the sum of the calibrated autoencoder score, the rule score and an
// eighth of the calibrated Isolation Forest score (ensembleRaw), calibrated again
// (threshold at the contamination quantile of the baseline's ensemble values).
// Rules score 0.5 · evidence below 1 and 1 - 0.5 · 2^(-evidence) from 1 on, so
// partial rule evidence raises an event the autoencoder finds unusual, and
// agreement raises the score. The final score is the calibrated ensemble, and at
// least 0.5 when a rule's evidence is >= 1: a firing rule always alerts, while how
// high it ranks is the ensemble's say (a big video call that trips the per-user
// bytes rule but is otherwise ordinary stays a LOW alert).

import { ALERT_SCORE, MAX_REASONS } from "../constants";
import { SEVERITY_COUNT, Threat } from "../../contract/vocabulary.ts";
import { Model } from "../model/model-view";
import { Calibrator, N_SEVERITY_CUTS } from "../../contract/model-format.ts";
import { RuleResult } from "../detect/rules";
import { REASON_COMPROMISE } from "../detect/pattern-rules";
import { keyedOnSource } from "./incident";
import { featureError } from "../detect/autoencoder";
import { F, N_FEATURES } from "../features/schema";
import { gHeldFeatures } from "../features/coverage";

// @ts-ignore: decorator
@inline const EPS: f32 = 1e-6;
/**
 * Partial rule evidence (below 1) names the threat of an ML alert only from this
 * strength on: a second host in an hour is not yet "lateral movement".
 */
// @ts-ignore: decorator
@inline const NAME_MIN_EVIDENCE: f32 = 0.5;
/** Smallest squared reconstruction error of a feature worth naming as a reason. */
// @ts-ignore: decorator
@inline const REASON_MIN_ERROR: f32 = 1;

export class Verdict {
  score: f32 = 0;
  iforest: f32 = 0;
  autoencoder: f32 = 0;
  rules: f32 = 0;
  threat: Threat = Threat.NONE;
  /** The threat is a guess: no rule fired, partial evidence named it (or nothing did: ANOMALY). */
  tentative: bool = false;
  severity: i32 = 0;
  reasonCount: i32 = 0;
  /** Feature behind each reason; its threshold (rules) or -1 (ML: quote the baseline p99). */
  reasonFeature: StaticArray<i32> = new StaticArray<i32>(MAX_REASONS);
  reasonLimit: StaticArray<f32> = new StaticArray<f32>(MAX_REASONS);
  /** What reasons quote besides the raw features (set by the pipeline from the feature state). */
  eventBytes: f64 = 0;
  usualHours: u32 = 0;
  /** The alert is a login success that ended a brute force from its source. */
  compromise: bool = false;

  reset(): void {
    this.score = 0;
    this.iforest = 0;
    this.autoencoder = 0;
    this.rules = 0;
    this.threat = Threat.NONE;
    this.tentative = false;
    this.severity = 0;
    this.reasonCount = 0;
    this.compromise = false;
  }

  addReason(feature: i32, limit: f32): void {
    if (feature == F.HOUR_COS || feature == F.USER_OFF_HOURS) feature = F.HOUR_SIN;
    if (this.reasonCount >= MAX_REASONS || feature < 0) return;
    for (let i = 0; i < this.reasonCount; i++) if (unchecked(this.reasonFeature[i]) == feature) return;
    unchecked((this.reasonFeature[this.reasonCount] = feature));
    unchecked((this.reasonLimit[this.reasonCount] = limit));
    this.reasonCount++;
  }
}

export function calibrate(m: Model, which: Calibrator, raw: f32): f32 {
  const c = m.calibration + 12 * <usize>which;
  const low = load<f32>(c);
  const threshold = max<f32>(load<f32>(c, 4), low + EPS);
  const high = max<f32>(load<f32>(c, 8), threshold + EPS);
  if (!(raw > low)) return 0; // also NaN
  if (raw < threshold) return ALERT_SCORE * (raw - low) / (threshold - low);
  return 1 - ALERT_SCORE * <f32>Math.pow(2, -(<f64>raw - threshold) / (<f64>high - threshold));
}

/**
 * Weight of the calibrated Isolation Forest score in the ensemble. The forest ranks
 * worst of the three (it isolates rare but benign event kinds, such as internet
 * scanners' failed logins, as readily as attacks): on bench/quality.ts (seeds 2024
 * and 7, offline on the detectors' scores) an equal weight cut the ensemble's PR-AUC
 * from 0.97 to 0.96 and its event recall at a 0.25% false-positive budget from 0.95
 * to 0.88; at 0.1 neither moved by more than 0.01. 1/8 is that weight as an exact
 * binary fraction.
 */
// @ts-ignore: decorator
@inline const IFOREST_WEIGHT: f32 = 0.125;

/** The ensemble's raw value from the calibrated detector scores and the rule score. */
export function ensembleRaw(iforest: f32, autoencoder: f32, rules: f32): f32 {
  return autoencoder + rules + IFOREST_WEIGHT * iforest;
}

export function ruleScore(evidence: f32): f32 {
  if (evidence < 1) return ALERT_SCORE * max<f32>(evidence, 0);
  return 1 - ALERT_SCORE * <f32>Math.pow(2, -<f64>evidence);
}

export function decide(m: Model, rawIforest: f32, rawAutoencoder: f32, rules: RuleResult, raw: StaticArray<f32>, v: Verdict): void {
  v.reset();
  v.iforest = calibrate(m, Calibrator.IFOREST, rawIforest);
  v.autoencoder = calibrate(m, Calibrator.AUTOENCODER, rawAutoencoder);
  const evidence = rules.bestEvidence;
  v.rules = ruleScore(evidence);
  const ensemble = calibrate(m, Calibrator.ENSEMBLE, ensembleRaw(v.iforest, v.autoencoder, v.rules));
  const ruleAlert = v.rules >= ALERT_SCORE;
  const ensembleAlert = ensemble >= ALERT_SCORE;
  v.score = ruleAlert ? max<f32>(ensemble, ALERT_SCORE) : ensemble;
  // Partial evidence names an ML alert's threat when it is a cue of its own (a new source, a new
  // host), or a count of the attack's own steps (a failed login towards guessing, another host
  // towards lateral movement); other counts below their threshold (20 file reads against 32) are
  // no sign of their threat. A count below its threshold is never a reason either way.
  const best = rules.best;
  const named = evidence >= NAME_MIN_EVIDENCE && (unchecked(rules.limit[best]) == 0 || keyedOnSource(best) || best == Threat.LATERAL_MOVEMENT);
  if (ruleAlert || (ensembleAlert && named)) v.threat = rules.best;
  else if (ensembleAlert) v.threat = Threat.ANOMALY;
  v.tentative = ensembleAlert && !ruleAlert;
  v.severity = severityOf(m, v.score);
  if (ruleAlert && rules.floor > v.severity) {
    // The shape's own severity (a compromise, a UID 0 account); the score follows, so the bands still read off it.
    v.severity = rules.floor;
    v.score = max<f32>(v.score, load<f32>(m.severityCuts + 4 * <usize>(rules.floor - 1)));
  }
  if (v.threat == Threat.NONE) return;
  // A threshold rule below its threshold explains nothing; an offered cue (limit 0) is itself the reason.
  const limit = unchecked(rules.limit[rules.best]);
  v.compromise = rules.compromise;
  if (rules.compromise) v.addReason(REASON_COMPROMISE, 0);
  if (evidence >= 1 || (evidence > 0 && limit == 0)) v.addReason(unchecked(rules.feature[rules.best]), limit);
  if (ensembleAlert) addModelReasons(m, v, raw);
}

function severityOf(m: Model, score: f32): i32 {
  let s = 0;
  for (let i = 0; i < N_SEVERITY_CUTS; i++) if (score >= load<f32>(m.severityCuts + 4 * i)) s = i + 1;
  return min(s, SEVERITY_COUNT - 1);
}

/**
 * The features the autoencoder reconstructed worst, largest first, among those
 * above their baseline p99 (a feature within its normal range explains nothing).
 * The hour, its sine and cosine and the off-hours flag are one reason.
 */
function addModelReasons(m: Model, v: Verdict, raw: StaticArray<f32>): void {
  let taken: u64 = gHeldFeatures; // a time the baseline never covered explains nothing (coverage.ts)
  const offHours = unchecked(raw[F.USER_OFF_HOURS]) > 0;
  while (v.reasonCount < MAX_REASONS) {
    let best = -1;
    let bestErr = REASON_MIN_ERROR;
    for (let i = 0; i < N_FEATURES; i++) {
      const e = unchecked(featureError[i]);
      // The hour is on a circle: it is unusual when it lies outside the user's usual hours.
      const unusual = i == F.HOUR_SIN || i == F.HOUR_COS || i == F.USER_OFF_HOURS ? offHours : unchecked(raw[i]) > load<f32>(m.rawP99 + 4 * <usize>i);
      if (e > bestErr && unusual && ((taken >> <u64>i) & 1) == 0) {
        bestErr = e;
        best = i;
      }
    }
    if (best < 0) return;
    taken |= <u64>1 << <u64>best;
    v.addReason(best, -1);
  }
}
