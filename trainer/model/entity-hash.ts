// Entity keys as docs/model-format.md §5.6 defines them and assembly/features/hash.ts computes them: the
// writer needs them for the keys it compiles itself (the ALLOWLIST section); keys learned from logs
// come from the scanner. The tests check both against the scanner's keys for the same names.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of the ASCII-lowercased UTF-8 bytes of `name`; 0 becomes 1 (0 means "no entity"). */
export function entityHash(name: string): number {
  let h = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(name)) {
    const c = byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte;
    h = Math.imul(h ^ c, FNV_PRIME) >>> 0;
  }
  return h === 0 ? 1 : h;
}

/** FNV-1a of the 8 little-endian bytes of a then b; 0 becomes 1. Order-dependent. */
export function pairHash(a: number, b: number): number {
  let h = FNV_OFFSET;
  for (const v of [a, b]) for (let s = 0; s < 32; s += 8) h = Math.imul(h ^ ((v >>> s) & 0xff), FNV_PRIME) >>> 0;
  return h === 0 ? 1 : h;
}
