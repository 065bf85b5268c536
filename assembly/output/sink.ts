// Output buffers. Fluent Bit copies the returned string at once, so one
// growable buffer, reused for every record, is safe and allocation-free once it
// has reached the size of the largest record seen.

import { OUTPUT_INITIAL } from "../constants";

// @ts-ignore: decorator
@inline const HEX = "0123456789abcdef";

/** A growable byte buffer that is reset, never freed, between records. */
export class Sink {
  base: usize;
  cap: i32;
  pos: i32 = 0;

  constructor(initial: i32 = OUTPUT_INITIAL) {
    this.base = heap.alloc(initial);
    this.cap = initial;
  }

  @inline reset(): void {
    this.pos = 0;
  }

  /** Make room for n more bytes. */
  reserve(n: i32): void {
    const need = this.pos + n;
    if (need > this.cap) this.grow(need);
  }

  private grow(need: i32): void {
    let next = this.cap;
    while (next < need) next <<= 1;
    this.base = heap.realloc(this.base, next);
    this.cap = next;
  }

  @inline byte(c: i32): void {
    this.reserve(1);
    store<u8>(this.base + this.pos, c); // bounds: reserved
    this.pos++;
  }

  bytes(ptr: usize, len: i32): void {
    if (len <= 0) return;
    this.reserve(len);
    memory.copy(this.base + this.pos, ptr, len);
    this.pos += len;
  }

  /** ASCII-only literal (keys, enum names): narrows the string's UTF-16 code units to bytes. */
  ascii(s: string): void {
    const n = s.length;
    this.reserve(n);
    const src = changetype<usize>(s);
    const dst = this.base + <usize>this.pos;
    for (let i = 0; i < n; i++) store<u8>(dst + i, load<u16>(src + (<usize>i << 1))); // bounds: reserved; i < length
    this.pos += n;
  }

  f32(v: f32): void {
    this.reserve(4);
    store<f32>(this.base + this.pos, v);
    this.pos += 4;
  }

  u32(v: u32): void {
    this.reserve(4);
    store<u32>(this.base + this.pos, v);
    this.pos += 4;
  }

  f64(v: f64): void {
    this.reserve(8);
    store<f64>(this.base + this.pos, v);
    this.pos += 8;
  }

  /** The low `digits` hex digits of v, most significant first. */
  hex(v: u32, digits: i32): void {
    for (let shift = (digits - 1) * 4; shift >= 0; shift -= 4) this.byte(<i32>HEX.charCodeAt((v >> shift) & 15));
  }

  /** Non-negative integer, no sign. */
  private digits(v: u64): void {
    let tmp = v;
    let n = 1;
    while (tmp >= 10) {
      tmp /= 10;
      n++;
    }
    this.reserve(n);
    for (let i = n - 1; i >= 0; i--) {
      store<u8>(this.base + this.pos + i, <u8>(48 + <i32>(v % 10))); // bounds: reserved
      v /= 10;
    }
    this.pos += n;
  }

  /** A finite number with at most `decimals` digits after the point, trailing zeros trimmed. Non-finite values write 0. */
  number(v: f64, decimals: i32): void {
    if (!isFinite(v)) {
      this.byte(48);
      return;
    }
    if (v < 0) {
      this.byte(45);
      v = -v;
    }
    if (v >= 1e15) v = 1e15;
    let scale: f64 = 1;
    for (let i = 0; i < decimals; i++) scale *= 10;
    const scaled = <u64>Math.round(v * scale);
    const s = <u64>scale;
    this.digits(scaled / s);
    let frac = scaled % s;
    if (frac == 0) return;
    let digits = decimals;
    while (frac % 10 == 0) {
      frac /= 10;
      digits--;
    }
    this.byte(46);
    let div: u64 = 1;
    for (let i = 1; i < digits; i++) div *= 10;
    while (div > 0) {
      this.byte(48 + <i32>((frac / div) % 10));
      div /= 10;
    }
  }

  /**
   * Bytes as the contents of a JSON string (no quotes): escapes quote, backslash and
   * control bytes, and replaces bytes that are not valid UTF-8 with U+FFFD, so the
   * result is always valid JSON whatever the input was.
   */
  jsonChars(ptr: usize, len: i32): void {
    const end = ptr + <usize>len;
    let p = ptr;
    let runStart = p;
    while (p < end) {
      const c = <i32>load<u8>(p); // bounds: p < end
      if (c >= 0x20 && c != 0x22 && c != 0x5c && c < 0x80) {
        p++;
        continue;
      }
      if (c >= 0x80) {
        const n = utf8SequenceLength(p, end);
        if (n > 0) {
          p += n;
          continue;
        }
      }
      this.bytes(runStart, <i32>(p - runStart));
      if (c == 0x22 || c == 0x5c) {
        this.byte(0x5c);
        this.byte(c);
      } else if (c >= 0x80) {
        this.ascii("\\ufffd");
      } else if (c == 0x0a) {
        this.ascii("\\n");
      } else if (c == 0x09) {
        this.ascii("\\t");
      } else if (c == 0x0d) {
        this.ascii("\\r");
      } else {
        this.ascii("\\u00");
        this.hex(c, 2);
      }
      p++;
      runStart = p;
    }
    this.bytes(runStart, <i32>(p - runStart));
  }

  /** Bytes copied as they are, except that bytes which are not valid UTF-8 become U+FFFD. */
  utf8(ptr: usize, len: i32): void {
    const end = ptr + <usize>len;
    let p = ptr;
    let runStart = p;
    while (true) {
      // ASCII is the common case: skip it eight bytes at a time, in a loop of its own.
      while (p + 8 <= end && (load<u64>(p) & 0x8080808080808080) == 0) p += 8; // bounds: p + 8 <= end
      while (p < end && load<u8>(p) < 0x80) p++; // bounds: p < end
      if (p >= end) break;
      const n = utf8SequenceLength(p, end);
      if (n == 0) {
        this.bytes(runStart, <i32>(p - runStart));
        this.byte(0xef);
        this.byte(0xbf);
        this.byte(0xbd);
        runStart = p + 1;
      }
      p += n > 0 ? <usize>n : 1;
    }
    this.bytes(runStart, <i32>(p - runStart));
  }

  /** A quoted JSON string. */
  jsonString(ptr: usize, len: i32): void {
    this.byte(0x22);
    this.jsonChars(ptr, len);
    this.byte(0x22);
  }

  /** `"key":` for an ASCII key. */
  key(k: string): void {
    this.byte(0x22);
    this.ascii(k);
    this.byte(0x22);
    this.byte(0x3a);
  }
}

/** Length of a well-formed UTF-8 sequence starting at p (1–4), or 0 when the bytes are not valid UTF-8. */
function utf8SequenceLength(p: usize, end: usize): i32 {
  const c = <u32>load<u8>(p); // bounds: caller checked p < end
  if (c < 0x80) return 1;
  let n = 0;
  let min: u32 = 0;
  let cp: u32 = 0;
  if ((c & 0xe0) == 0xc0) {
    n = 2;
    min = 0x80;
    cp = c & 0x1f;
  } else if ((c & 0xf0) == 0xe0) {
    n = 3;
    min = 0x800;
    cp = c & 0x0f;
  } else if ((c & 0xf8) == 0xf0) {
    n = 4;
    min = 0x10000;
    cp = c & 0x07;
  } else return 0;
  if (p + <usize>n > end) return 0;
  for (let i = 1; i < n; i++) {
    const cc = <u32>load<u8>(p + i); // bounds: p + n <= end
    if ((cc & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

