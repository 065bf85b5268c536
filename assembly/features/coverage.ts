// A baseline judges only the times it covers. An event in an hour or on a weekday the baseline has
// no events in (a weekend after a weekday-only baseline, a night after a day shift) has time
// features the detectors never saw any value of, and they would call it unusual for that alone.
// So the detectors see such an event's time features held at the nearest covered hour and weekday
// (COVERAGE section), and user_off_hours at 0 in an uncovered hour (no user's hours were learned
// there). The raw values, which reports print, are left as they are; the other features still judge
// the event, so an attack at such a time is found by what it does, not by when.

import { F } from "./schema";
import { Model } from "../model/model-view";
import { HOURS, NIGHT_END_HOUR, SATURDAY, hourAngle } from "./time-of-day";

/** Bit i set: feature i of the last event was held (verdict.ts never names it as a reason). */
// @ts-ignore: decorator
@lazy export let gHeldFeatures: u64 = 0;

// @ts-ignore: decorator
@inline const WEEKDAYS: i32 = 7;

/**
 * Overwrites the transformed (`tr`) and normalised (`z`) time features of an event at `hour`
 * (0–23) on weekday `dow` (Monday = 0) where the model's baseline does not cover them.
 */
export function holdUncovered(m: Model, hour: i32, dow: i32, tr: usize, z: usize): void {
  gHeldFeatures = 0;
  if (!m.partialCoverage) return;
  if (<u32>hour < <u32>HOURS && ((m.coverHours >> <u32>hour) & 1) == 0) {
    const h = nearest(m.coverHours, hour, HOURS, true);
    put(m, tr, z, F.HOUR_SIN, <f32>Math.sin(hourAngle(h)));
    put(m, tr, z, F.HOUR_COS, <f32>Math.cos(hourAngle(h)));
    put(m, tr, z, F.IS_NIGHT, h < NIGHT_END_HOUR ? 1 : 0);
    put(m, tr, z, F.USER_OFF_HOURS, 0);
  }
  if (<u32>dow < <u32>WEEKDAYS && ((m.coverWeekdays >> <u32>dow) & 1) == 0) {
    const d = nearest(m.coverWeekdays, dow, WEEKDAYS, false);
    put(m, tr, z, F.DAY_OF_WEEK, <f32>d / 6);
    put(m, tr, z, F.IS_WEEKEND, d >= SATURDAY ? 1 : 0);
  }
}

// --- internal ---

/**
 * The covered position of `mask` (!= 0) nearest to `at` among 0..n-1, the earlier on a tie: on a
 * circle for the hour (its features are a point on one), along the line for the weekday (its feature
 * is day / 6, so Sunday is far from Monday to the detectors).
 */
function nearest(mask: u32, at: i32, n: i32, circle: bool): i32 {
  for (let d = 1; d < n; d++) {
    const before = circle ? (at - d + n) % n : at - d;
    if (before >= 0 && ((mask >> <u32>before) & 1) != 0) return before;
    const after = circle ? (at + d) % n : at + d;
    if (after < n && ((mask >> <u32>after) & 1) != 0) return after;
  }
  return at;
}

/** A feature without log1p: transformed = raw value, normalised as features.ts does. */
function put(m: Model, tr: usize, z: usize, i: F, v: f32): void {
  gHeldFeatures |= <u64>1 << <u64>i;
  const at = <usize>i << 2; // bounds: i < N_FEATURES
  store<f32>(tr + at, v);
  store<f32>(z + at, m.hasNormalization ? (v - load<f32>(m.mean + at)) * load<f32>(m.invStd + at) : v);
}
