// Event classification: kind, outcome and cue bits from the decoded eventType, action, message and
// path of an Event. ASCII case-insensitive matching over the arena bytes; no allocation per event.
//
// How matching works
//   Every pattern below belongs to one or more scopes (which slice it is looked for in), has
//   optional word-boundary flags and carries tag bits. One pass over a slice ORs together the tags
//   of every pattern found in it. A '_' in a pattern matches any separator: '_', '-', ' ' or '.'.
//   "Word" characters are ASCII letters and digits, so in "ssh_login" both "ssh" and "login" are
//   whole words.
//
// Outcome (first rule that fires)
//   | source                  | FAILURE                                      | SUCCESS                          |
//   |-------------------------|----------------------------------------------|----------------------------------|
//   | action (whole words)    | failure failed fail denied deny rejected     | success succeeded successful ok  |
//   |                         | reject error invalid blocked block false     | accepted accept allowed allow    |
//   |                         | refused unauthorized forbidden unsuccessful  | pass passed granted permitted    |
//   |                         | dropped drop                                 | true                             |
//   | action (number)         | HTTP 400..599                                | 0, HTTP 100..399                 |
//   | eventType (whole words) | same words as action                         | same words as action             |
//   | message (substrings)    | fail denied invalid incorrect rejected       | "accepted password/publickey/    |
//   |                         | unauthorized forbidden unsuccessful          |  keyboard-interactive", success* |
//   |                         | "bad password"                               |  (word start)                    |
//   otherwise UNKNOWN.
//
// Kind: families are read from eventType (whole words); if it names none, from action; if still
// none, from the message (phrases). The highest family in this list wins:
//   | family       | eventType / action words                    | message phrases (examples)            | kind                        |
//   |--------------|---------------------------------------------|---------------------------------------|-----------------------------|
//   | GROUP        | group(s) role(s) member membership           | "to group", "member was added",       | PRIVILEGE_CHANGE if an admin|
//   |              | privilege_change group_change ... 4728 4732  | usermod, gpasswd, "granted role"      | group is named, else        |
//   |              | 4756                                         |                                       | ACCOUNT_CHANGE              |
//   | ACCOUNT      | account_change user_created user_add ...     | "new user", useradd, "password        | ACCOUNT_CHANGE              |
//   |              | password_change password_reset 4720..4726    |  changed", "account was created"      |                             |
//   | PRIV_USE     | sudo su privilege(s) runas elevation         | "sudo:", "command=", "su:", "(to      | PRIVILEGE_USE               |
//   |              | escalation special_logon 4672                |  root)", runas, "special privileges"  |                             |
//   | LOGOUT       | logout logoff sign_out 4634 4647             | "logged out", logoff, "session closed"| OTHER                       |
//   | LOGIN        | login logon auth authentication ssh sshd     | "password for", "publickey for",      | LOGIN_FAILURE if outcome is |
//   |              | signin sign_in rdp kerberos ntlm 4624 4625   | authentication, login, logon,         | FAILURE, else LOGIN_SUCCESS |
//   |              | 4648 4776                                    | "logged in"                           |                             |
//   | ACCOUNT_WEAK | account(s) password(s) passwd                | -                                     | ACCOUNT_CHANGE              |
//   | SERVICE      | service(s) service_install 4697 7045         | "service was installed", "new service"| SERVICE_INSTALL             |
//   | PROCESS      | process process_start exec execve command    | "new process", execve, executed       | PROCESS_START               |
//   |              | cmd 4688                                     |                                       |                             |
//   | FILE         | file(s) file_access file_read file_write     | "opened file", "file access",         | FILE_ACCESS                 |
//   |              | download upload object object_access 4663    | download, upload                      |                             |
//   | NETWORK      | network connection(s) conn flow netflow      | "connection from", "connected to",    | NETWORK_CONNECTION          |
//   |              | transfer firewall 5156                       | transferred, "bytes sent"             |                             |
//   no family → OTHER.
//
// Cues
//   | cue            | rule                                                                                  |
//   |----------------|---------------------------------------------------------------------------------------|
//   | SENSITIVE_PATH | path contains /etc/shadow /etc/passwd /etc/sudoers /etc/gshadow id_rsa id_ed25519     |
//   |                | id_ecdsa id_dsa .ssh/ .ssh\ .aws/credentials ntds.dit /root/ .kdbx backup.sql, .pem   |
//   |                | .key .pfx .p12 \sam (at a word end), secret credential password dump; the message is  |
//   |                | checked for the same list minus the bare words secret/credential/password/dump (they  |
//   |                | would flag every "Failed password for" sshd line)                                     |
//   | MENTIONS_ROOT  | message has the word root or administrator, or authority\system, user=system          |
//   | FAIL_WORD      | message or eventType has a failure word (outcome table above)                         |
//   | REMOTE_LOGON   | message or eventType has ssh rdp remote explicit network_logon, or eventType 4648     |
//   | ADMIN_GROUP    | message or eventType names wheel administrators domain_admins enterprise_admins       |
//   |                | schema_admins; or sudo admin(s) root when the text also says group(s) or the family  |
//   |                | is GROUP                                                                              |
//
// Format hints (formats/*.ts): a format module that knows the event (a Windows EventID, a
// CloudTrail eventName, an sshd line) sets ev.kindHint / ev.outcomeHint / ev.cueHint; they take
// precedence over the rules above (a LOGIN family follows the hinted outcome), and cueHint bits are
// added to the cues found in the text. When ev.typeIsProgram is set, eventType is a program name
// (syslog ident such as "sshd") and is not read for kind, outcome or cues.

