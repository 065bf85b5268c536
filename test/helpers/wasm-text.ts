// What a compiled module contains, read through binaryen's text form.

import binaryen from "binaryen";

/** Module text as binaryen prints it. */
export function wasmText(bytes: Uint8Array): string {
  const m = binaryen.readBinary(bytes);
  try {
    return m.emitText();
  } finally {
    m.dispose();
  }
}

/** The first `limit` lines of code (data segments excluded) that use a v128 type or a SIMD lane instruction. */
export function simdInstructions(bytes: Uint8Array, limit = 5): string[] {
  return wasmText(bytes)
    .split("\n")
    .filter((l) => !l.trimStart().startsWith("(data "))
    .filter((l) => /\bv128\b|\b[if](?:8x16|16x8|32x4|64x2)\./.test(l))
    .slice(0, limit);
}
