// The pattern table of event classification (event-kind.ts): every pattern, the slices it is
// looked for in, its word-boundary flags and its tag bits, registered at start by add(...).
// pattern-automaton.ts builds its automata from this table; event-kind.ts's header says what the
// patterns mean for kind, outcome and cues.
//
// How matching works
//   Every pattern below belongs to one or more scopes (which slice it is looked for in), has
//   optional word-boundary flags and carries tag bits. One pass over a slice ORs together the tags
//   of every pattern found in it. A '_' in a pattern matches any separator: '_', '-', ' ' or '.'.
//   "Word" characters are ASCII letters and digits, so in "ssh_login" both "ssh" and "login" are
//   whole words.

// ---- scopes: where a pattern is looked for ----
// @ts-ignore: decorator
@inline export const S_MSG: u8 = 1;
// @ts-ignore: decorator
@inline export const S_PATH: u8 = 2;
// @ts-ignore: decorator
@inline export const S_TYPE: u8 = 4; // eventType, and action when eventType names no family
// @ts-ignore: decorator
@inline export const S_ACTION: u8 = 8; // action outcome words

// ---- flags ----
// @ts-ignore: decorator
@inline const NONE: u8 = 0;
// @ts-ignore: decorator
@inline export const WS: u8 = 1; // the byte before must not be a word character
// @ts-ignore: decorator
@inline export const WE: u8 = 2; // the byte after must not be a word character
// @ts-ignore: decorator
@inline const WORD: u8 = WS | WE;

// ---- tags ----
// @ts-ignore: decorator
@inline export const T_FAIL: u32 = 1 << 0;
// @ts-ignore: decorator
@inline export const T_SUCCESS: u32 = 1 << 1;
// @ts-ignore: decorator
@inline export const T_SENSITIVE: u32 = 1 << 2;
// @ts-ignore: decorator
@inline export const T_ROOT: u32 = 1 << 3;
// @ts-ignore: decorator
@inline export const T_REMOTE: u32 = 1 << 4;
// @ts-ignore: decorator
@inline export const T_ADMIN_STRONG: u32 = 1 << 5;
// @ts-ignore: decorator
@inline export const T_ADMIN_WEAK: u32 = 1 << 6;
// @ts-ignore: decorator
@inline export const T_GROUP_WORD: u32 = 1 << 7;
// Families, in priority order (lowest bit wins).
// @ts-ignore: decorator
@inline export const F_GROUP: u32 = 1 << 8;
// @ts-ignore: decorator
@inline export const F_ACCOUNT: u32 = 1 << 9;
// @ts-ignore: decorator
@inline export const F_PRIV_USE: u32 = 1 << 10;
// @ts-ignore: decorator
@inline const F_LOGOUT: u32 = 1 << 11;
// @ts-ignore: decorator
@inline export const F_LOGIN: u32 = 1 << 12;
// @ts-ignore: decorator
@inline export const F_ACCOUNT_WEAK: u32 = 1 << 13;
// @ts-ignore: decorator
@inline export const F_SERVICE: u32 = 1 << 14;
// @ts-ignore: decorator
@inline export const F_PROCESS: u32 = 1 << 15;
// @ts-ignore: decorator
@inline export const F_FILE: u32 = 1 << 16;
// @ts-ignore: decorator
@inline export const F_NETWORK: u32 = 1 << 17;
// @ts-ignore: decorator
@inline export const F_ALL: u32 = (F_NETWORK << 1) - F_GROUP;

// ---- the registry: what pattern-automaton.ts builds its automata from ----
// P_CLASS is the automata's byte → column table (pattern-automaton.ts draws it): add gives every
// byte a pattern can match a column of its own.
// @ts-ignore: decorator
@inline const MAX_PATTERNS: i32 = 1023;
// @ts-ignore: decorator
@inline const MAX_COLUMNS: i32 = 64; // column << 2 must fit a u8
// @ts-ignore: decorator
@inline const MAX_WILDCARDS: i32 = 2; // '_' per pattern: each one makes four trie paths
// @ts-ignore: decorator
@inline export const COL_OTHER: i32 = 1;

// Pattern records, the input of the build: TAGS u32, SCOPE u8, FLAGS u8.
// @ts-ignore: decorator
@inline const PATTERN_SHIFT: i32 = 3;
// @ts-ignore: decorator
@inline export const PR_TAGS: usize = 0;
// @ts-ignore: decorator
@inline export const PR_SCOPE: usize = 4;
// @ts-ignore: decorator
@inline export const PR_FLAGS: usize = 5;

// @ts-ignore: decorator
@lazy export const P_CLASS: usize = memory.data(256); // u8 column << 2 per byte value
// @ts-ignore: decorator
@lazy const P_RECORD: usize = memory.data(MAX_PATTERNS << PATTERN_SHIFT, 4);
export const P_TEXT = new StaticArray<string>(MAX_PATTERNS);
export let patternCount: i32 = 0;
export let columnCount: i32 = COL_OTHER + 1;
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