import { Cue, Event, Kind, NO_HINT, Outcome } from "./event";

// ---- scopes: where a pattern is looked for ----
// @ts-ignore: decorator
@inline const S_MSG: u8 = 1;
// @ts-ignore: decorator
@inline const S_PATH: u8 = 2;
// @ts-ignore: decorator
@inline const S_TYPE: u8 = 4; // eventType, and action when eventType names no family
// @ts-ignore: decorator
@inline const S_ACTION: u8 = 8; // action outcome words

// ---- flags ----
// @ts-ignore: decorator
@inline const NONE: u8 = 0;
// @ts-ignore: decorator
@inline const WS: u8 = 1; // the byte before must not be a word character
// @ts-ignore: decorator
@inline const WE: u8 = 2; // the byte after must not be a word character
// @ts-ignore: decorator
@inline const WORD: u8 = WS | WE;

// ---- tags ----
// @ts-ignore: decorator
@inline const T_FAIL: u32 = 1 << 0;
// @ts-ignore: decorator
@inline const T_SUCCESS: u32 = 1 << 1;
// @ts-ignore: decorator
@inline const T_SENSITIVE: u32 = 1 << 2;
// @ts-ignore: decorator
@inline const T_ROOT: u32 = 1 << 3;
// @ts-ignore: decorator
@inline const T_REMOTE: u32 = 1 << 4;
// @ts-ignore: decorator
@inline const T_ADMIN_STRONG: u32 = 1 << 5;
// @ts-ignore: decorator
@inline const T_ADMIN_WEAK: u32 = 1 << 6;
// @ts-ignore: decorator
@inline const T_GROUP_WORD: u32 = 1 << 7;
// Families, in priority order (lowest bit wins).
// @ts-ignore: decorator
@inline const F_GROUP: u32 = 1 << 8;
// @ts-ignore: decorator
@inline const F_ACCOUNT: u32 = 1 << 9;
// @ts-ignore: decorator
@inline const F_PRIV_USE: u32 = 1 << 10;
// @ts-ignore: decorator
@inline const F_LOGOUT: u32 = 1 << 11;
// @ts-ignore: decorator
@inline const F_LOGIN: u32 = 1 << 12;
// @ts-ignore: decorator
@inline const F_ACCOUNT_WEAK: u32 = 1 << 13;
// @ts-ignore: decorator
@inline const F_SERVICE: u32 = 1 << 14;
// @ts-ignore: decorator
@inline const F_PROCESS: u32 = 1 << 15;
// @ts-ignore: decorator
@inline const F_FILE: u32 = 1 << 16;
// @ts-ignore: decorator
@inline const F_NETWORK: u32 = 1 << 17;
// @ts-ignore: decorator
@inline const F_ALL: u32 = (F_NETWORK << 1) - F_GROUP;

// ---- HTTP-like status codes in action ----
// @ts-ignore: decorator
@inline const STATUS_OK_MIN: i32 = 100;
// @ts-ignore: decorator
@inline const STATUS_FAIL_MIN: i32 = 400;
// @ts-ignore: decorator
@inline const STATUS_MAX: i32 = 599;
// @ts-ignore: decorator
@inline const STATUS_DIGITS: i32 = 3;

