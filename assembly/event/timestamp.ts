// Timestamps: ISO 8601 / RFC 3339 text and epoch numbers → epoch milliseconds (f64).
//
// Everything here reads raw bytes in [ptr, ptr+len), allocates nothing and never traps.
// NaN means "no usable timestamp"; callers test with isNaN.
//
// Accepted text forms (all fields fixed-width, zero-padded):
//
//   YYYY-MM-DD
//   YYYY-MM-DD{T|t|' '}HH:MM[:SS[{.|,}fraction]][zone]
//   zone = Z | z | ±HH:MM | ±HHMM | ±HH          (absent = UTC)
//
//   epoch number, optionally signed, with fraction and/or exponent ("1700000000", "1700000000.25")
//     |v| < 1e11 → seconds, < 1e14 → milliseconds, < 1e17 → microseconds, else nanoseconds
//   /Date(ms)/ or /Date(ms+hhmm)/     (.NET / PowerShell ConvertTo-Json; the offset is ignored:
//                                     ms is already UTC)
//
// With a reference time (parseTimestampRef), also syslog's BSD form without a year:
//
//   Mmm dd hh:mm:ss[.fraction]        "Jan 22 03:14:05", "Jan  2 03:14:05" (RFC 3164 pads the day
//                                     with a space), month names in any case
//   Mmm dd yyyy hh:mm:ss[.fraction]   the same with a year (taken as it is)
//
//   The year is the one that puts the date closest to the reference without being more than
//   YEARLESS_MAX_AHEAD_MS after it (so "Dec 31 23:59:59" read on Jan 1 is last year's). The time
//   is taken as UTC: RFC 3164 stamps carry no zone.
//
// Ranges: year 1970..9999, month 1..12, day 1..days-in-month (leap years per Gregorian rule),
// hour 0..23, minute 0..59, second 0..60 (a leap second counts as the next minute's :00),
// zone hour 0..23, zone minute 0..59. Epoch values must land in [1970-01-01, 10000-01-01).

// ---- named limits (exported so tests and other modules share them) ----

// @ts-ignore: decorator
@inline export const MIN_YEAR: i32 = 1970;
// @ts-ignore: decorator
@inline export const MAX_YEAR: i32 = 9999;
/** Epoch magnitude below which a number is read as seconds. */
// @ts-ignore: decorator
@inline export const EPOCH_SECONDS_BELOW: f64 = 1e11;
/** ... as milliseconds. */
// @ts-ignore: decorator
@inline export const EPOCH_MILLIS_BELOW: f64 = 1e14;
/** ... as microseconds; anything larger is nanoseconds. */
// @ts-ignore: decorator
@inline export const EPOCH_MICROS_BELOW: f64 = 1e17;
/** 10000-01-01T00:00:00Z in epoch ms: first instant past MAX_YEAR. */
// @ts-ignore: decorator
@inline export const MAX_EPOCH_MS: f64 = 253402300800000.0;
/**
 * How far after its reference a yearless (syslog) timestamp may lie: clock skew between hosts
 * and local-time stamps read as UTC (at most 14 h) stay well inside it.
 */
// @ts-ignore: decorator
@inline export const YEARLESS_MAX_AHEAD_MS: f64 = 3 * 86400000;
/** Years before the reference's searched for a yearless Feb 29 (a leap year lies within 8). */
// @ts-ignore: decorator
@inline const YEARLESS_SEARCH_YEARS: i32 = 8;
/** "Mmm d hh:mm:ss": the shortest BSD timestamp. */
// @ts-ignore: decorator
@inline const BSD_MIN_LEN: i32 = 14;
/** Fraction digits kept after the decimal point of ISO seconds (nanosecond resolution). */
// @ts-ignore: decorator
@inline const MAX_FRACTION_DIGITS: i32 = 9;
/** Significant digits accumulated into the u64 mantissa by parseDecimal (10^19 < 2^64). */
// @ts-ignore: decorator
@inline const MAX_MANTISSA_DIGITS: i32 = 19;
/** Exponents beyond this saturate; the value is then 0 or Infinity anyway. */
// @ts-ignore: decorator
@inline const MAX_EXPONENT: i32 = 400;

