// Which windowed evidence belongs to an event. A user's failed-login counters
// describe an attack on that account: they are evidence for the failures
// themselves, for a success from a source that has been failing (the guess that
// worked), and for what the intruder does right after that success. They say
// nothing about the account's other events: root's CRON session on the same host
// while Internet guessers fail against root is not part of their attack.
//
// Compromise block in a user slot (COMPROMISE_BYTES), written when a brute force
// ends in a success:
//   +0  u32 time of the success, epoch seconds (0 = none)
//   +4  u32 source IP hash of the success
//   +8  u32 host hash of the success (0 = none)
//   +12 u32 start of the source's incident, epoch seconds
//   +16 u32 the incident's threat
//   +20 u32 (padding)

import { Kind } from "../event/event";
import { Threat } from "../../contract/vocabulary.ts";

// @ts-ignore: decorator
@inline export const COMPROMISE_BYTES: i32 = 24;
/**
 * How long after a compromising success the account's actions on that host count
 * as the intruder's: long enough for the sudo, the new account and the persistence
 * that follow a successful guess, short enough that tomorrow's admin work does not.
 */
// @ts-ignore: decorator
@inline const FOLLOW_WINDOW_S: u32 = 1800;

/** Kinds of event an intruder's follow-up consists of, when they arrive without a source address. */
// @ts-ignore: decorator
@inline function isFollowUpKind(kind: Kind): bool {
  return kind == Kind.PRIVILEGE_USE || kind == Kind.PRIVILEGE_CHANGE || kind == Kind.ACCOUNT_CHANGE ||
    kind == Kind.PROCESS_START || kind == Kind.SERVICE_INSTALL;
}

/**
 * True when this event of the account continues a compromise: from the source that
 * succeeded, or (sudo, useradd and their kin carry no address) a privileged action
 * on the host it succeeded on, within the follow window.
 */
export function followsCompromise(block: usize, nowSec: u32, ip: u32, host: u32, kind: Kind): bool {
  const at = load<u32>(block);
  if (at == 0 || nowSec > at + FOLLOW_WINDOW_S) return false;
  if (ip != 0) return ip == load<u32>(block, 4);
  return isFollowUpKind(kind) && host == load<u32>(block, 8);
}

export function markCompromise(block: usize, nowSec: u32, ip: u32, host: u32, incidentStart: u32, threat: Threat): void {
  store<u32>(block, max<u32>(nowSec, 1));
  store<u32>(block, ip, 4);
  store<u32>(block, host, 8);
  store<u32>(block, incidentStart, 12);
  store<u32>(block, <u32>threat, 16);
}

/** The source IP hash whose incident the compromise belongs to. */
// @ts-ignore: decorator
@inline export function compromiseSource(block: usize): u32 {
  return load<u32>(block, 4);
}

// @ts-ignore: decorator
@inline export function compromiseIncidentStart(block: usize): u32 {
  return load<u32>(block, 12);
}

// @ts-ignore: decorator
@inline export function compromiseThreat(block: usize): Threat {
  return <Threat>load<u32>(block, 16);
}