// ---- pattern automata ----
// Each lookup scope is one Aho-Corasick automaton, built at start: a DFA over byte classes whose
// state says which pattern prefixes end at the current byte, so a scan reads every byte once and
// never compares pattern text. A byte maps to a column (letters case-folded; bytes that occur in no
// pattern share one column). A '_' in a pattern is inserted as four paths, one per separator, so
// the DFA stays deterministic; none of the patterns below has more than one.
// It replaced a search by two-byte buckets, a third/fourth-byte hash filter and a compare per
// candidate, at about a third of the instructions (bench/README.md has the figures). The price is
// memory, the rows of MSG (1,296 states), TYPE and ACTION (1,205, shared) and PATH (194) over 49
// columns, and building them once at start.
//
//   CLASS   256 x u8                       byte → column << 2
//   ROW     STATES x COLUMNS x u32          column 0: first output record of the state (0 = none);
//           per lookup, on the heap         columns 1..: address of the next state's row (column
//                                           1 = bytes in no pattern). States with outputs come
//                                           last, so one compare against OUT_FROM finds them.
//   OUTPUT  16-byte records, on the heap   TAGS u32, NEXT u32 (address, 0 = end), LEN u8,
//                                           FLAGS u8: every pattern ending at a state, its own
//                                           first, then its failure state's (shared tails)
//   ROOT / OUT_FROM  LOOKUPS x u32          root row, first row with outputs; lookups with the
//                                           same patterns share one automaton
// The word-boundary flags are checked when a pattern is reported, on the bytes around it.

// @ts-ignore: decorator
@inline const MAX_PATTERNS: i32 = 1023;
// @ts-ignore: decorator
@inline const MAX_COLUMNS: i32 = 64; // column << 2 must fit a u8
// @ts-ignore: decorator
@inline const MAX_WILDCARDS: i32 = 2; // '_' per pattern: each one makes four trie paths
// @ts-ignore: decorator
@inline const COL_OTHER: i32 = 1;
// Lookup scopes: which automaton a scan runs. TYPE patterns are also action patterns.
// @ts-ignore: decorator
@inline const L_MSG: i32 = 0;
// @ts-ignore: decorator
@inline const L_PATH: i32 = 1;
// @ts-ignore: decorator
@inline const L_TYPE: i32 = 2;
// @ts-ignore: decorator
@inline const L_ACTION: i32 = 3;
// @ts-ignore: decorator
@inline const LOOKUPS: i32 = 4;

// Pattern records, the input of the build: TAGS u32, SCOPE u8, FLAGS u8.
// @ts-ignore: decorator
@inline const PATTERN_SHIFT: i32 = 3;
// @ts-ignore: decorator
@inline const PR_TAGS: usize = 0;
// @ts-ignore: decorator
@inline const PR_SCOPE: usize = 4;
// @ts-ignore: decorator
@inline const PR_FLAGS: usize = 5;
// @ts-ignore: decorator
@inline const OUTPUT_SHIFT: i32 = 4;
// @ts-ignore: decorator
@inline const O_TAGS: usize = 0;
// @ts-ignore: decorator
@inline const O_NEXT: usize = 4;
// @ts-ignore: decorator
@inline const O_LEN: usize = 8;
// @ts-ignore: decorator
@inline const O_FLAGS: usize = 9;

// @ts-ignore: decorator
@lazy const P_CLASS: usize = memory.data(256); // u8 column << 2 per byte value
// @ts-ignore: decorator
@lazy const P_RECORD: usize = memory.data(MAX_PATTERNS << PATTERN_SHIFT, 4);
// @ts-ignore: decorator
@lazy const A_ROOT: usize = memory.data(LOOKUPS << 2, 4);
// @ts-ignore: decorator
@lazy const A_OUT_FROM: usize = memory.data(LOOKUPS << 2, 4);
const P_TEXT = new StaticArray<string>(MAX_PATTERNS);
let patternCount: i32 = 0;
let columnCount: i32 = COL_OTHER + 1;
let patternsRejected: i32 = 0;
memory.fill(P_CLASS, <u8>(COL_OTHER << 2), 256);

/** Patterns that could not be added (table or columns full, not isPatternText); tests pin this to 0. */
export function rejectedPatterns(): i32 {
  return patternsRejected;
}

/** Patterns added; with patternText and patternRecord, what the tests check the automata against. */
export function patternsAdded(): i32 {
  return patternCount;
}

export function patternText(i: i32): string {
  return P_TEXT[i];
}

/** Address of pattern `i`'s record: TAGS u32, SCOPE u8 (S_*), FLAGS u8 (WS | WE). */
export function patternRecord(i: i32): usize {
  return P_RECORD + (<usize>i << PATTERN_SHIFT);
}

// @ts-ignore: decorator
@inline function isWordChar(c: u32): bool {
  return (c | 0x20) - 0x61 < 26 || c - 0x30 < 10;
}

function allocZeroed(size: usize): usize {
  const p = heap.alloc(size);
  memory.fill(p, 0, size);
  return p;
}

