// The ALLOWLIST section (docs/model-format.md §5.12): known-benign users, source IPs, IPv4 ranges
// and user·IP pairs (`train --allow`). This module checks the payload when a model loads and finds
// an event's entry; allowlist.ts applies a match to the verdict. It imports nothing with module
// state, because model-view.ts imports it (and nothing that imports model-view.ts).
//
// Payload (little-endian, offsets from its start):
//   +0   u32 n_users   +4 u32 n_ips   +8 u32 n_pairs   +12 u32 n_ranges
//   +16  u32[n_users]   hash(user)                          strictly ascending
//        u32[n_ips]     hash(source IP as the logs write it)  strictly ascending
//        u32[n_pairs]   pair(hash(user), hash(source IP))   strictly ascending
//        range[n_ranges] u32 network (a.b.c.d = a<<24 | b<<16 | c<<8 | d), u32 prefix length;
//                       prefix in [MIN_ALLOW_PREFIX, 32], no bits set after it, at most MAX_ALLOW_RANGES,
//                       strictly ascending by (network, prefix)

// ALLOWLIST_NAMES payload (§5.13): the names behind the keys, so only the exact name is suppressed
// (a 32-bit key is found for any given name in seconds):
//   +0   u32 n_users   +4 u32 n_ips   +8 u32 n_pairs   +12 u32 text_length
//   +16  u32[n_users + n_ips + 2·n_pairs + 1] start offsets into the text, ascending, the last = text_length
//        text: users', IPs' and pairs' (user, IP) names in key order, ASCII-lowercased

import { Slice } from "../event/event";
import { ascending, findKey } from "./sorted-keys";
import { MAX_ALLOW_RANGES, MIN_ALLOW_PREFIX } from "../../contract/model-format.ts";
import { AllowKind } from "../../contract/vocabulary.ts";

// @ts-ignore: decorator
@inline const PAYLOAD_HEADER: i32 = 16;
// @ts-ignore: decorator
@inline const RANGE_BYTES: i32 = 8;
// MIN_ALLOW_PREFIX: a /0–/7 range would silence a large part of the Internet. MAX_ALLOW_RANGES:
// ranges are tested one by one on each alert, so their number is bounded.

// @ts-ignore: decorator
@inline function prefixMask(prefix: u32): u32 {
  return 0xffffffff << (32 - prefix); // bounds: MIN_ALLOW_PREFIX <= prefix <= 32, so the shift is 0..24
}

/** Whether [p, p+size) is a well-formed payload; every count is checked against the bytes that hold it. */
export function checkAllowlist(p: usize, size: i32): bool {
  if (size < PAYLOAD_HEADER) return false;
  let rest = <u32>(size - PAYLOAD_HEADER);
  let q = p + PAYLOAD_HEADER;
  for (let list = 0; list < 3; list++) {
    const n = load<u32>(p + 4 * list);
    if (n > rest / 4) return false; // divide: n * 4 could wrap
    if (!ascending(q, <i32>n, 4)) return false;
    q += <usize>n * 4;
    rest -= n * 4;
  }
  const nRanges = load<u32>(p, 12);
  if (nRanges > <u32>MAX_ALLOW_RANGES || nRanges > rest / RANGE_BYTES) return false;
  let prevNet: u32 = 0;
  let prevPrefix: u32 = 0;
  for (let i: u32 = 0; i < nRanges; i++) {
    const r = q + <usize>i * RANGE_BYTES;
    const net = load<u32>(r); // bounds: i < nRanges <= rest / RANGE_BYTES
    const prefix = load<u32>(r, 4);
    if (prefix < <u32>MIN_ALLOW_PREFIX || prefix > 32 || (net & ~prefixMask(prefix)) != 0) return false;
    if (i > 0 && (net < prevNet || (net == prevNet && prefix <= prevPrefix))) return false;
    prevNet = net;
    prevPrefix = prefix;
  }
  return true;
}

/** Whether [p, p+size) is a well-formed ALLOWLIST_NAMES payload naming every key of the ALLOWLIST payload `list`. */
export function checkAllowNames(p: usize, size: i32, list: usize): bool {
  if (size < PAYLOAD_HEADER || list == 0) return false;
  for (let i = 0; i < 3; i++) if (load<u32>(p + 4 * i) != load<u32>(list + 4 * i)) return false;
  const names = <u64>load<u32>(p) + <u64>load<u32>(p, 4) + 2 * <u64>load<u32>(p, 8);
  const textLength = <u64>load<u32>(p, 12);
  if (<u64>PAYLOAD_HEADER + 4 * (names + 1) + textLength > <u64>size) return false;
  let prev: u32 = 0;
  for (let i: u64 = 0; i <= names; i++) {
    const o = load<u32>(p + PAYLOAD_HEADER + <usize>(i << 2)); // bounds: checked above
    if (o < prev || <u64>o > textLength) return false;
    prev = o;
  }
  return <u64>prev == textLength;
}

