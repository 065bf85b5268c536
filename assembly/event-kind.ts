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

// ---- pattern table ----
// A pattern is found through its first two bytes: each byte that starts some pattern gets a
// character class (1..MAX_CLASSES-1, letters case-folded; 0 = starts nothing), and each lookup
// scope has a bucket per class pair holding a chain of the patterns that begin with exactly those
// two bytes. Buckets of class 0 stay empty, so a text position costs one bucket load and no test
// of the classes.
// Almost every letter pair starts some pattern, so the pair alone lets most positions through. The
// third and fourth bytes filter further: a byte hashes to (byte & 31), the same for both cases of
// a letter, and each entry has THIRD and FOURTH masks of the hashes its third and fourth
// characters can match (all four separators for '_', every hash past the pattern's end). A
// bucket's MASK3 and MASK4 are the ORs over its chain, so bit tests reject a position before its
// chain is walked, and an entry before its text is compared. Hashes collide (digits with letters,
// '-' with 'm'); the filter only ever lets too much through, never too little.
//
//   CLASS    256 x u8                         byte → class << 2 (its MASK column, in bytes)
//   MASK3/4  LOOKUPS x MAX_CLASSES² x u32     OR of the chain's THIRD / FOURTH per (lookup, class pair); heap
//   HEAD     LOOKUPS x MAX_CLASSES² x u16     first entry id per (lookup, class pair); heap
//   ENTRY    (MAX_PATTERNS+1) x 32 bytes      one record per entry id (id 0 = end of chain):
//            TAGS u32, THIRD u32, FOURTH u32, ADDR u32 (UTF-16 text), NEXT LOOKUPS x u16 (next
//            entry id per lookup), LEN u8, FLAGS u8; a chain step reads a single record

// @ts-ignore: decorator
@inline const MAX_PATTERNS: i32 = 1023; // entry ids are 1..MAX_PATTERNS
// @ts-ignore: decorator
@inline const CLASS_BITS: i32 = 6;
// @ts-ignore: decorator
@inline const MAX_CLASSES: i32 = 1 << CLASS_BITS;
// @ts-ignore: decorator
@inline const BUCKETS: i32 = MAX_CLASSES * MAX_CLASSES;
// Lookup scopes: which chains a scan walks. TYPE patterns are also action patterns.
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

// @ts-ignore: decorator
@lazy const P_CLASS: usize = memory.data(256); // u8 class << 2 per byte value
// @ts-ignore: decorator
@inline const ENTRY_SHIFT: i32 = 5;
// @ts-ignore: decorator
@inline const E_TAGS: usize = 0;
// @ts-ignore: decorator
@inline const E_THIRD: usize = 4;
// @ts-ignore: decorator
@inline const E_FOURTH: usize = 8;
// @ts-ignore: decorator
@inline const E_ADDR: usize = 12;
// @ts-ignore: decorator
@inline const E_NEXT: usize = 16;
// @ts-ignore: decorator
@inline const E_LEN: usize = E_NEXT + (<usize>LOOKUPS << 1);
// @ts-ignore: decorator
@inline const E_FLAGS: usize = E_LEN + 1;
// @ts-ignore: decorator
@lazy const P_ENTRY: usize = memory.data((MAX_PATTERNS + 1) << ENTRY_SHIFT, 4);
const P_MASK3: usize = allocZeroed(LOOKUPS * BUCKETS * 4);
const P_MASK4: usize = allocZeroed(LOOKUPS * BUCKETS * 4);
const P_HEAD: usize = allocZeroed(LOOKUPS * BUCKETS * 2);
/** Keeps the pattern strings alive; the hot path reads E_ADDR/E_LEN instead. */
const P_TEXT = new StaticArray<string>(MAX_PATTERNS);
let patternCount: i32 = 0;
let classCount: i32 = 1;
let patternsRejected: i32 = 0;

/** Patterns that could not be added (table full, too short, '_' up front); tests pin this to 0. */
export function rejectedPatterns(): i32 {
  return patternsRejected;
}

