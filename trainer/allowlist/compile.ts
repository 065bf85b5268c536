// Allow-file entries → the model's ALLOWLIST section: names hashed as the scorer hashes entities,
// each list sorted and without duplicates, so one list has exactly one byte form.

import { CliError } from "../util/errors.ts";
import { MAX_ALLOW_RANGES, type Allowlist, type Ipv4Range } from "../model/format.ts";
import { entityHash, pairHash } from "../model/entity-hash.ts";
import type { AllowEntry } from "./parse.ts";

export function compileAllowlist(entries: AllowEntry[], source: string): Allowlist {
  const users = new Set<number>();
  const ips = new Set<number>();
  const pairs = new Set<number>();
  const ranges = new Map<string, Ipv4Range>();
  for (const e of entries) {
    if (e.kind === "user") users.add(entityHash(e.user));
    else if (e.kind === "ip") ips.add(entityHash(e.ip));
    else if (e.kind === "pair") pairs.add(pairHash(entityHash(e.user), entityHash(e.ip)));
    else ranges.set(`${e.network}/${e.prefix}`, { network: e.network, prefix: e.prefix });
  }
  if (ranges.size > MAX_ALLOW_RANGES) {
    throw new CliError("E_BAD_ALLOW", `${source}: ${ranges.size} IPv4 ranges, at most ${MAX_ALLOW_RANGES}`, "merge neighbouring ranges into wider ones");
  }
  return {
    users: sortedKeys(users),
    ips: sortedKeys(ips),
    pairs: sortedKeys(pairs),
    ranges: [...ranges.values()].sort((a, b) => a.network - b.network || a.prefix - b.prefix),
  };
}

/** How many entries of each kind a list holds, as `inspect` reports them. */
export function allowlistCounts(a: Allowlist): { users: number; ips: number; ranges: number; pairs: number } {
  return { users: a.users.length, ips: a.ips.length, ranges: a.ranges.length, pairs: a.pairs.length };
}

/** `2 users, 1 IP, 1 IPv4 range, 0 pairs`, for progress lines. */
export function describeAllowlist(a: Allowlist): string {
  const n = (count: number, one: string) => `${count} ${one}${count === 1 ? "" : "s"}`;
  return [n(a.users.length, "user"), n(a.ips.length, "IP"), n(a.ranges.length, "IPv4 range"), n(a.pairs.length, "pair")].join(", ");
}

// --- internal ---

function sortedKeys(keys: Set<number>): Uint32Array {
  return Uint32Array.from(keys).sort();
}