/** Column of byte `c`, assigned on first use (both cases for letters); false when columns run out. */
function claimColumn(c: u32): bool {
  if (load<u8>(P_CLASS + <usize>c) != <u8>(COL_OTHER << 2)) return true;
  if (columnCount >= MAX_COLUMNS) return false;
  const col = <u8>(columnCount++ << 2);
  store<u8>(P_CLASS + <usize>c, col);
  if (c - 0x61 < 26) store<u8>(P_CLASS + <usize>(c - 0x20), col); // upper case too
  return true;
}

/** Claims the columns of every byte `text` can match; false when they run out. */
function claimColumns(text: string): bool {
  for (let j = 0; j < text.length; j++) {
    const c = <u32>text.charCodeAt(j);
    const ok = c == 0x5f
      ? claimColumn(0x5f) && claimColumn(0x2d) && claimColumn(0x20) && claimColumn(0x2e)
      : claimColumn(c);
    if (!ok) return false;
  }
  return true;
}

/** Whether `text` is 1..255 characters of lowercase ASCII with at most MAX_WILDCARDS '_'. */
function isPatternText(text: string): bool {
  const n = text.length;
  if (n < 1 || n > <i32>u8.MAX_VALUE) return false;
  let wildcards = 0;
  for (let j = 0; j < n; j++) {
    const c = <u32>text.charCodeAt(j);
    if (c > 0x7f || c - 0x41 < 26) return false;
    if (c == 0x5f) wildcards++;
  }
  return wildcards <= MAX_WILDCARDS;
}

/** Adds each '|'-separated pattern (lowercase ASCII); the automata are built once all are in. */
function add(scope: u8, flags: u8, tags: u32, list: string): void {
  const parts = list.split("|");
  for (let i = 0; i < parts.length; i++) {
    const text = unchecked(parts[i]);
    if (patternCount >= MAX_PATTERNS || !isPatternText(text) || !claimColumns(text)) {
      patternsRejected++;
      continue;
    }
    const r = patternRecord(patternCount);
    store<u32>(r, tags, PR_TAGS);
    store<u8>(r, scope, PR_SCOPE);
    store<u8>(r, flags, PR_FLAGS);
    unchecked((P_TEXT[patternCount++] = text));
  }
}

