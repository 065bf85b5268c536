/**
 * The shortest decimal that reads back as the same f32: a value the model stores
 * as f32 (contamination 0.005 is 0.004999999888241291 as a double) shows and
 * serialises as the number the user wrote. Non-finite values pass through.
 */
export function shortestF32(value: number): number {
  if (!Number.isFinite(value)) return value;
  const f = Math.fround(value);
  for (let digits = 1; digits <= F32_MAX_DIGITS; digits++) {
    const candidate = Number(f.toPrecision(digits));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}

// --- internal ---

/** 9 significant digits always round-trip an f32 (IEEE 754, binary32). */
const F32_MAX_DIGITS = 9;
