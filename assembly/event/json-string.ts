// JSON strings at the byte level: finding the end of a string (validating its escapes) and
// decoding its body to UTF-8. Raw addresses only, no allocation, never traps: every load sits
// behind a length check (`// bounds:`).
//
//   scanString(base, end, p)             p just past '"' → offset of the closing '"' (or an error);
//                                        sets gEscaped
//   decodeString(base, start, stop, dst, limit)
//                                        validated body → UTF-8 in dst, at most `limit` bytes,
//                                        cut at a code point boundary (gTruncated)
//   copyCapped(src, n, dst, limit)       raw copy, cut at a UTF-8 boundary
//
// Decoding: escapes → UTF-8, a surrogate pair → one code point, a lone surrogate → U+FFFD;
// bytes >= 0x80 are copied as they are (invalid UTF-8 is not rejected).

// ---- byte constants (shared by the scanner and the format modules) ----

// @ts-ignore: decorator
@inline export const CH_TAB: u32 = 0x09;
// @ts-ignore: decorator
@inline export const CH_LF: u32 = 0x0a;
// @ts-ignore: decorator
@inline export const CH_CR: u32 = 0x0d;
// @ts-ignore: decorator
@inline export const CH_SPACE: u32 = 0x20;
// @ts-ignore: decorator
@inline export const CH_QUOTE: u32 = 0x22;
// @ts-ignore: decorator
@inline export const CH_COMMA: u32 = 0x2c;
// @ts-ignore: decorator
@inline export const CH_MINUS: u32 = 0x2d;
// @ts-ignore: decorator
@inline export const CH_DOT: u32 = 0x2e;
// @ts-ignore: decorator
@inline export const CH_SLASH: u32 = 0x2f;
// @ts-ignore: decorator
@inline export const CH_0: u32 = 0x30;
// @ts-ignore: decorator
@inline export const CH_COLON: u32 = 0x3a;
// @ts-ignore: decorator
@inline export const CH_LBRACKET: u32 = 0x5b;
// @ts-ignore: decorator
@inline export const CH_BACKSLASH: u32 = 0x5c;
// @ts-ignore: decorator
@inline export const CH_RBRACKET: u32 = 0x5d;
// @ts-ignore: decorator
@inline export const CH_LBRACE: u32 = 0x7b;
// @ts-ignore: decorator
@inline export const CH_RBRACE: u32 = 0x7d;
// @ts-ignore: decorator
@inline export const CH_E_UPPER: u32 = 0x45;
// @ts-ignore: decorator
@inline export const CH_E_LOWER: u32 = 0x65;
// @ts-ignore: decorator
@inline export const CH_B: u32 = 0x62;
// @ts-ignore: decorator
@inline export const CH_F: u32 = 0x66;
// @ts-ignore: decorator
@inline export const CH_N: u32 = 0x6e;
// @ts-ignore: decorator
@inline export const CH_R: u32 = 0x72;
// @ts-ignore: decorator
@inline export const CH_T: u32 = 0x74;
// @ts-ignore: decorator
@inline export const CH_U: u32 = 0x75;

/** Scanner errors are returned as negative offsets: -(ScanError). */
// @ts-ignore: decorator
@inline export const ERR_INVALID: i32 = -3; // -ScanError.INVALID_JSON

// SWAR constants for 8-byte string scanning.
// @ts-ignore: decorator
@inline const SWAR_ONES: u64 = 0x0101010101010101;
// @ts-ignore: decorator
@inline const SWAR_HIGH: u64 = 0x8080808080808080;
// @ts-ignore: decorator
@inline const SWAR_QUOTE: u64 = 0x2222222222222222;
// @ts-ignore: decorator
@inline const SWAR_BACKSLASH: u64 = 0x5c5c5c5c5c5c5c5c;
// @ts-ignore: decorator
@inline const SWAR_CONTROL: u64 = 0x2020202020202020;

/** Offset where the last error was detected (set together with a negative return). */
// @ts-ignore: decorator
@lazy export let gErrPos: i32 = -1;
/** Set by scanString: whether the string just scanned contained a backslash escape. */
// @ts-ignore: decorator
@lazy export let gEscaped: bool = false;
/** Set by decodeString: whether the output was cut at `limit`. */
// @ts-ignore: decorator
@lazy export let gTruncated: bool = false;

// @ts-ignore: decorator
@inline function hexVal(c: u32): i32 {
  if (c - CH_0 <= 9) return <i32>(c - CH_0);
  const l = (c | 0x20) - 0x61; // 'a'..'f' in either case
  return l <= 5 ? <i32>l + 10 : -1;
}

/** Four hex digits at base+p (caller checked p + 4 <= end), or -1. */
export function hex4(base: usize, p: i32): i32 {
  const a = hexVal(<u32>load<u8>(base + <usize>p)); // bounds: caller checked p + 4 <= end
  const b = hexVal(<u32>load<u8>(base + <usize>p, 1));
  const c = hexVal(<u32>load<u8>(base + <usize>p, 2));
  const d = hexVal(<u32>load<u8>(base + <usize>p, 3));
  if ((a | b | c | d) < 0) return -1;
  return (a << 12) | (b << 8) | (c << 4) | d;
}

/**
 * p is just past an opening quote. Returns the offset of the closing quote, or an error.
 * Sets gEscaped. Eight bytes at a time while no quote, backslash or control byte is in sight.
 */