// @ts-ignore: decorator
@inline const MS_PER_SECOND: f64 = 1000;
// @ts-ignore: decorator
@inline const MS_PER_MINUTE: f64 = 60000;
// @ts-ignore: decorator
@inline const MS_PER_HOUR: f64 = 3600000;
// @ts-ignore: decorator
@inline const MS_PER_DAY: f64 = 86400000;

// Fixed byte positions in "YYYY-MM-DDTHH:MM:SS".
// @ts-ignore: decorator
@inline const DATE_LEN: i32 = 10; // YYYY-MM-DD
// @ts-ignore: decorator
@inline const HM_LEN: i32 = 16; // ...THH:MM
// @ts-ignore: decorator
@inline const HMS_LEN: i32 = 19; // ...:SS

// @ts-ignore: decorator
@inline const CH_0: u32 = 0x30;
// @ts-ignore: decorator
@inline const CH_PLUS: u32 = 0x2b;
// @ts-ignore: decorator
@inline const CH_MINUS: u32 = 0x2d;
// @ts-ignore: decorator
@inline const CH_DOT: u32 = 0x2e;
// @ts-ignore: decorator
@inline const CH_COMMA: u32 = 0x2c;
// @ts-ignore: decorator
@inline const CH_COLON: u32 = 0x3a;
// @ts-ignore: decorator
@inline const CH_SLASH: u32 = 0x2f;
/** "/Dat" little-endian, the start of "/Date(": */
// @ts-ignore: decorator
@inline const WORD_SLASH_DAT: u32 = 0x7461442f;
/** "/Date(0)/" */
// @ts-ignore: decorator
@inline const DOTNET_MIN_LEN: i32 = 9;
// @ts-ignore: decorator
@inline const CH_SPACE: u32 = 0x20;
// @ts-ignore: decorator
@inline const CH_T_UPPER: u32 = 0x54;
// @ts-ignore: decorator
@inline const CH_T_LOWER: u32 = 0x74;
// @ts-ignore: decorator
@inline const CH_Z_UPPER: u32 = 0x5a;
// @ts-ignore: decorator
@inline const CH_Z_LOWER: u32 = 0x7a;
// @ts-ignore: decorator
@inline const CH_E_UPPER: u32 = 0x45;
// @ts-ignore: decorator
@inline const CH_E_LOWER: u32 = 0x65;

/** Exact powers of ten representable in f64: 23 * 8 = 184 bytes. */
// @ts-ignore: decorator
@lazy const POW10 = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);
// @ts-ignore: decorator
@inline const POW10_EXACT_MAX: i32 = 22;