// scope               flags  tags                          patterns
const S_OUTCOME: u8 = S_ACTION | S_TYPE;
add(S_OUTCOME,         WORD,  T_FAIL,                       "failure|failed|fail|denied|deny|rejected|reject|error|invalid|blocked|block|false|refused|unauthorized|forbidden|unsuccessful|dropped|drop");
add(S_OUTCOME,         WORD,  T_SUCCESS,                    "success|succeeded|successful|ok|accepted|accept|allowed|allow|pass|passed|granted|permitted|true");
add(S_MSG,             NONE,  T_FAIL,                       "fail|denied|invalid|incorrect|rejected|unauthorized|forbidden|unsuccessful|bad password");
add(S_MSG,             NONE,  T_SUCCESS,                    "accepted password|accepted publickey|accepted keyboard-interactive");
add(S_MSG,             WS,    T_SUCCESS,                    "success");
add(S_MSG | S_PATH,    NONE,  T_SENSITIVE,                  "/etc/shadow|/etc/passwd|/etc/sudoers|/etc/gshadow|id_rsa|id_ed25519|id_ecdsa|id_dsa|.ssh/|.ssh\\|.aws/credentials|ntds.dit|/root/|.kdbx|backup.sql");
add(S_MSG | S_PATH,    WE,    T_SENSITIVE,                  ".pem|.key|.pfx|.p12|\\sam");
add(S_PATH,            NONE,  T_SENSITIVE,                  "secret|credential|password|dump");
add(S_MSG,             WORD,  T_ROOT | T_ADMIN_WEAK,        "root");
add(S_MSG,             WORD,  T_ROOT,                       "administrator");
add(S_MSG,             NONE,  T_ROOT,                       "authority\\system|user=system");
add(S_MSG | S_TYPE,    NONE,  T_REMOTE,                     "ssh|rdp|remote|explicit|network_logon");
add(S_TYPE,            WORD,  F_LOGIN | T_REMOTE,           "4648");
add(S_MSG | S_TYPE,    WORD,  T_ADMIN_STRONG,               "wheel|administrators|domain_admins|enterprise_admins|schema_admins");
add(S_MSG | S_TYPE,    WORD,  T_ADMIN_WEAK,                 "sudo|admin|admins");
add(S_MSG | S_TYPE,    WS,    T_GROUP_WORD,                 "group");
// families named by eventType / action
add(S_TYPE,            WORD,  F_GROUP,                      "group|groups|role|roles|member|membership|privilege_change|group_change|role_change|member_added|4728|4732|4756");
add(S_TYPE,            WORD,  F_ACCOUNT,                    "account_change|user_created|user_add|user_added|user_deleted|user_removed|user_modified|password_change|password_reset|useradd|userdel|4720|4722|4723|4724|4725|4726");
add(S_TYPE,            WORD,  F_PRIV_USE,                   "sudo|su|privilege|privileges|runas|elevation|elevate|escalation|special_logon|4672");
add(S_TYPE,            WORD,  F_LOGOUT,                     "logout|logoff|log_out|log_off|sign_out|signout|4634|4647");
add(S_TYPE,            WORD,  F_LOGIN,                      "login|logon|logins|auth|authentication|authenticate|ssh|sshd|signin|sign_in|rdp|kerberos|ntlm|4776");
add(S_TYPE,            WORD,  F_LOGIN | T_SUCCESS,          "4624");
add(S_TYPE,            WORD,  F_LOGIN | T_FAIL,             "4625");
add(S_TYPE,            WORD,  F_ACCOUNT_WEAK,               "account|accounts|password|passwords|passwd");
add(S_TYPE,            WORD,  F_SERVICE,                    "service|services|service_install|service_installed|service_created|4697|7045");
add(S_TYPE,            WORD,  F_PROCESS,                    "process|process_start|process_creation|exec|execve|execution|command|cmd|4688");
add(S_TYPE,            WORD,  F_FILE,                       "file|files|file_access|file_read|file_write|download|upload|object|object_access|4663");
add(S_TYPE,            WORD,  F_NETWORK,                    "network|network_connection|connection|connections|conn|flow|netflow|transfer|firewall|5156");
// families named by the message
add(S_MSG,             WS,    F_GROUP,                      "to group|to the group|member was added|member added|added member|usermod|gpasswd|role assigned|assigned role|granted role|role granted|to role");
add(S_MSG,             WS,    F_ACCOUNT,                    "new user|useradd|userdel|account created|account deleted|account was created|account was deleted|account was changed|account was disabled|account was enabled|password changed|changed password|password was changed|password change|password reset|passwd[|chpasswd|user created|user deleted|created user|deleted user");
add(S_MSG,             WS,    F_PRIV_USE,                   "sudo:|sudo[|command=|su:|su[|(to root)|runas|special privileges|elevat|privilege escalation");
add(S_MSG,             WS,    F_LOGOUT,                     "logged out|logout|logoff|logged off|log off|session closed|signed out|sign out");
add(S_MSG,             WS,    F_LOGIN,                      "password for|publickey for|keyboard-interactive|authentication|login|logon|logged in|logged on|log on|sign-in|signin|sign in|signed in");
add(S_MSG,             WS,    F_SERVICE,                    "service was installed|service installed|new service|installed service|service created|created service|sc create|sc.exe create|systemctl enable");
add(S_MSG,             WS,    F_PROCESS,                    "new process|execve|process created|process started|started process|executed|command line|spawned");
add(S_MSG,             WS,    F_FILE,                       "opened file|file opened|file access|accessed file|read file|file read|wrote file|file written|file write|deleted file|file deleted|object was accessed|object access|download|upload");
add(S_MSG,             WS,    F_NETWORK,                    "connection from|connection to|connected to|connection established|outbound connection|inbound connection|connection attempt|transferred|bytes sent|bytes received|netflow");

// ---- building the automata (once, after the pattern table above) ----

/** Scopes whose patterns a lookup's automaton holds. */
function lookupScope(lookup: i32): u8 {
  if (lookup == L_MSG) return S_MSG;
  if (lookup == L_PATH) return S_PATH;
  if (lookup == L_TYPE) return S_TYPE;
  return S_TYPE | S_ACTION;
}

function patternIn(i: i32, scope: u8): bool {
  return (load<u8>(patternRecord(i), PR_SCOPE) & scope) != 0;
}

function samePatterns(a: u8, b: u8): bool {
  for (let i = 0; i < patternCount; i++) if (patternIn(i, a) != patternIn(i, b)) return false;
  return true;
}

/** Trie paths for text[0..j): each '_' before j multiplies them by the four separators. */
function paths(text: string, j: i32): i32 {
  let n = 1;
  for (let k = 0; k < j; k++) if (text.charCodeAt(k) == 0x5f) n <<= 2;
  return n;
}

/** Build-time trie of one lookup's patterns, in rows laid out like the automaton's but holding state ids. */
class Trie {
  states: i32 = 1; // the root, id 0
  constructor(public rows: usize, public stride: usize, public nextOutput: usize) {}

