/**
 * Seeded pseudo-random numbers (mulberry32). Every random choice in training
 * draws from one of these so that `--random-state` reproduces a model exactly.
 */
/** The seed every random choice uses unless told otherwise (`--random-state`). */
export const DEFAULT_SEED = 42;
/** Seeds are u32: createRng keeps the low 32 bits, so larger ones would alias smaller ones. */
export const MAX_SEED = 0xffff_ffff;

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}
