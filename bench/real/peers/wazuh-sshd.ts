// Wazuh rule 5712 "sshd: brute force trying to get access to the system. Non existent user."
// (wazuh/wazuh ruleset/rules/0095-sshd_rules.xml at 1d8f838d5e1c9e6bbaaa3c0f8c03fb39c8653f92):
// frequency 8, timeframe 120, ignore 60, if_matched_sid 5710, same_source_ip.
//
// 5710 is the child of 5700 (every line the sshd decoder takes: program name ^sshd) whose match
// is "illegal user|invalid user". analysisd tries a parent's children in file order and keeps the
// first that matches, so a line 5701–5709 claims first never reaches 5710 (their matches are
// checked here). <match> is OS_Match: case-insensitive, and a rule's several <match> tags join
// into one "|" list. The source IP stands for what the sshd decoders (0310-ssh_decoders.xml) extract:
// the address after "from"/"by", or the one in "… user X <ip> port N".

import { syslogLine, type Peer, type PeerEvent } from "./alert.ts";
import { runFrequency, type FrequencyRule } from "./wazuh-frequency.ts";

/** Rules 5701–5709 that come before 5710 and could claim an "invalid user" line. */
const BEFORE_5710 = [
  /Bad protocol version identification/i,
  /^reverse mapping.*failed - POSSIBLE BREAK/i,
  /fatal: Timeout before authentication for/i,
  /Did not receive identification string from/i,
  /fatal: buffer_get_string: bad string/i,
  /error: Could not get shadow information for NOUSER|fatal: Read from socket failed: |error: ssh_msg_send: write|^syslogin_perform_logout: |^pam_succeed_if\(sshd:auth\): error retrieving information about user|can't verify hostname: getaddrinfo/i,
];
const RULE_5710 = /illegal user|invalid user/i;
const SRCIP = /(?:from|by)(?: (?:invalid|authenticating|illegal) user \S*)? (\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]+:[0-9a-fA-F.]+)/;
const USER_IP = / user \S* (\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]+:[0-9a-fA-F.]+) port /;

/** The source IP of a line rule 5710 matches, else undefined. */
export function wazuh5710(program: string, message: string): string | undefined {
  if (!program.startsWith("sshd")) return undefined;
  if (!RULE_5710.test(message) || BEFORE_5710.some((re) => re.test(message))) return undefined;
  return (SRCIP.exec(message) ?? USER_IP.exec(message))?.[1];
}

export const RULE_5712: FrequencyRule = {
  id: "5712",
  frequency: 8,
  timeframeMs: 120_000,
  ignoreMs: 60_000,
  keyOf: (e: PeerEvent) => {
    const { program, message } = syslogLine(e.record);
    return wazuh5710(program, message);
  },
};

export const WAZUH_5712: Peer = {
  name: "wazuh 5712",
  cites: ["wazuh/wazuh ruleset/rules/0095-sshd_rules.xml rules 5700, 5701-5710, 5712"],
  run: (events) => runFrequency(events, RULE_5712),
};