  /** Cell of state `s` for byte `c`. */
  cell(s: i32, c: u32): usize {
    return this.rows + <usize>s * this.stride + <usize>load<u8>(P_CLASS + <usize>c);
  }

  child(s: i32, c: u32): i32 {
    const at = this.cell(s, c);
    let t = load<i32>(at);
    if (t == 0) {
      t = this.states++;
      store<i32>(at, t);
    }
    return t;
  }

  /** Inserts text[j..] of pattern `i` below state `s`, one path per separator for each '_'. */
  insert(s: i32, text: string, j: i32, i: i32): void {
    if (j == text.length) {
      this.prependOutput(s, i, j);
      return;
    }
    const c = <u32>text.charCodeAt(j);
    if (c != 0x5f) {
      this.insert(this.child(s, c), text, j + 1, i);
      return;
    }
    this.insert(this.child(s, 0x5f), text, j + 1, i);
    this.insert(this.child(s, 0x2d), text, j + 1, i);
    this.insert(this.child(s, 0x20), text, j + 1, i);
    this.insert(this.child(s, 0x2e), text, j + 1, i);
  }

  prependOutput(s: i32, i: i32, len: i32): void {
    const o = this.nextOutput;
    this.nextOutput += 1 << OUTPUT_SHIFT;
    const r = patternRecord(i);
    const head = this.rows + <usize>s * this.stride;
    store<u32>(o, load<u32>(r, PR_TAGS), O_TAGS);
    store<u32>(o, load<u32>(head), O_NEXT);
    store<u8>(o, <u8>len, O_LEN);
    store<u8>(o, load<u8>(r, PR_FLAGS), O_FLAGS);
    store<u32>(head, <u32>o);
  }
}

function buildAutomata(): void {
  for (let l = 0; l < LOOKUPS; l++) {
    let same = 0;
    while (same < l && !samePatterns(lookupScope(same), lookupScope(l))) same++;
    if (same < l) {
      store<u32>(A_ROOT + (<usize>l << 2), load<u32>(A_ROOT + (<usize>same << 2)));
      store<u32>(A_OUT_FROM + (<usize>l << 2), load<u32>(A_OUT_FROM + (<usize>same << 2)));
    } else {
      buildAutomaton(l);
    }
  }
}

function buildAutomaton(lookup: i32): void {
  const scope = lookupScope(lookup);
  let bound = 1;
  let outputs = 0;
  for (let i = 0; i < patternCount; i++) {
    if (!patternIn(i, scope)) continue;
    const text = unchecked(P_TEXT[i]);
    for (let j = 1; j <= text.length; j++) bound += paths(text, j);
    outputs += paths(text, text.length);
  }
  const stride = <usize>columnCount << 2;
  const trie = new Trie(allocZeroed(<usize>bound * stride), stride, heap.alloc(<usize>outputs << OUTPUT_SHIFT));
  for (let i = 0; i < patternCount; i++) {
    if (patternIn(i, scope)) trie.insert(0, unchecked(P_TEXT[i]), 0, i);
  }
  const order = heap.alloc(<usize>trie.states << 2);
  const fail = heap.alloc(<usize>trie.states << 2);
  completeTransitions(trie, order, fail);
  const renumbered = fail; // the failure links are folded into the rows by now
  const outFrom = renumber(trie, order, renumbered);
  const table = heap.alloc(<usize>trie.states * stride);
  for (let s = 0; s < trie.states; s++) {
    const from = trie.rows + <usize>s * stride;
    const to = table + <usize>load<u32>(renumbered + (<usize>s << 2)) * stride;
    store<u32>(to, load<u32>(from));
    for (let at: usize = COL_OTHER << 2; at < stride; at += 4) {
      store<u32>(to + at, table + <usize>load<u32>(renumbered + (<usize>load<u32>(from + at) << 2)) * stride);
    }
  }
  store<u32>(A_ROOT + (<usize>lookup << 2), <u32>table);
  store<u32>(A_OUT_FROM + (<usize>lookup << 2), <u32>(table + <usize>outFrom * stride));
  heap.free(trie.rows);
  heap.free(order);
  heap.free(fail);
}

/**
 * Breadth first from the root: a missing transition takes its failure state's, and a state's output
 * list goes on into its failure state's. Both are complete by then, being shallower.
 */
