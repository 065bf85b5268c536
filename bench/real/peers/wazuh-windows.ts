// Wazuh's Windows rules for the events issue #15 names (wazuh/wazuh ruleset/rules/
// 0580-win-security_rules.xml and 0590-win-system_rules.xml at
// 1d8f838d5e1c9e6bbaaa3c0f8c03fb39c8653f92):
//   60204 Multiple Windows logon failures: frequency $MS_FREQ (8), timeframe 240, if_matched_group
//         authentication_failed (here the 4625 logon failures, 60122), same_field ipAddress
//   60203 Multiple failed attempts to perform a privileged operation: frequency 8, timeframe 240,
//         if_matched_sid 60107 (4673 audit failures), same_field targetUserName. A 4673 has no
//         TargetUserName, and a same_field the events lack never matches, so it stays silent on them.
//   60109 User account enabled or created (4720, 4722)    60141 global group member added (4728)
//   60144 local group member added (4732)                 60117 audit log cleared (1102)
//   61138 New Windows Service Created (7045, System)
// The single-event rules raise one alert per event.

import type { Peer, PeerAlert, PeerEvent } from "./alert.ts";
import { channel, eventId, field, host } from "./windows-record.ts";
import { runFrequency, type FrequencyRule } from "./wazuh-frequency.ts";

const AUDIT_FAILURE = 0x0010000000000000n;
const isAuditFailure = (e: PeerEvent): boolean => {
  const k = field(e.record, "Keywords");
  try {
    return (BigInt(k) & AUDIT_FAILURE) !== 0n;
  } catch {
    return k.toLowerCase().includes("audit failure");
  }
};

const security = (e: PeerEvent, ...ids: number[]) => channel(e.record) === "security" && ids.includes(eventId(e.record));
const present = (v: string): string | undefined => (v === "" || v === "-" ? undefined : v);

const RULE_60204: FrequencyRule = {
  id: "60204",
  frequency: 8,
  timeframeMs: 240_000,
  ignoreMs: 0,
  keyOf: (e) => (security(e, 4625) ? present(field(e.record, "IpAddress")) : undefined),
};

const RULE_60203: FrequencyRule = {
  id: "60203",
  frequency: 8,
  timeframeMs: 240_000,
  ignoreMs: 0,
  keyOf: (e) => (security(e, 4673) && isAuditFailure(e) ? present(field(e.record, "TargetUserName")) : undefined),
};

const SINGLE: Array<{ id: string; match: (e: PeerEvent) => boolean }> = [
  { id: "60109", match: (e) => security(e, 4720, 4722) },
  { id: "60141", match: (e) => security(e, 4728) },
  { id: "60144", match: (e) => security(e, 4732) },
  { id: "60117", match: (e) => security(e, 1102) },
  { id: "61138", match: (e) => channel(e.record) === "system" && eventId(e.record) === 7045 },
];

export function runWazuhWindows(events: readonly PeerEvent[]): PeerAlert[] {
  const alerts = [...runFrequency(events, RULE_60204), ...runFrequency(events, RULE_60203)];
  events.forEach((e, i) => {
    for (const rule of SINGLE) if (rule.match(e)) alerts.push({ rule: rule.id, trigger: i, marks: [i], key: `${rule.id}@${host(e.record)}` });
  });
  return alerts.sort((a, b) => a.trigger - b.trigger);
}

export const WAZUH_WINDOWS: Peer = {
  name: "wazuh windows",
  cites: ["wazuh/wazuh ruleset/rules/0580-win-security_rules.xml 60109 60117 60141 60144 60203 60204", "wazuh/wazuh ruleset/rules/0590-win-system_rules.xml 61138"],
  run: runWazuhWindows,
};
