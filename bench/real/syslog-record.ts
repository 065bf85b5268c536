// A raw syslog line as Fluent Bit's `syslog-rfc3164` parser turns it into a record
// (fluent/fluent-bit conf/parsers.conf, with Time_Keep On so the record keeps `time`):
//   ^\<(?<pri>[0-9]+)\>(?<time>[^ ]* {1,2}[^ ]* [^ ]*) (?<host>[^ ]*) (?<ident>[a-zA-Z0-9_\/\.\-]*)(?:\[(?<pid>[0-9]+)\])?(?:[^\:]*\:)? *(?<message>.*)$
// A tailed /var/log/auth.log carries no `<pri>`, so that prefix is optional here. The raw line
// stays in `raw_line` (a key the scorer does not read), for the peers and for readers.

const RFC3164 = /^(?:<(?<pri>[0-9]+)>)?(?<time>[^ ]* {1,2}[^ ]* [^ ]*) (?<host>[^ ]*) (?<ident>[a-zA-Z0-9_/.-]*)(?:\[(?<pid>[0-9]+)\])?(?:[^:]*:)? *(?<message>.*)$/;

export interface SyslogRecord {
  pri?: string;
  time: string;
  host: string;
  ident: string;
  pid?: string;
  message: string;
  raw_line: string;
}

/** The record for one line; undefined when the parser would not match (Fluent Bit then keeps the line unparsed). */
export function syslogRecord(line: string): SyslogRecord | undefined {
  const g = RFC3164.exec(line)?.groups;
  if (!g) return undefined;
  return {
    ...(g.pri !== undefined ? { pri: g.pri } : {}),
    time: g.time,
    host: g.host,
    ident: g.ident,
    ...(g.pid !== undefined ? { pid: g.pid } : {}),
    message: g.message,
    raw_line: line,
  };
}