function completeTransitions(trie: Trie, order: usize, fail: usize): void {
  const stride = trie.stride;
  store<u32>(order, 0);
  store<u32>(fail, 0);
  let taken = 0;
  let queued = 1;
  while (taken < queued) {
    const s = load<u32>(order + (<usize>(taken++) << 2));
    const row = trie.rows + <usize>s * stride;
    const f = <usize>load<u32>(fail + (<usize>s << 2));
    const failRow = trie.rows + f * stride;
    if (s != 0) appendOutputs(row, load<u32>(failRow));
    for (let at: usize = COL_OTHER << 2; at < stride; at += 4) {
      const t = load<u32>(row + at);
      if (t != 0) {
        store<u32>(fail + (<usize>t << 2), s == 0 ? 0 : load<u32>(failRow + at));
        store<u32>(order + (<usize>(queued++) << 2), t);
      } else if (s != 0) {
        store<u32>(row + at, load<u32>(failRow + at));
      }
    }
  }
}

function appendOutputs(head: usize, rest: u32): void {
  let o = load<u32>(head);
  if (o == 0) {
    store<u32>(head, rest);
    return;
  }
  while (load<u32>(o, O_NEXT) != 0) o = load<u32>(o, O_NEXT);
  store<u32>(o, rest, O_NEXT);
}

/** New ids in breadth-first order, states with outputs last (the root stays 0); returns the first of those. */
function renumber(trie: Trie, order: usize, ids: usize): i32 {
  const outFrom = numberStates(trie, order, ids, false, 0);
  numberStates(trie, order, ids, true, outFrom);
  return outFrom;
}

/** Numbers the states with (or without) outputs from `next` on; returns the next free id. */
function numberStates(trie: Trie, order: usize, ids: usize, withOutputs: bool, next: i32): i32 {
  for (let i = 0; i < trie.states; i++) {
    const s = <usize>load<u32>(order + (<usize>i << 2));
    if ((load<u32>(trie.rows + s * trie.stride) != 0) == withOutputs) store<i32>(ids + (s << 2), next++);
  }
  return next;
}

buildAutomata();

/** ORs the tags of every pattern of lookup scope `lookup` found in [ptr, ptr+len), ignoring case. */
export function scanTags(ptr: usize, len: i32, lookup: i32): u32 {
  let state = <usize>load<u32>(A_ROOT + (<usize>lookup << 2));
  const outFrom = <usize>load<u32>(A_OUT_FROM + (<usize>lookup << 2));
  let found: u32 = 0;
  // Two bytes a turn: the loop test and the pointer bump are paid once per pair.
  const pairsEnd = ptr + <usize>(len & ~1);
  let p = ptr;
  if (p < pairsEnd) {
    do {
      state = advance(state, load<u8>(p)); // bounds: p + 1 < pairsEnd <= ptr + len
      if (state >= outFrom) found = reported(ptr, len, <i32>(p - ptr) + 1, load<u32>(state), found);
      state = advance(state, load<u8>(p, 1));
      if (state >= outFrom) found = reported(ptr, len, <i32>(p - ptr) + 2, load<u32>(state), found);
      p += 2;
    } while (p < pairsEnd);
  }
  if ((len & 1) != 0) {
    state = advance(state, load<u8>(pairsEnd)); // bounds: pairsEnd == ptr + len - 1
    if (state >= outFrom) found = reported(ptr, len, len, load<u32>(state), found);
  }
  return found;
}

/** The row after byte `c` from row `state`. */
// @ts-ignore: decorator
@inline function advance(state: usize, c: u8): usize {
  return <usize>load<u32>(state + <usize>load<u8>(<usize>c, P_CLASS));
}

