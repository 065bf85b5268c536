// Wazuh's frequency rules (analysisd): a rule with frequency="F" timeframe="T" fires on the
// event that makes F matches of its if_matched_sid/group within the last T seconds (Wazuh >= 3.x
// counts the event itself: "Number of times the rule must have matched before firing",
// documentation.wazuh.com ruleset-xml-syntax/rules), grouped by its same_* field. After firing
// it is ignored for `ignore` seconds, for every key alike (the rule's own time_ignored).

import type { PeerAlert, PeerEvent } from "./alert.ts";

export interface FrequencyRule {
  id: string;
  frequency: number;
  timeframeMs: number;
  /** 0 when the rule has no ignore attribute. */
  ignoreMs: number;
  /** The key of an event the rule counts (its same_source_ip / same_field), undefined when it does not count it. */
  keyOf(e: PeerEvent): string | undefined;
}

export function runFrequency(events: readonly PeerEvent[], rule: FrequencyRule): PeerAlert[] {
  const seen = new Map<string, number[]>();
  const alerts: PeerAlert[] = [];
  let ignoredUntil = Number.NEGATIVE_INFINITY;
  let last: PeerAlert | undefined;
  events.forEach((e, i) => {
    const key = rule.keyOf(e);
    if (key === undefined) return;
    const recent = (seen.get(key) ?? []).filter((j) => e.timeMs - events[j].timeMs <= rule.timeframeMs);
    recent.push(i);
    seen.set(key, recent);
    if (e.timeMs < ignoredUntil) {
      if (last?.key === key) last.marks.push(i);
      return;
    }
    if (recent.length < rule.frequency) return;
    last = { rule: rule.id, trigger: i, marks: [...recent], key };
    alerts.push(last);
    ignoredUntil = e.timeMs + rule.ignoreMs;
  });
  return alerts;
}
