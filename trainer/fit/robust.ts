// A threshold statistic that a few entities cannot lift. Real baselines of an
// Internet-facing host contain guessing IPs (and the user names they guess),
// each of which pushes a per-event quantile up to its own burst. Taken per
// entity instead, each source counts once, by its worst moment, and the worst
// few sources are set aside: what remains is how far ordinary sources go.

/** Entities set aside at the top before the maximum is taken: a handful of guessing sources. */
export const TRIMMED_ENTITIES = 5;
/** Beyond TRIMMED_ENTITIES · 100 entities, this share of them is set aside instead. */
export const TRIMMED_SHARE = 0.01;

/**
 * The largest per-entity maximum of `values` once the top max(TRIMMED_ENTITIES,
 * ⌈TRIMMED_SHARE · entities⌉) entities are set aside; 0 when no entity remains.
 * `values[i]` belongs to entity `keys[i]` (0 = the event named none: the events
 * without one count together, as one entity).
 */
export function trimmedEntityMax(values: ArrayLike<number>, keys: ArrayLike<number>): number {
  const worst = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const k = keys[i];
    const seen = worst.get(k);
    if (seen === undefined || v > seen) worst.set(k, v);
  }
  const maxima = Float64Array.from(worst.values()).sort();
  const trimmed = Math.max(TRIMMED_ENTITIES, Math.ceil(TRIMMED_SHARE * maxima.length));
  return maxima.length > trimmed ? maxima[maxima.length - 1 - trimmed] : 0;
}
