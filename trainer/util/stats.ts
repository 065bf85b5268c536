/** The q-quantile of ascending values (nearest rank); 0 for none. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[pos];
}

export function ascending(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}