/** Days in each month of a non-leap year: 12 bytes. */
// @ts-ignore: decorator
@lazy const DAYS_IN_MONTH = memory.data<u8>([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);

// ---- public API ----

/**
 * Parses an ISO 8601 / RFC 3339 timestamp or an epoch number written as text.
 * Returns epoch milliseconds (fractional below 1 ms is kept), NaN when the text is unusable.
 */
export function parseTimestamp(ptr: usize, len: i32): f64 {
  if (len <= 0) return NaN;
  // An ISO date has '-' after four year digits; everything else is tried as an epoch number.
  if (len >= DATE_LEN && load<u8>(ptr, 4) == CH_MINUS) return parseIso(ptr, len); // bounds: len >= 10 > 4
  if (<u32>load<u8>(ptr) == CH_SLASH) return parseDotNetDate(ptr, len); // bounds: len > 0
  return epochToMs(parseDecimal(ptr, len));
}

/**
 * parseTimestamp, and when that fails a BSD syslog timestamp, whose missing year comes from
 * `refMs` (NaN: no reference, so a yearless stamp is unusable).
 */
export function parseTimestampRef(ptr: usize, len: i32, refMs: f64): f64 {
  const v = parseTimestamp(ptr, len);
  if (!isNaN(v) || len < BSD_MIN_LEN) return v;
  return bsdLength(ptr, len) == len ? parseBsd(ptr, len, refMs) : NaN;
}

/**
 * Length of the BSD timestamp ("Mmm dd hh:mm:ss[.frac]" or "Mmm dd yyyy hh:mm:ss[.frac]") at the
 * start of [ptr, ptr+len), or 0 when there is none.
 */
export function bsdLength(ptr: usize, len: i32): i32 {
  if (len < BSD_MIN_LEN || monthOf(ptr) == 0) return 0;
  // bounds: len >= 14 for every fixed position below
  if (<u32>load<u8>(ptr, 3) != CH_SPACE) return 0;
  const d0 = <u32>load<u8>(ptr, 4);
  const d1 = <u32>load<u8>(ptr, 5);
  let p: i32;
  if ((d0 == CH_SPACE || d0 - CH_0 <= 9) && d1 - CH_0 <= 9) p = 6; // "dd" or " d"
  else if (d0 - CH_0 <= 9 && d1 == CH_SPACE) p = 5; // "d"
  else return 0;
  if (p >= len || <u32>load<u8>(ptr + <usize>p) != CH_SPACE) return 0; // bounds: p < len
  p++;
  // optional year
  if (p + 5 <= len && isDigits(ptr + <usize>p, 4) && <u32>load<u8>(ptr + <usize>p, 4) == CH_SPACE) p += 5; // bounds: p + 5 <= len
  if (p + 8 > len) return 0;
  const t = ptr + <usize>p; // bounds: p + 8 <= len
  if (!isDigits(t, 2) || !isDigits(t + 3, 2) || !isDigits(t + 6, 2)) return 0;
  if (<u32>load<u8>(t, 2) != CH_COLON || <u32>load<u8>(t, 5) != CH_COLON) return 0;
  p += 8;
  if (p + 1 < len && <u32>load<u8>(ptr + <usize>p) == CH_DOT && <u32>load<u8>(ptr + <usize>p, 1) - CH_0 <= 9) { // bounds: p + 1 < len
    p++;
    while (p < len && <u32>load<u8>(ptr + <usize>p) - CH_0 <= 9) p++; // bounds: p < len
  }
  return p;
}

/** Parses a BSD timestamp of exactly bsdLength(ptr, len) == len bytes; NaN when out of range or yearless without a reference. */
export function parseBsd(ptr: usize, len: i32, refMs: f64): f64 {
  const month = monthOf(ptr);
  const d0 = <u32>load<u8>(ptr, 4); // bounds: callers pass a bsdLength span (>= 14 bytes)
  let day: i32;
  let p: i32;
  if (<u32>load<u8>(ptr, 5) == CH_SPACE) {
    day = <i32>(d0 - CH_0);
    p = 6;
  } else {
    day = (d0 == CH_SPACE ? 0 : <i32>(d0 - CH_0) * 10) + <i32>(<u32>load<u8>(ptr, 5) - CH_0);
    p = 7;
  }
  let year = -1;
  if (<u32>load<u8>(ptr + <usize>p, 4) == CH_SPACE) { // bounds: the year form is 5 bytes longer
    year = digits2(ptr, p) * 100 + digits2(ptr, p + 2);
    p += 5;
  }
  const hour = digits2(ptr, p);
  const minute = digits2(ptr, p + 3);
  const second = digits2(ptr, p + 6);
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return NaN;
  let msOfDay = <f64>hour * MS_PER_HOUR + <f64>minute * MS_PER_MINUTE + <f64>second * MS_PER_SECOND;
  p += 8;
  if (p < len) msOfDay += fractionMs(ptr + <usize>(p + 1), len - p - 1); // bounds: p < len is '.'
  if (year >= 0) {
    if (year < MIN_YEAR || year > MAX_YEAR || day > daysInMonth(year, month)) return NaN;
    return <f64>daysFromCivil(year, month, day) * MS_PER_DAY + msOfDay;
  }
  return resolveYear(month, day, msOfDay, refMs);
}

/**
 * The epoch ms of month/day + msOfDay in the year that puts it closest to refMs without being
 * more than YEARLESS_MAX_AHEAD_MS after it; NaN without a reference in [1970, 10000).
 */
export function resolveYear(month: i32, day: i32, msOfDay: f64, refMs: f64): f64 {
  if (!(refMs >= 0 && refMs < MAX_EPOCH_MS)) return NaN; // also NaN and ±Infinity
  const refYear = yearOf(refMs);
  for (let y = refYear + 1; y >= refYear - YEARLESS_SEARCH_YEARS; y--) {
    if (y < MIN_YEAR || y > MAX_YEAR || day > daysInMonth(y, month)) continue;
    const t = <f64>daysFromCivil(y, month, day) * MS_PER_DAY + msOfDay;
    if (t <= refMs + YEARLESS_MAX_AHEAD_MS) return t;
  }
  return NaN;
}

/** Proleptic Gregorian year of an epoch ms (Hinnant, civil_from_days). */
export function yearOf(ms: f64): i32 {
  const z = <i32>Math.floor(ms / MS_PER_DAY) + 719468;
  const era = (z >= 0 ? z : z - 146096) / 146097;
  const doe = z - era * 146097; // [0, 146096]
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; // [0, 399]
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
  const mp = (5 * doy + 2) / 153; // [0, 11], March = 0
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

/** Epoch number (s, ms, µs or ns by magnitude) → epoch ms; NaN when not finite or outside 1970..9999. */
export function epochToMs(v: f64): f64 {
  if (!isFinite(v)) return NaN;
  const a = Math.abs(v);
  let ms: f64;
  if (a < EPOCH_SECONDS_BELOW) ms = v * MS_PER_SECOND;
  else if (a < EPOCH_MILLIS_BELOW) ms = v;
  else if (a < EPOCH_MICROS_BELOW) ms = v / 1e3;
  else ms = v / 1e6;
  if (!(ms >= 0 && ms < MAX_EPOCH_MS)) return NaN;
  return ms;
}

/**
 * Parses a decimal number: optional sign, digits, optional fraction, optional exponent
 * (JSON number syntax, except that leading zeros and a leading '+' are tolerated).
 * Returns NaN for anything else, including an empty string and trailing bytes.
 */
export function parseDecimal(ptr: usize, len: i32): f64 {
  let p: i32 = 0;
  if (len <= 0) return NaN;
  let neg = false;
  let c = <u32>load<u8>(ptr); // bounds: len > 0
  if (c == CH_MINUS || c == CH_PLUS) {
    neg = c == CH_MINUS;
    p = 1;
  }
  let mant: u64 = 0;
  let sig: i32 = 0; // significant digits taken into mant
  let exp: i32 = 0; // decimal exponent applied to mant
  let digits: i32 = 0;
  while (p < len) {
    const d = <u32>load<u8>(ptr + <usize>p) - CH_0; // bounds: p < len
    if (d > 9) break;
    if (sig < MAX_MANTISSA_DIGITS) {
      if (mant != 0 || d != 0) {
        mant = mant * 10 + <u64>d;
        sig++;
      }
    } else {
      exp++; // digit dropped from an over-long integer part
    }
    digits++;
    p++;
  }
  if (p < len && <u32>load<u8>(ptr + <usize>p) == CH_DOT) { // bounds: p < len
    p++;
    let frac: i32 = 0;
    while (p < len) {
      const d = <u32>load<u8>(ptr + <usize>p) - CH_0; // bounds: p < len
      if (d > 9) break;
      if (sig < MAX_MANTISSA_DIGITS) {
        if (mant != 0 || d != 0) {
          mant = mant * 10 + <u64>d;
          sig++;
        }
        exp--;
      }
      frac++;
      p++;
    }
    if (frac == 0) return NaN;
    digits += frac;
  }
  if (digits == 0) return NaN;
  if (p < len) {
    c = <u32>load<u8>(ptr + <usize>p); // bounds: p < len
    if (c != CH_E_LOWER && c != CH_E_UPPER) return NaN;
    p++;
    let eneg = false;
    if (p < len) {
      c = <u32>load<u8>(ptr + <usize>p); // bounds: p < len
      if (c == CH_MINUS || c == CH_PLUS) {
        eneg = c == CH_MINUS;
        p++;
      }
    }
    let e: i32 = 0;
    let edigits: i32 = 0;
    while (p < len) {
      const d = <u32>load<u8>(ptr + <usize>p) - CH_0; // bounds: p < len
      if (d > 9) return NaN;
      if (e < MAX_EXPONENT) e = e * 10 + <i32>d;
      edigits++;
      p++;
    }
    if (edigits == 0) return NaN;
    exp += eneg ? -e : e;
  }
  let v = scaleByPow10(<f64>mant, exp);
  return neg ? -v : v;
}

/**
 * Days since 1970-01-01 for a proleptic Gregorian date.
 * Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil
 * (https://howardhinnant.github.io/date_algorithms.html#days_from_civil).
 */
export function daysFromCivil(y: i32, m: i32, d: i32): i32 {
  y -= m <= 2 ? 1 : 0;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yoe = y - era * 400; // [0, 399]
  const doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; // [0, 365]
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
  return era * 146097 + doe - 719468;
}

/** Days in month m (1..12) of year y, Gregorian leap rule. */
export function daysInMonth(y: i32, m: i32): i32 {
  if (m == 2 && isLeapYear(y)) return 29;
  return <i32>load<u8>(DAYS_IN_MONTH + <usize>(m - 1)); // bounds: callers pass m in 1..12
}

// @ts-ignore: decorator
@inline export function isLeapYear(y: i32): bool {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// --- internal ---

/** Month 1..12 of a three-letter English month name at ptr (any case), else 0. Caller guarantees 3 bytes. */
function monthOf(ptr: usize): i32 {
  // Lower-cased letters packed as c0 | c1 << 8 | c2 << 16.
  const w = (<u32>load<u8>(ptr) | (<u32>load<u8>(ptr, 1) << 8) | (<u32>load<u8>(ptr, 2) << 16)) | 0x202020; // bounds: caller
  switch (w) {
    case 0x6e616a: return 1; // jan
    case 0x626566: return 2; // feb
    case 0x72616d: return 3; // mar
    case 0x727061: return 4; // apr
    case 0x79616d: return 5; // may
    case 0x6e756a: return 6; // jun
    case 0x6c756a: return 7; // jul
    case 0x677561: return 8; // aug
    case 0x706573: return 9; // sep
    case 0x74636f: return 10; // oct
    case 0x766f6e: return 11; // nov
    case 0x636564: return 12; // dec
  }
  return 0;
}

function isDigits(ptr: usize, n: i32): bool {
  for (let i = 0; i < n; i++) if (<u32>load<u8>(ptr + <usize>i) - CH_0 > 9) return false; // bounds: caller
  return true;
}

/** Milliseconds of the fraction digits [ptr, ptr+n) (".123" → 123), nanosecond resolution. */
function fractionMs(ptr: usize, n: i32): f64 {
  let frac: u32 = 0;
  let scale: f64 = 1;
  for (let i = 0; i < n && i < MAX_FRACTION_DIGITS; i++) {
    frac = frac * 10 + (<u32>load<u8>(ptr + <usize>i) - CH_0); // bounds: i < n
    scale *= 10;
  }
  return (<f64>frac / scale) * MS_PER_SECOND;
}

/** "/Date(1705893245123)/" or "/Date(1705893245123+0100)/" → epoch ms (the offset does not shift ms). */
function parseDotNetDate(ptr: usize, len: i32): f64 {
  // bounds: every load below is behind a length check
  if (len < DOTNET_MIN_LEN || load<u32>(ptr) != WORD_SLASH_DAT || <u32>load<u8>(ptr, 4) != 0x65 || <u32>load<u8>(ptr, 5) != 0x28) return NaN;
  if (<u32>load<u8>(ptr + <usize>(len - 1)) != CH_SLASH || <u32>load<u8>(ptr + <usize>(len - 2)) != 0x29) return NaN;
  let stop = 6;
  if (stop < len && <u32>load<u8>(ptr + <usize>stop) == CH_MINUS) stop++;
  while (stop < len - 2 && <u32>load<u8>(ptr + <usize>stop) - CH_0 <= 9) stop++;
  const v = parseDecimal(ptr + 6, stop - 6);
  if (!(v >= 0 && v < MAX_EPOCH_MS)) return NaN;
  return v;
}

/** Two ASCII digits at ptr+at as 0..99, or -1. Caller guarantees at+2 <= len. */
// @ts-ignore: decorator
@inline function digits2(ptr: usize, at: i32): i32 {
  const a = <u32>load<u8>(ptr + <usize>at) - CH_0; // bounds: caller checked at + 2 <= len
  const b = <u32>load<u8>(ptr + <usize>at, 1) - CH_0;
  if (a > 9 || b > 9) return -1;
  return <i32>(a * 10 + b);
}

function scaleByPow10(m: f64, e: i32): f64 {
  if (m == 0) return 0;
  if (e == 0) return m;
  if (e > 0) {
    if (e <= POW10_EXACT_MAX) return m * load<f64>(POW10 + (<usize>e << 3)); // bounds: e in 1..22
    return m * Math.pow(10, <f64>e);
  }
  const ne = -e;
  if (ne <= POW10_EXACT_MAX) return m / load<f64>(POW10 + (<usize>ne << 3)); // bounds: ne in 1..22
  return m / Math.pow(10, <f64>ne);
}

function parseIso(ptr: usize, len: i32): f64 {
  // YYYY-MM-DD; len >= DATE_LEN checked by the caller.
  const yHi = digits2(ptr, 0);
  const yLo = digits2(ptr, 2);
  if (yHi < 0 || yLo < 0) return NaN;
  const year = yHi * 100 + yLo;
  // bounds: len >= 10
  if (<u32>load<u8>(ptr, 4) != CH_MINUS || <u32>load<u8>(ptr, 7) != CH_MINUS) return NaN;
  const month = digits2(ptr, 5);
  const day = digits2(ptr, 8);
  if (year < MIN_YEAR || year > MAX_YEAR) return NaN;
  if (month < 1 || month > 12) return NaN;
  if (day < 1 || day > daysInMonth(year, month)) return NaN;
  let ms = <f64>daysFromCivil(year, month, day) * MS_PER_DAY;
  if (len == DATE_LEN) return ms;

  // Time part: separator, HH:MM.
  const sep = <u32>load<u8>(ptr, DATE_LEN); // bounds: len > 10
  if (sep != CH_T_UPPER && sep != CH_T_LOWER && sep != CH_SPACE) return NaN;
  if (len < HM_LEN) return NaN;
  const hour = digits2(ptr, 11);
  if (<u32>load<u8>(ptr, 13) != CH_COLON) return NaN; // bounds: len >= 16
  const minute = digits2(ptr, 14);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  ms += <f64>hour * MS_PER_HOUR + <f64>minute * MS_PER_MINUTE;
  let p = HM_LEN;

  // Optional :SS[.fraction]
  if (p < len && <u32>load<u8>(ptr + <usize>p) == CH_COLON) { // bounds: p < len
    if (len < HMS_LEN) return NaN;
    const second = digits2(ptr, 17);
    if (second < 0 || second > 60) return NaN;
    ms += <f64>second * MS_PER_SECOND;
    p = HMS_LEN;
    if (p < len) {
      const c = <u32>load<u8>(ptr + <usize>p); // bounds: p < len
      if (c == CH_DOT || c == CH_COMMA) {
        p++;
        let frac: u32 = 0;
        let scale: f64 = 1;
        let n: i32 = 0;
        while (p < len) {
          const d = <u32>load<u8>(ptr + <usize>p) - CH_0; // bounds: p < len
          if (d > 9) break;
          if (n < MAX_FRACTION_DIGITS) {
            frac = frac * 10 + d;
            scale *= 10;
          }
          n++;
          p++;
        }
        if (n == 0) return NaN;
        ms += (<f64>frac / scale) * MS_PER_SECOND;
      }
    }
  }

  // Zone.
  if (p == len) return ms;
  const z = <u32>load<u8>(ptr + <usize>p); // bounds: p < len
  if (z == CH_Z_UPPER || z == CH_Z_LOWER) return p + 1 == len ? ms : NaN;
  if (z != CH_PLUS && z != CH_MINUS) return NaN;
  p++;
  if (p + 2 > len) return NaN;
  const zh = digits2(ptr, p);
  if (zh < 0 || zh > 23) return NaN;
  p += 2;
  let zm: i32 = 0;
  if (p < len) {
    if (<u32>load<u8>(ptr + <usize>p) == CH_COLON) p++; // bounds: p < len
    if (p + 2 != len) return NaN;
    zm = digits2(ptr, p);
    if (zm < 0 || zm > 59) return NaN;
  }
  const offset = <f64>zh * MS_PER_HOUR + <f64>zm * MS_PER_MINUTE;
  // Local time = UTC + offset, so UTC = local - offset.
  return z == CH_PLUS ? ms - offset : ms + offset;
}
