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
  return epochToMs(parseDecimal(ptr, len));
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
