// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of the
// model file's trailer. Table built once on first use.

// @ts-ignore: decorator
@inline const POLY: u32 = 0xedb88320;
const TABLE = new StaticArray<u32>(256);
let tableReady = false;

function buildTable(): void {
  for (let n: u32 = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLY ^ (c >>> 1) : c >>> 1;
    unchecked((TABLE[n] = c));
  }
  tableReady = true;
}

export function crc32(ptr: usize, len: i32): u32 {
  if (!tableReady) buildTable();
  let c: u32 = 0xffffffff;
  for (let i = 0; i < len; i++) {
    c = unchecked(TABLE[(c ^ load<u8>(ptr + i)) & 0xff]) ^ (c >>> 8); // bounds: i < len
  }
  return c ^ 0xffffffff;
}