/** Sets ev.kind, ev.outcome and ev.cues from the event's decoded slices. */
export function classify(ev: Event): void {
  const action = ev.action;
  const actionPtr = action.ptr;
  const actionLen = action.len;
  const typeTags = ev.typeIsProgram ? 0 : scanTags(ev.eventType.ptr, ev.eventType.len, L_TYPE);
  const actionTags = scanTags(actionPtr, actionLen, L_ACTION);
  const msgTags = scanTags(ev.message.ptr, ev.message.len, L_MSG);
  const pathTags = scanTags(ev.path.ptr, ev.path.len, L_PATH);

  // Outcome.
  let outcome = outcomeOf(actionTags);
  if (outcome == Outcome.UNKNOWN) outcome = statusOutcome(actionPtr, actionLen);
  if (outcome == Outcome.UNKNOWN) outcome = outcomeOf(typeTags);
  if (outcome == Outcome.UNKNOWN) outcome = outcomeOf(msgTags);
  if (ev.outcomeHint != NO_HINT) outcome = <Outcome>ev.outcomeHint;

  // Family: eventType, then action, then message.
  let fam = typeTags & F_ALL;
  if (fam == 0) fam = actionTags & F_ALL;
  if (fam == 0) fam = msgTags & F_ALL;
  fam &= ~fam + 1; // keep the highest-priority (lowest) bit

  const named = msgTags | typeTags;
  const admin = (named & T_ADMIN_STRONG) != 0 ||
    ((named & T_ADMIN_WEAK) != 0 && ((named & T_GROUP_WORD) != 0 || fam == F_GROUP));

  let kind = Kind.OTHER;
  if (fam == F_GROUP) kind = admin ? Kind.PRIVILEGE_CHANGE : Kind.ACCOUNT_CHANGE;
  else if (fam == F_ACCOUNT || fam == F_ACCOUNT_WEAK) kind = Kind.ACCOUNT_CHANGE;
  else if (fam == F_PRIV_USE) kind = Kind.PRIVILEGE_USE;
  else if (fam == F_LOGIN) kind = outcome == Outcome.FAILURE ? Kind.LOGIN_FAILURE : Kind.LOGIN_SUCCESS;
  else if (fam == F_SERVICE) kind = Kind.SERVICE_INSTALL;
  else if (fam == F_PROCESS) kind = Kind.PROCESS_START;
  else if (fam == F_FILE) kind = Kind.FILE_ACCESS;
  else if (fam == F_NETWORK) kind = Kind.NETWORK_CONNECTION;
  // F_LOGOUT and no family: OTHER.
  if (ev.kindHint != NO_HINT) kind = <Kind>ev.kindHint;

  let cues: i32 = ev.cueHint;
  if (((msgTags | pathTags) & T_SENSITIVE) != 0) cues |= Cue.SENSITIVE_PATH;
  if ((msgTags & T_ROOT) != 0) cues |= Cue.MENTIONS_ROOT;
  if ((named & T_FAIL) != 0) cues |= Cue.FAIL_WORD;
  if ((named & T_REMOTE) != 0) cues |= Cue.REMOTE_LOGON;
  if (admin) cues |= Cue.ADMIN_GROUP;

  ev.kind = kind;
  ev.outcome = outcome;
  ev.cues = cues;
}

/**
 * Whether a group (or role, or policy) name is an administrators' one: wheel, administrators,
 * domain/enterprise/schema admins, sudo, admin(s), root, ... as the ADMIN_GROUP cue reads them.
 */
export function isAdminGroupName(ptr: usize, len: i32): bool {
  return (scanTags(ptr, len, L_MSG) & (T_ADMIN_STRONG | T_ADMIN_WEAK)) != 0;
}

// --- internal ---

/**
 * `found` with the tags of each output record from `o` on whose pattern, ending before byte `i`
 * of [ptr, ptr+len), has the word boundaries its flags ask for.
 */
function reported(ptr: usize, len: i32, i: i32, o: u32, found: u32): u32 {
  do {
    const tags = load<u32>(o, O_TAGS);
    if ((found & tags) != tags && bounded(ptr, len, i - <i32>load<u8>(o, O_LEN), i, load<u8>(o, O_FLAGS))) found |= tags;
    o = load<u32>(o, O_NEXT);
  } while (o != 0);
  return found;
}

/** Whether [ptr + start, ptr + i) of [ptr, ptr+len) has the word boundaries that `flags` ask for. */
function bounded(ptr: usize, len: i32, start: i32, i: i32, flags: u8): bool {
  // bounds: start >= 1 before reading start - 1; i < len before reading i
  if ((flags & WS) != 0 && start > 0 && isWordChar(<u32>load<u8>(ptr + <usize>(start - 1)))) return false;
  return (flags & WE) == 0 || i >= len || !isWordChar(<u32>load<u8>(ptr + <usize>i));
}

function outcomeOf(tags: u32): Outcome {
  if ((tags & T_FAIL) != 0) return Outcome.FAILURE;
  if ((tags & T_SUCCESS) != 0) return Outcome.SUCCESS;
  return Outcome.UNKNOWN;
}

/** "0" → SUCCESS; a three-digit HTTP-like status: 100..399 SUCCESS, 400..599 FAILURE. */
function statusOutcome(ptr: usize, len: i32): Outcome {
  if (len != 1 && len != STATUS_DIGITS) return Outcome.UNKNOWN;
  let v: i32 = 0;
  for (let i = 0; i < len; i++) {
    const d = <u32>load<u8>(ptr + <usize>i) - 0x30; // bounds: i < len
    if (d > 9) return Outcome.UNKNOWN;
    v = v * 10 + <i32>d;
  }
  if (len == 1) return v == 0 ? Outcome.SUCCESS : Outcome.UNKNOWN;
  if (v >= STATUS_OK_MIN && v < STATUS_FAIL_MIN) return Outcome.SUCCESS;
  if (v >= STATUS_FAIL_MIN && v <= STATUS_MAX) return Outcome.FAILURE;
  return Outcome.UNKNOWN;
}
