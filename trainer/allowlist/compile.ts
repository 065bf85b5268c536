// Allow-file entries → the model's ALLOWLIST section: names hashed as the scorer hashes entities,
// each list sorted and without duplicates, so one list has exactly one byte form; and the names
// themselves (ALLOWLIST_NAMES), so a name that only shares a key with a listed one is not suppressed.

import { CliError } from "../util/errors.ts";
import { MAX_ALLOW_RANGES, type Allowlist, type Ipv4Range } from "../model/format.ts";
import { entityHash, pairHash } from "../model/entity-hash.ts";
import type { AllowEntry } from "./parse.ts";

export function compileAllowlist(entries: AllowEntry[], source: string): Allowlist {
  const users = new Map<number, string>();
  const ips = new Map<number, string>();
  const pairs = new Map<number, [string, string]>();
  const ranges = new Map<string, Ipv4Range>();
  const add = <T>(keys: Map<number, T>, key: number, name: T) => {
    const had = keys.get(key);
    if (had !== undefined && String(had) !== String(name)) {
      throw new CliError("E_BAD_ALLOW", `${source}: ${JSON.stringify(had)} and ${JSON.stringify(name)} have the same 32-bit key`, "the scorer tells them apart by name, but lists one key once: drop one of the two");
    }
    keys.set(key, name);
  };
  for (const e of entries) {
    if (e.kind === "user") add(users, entityHash(e.user), lower(e.user));
    else if (e.kind === "ip") add(ips, entityHash(e.ip), lower(e.ip));
    else if (e.kind === "pair") add(pairs, pairHash(entityHash(e.user), entityHash(e.ip)), [lower(e.user), lower(e.ip)]);
    else ranges.set(`${e.network}/${e.prefix}`, { network: e.network, prefix: e.prefix });
  }
  if (ranges.size > MAX_ALLOW_RANGES) {
    throw new CliError("E_BAD_ALLOW", `${source}: ${ranges.size} IPv4 ranges, at most ${MAX_ALLOW_RANGES}`, "merge neighbouring ranges into wider ones");
  }
  const [u, i, p] = [sortedKeys(users), sortedKeys(ips), sortedKeys(pairs)];
  return {
    users: u,
    ips: i,
    pairs: p,
    ranges: [...ranges.values()].sort((a, b) => a.network - b.network || a.prefix - b.prefix),
    names: { users: [...u].map((k) => users.get(k)!), ips: [...i].map((k) => ips.get(k)!), pairs: [...p].map((k) => pairs.get(k)!) },
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

function sortedKeys(keys: Map<number, unknown>): Uint32Array {
  return Uint32Array.from(keys.keys()).sort();
}

/** ASCII lowercasing, as entityHash and the scorer compare names. */
function lower(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