export function scanString(base: usize, end: i32, p: i32): i32 {
  let escaped = false;
  while (true) {
    while (p + 8 <= end) {
      const w = load<u64>(base + <usize>p); // bounds: p + 8 <= end
      const q = w ^ SWAR_QUOTE;
      const b = w ^ SWAR_BACKSLASH;
      // A byte is special if it equals '"' or '\\' or is below 0x20. The lowest flagged byte is
      // always a true hit (false positives only appear above a true one), so ctz finds it.
      const t = (((q - SWAR_ONES) & ~q) | ((b - SWAR_ONES) & ~b) | ((w - SWAR_CONTROL) & ~w)) & SWAR_HIGH;
      if (t != 0) {
        p += <i32>(ctz(t) >> 3);
        break;
      }
      p += 8;
    }
    let c: u32 = 0;
    while (p < end) {
      c = <u32>load<u8>(base + <usize>p); // bounds: p < end
      if (c == CH_QUOTE || c == CH_BACKSLASH || c < CH_SPACE) break;
      p++;
    }
    if (p >= end) {
      gErrPos = end;
      return ERR_INVALID; // unterminated
    }
    if (c == CH_QUOTE) {
      gEscaped = escaped;
      return p;
    }
    if (c != CH_BACKSLASH || p + 1 >= end) {
      gErrPos = p;
      return ERR_INVALID; // raw control byte, or a backslash at the very end
    }
    escaped = true;
    const e = <u32>load<u8>(base + <usize>p, 1); // bounds: p + 1 < end
    if (e == CH_U) {
      if (p + 6 > end || hex4(base, p + 2) < 0) {
        gErrPos = p;
        return ERR_INVALID;
      }
      p += 6;
    } else if (
      e == CH_QUOTE || e == CH_BACKSLASH || e == CH_SLASH ||
      e == CH_B || e == CH_F || e == CH_N || e == CH_R || e == CH_T
    ) {
      p += 2;
    } else {
      gErrPos = p;
      return ERR_INVALID;
    }
  }
  return ERR_INVALID; // unreachable
}

/** Largest k <= avail such that cutting src at k does not split a UTF-8 sequence. */
export function utf8Cut(src: usize, avail: i32): i32 {
  let k = avail;
  // The first excluded byte must not be a continuation byte (10xxxxxx); back off at most 3.
  let steps = 0;
  while (k > 0 && steps < 3 && (<u32>load<u8>(src + <usize>k) & 0xc0) == 0x80) { // bounds: k <= avail < run length
    k--;
    steps++;
  }
  return k;
}

/** Copies raw bytes [src, src+n) into dst, at most `limit`, cut at a UTF-8 boundary. */
export function copyCapped(src: usize, n: i32, dst: usize, limit: i32): i32 {
  if (n > limit) n = utf8Cut(src, limit);
  memory.copy(dst, src, <usize>n);
  return n;
}

/**
 * Decodes the validated string body [start, stop) into dst (at most `limit` bytes).
 * Returns the number of bytes written; output is cut at a code point boundary (gTruncated).
 */
export function decodeString(base: usize, start: i32, stop: i32, dst: usize, limit: i32): i32 {
  gTruncated = true; // cleared on the one path that decodes everything
  let w: i32 = 0;
  let p = start;
  while (p < stop) {
    if (<u32>load<u8>(base + <usize>p) != CH_BACKSLASH) { // bounds: p < stop
      let q = p + 1;
      while (q < stop && <u32>load<u8>(base + <usize>q) != CH_BACKSLASH) q++; // bounds: q < stop
      const n = q - p;
      const room = limit - w;
      if (n > room) return w + copyCapped(base + <usize>p, n, dst + <usize>w, room);
      memory.copy(dst + <usize>w, base + <usize>p, <usize>n);
      w += n;
      p = q;
      continue;
    }
    // Escapes were validated by scanString: "\\X" or "\\uXXXX" lies entirely before stop.
    const e = <u32>load<u8>(base + <usize>p, 1); // bounds: validated escape
    let cp: u32;
    if (e == CH_U) {
      cp = <u32>hex4(base, p + 2);
      p += 6;
      if (cp - 0xd800 < 0x400) {
        // High surrogate: combine with a following low surrogate, else U+FFFD.
        let lo: u32 = 0;
        if (
          p + 6 <= stop &&
          <u32>load<u8>(base + <usize>p) == CH_BACKSLASH && // bounds: p + 6 <= stop
          <u32>load<u8>(base + <usize>p, 1) == CH_U
        ) lo = <u32>hex4(base, p + 2);
        if (lo - 0xdc00 < 0x400) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          p += 6;
        } else {
          cp = 0xfffd;
        }
      } else if (cp - 0xdc00 < 0x400) {
        cp = 0xfffd; // lone low surrogate
      }
    } else {
      p += 2;
      cp = e == CH_N ? CH_LF
        : e == CH_T ? CH_TAB
        : e == CH_R ? CH_CR
        : e == CH_B ? 0x08
        : e == CH_F ? 0x0c
        : e; // '"', '\\', '/'
    }
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (w + n > limit) return w;
    const d = dst + <usize>w; // bounds: w + n <= limit
    if (n == 1) {
      store<u8>(d, <u8>cp);
    } else if (n == 2) {
      store<u8>(d, <u8>(0xc0 | (cp >> 6)));
      store<u8>(d, <u8>(0x80 | (cp & 0x3f)), 1);
    } else if (n == 3) {
      store<u8>(d, <u8>(0xe0 | (cp >> 12)));
      store<u8>(d, <u8>(0x80 | ((cp >> 6) & 0x3f)), 1);
      store<u8>(d, <u8>(0x80 | (cp & 0x3f)), 2);
    } else {
      store<u8>(d, <u8>(0xf0 | (cp >> 18)));
      store<u8>(d, <u8>(0x80 | ((cp >> 12) & 0x3f)), 1);
      store<u8>(d, <u8>(0x80 | ((cp >> 6) & 0x3f)), 2);
      store<u8>(d, <u8>(0x80 | (cp & 0x3f)), 3);
    }
    w += n;
  }
  gTruncated = false;
  return w;
}