function allocZeroed(size: i32): usize {
  const p = heap.alloc(<usize>size);
  memory.fill(p, 0, <usize>size);
  return p;
}

// @ts-ignore: decorator
@inline function lower(c: u32): u32 {
  return c - 0x41 < 26 ? c | 0x20 : c;
}

// @ts-ignore: decorator
@inline function isWordChar(c: u32): bool {
  return (c | 0x20) - 0x61 < 26 || c - 0x30 < 10;
}

/** Class of a pattern's leading char, assigned on first use (both cases for letters); 0 if full. */
function classFor(c: u32): u32 {
  let k = <u32>load<u8>(P_CLASS + <usize>c) >> 2;
  if (k != 0 || classCount >= MAX_CLASSES) return k;
  k = <u32>classCount;
  classCount++;
  store<u8>(P_CLASS + <usize>c, <u8>(k << 2));
  if (c - 0x61 < 26) store<u8>(P_CLASS + <usize>(c - 0x20), <u8>(k << 2)); // upper case too
  return k;
}

/** A bit per byte hash (byte & 31) that the pattern's character `j` can match. */
function hashMask(text: string, j: i32): u32 {
  if (j >= text.length) return u32.MAX_VALUE;
  const c = <u32>text.charCodeAt(j);
  if (c != 0x5f) return 1 << (c & 31);
  return (1 << (0x5f & 31)) | (1 << (0x2d & 31)) | (1 << (0x20 & 31)) | (1 << (0x2e & 31));
}

function link(lookup: i32, bucket: u32, id: i32): void {
  const e = P_ENTRY + (<usize>id << ENTRY_SHIFT);
  const at = (<usize>lookup * BUCKETS + <usize>bucket) << 2;
  store<u32>(P_MASK3 + at, load<u32>(P_MASK3 + at) | load<u32>(e, E_THIRD));
  store<u32>(P_MASK4 + at, load<u32>(P_MASK4 + at) | load<u32>(e, E_FOURTH));
  // Append at the chain's tail, so patterns are tried in table order.
  const nextAt = E_NEXT + (<usize>lookup << 1);
  let slot = P_HEAD + ((<usize>lookup * BUCKETS + <usize>bucket) << 1);
  while (load<u16>(slot) != 0) {
    slot = P_ENTRY + (<usize>load<u16>(slot) << ENTRY_SHIFT) + nextAt;
  }
  store<u16>(slot, <u16>id);
}

