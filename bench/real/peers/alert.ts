// What a rule-based peer says about a stream, in the terms the benchmark scores us by.
//
// An alert is raised at one event (its trigger: the 5th failure of a fail2ban jail, the event a
// CrowdSec bucket overflows on, the event a Wazuh frequency rule fires on). It marks the events
// it counted (the trigger and the earlier events of its window) and, while it lasts (fail2ban's
// bantime, CrowdSec's blackhole, Wazuh's ignore), the later events of the same key the same rule
// matches. One alert is one incident. For us an alert is an event scored >= 0.5, it marks that
// event, and an incident is one incident_id.

export interface PeerEvent {
  timeMs: number;
  record: Record<string, unknown>;
}

export interface PeerAlert {
  rule: string;
  /** Index (into the events) of the event the alert was raised at. */
  trigger: number;
  /** Every event the alert marks, the trigger included. */
  marks: number[];
  /** What the alert is about (a source IP, a user, a host). */
  key: string;
}

export interface Peer {
  name: string;
  /** The rule files it re-implements. */
  cites: string[];
  run(events: readonly PeerEvent[]): PeerAlert[];
}

export interface PeerDecisions {
  /** An alert was raised at this event. */
  raised: boolean[];
  /** Some alert marks this event. */
  marked: boolean[];
}

export function decisions(alerts: readonly PeerAlert[], n: number): PeerDecisions {
  const raised = new Array<boolean>(n).fill(false);
  const marked = new Array<boolean>(n).fill(false);
  for (const a of alerts) {
    raised[a.trigger] = true;
    for (const i of a.marks) marked[i] = true;
  }
  return { raised, marked };
}

export const text = (r: Record<string, unknown>, key: string): string => {
  const v = r[key];
  return typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);
};

/** The program and message of a syslog record (Fluent Bit `ident`, Vector `appname`, rsyslog `programname`). */
export function syslogLine(r: Record<string, unknown>): { program: string; message: string } {
  const program = text(r, "ident") || text(r, "appname") || text(r, "programname") || text(r, "program");
  return { program, message: text(r, "message") };
}