/** Whether the `index`-th name of the payload is the text [s, s+len) ASCII-lowercased. */
function nameIs(names: usize, index: i32, s: usize, len: i32): bool {
  const count = <i32>load<u32>(names) + <i32>load<u32>(names, 4) + 2 * <i32>load<u32>(names, 8);
  const offsets = names + PAYLOAD_HEADER;
  const text = offsets + 4 * (<usize>count + 1);
  const from = load<u32>(offsets + 4 * <usize>index); // bounds: index < count, checked at load
  if (<i32>(load<u32>(offsets + 4 * <usize>(index + 1)) - from) != len) return false;
  for (let i = 0; i < len; i++) {
    let c = <u32>load<u8>(s + i); // bounds: i < len
    if (c - 65 < 26) c |= 32;
    if (c != <u32>load<u8>(text + from + i)) return false;
  }
  return true;
}

/**
 * The address of a dotted-decimal IPv4 text (four numbers 0–255 without leading zeros, nothing
 * else), or -1: the only form a range matches. Other texts match exact `ip` entries only.
 */
export function parseIPv4(p: usize, len: i32): i64 {
  let addr: u32 = 0;
  let parts = 0;
  let i = 0;
  while (parts < 4) {
    const start = i;
    let v: u32 = 0;
    while (i < len) {
      const d = <u32>load<u8>(p + i) - 48; // bounds: i < len
      if (d > 9) break;
      v = v * 10 + d;
      i++;
      if (i - start > 3) return -1;
    }
    const digits = i - start;
    if (digits == 0 || v > 255 || (digits > 1 && load<u8>(p + start) == 48)) return -1; // bounds: digits > 0
    addr = (addr << 8) | v;
    parts++;
    if (parts < 4) {
      if (i >= len || load<u8>(p + i) != 0x2e) return -1; // bounds: i < len
      i++;
    }
  }
  return i == len ? <i64>addr : -1;
}

/**
 * The kind of the first entry that lists the event (pair, then user, then IP, then a range), or NONE.
 * `user`, `ipKey`, `pair`: the event's entity hashes (0 = none); `userName`, `ip`: its texts. With
 * an ALLOWLIST_NAMES payload (`names`, 0 = none) a key matches only when its name does too.
 */
export function allowlistMatch(p: usize, names: usize, user: u32, ipKey: u32, pair: u32, userName: Slice, ip: Slice): AllowKind {
  const nUsers = <i32>load<u32>(p);
  const nIps = <i32>load<u32>(p, 4);
  const nPairs = <i32>load<u32>(p, 8);
  const nRanges = <i32>load<u32>(p, 12);
  const users = p + PAYLOAD_HEADER;
  const ips = users + 4 * <usize>nUsers;
  const pairs = ips + 4 * <usize>nIps;
  const ranges = pairs + 4 * <usize>nPairs;
  if (pair != 0) {
    const i = findKey(pairs, nPairs, 4, pair);
    const at = nUsers + nIps + 2 * i;
    if (i >= 0 && (names == 0 || (nameIs(names, at, userName.ptr, userName.len) && nameIs(names, at + 1, ip.ptr, ip.len)))) return AllowKind.PAIR;
  }
  if (user != 0) {
    const i = findKey(users, nUsers, 4, user);
    if (i >= 0 && (names == 0 || nameIs(names, i, userName.ptr, userName.len))) return AllowKind.USER;
  }
  if (ipKey != 0) {
    const i = findKey(ips, nIps, 4, ipKey);
    if (i >= 0 && (names == 0 || nameIs(names, nUsers + i, ip.ptr, ip.len))) return AllowKind.IP;
  }
  if (nRanges == 0) return AllowKind.NONE;
  const addr = parseIPv4(ip.ptr, ip.len);
  if (addr < 0) return AllowKind.NONE;
  for (let i = 0; i < nRanges; i++) {
    const r = ranges + <usize>i * RANGE_BYTES;
    if (((<u32>addr ^ load<u32>(r)) & prefixMask(load<u32>(r, 4))) == 0) return AllowKind.IP; // bounds: i < nRanges, checked at load
  }
  return AllowKind.NONE;
}
