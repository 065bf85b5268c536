// FNV-1a (Fowler–Noll–Vo), 32-bit: small, allocation-free, good enough to key
// entity tables. 0 is reserved for "empty slot", so it is mapped to 1.

// @ts-ignore: decorator
@inline const FNV_OFFSET: u32 = 2166136261;
// @ts-ignore: decorator
@inline const FNV_PRIME: u32 = 16777619;

/** Hash of the bytes, ASCII-lowercased: user and host names compare case-insensitively. */
export function hashBytes(ptr: usize, len: i32): u32 {
  let h = FNV_OFFSET;
  for (let i = 0; i < len; i++) {
    let c = <u32>load<u8>(ptr + i); // bounds: i < len
    if (c - 65 < 26) c |= 32;
    h = (h ^ c) * FNV_PRIME;
  }
  return h == 0 ? 1 : h;
}

/** Order-dependent combination of two hashes (a pair such as user + source IP). */
export function hashPair(a: u32, b: u32): u32 {
  let h = FNV_OFFSET;
  h = (h ^ (a & 0xff)) * FNV_PRIME;
  h = (h ^ ((a >> 8) & 0xff)) * FNV_PRIME;
  h = (h ^ ((a >> 16) & 0xff)) * FNV_PRIME;
  h = (h ^ (a >> 24)) * FNV_PRIME;
  h = (h ^ (b & 0xff)) * FNV_PRIME;
  h = (h ^ ((b >> 8) & 0xff)) * FNV_PRIME;
  h = (h ^ ((b >> 16) & 0xff)) * FNV_PRIME;
  h = (h ^ (b >> 24)) * FNV_PRIME;
  return h == 0 ? 1 : h;
}

/** Hash of a string's UTF-16 code units; used once at start-up for the schema hash. */
export function hashString(s: string, seed: u32 = FNV_OFFSET): u32 {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h = (h ^ <u32>s.charCodeAt(i)) * FNV_PRIME;
  }
  return h;
}
