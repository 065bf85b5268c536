// The normalised event: what the scanner extracts from one JSON record.
// Everything downstream (features, rules, reasons, batch reports) reads only this.

/**
 * A run of decoded UTF-8 bytes, inside the scratch arena or (a value without escapes) inside the
 * record itself; valid while the record is being processed, until the next record.
 */
export class Slice {
  ptr: usize = 0;
  len: i32 = 0;

  @inline clear(): void {
    this.ptr = 0;
    this.len = 0;
  }
}

/** Event kinds: the small vocabulary every log format is mapped onto. Ids are part of the feature schema. */
export const enum Kind {
  OTHER = 0,
  LOGIN_SUCCESS = 1,
  LOGIN_FAILURE = 2,
  PRIVILEGE_USE = 3, // sudo, su, runas, special logon
  PRIVILEGE_CHANGE = 4, // added to an admin group, role granted
  PROCESS_START = 5,
  SERVICE_INSTALL = 6,
  FILE_ACCESS = 7,
  NETWORK_CONNECTION = 8,
  ACCOUNT_CHANGE = 9, // user created/deleted, password changed
  COUNT = 10,
}

export const enum Outcome {
  UNKNOWN = 0,
  SUCCESS = 1,
  FAILURE = 2,
}

/** Cues read from the message, path and event type; bit flags. */
export const enum Cue {
  SENSITIVE_PATH = 1, // /etc/shadow, id_rsa, .aws/credentials, SAM, ...
  MENTIONS_ROOT = 2, // root / administrator / SYSTEM as a target
  FAIL_WORD = 4, // failed, failure, denied, invalid, incorrect
  REMOTE_LOGON = 8, // ssh, rdp, network logon, explicit credentials
  ADMIN_GROUP = 16, // sudo, wheel, admin(s), Domain Admins, Administrators
}

/** What a format module already knows about the event; classify() takes it over the text rules. */
// @ts-ignore: decorator
@inline export const NO_HINT: i32 = -1;

export class Event {
  /** Epoch milliseconds, NaN when the record has no usable timestamp. */
  timeMs: f64 = NaN;
  user: Slice = new Slice();
  sourceIp: Slice = new Slice();
  host: Slice = new Slice();
  eventType: Slice = new Slice();
  action: Slice = new Slice();
  message: Slice = new Slice();
  path: Slice = new Slice();
  /** Bytes moved by the event (bytes|size|bytes_out|bytes_sent|...), 0 when absent. */
  bytes: f64 = 0;
  kind: Kind = Kind.OTHER;
  outcome: Outcome = Outcome.UNKNOWN;
  cues: i32 = 0;
  /** The record's log format as read (input-config.ts LogFormat; never AUTO). */
  format: i32 = 0;
  /** Set by a format module that knows the kind / outcome (e.g. Windows 4625); NO_HINT otherwise. */
  kindHint: i32 = NO_HINT;
  outcomeHint: i32 = NO_HINT;
  /** Cue bits a format module adds to what the text rules find. */
  cueHint: i32 = 0;
  /** eventType holds a program name (syslog ident): not a word classify() should read as a kind. */
  typeIsProgram: bool = false;
  /** Hash of the process id the line names (syslog pid), 0 when none: with host and program, its session. */
  pidKey: u32 = 0;
  /** The line names the user, and the name is empty (`Invalid user  from …`): a user value of its own. */
  userEmpty: bool = false;
  /** The line belongs to a process (session.ts) that has failed a login and not succeeded since. */
  inFailedSession: bool = false;

  reset(): void {
    this.timeMs = NaN;
    this.user.clear();
    this.sourceIp.clear();
    this.host.clear();
    this.eventType.clear();
    this.action.clear();
    this.message.clear();
    this.path.clear();
    this.bytes = 0;
    this.kind = Kind.OTHER;
    this.outcome = Outcome.UNKNOWN;
    this.cues = 0;
    this.format = 0;
    this.kindHint = NO_HINT;
    this.outcomeHint = NO_HINT;
    this.cueHint = 0;
    this.typeIsProgram = false;
    this.pidKey = 0;
    this.userEmpty = false;
    this.inFailedSession = false;
  }
}
