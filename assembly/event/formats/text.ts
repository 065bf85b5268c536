// Byte-range helpers for the format modules: literal matching, searching and tokens over decoded
// field text [ptr, ptr+len). Patterns are ASCII string literals passed by address
// (`changetype<usize>("...")`, usually a module constant), so no function here holds a managed
// reference; a pattern is compared unit by unit with the text's bytes. Nothing allocates or traps.

/** Length of the pattern string at address `pat` (its UTF-16 byte size / 2, from the object header). */
// @ts-ignore: decorator
@inline export function patLen(pat: usize): i32 {
  return <i32>(load<u32>(pat - 4) >>> 1);
}

// @ts-ignore: decorator
@inline export function lower(c: u32): u32 {
  return c - 0x41 < 26 ? c | 0x20 : c;
}

// @ts-ignore: decorator
@inline export function isSpace(c: u32): bool {
  return c == 0x20 || c == 0x09;
}

// @ts-ignore: decorator
@inline export function byteAt(ptr: usize, i: i32): u32 {
  return <u32>load<u8>(ptr + <usize>i); // bounds: callers check i < len
}

/** Whether the text has the pattern at offset `at` (exact case). */
export function hasAt(ptr: usize, len: i32, at: i32, pat: usize): bool {
  const n = patLen(pat);
  if (at < 0 || at + n > len) return false;
  for (let i = 0; i < n; i++) {
    if (<u32>load<u16>(pat + (<usize>i << 1)) != <u32>load<u8>(ptr + <usize>(at + i))) return false; // bounds: at + i < len
  }
  return true;
}

/** Whether the whole text equals the pattern, ASCII case-insensitively. */
export function equalsIgnoreCase(ptr: usize, len: i32, pat: usize): bool {
  const n = patLen(pat);
  if (n != len) return false;
  for (let i = 0; i < n; i++) {
    if (lower(<u32>load<u16>(pat + (<usize>i << 1))) != lower(<u32>load<u8>(ptr + <usize>i))) return false; // bounds: i < len
  }
  return true;
}

/** Whether the text contains the pattern anywhere, ASCII case-insensitively. */
export function containsIgnoreCase(ptr: usize, len: i32, pat: usize): bool {
  const n = patLen(pat);
  if (n == 0) return true;
  const c0 = lower(<u32>load<u16>(pat));
  for (let at = 0; at + n <= len; at++) {
    if (lower(<u32>load<u8>(ptr + <usize>at)) != c0) continue; // bounds: at < len
    let i = 1;
    while (i < n && lower(<u32>load<u16>(pat + (<usize>i << 1))) == lower(<u32>load<u8>(ptr + <usize>(at + i)))) i++; // bounds: at + i < len
    if (i == n) return true;
  }
  return false;
}

/** First offset >= from where the pattern occurs (exact case), or -1. */
export function indexOf(ptr: usize, len: i32, from: i32, pat: usize): i32 {
  const n = patLen(pat);
  const c0 = <u32>load<u16>(pat);
  for (let at = max(from, 0); at + n <= len; at++) {
    if (<u32>load<u8>(ptr + <usize>at) != c0) continue; // bounds: at < len
    if (hasAt(ptr, len, at, pat)) return at;
  }
  return -1;
}

/** Last offset >= from where the pattern occurs (exact case), or -1. */
export function lastIndexOf(ptr: usize, len: i32, from: i32, pat: usize): i32 {
  const n = patLen(pat);
  for (let at = len - n; at >= max(from, 0); at--) {
    if (hasAt(ptr, len, at, pat)) return at;
  }
  return -1;
}

/** Offset of the first byte c at or after `from`, or -1. */
export function indexOfByte(ptr: usize, len: i32, from: i32, c: u32): i32 {
  for (let i = max(from, 0); i < len; i++) if (<u32>load<u8>(ptr + <usize>i) == c) return i; // bounds: i < len
  return -1;
}

/** Offset of the first space or tab at or after `from`, or len. */
export function tokenEnd(ptr: usize, len: i32, from: i32): i32 {
  let i = max(from, 0);
  while (i < len && !isSpace(<u32>load<u8>(ptr + <usize>i))) i++; // bounds: i < len
  return i;
}

/** Offset of the first non-space at or after `from`, or len. */
export function skipSpaces(ptr: usize, len: i32, from: i32): i32 {
  let i = max(from, 0);
  while (i < len && isSpace(<u32>load<u8>(ptr + <usize>i))) i++; // bounds: i < len
  return i;
}

/** Unsigned decimal integer of the whole text, or -1 (empty, a non-digit, or more than 15 digits). */
export function parseUint(ptr: usize, len: i32): i64 {
  if (len <= 0 || len > 15) return -1;
  let v: i64 = 0;
  for (let i = 0; i < len; i++) {
    const d = <u32>load<u8>(ptr + <usize>i) - 0x30; // bounds: i < len
    if (d > 9) return -1;
    v = v * 10 + <i64>d;
  }
  return v;
}

/** Hexadecimal integer of the whole text with an optional 0x prefix, or -1 (also past 15 digits). */
export function parseHex(ptr: usize, len: i32): i64 {
  let i = 0;
  if (len >= 2 && <u32>load<u8>(ptr) == 0x30 && lower(<u32>load<u8>(ptr, 1)) == 0x78) i = 2; // bounds: len >= 2
  if (i >= len || len - i > 15) return -1;
  let v: i64 = 0;
  for (; i < len; i++) {
    const c = lower(<u32>load<u8>(ptr + <usize>i)); // bounds: i < len
    let d: u32;
    if (c - 0x30 < 10) d = c - 0x30;
    else if (c - 0x61 < 6) d = c - 0x61 + 10;
    else return -1;
    v = (v << 4) | <i64>d;
  }
  return v;
}

// @ts-ignore: decorator
@inline function isWordByte(c: u32): bool {
  return (c | 0x20) - 0x61 < 26 || c - 0x30 < 10 || c == 0x5f;
}

/** Whether the pattern occurs as a whole word (not inside [A-Za-z0-9_]), ASCII case-insensitively. */
export function containsWord(ptr: usize, len: i32, pat: usize): bool {
  const n = patLen(pat);
  const c0 = lower(<u32>load<u16>(pat));
  for (let at = 0; at + n <= len; at++) {
    if (lower(<u32>load<u8>(ptr + <usize>at)) != c0) continue; // bounds: at < len
    let i = 1;
    while (i < n && lower(<u32>load<u16>(pat + (<usize>i << 1))) == lower(<u32>load<u8>(ptr + <usize>(at + i)))) i++; // bounds: at + i < len
    if (i < n) continue;
    if (at > 0 && isWordByte(<u32>load<u8>(ptr + <usize>(at - 1)))) continue; // bounds: at - 1 >= 0
    if (at + n < len && isWordByte(<u32>load<u8>(ptr + <usize>(at + n)))) continue; // bounds: at + n < len
    return true;
  }
  return false;
}

/** Whether the whole text equals the pattern (exact case). */
export function equals(ptr: usize, len: i32, pat: usize): bool {
  return len == patLen(pat) && hasAt(ptr, len, 0, pat);
}

/** Offset of the last byte c, or -1. */
export function lastIndexOfByte(ptr: usize, len: i32, c: u32): i32 {
  for (let i = len - 1; i >= 0; i--) if (<u32>load<u8>(ptr + <usize>i) == c) return i; // bounds: 0 <= i < len
  return -1;
}
