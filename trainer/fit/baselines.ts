// Per-entity baselines learned from the baseline period: which users, IPs and
// pairs were seen, who used privileges, and each user's active hours and usual
// transfer sizes. The keys are the scanner's own hashes (EVENT_ROW), so the
// filter looks them up exactly as they were learned. Sets are capped to the most
// frequent entities, so a noisy baseline cannot bloat the model.

import type { Baselines, UserProfiles } from "../model/format.ts";
import { MS_PER_DAY, eventRow, type EventRows } from "../wasm/timeline.ts";
import { ascending, quantile } from "../util/stats.ts";

/** Event kinds (assembly/event/event.ts Kind) that use or grant privileges. */
const PRIVILEGE_KINDS = new Set([3, 4]);
const OUTCOME_FAILURE = 2;
const HOURS = 24;
const MIN_DAYS_FOR_USUAL_HOUR = 2;

export interface BaselineParams {
  /** Most entries kept per set and in the user profile table. */
  maxEntities: number;
}

export const DEFAULT_BASELINE_PARAMS: BaselineParams = { maxEntities: 50_000 };

export interface LearnedBaselines {
  baselines: Baselines;
  /** 99th percentile of bytes over baseline events that moved bytes: the fallback for users without a profile. */
  globalBytesP99: number;
  /** Entities seen before capping, per set, for inspect. */
  seen: number[];
}

function topKeys(counts: Map<number, number>, max: number): Uint32Array {
  let keys = [...counts.keys()];
  if (keys.length > max) keys = keys.sort((a, b) => counts.get(b)! - counts.get(a)! || a - b).slice(0, max);
  return Uint32Array.from(keys).sort();
}

function bump(m: Map<number, number>, key: number): void {
  if (key !== 0) m.set(key, (m.get(key) ?? 0) + 1);
}

export function learnBaselines(rows: EventRows, indices: number[], params: BaselineParams = DEFAULT_BASELINE_PARAMS): LearnedBaselines {
  const counters = Array.from({ length: 6 }, () => new Map<number, number>());
  const [users, ips, userIp, userHost, userKind, privileged] = counters;
  /** Per user: the distinct (day, hour) slots with activity, as day * 24 + hour. */
  const slots = new Map<number, Set<number>>();
  const userBytes = new Map<number, number[]>();
  const allBytes: number[] = [];
  for (const i of indices) {
    const user = eventRow.user(rows, i);
    bump(users, user);
    bump(ips, eventRow.ip(rows, i));
    bump(userIp, eventRow.userIp(rows, i));
    bump(userHost, eventRow.userHost(rows, i));
    bump(userKind, eventRow.userKind(rows, i));
    if (PRIVILEGE_KINDS.has(eventRow.kind(rows, i)) && eventRow.outcome(rows, i) !== OUTCOME_FAILURE) bump(privileged, user);
    const bytes = eventRow.bytes(rows, i);
    if (bytes > 0) allBytes.push(bytes);
    if (user === 0) continue;
    let s = slots.get(user);
    if (!s) slots.set(user, (s = new Set()));
    s.add(Math.floor(eventRow.time(rows, i) / MS_PER_DAY) * HOURS + eventRow.hour(rows, i));
    if (bytes > 0) {
      let list = userBytes.get(user);
      if (!list) userBytes.set(user, (list = []));
      list.push(bytes);
    }
  }
  const sets = counters.map((c) => topKeys(c, params.maxEntities));
  const profileKeys = topKeys(users, params.maxEntities);
  const profiles: UserProfiles = {
    hash: profileKeys,
    hourMask: new Uint32Array(profileKeys.length),
    bytesP99: new Float32Array(profileKeys.length),
    events: new Uint32Array(profileKeys.length),
  };
  profileKeys.forEach((user, k) => {
    profiles.hourMask[k] = usualHours(slots.get(user)!);
    profiles.bytesP99[k] = quantile(ascending(userBytes.get(user) ?? []), 0.99);
    profiles.events[k] = users.get(user)!;
  });
  return {
    baselines: { sets, profiles },
    globalBytesP99: quantile(ascending(allBytes), 0.99),
    seen: counters.map((c) => c.size),
  };
}

/**
 * Hours active on at least two distinct days (one day when the user was seen on
 * only one), widened by one hour on each side: a user who works 8–17 is not odd
 * at 7:55, and a single night page does not make 03:00 usual.
 */
function usualHours(slots: Set<number>): number {
  const days = new Uint32Array(HOURS);
  const distinctDays = new Set<number>();
  for (const slot of slots) {
    days[slot % HOURS]++;
    distinctDays.add(Math.floor(slot / HOURS));
  }
  const needed = Math.min(MIN_DAYS_FOR_USUAL_HOUR, distinctDays.size);
  let mask = 0;
  for (let h = 0; h < HOURS; h++) {
    if (days[h] < needed) continue;
    mask |= (1 << h) | (1 << ((h + 1) % HOURS)) | (1 << ((h + HOURS - 1) % HOURS));
  }
  return mask >>> 0;
}