/** Adds each '|'-separated pattern (lowercase ASCII, >= 2 chars, no '_' in the first two). */
function add(scope: u8, flags: u8, tags: u32, list: string): void {
  const parts = list.split("|");
  for (let i = 0; i < parts.length; i++) {
    const text = unchecked(parts[i]);
    const n = text.length;
    if (n < 2 || n > <i32>u8.MAX_VALUE || patternCount >= MAX_PATTERNS) {
      patternsRejected++;
      continue;
    }
    const c0 = <u32>text.charCodeAt(0);
    const c1 = <u32>text.charCodeAt(1);
    const k0 = c0 == 0x5f || c0 > 0x7f ? 0 : classFor(c0);
    const k1 = c1 == 0x5f || c1 > 0x7f ? 0 : classFor(c1);
    if (k0 == 0 || k1 == 0) {
      patternsRejected++;
      continue;
    }
    unchecked((P_TEXT[patternCount] = text));
    const id = ++patternCount;
    const e = P_ENTRY + (<usize>id << ENTRY_SHIFT);
    store<u32>(e, tags, E_TAGS);
    store<u32>(e, hashMask(text, 2), E_THIRD);
    store<u32>(e, hashMask(text, 3), E_FOURTH);
    store<u32>(e, <u32>changetype<usize>(text), E_ADDR);
    store<u8>(e, <u8>n, E_LEN);
    store<u8>(e, flags, E_FLAGS);
    const bucket = (k0 << CLASS_BITS) | k1;
    if ((scope & S_MSG) != 0) link(L_MSG, bucket, id);
    if ((scope & S_PATH) != 0) link(L_PATH, bucket, id);
    if ((scope & S_TYPE) != 0) link(L_TYPE, bucket, id);
    if ((scope & (S_TYPE | S_ACTION)) != 0) link(L_ACTION, bucket, id);
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

/** ORs the tags of every pattern of lookup scope `lookup` found in [ptr, ptr+len), ignoring case. */
function scanTags(ptr: usize, len: i32, lookup: i32): u32 {
  if (len < 2) return 0;
  const masks3 = P_MASK3 + (<usize>lookup * BUCKETS << 2);
  const masks4 = P_MASK4 + (<usize>lookup * BUCKETS << 2);
  const heads = P_HEAD + (<usize>lookup * BUCKETS << 1);
  const nextAt = E_NEXT + (<usize>lookup << 1);
  const end = ptr + <usize>len;
  const last = end - 1;
  let found: u32 = 0;
  // A bucket's MASK3/4 offset is (class of byte p << 2 << CLASS_BITS) | (class of byte p+1 << 2);
  // its HEAD offset is half that.
  let row = <usize>load<u8>(P_CLASS + <usize>load<u8>(ptr)) << CLASS_BITS; // bounds: len >= 2
  for (let p = ptr; p < last; p++) {
    const col = <usize>load<u8>(P_CLASS + <usize>load<u8>(p, 1)); // bounds: p + 1 < end
    const bucket = row | col;
    row = col << CLASS_BITS;
    const mask3 = load<u32>(masks3 + bucket);
    if (mask3 == 0) continue;
    // Past the slice's end any hash will do: a pattern reaching there fails matchAt's length test,
    // and a shorter one sets every bit. Shift counts are taken mod 32, which is the hash.
    const third = p + 2 < end ? <u32>load<u8>(p, 2) : 0; // bounds: p + 2 < end
    if (((mask3 >>> third) & 1) == 0) continue;
    const fourth = p + 3 < end ? <u32>load<u8>(p, 3) : 0; // bounds: p + 3 < end
    if (((load<u32>(masks4 + bucket) >>> fourth) & 1) == 0) continue;
    const i = <i32>(p - ptr);
    let id = <usize>load<u16>(heads + (bucket >> 1));
    while (id != 0) {
      const e = P_ENTRY + (id << ENTRY_SHIFT); // bounds: id <= patternCount
      const tags = load<u32>(e, E_TAGS);
      const hashes = load<u32>(e, E_THIRD) >>> third & load<u32>(e, E_FOURTH) >>> fourth;
      if ((hashes & 1) != 0 && (found & tags) != tags && matchAt(ptr, len, i, e)) found |= tags;
      id = <usize>load<u16>(e + nextAt);
    }
  }
  return found;
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

/** Whether the pattern of entry record `e` matches at [ptr + i, ptr + len). */
function matchAt(ptr: usize, len: i32, i: i32, e: usize): bool {
  const text = <usize>load<u32>(e, E_ADDR);
  const n = <i32>load<u8>(e, E_LEN);
  if (i + n > len) return false;
  // The bucket guarantees the first two bytes (case-folded); compare the rest. Most candidates
  // fail here, so this comes before the word-boundary tests.
  for (let j = 2; j < n; j++) {
    const pc = <u32>load<u16>(text + (<usize>j << 1));
    const tc = lower(<u32>load<u8>(ptr + <usize>(i + j))); // bounds: i + j < i + n <= len
    if (pc == tc) continue;
    if (pc == 0x5f && (tc == 0x2d || tc == 0x20 || tc == 0x2e)) continue; // '_' ~ '-', ' ', '.'
    return false;
  }
  const flags = load<u8>(e, E_FLAGS);
  // bounds: i >= 1 before reading i - 1; i + n < len before reading i + n
  if ((flags & WS) != 0 && i > 0 && isWordChar(<u32>load<u8>(ptr + <usize>(i - 1)))) return false;
  return (flags & WE) == 0 || i + n >= len || !isWordChar(<u32>load<u8>(ptr + <usize>(i + n)));
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
