// The reasons of an alert as an analyst reads them: `["ip_failed_logins_10m=28 (threshold 5)",
// "hour 14 UTC, outside this user's usual hours 07-11", ...]`. Values are the
// event's own (byte counts as read, not their f32 feature value); a distinct
// count that reached its set's capacity says ">=" because it stops there.

import { Sink } from "./sink";
import { Verdict } from "../verdict/verdict";
import { Model } from "../model/model-view";
import { F, FEATURE_NAMES, N_FEATURES } from "../features/schema";
import { IP_DISTINCT_SLOTS, USER_DISTINCT_SLOTS } from "../features/features";
import { REASON_ADMIN_SHARE, REASON_AFTER_COMPROMISE, REASON_COMPROMISE, REASON_ROOT_ACCOUNT } from "../detect/pattern-rules";

// @ts-ignore: decorator
@inline const VALUE_DECIMALS: i32 = 2;
// @ts-ignore: decorator
@inline const HOURS_PER_DAY: i32 = 24;
// @ts-ignore: decorator
@inline const TWO_PI: f64 = 6.283185307179586;

function hourFromCircle(sin: f32, cos: f32): i32 {
  const h = <i32>Math.round((Math.atan2(<f64>sin, <f64>cos) * HOURS_PER_DAY) / TWO_PI);
  return h < 0 ? h + HOURS_PER_DAY : h;
}

function twoDigits(out: Sink, n: i32): void {
  out.byte(0x30 + n / 10);
  out.byte(0x30 + n % 10);
}

/** The set hours of a 24-bit mask as runs, `07-11, 20`; runs may wrap past midnight (`22-02`). */
function hourRuns(out: Sink, mask: u32): void {
  let from = 0;
  while (from < HOURS_PER_DAY && ((mask >> <u32>from) & 1) != 0) from++; // start on an unset hour
  let first = true;
  for (let i = 1; i <= HOURS_PER_DAY; i++) {
    const h = (from + i) % HOURS_PER_DAY;
    if (((mask >> <u32>h) & 1) == 0 || ((mask >> <u32>((h + HOURS_PER_DAY - 1) % HOURS_PER_DAY)) & 1) != 0) continue;
    let end = h;
    while (((mask >> <u32>((end + 1) % HOURS_PER_DAY)) & 1) != 0 && (end + 1) % HOURS_PER_DAY != h) end = (end + 1) % HOURS_PER_DAY;
    if (!first) out.ascii(", ");
    first = false;
    twoDigits(out, h);
    if (end != h) {
      out.byte(0x2d);
      twoDigits(out, end);
    }
  }
}

/** Capacity of the distinct set behind a feature, 0 for a feature that is not a distinct count. */
function distinctBound(f: i32): i32 {
  if (f == F.IP_DISTINCT_USERS_10M || f == F.IP_DISTINCT_FAILED_USERS_10M) return IP_DISTINCT_SLOTS;
  if (f >= F.USER_DISTINCT_IPS_1H && f <= F.USER_DISTINCT_FAILED_IPS_10M) return USER_DISTINCT_SLOTS;
  return 0;
}

function featureValue(out: Sink, f: i32, v: Verdict, raw: StaticArray<f32>): void {
  out.ascii(unchecked(FEATURE_NAMES[f]));
  const value: f64 = f == F.EVENT_BYTES ? v.eventBytes : <f64>unchecked(raw[f]);
  const bound = distinctBound(f);
  out.ascii(bound > 0 && value >= <f64>bound ? ">=" : "=");
  out.number(value, VALUE_DECIMALS);
}

function limitText(out: Sink, f: i32, limit: f32, m: Model | null): void {
  if (limit > 0) {
    out.ascii(" (threshold ");
    out.number(<f64>limit, VALUE_DECIMALS);
    out.byte(0x29);
  } else if (limit == 0) {
    out.ascii(" (never in baseline)");
  } else if (m != null && m.hasNormalization) {
    out.ascii(" (baseline p99 ");
    out.number(<f64>load<f32>(m.rawP99 + 4 * <usize>f), VALUE_DECIMALS);
    out.byte(0x29);
  }
}

/** The words of a reason that is not a feature value (pattern-rules.ts). */
function shapeText(out: Sink, f: i32, raw: StaticArray<f32>): void {
  if (f == REASON_COMPROMISE) {
    out.ascii("login success from a source that was guessing passwords");
  } else if (f == REASON_AFTER_COMPROMISE) {
    out.ascii("follows this user's login success after a brute force (same source, or same host within 30 min)");
  } else if (f == REASON_ROOT_ACCOUNT) {
    out.ascii("account with UID 0 (root's privileges)");
  } else if (f == REASON_ADMIN_SHARE) {
    out.ascii("admin share access over the network, ");
    out.number(<f64>unchecked(raw[F.USER_DISTINCT_HOSTS_1H]), 0);
    out.ascii(" host(s) for this user in the hour");
  }
}

/** `["...", ...]` */
export function reasons(out: Sink, v: Verdict, raw: StaticArray<f32>, m: Model | null): void {
  out.byte(0x5b);
  for (let i = 0; i < v.reasonCount; i++) {
    if (i > 0) out.byte(0x2c);
    const f = unchecked(v.reasonFeature[i]);
    const limit = unchecked(v.reasonLimit[i]);
    out.byte(0x22);
    if (f >= N_FEATURES) {
      shapeText(out, f, raw);
    } else if (f == F.HOUR_SIN) {
      // The hour is encoded on a circle for the detectors; people read it as a clock time.
      out.ascii("hour ");
      twoDigits(out, hourFromCircle(unchecked(raw[F.HOUR_SIN]), unchecked(raw[F.HOUR_COS])));
      out.ascii(" UTC");
      if (v.usualHours != 0) {
        out.ascii(", outside this user's usual hours ");
        hourRuns(out, v.usualHours);
      }
    } else {
      featureValue(out, f, v, raw);
      limitText(out, f, limit, m);
    }
    out.byte(0x22);
  }
  out.byte(0x5d);
}
