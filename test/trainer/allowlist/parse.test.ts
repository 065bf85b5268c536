// The allow file (trainer/allowlist/parse.ts) and its compilation into the ALLOWLIST section.

import { describe, expect, it } from "vitest";
import { parseAllowlist, type AllowEntry } from "../../../trainer/allowlist/parse.ts";
import { compileAllowlist } from "../../../trainer/allowlist/compile.ts";
import { CliError } from "../../../trainer/util/errors.ts";
import { entityHash, pairHash } from "../../../trainer/model/entity-hash.ts";

const FILE = "allow.txt";

describe("good lines", () => {
  it.each<[string, AllowEntry[]]>([
    // --- kinds ---
    ["user svc_backup", [{ kind: "user", user: "svc_backup" }]],
    ["ip 10.0.9.10", [{ kind: "ip", ip: "10.0.9.10" }]],
    ["ip 10.20.0.0/16", [{ kind: "range", network: 0x0a140000, prefix: 16 }]],
    ["ip 0.0.0.0/8", [{ kind: "range", network: 0, prefix: 8 }]],
    ["ip 255.255.255.255/32", [{ kind: "range", network: 0xffffffff, prefix: 32 }]],
    ["ip fe80::1", [{ kind: "ip", ip: "fe80::1" }]],
    ["ip WS-0042", [{ kind: "ip", ip: "WS-0042" }]],
    ["pair svc_deploy 10.0.3.7", [{ kind: "pair", user: "svc_deploy", ip: "10.0.3.7" }]],
    ["pair alice@example.com 10.0.3.7", [{ kind: "pair", user: "alice@example.com", ip: "10.0.3.7" }]],
    // --- layout ---
    ["", []],
    ["   \t ", []],
    ["# a comment", []],
    ["   # an indented comment", []],
    ["user bob   # a trailing comment", [{ kind: "user", user: "bob" }]],
    ["\tuser\t bob \r", [{ kind: "user", user: "bob" }]],
    // --- quoted names ---
    ['user "John Smith"', [{ kind: "user", user: "John Smith" }]],
    ['user "a#b"  # the # inside quotes is part of the name', [{ kind: "user", user: "a#b" }]],
    ['user "say \\"hi\\""', [{ kind: "user", user: 'say "hi"' }]],
    ['pair "CORP\\\\admin" 10.0.0.1', [{ kind: "pair", user: "CORP\\admin", ip: "10.0.0.1" }]],
  ])("%j", (line, entries) => {
    expect(parseAllowlist(line, FILE)).toEqual(entries);
  });

  it("reads a whole file, any line ending", () => {
    expect(parseAllowlist("# list\r\nuser a\r\n\r\nip 10.0.0.1\npair b 10.0.0.2\n", FILE)).toEqual([
      { kind: "user", user: "a" },
      { kind: "ip", ip: "10.0.0.1" },
      { kind: "pair", user: "b", ip: "10.0.0.2" },
    ]);
  });
});

/** The error a text gives: its message and hint. */
function errorOf(text: string): string {
  try {
    parseAllowlist(text, FILE);
  } catch (e) {
    if (e instanceof CliError) return e.message + (e.hint ? ` | ${e.hint}` : "");
    throw e;
  }
  return "no error";
}

describe("bad lines name file:line", () => {
  it.each([
    // --- entries ---
    ["usr alice", 'allow.txt:1: unknown entry "usr" | an entry is `user NAME`, `ip ADDRESS`, `ip A.B.C.D/PREFIX` or `pair NAME ADDRESS`'],
    ["User alice", 'allow.txt:1: unknown entry "User" | an entry is `user NAME`, `ip ADDRESS`, `ip A.B.C.D/PREFIX` or `pair NAME ADDRESS`'],
    ["user", 'allow.txt:1: user takes a user name, got 0 values | quote a name with spaces: user "John Smith"'],
    ["user John Smith", 'allow.txt:1: user takes a user name, got 2 values | quote a name with spaces: user "John Smith"'],
    ["ip", "allow.txt:1: ip takes a source IP or an IPv4 range, got 0 values"],
    ["ip 10.0.0.1 10.0.0.2", "allow.txt:1: ip takes a source IP or an IPv4 range, got 2 values"],
    ["pair bob", 'allow.txt:1: pair takes a user name and a source IP, got 1 value | quote a name with spaces: user "John Smith"'],
    ["pair bob 10.0.0.0/24", "allow.txt:1: a pair takes one source IP, not a range: 10.0.0.0/24"],
    // --- addresses ---
    ["ip 10.0.0.256", "allow.txt:1: 10.0.0.256 is not an IPv4 address"],
    ["ip 10.0.0", "allow.txt:1: 10.0.0 is not an IPv4 address"],
    ["ip 010.0.0.1", "allow.txt:1: 010.0.0.1 is not an IPv4 address"],
    ["pair bob 1.2.3.4.5", "allow.txt:1: 1.2.3.4.5 is not an IPv4 address"],
    // --- ranges ---
    ["ip 10.0.0.0/7", "allow.txt:1: 10.0.0.0/7: the prefix must be 8 to 32"],
    ["ip 10.0.0.0/33", "allow.txt:1: 10.0.0.0/33: the prefix must be 8 to 32"],
    ["ip 10.0.0.0/", "allow.txt:1: 10.0.0.0/: the prefix must be 8 to 32"],
    ["ip 10.0.0.0/x", "allow.txt:1: 10.0.0.0/x: the prefix must be 8 to 32"],
    ["ip 10.1.2.3/16", "allow.txt:1: 10.1.2.3/16 has bits set after the /16 prefix | did you mean 10.1.0.0/16?"],
    ["ip 10.0.0.0/8/8", "allow.txt:1: 10.0.0.0/8/8 is not an IPv4 range such as 10.20.0.0/16"],
    ["ip 10.0.0/8", "allow.txt:1: 10.0.0/8 is not an IPv4 range such as 10.20.0.0/16"],
    ["ip fe80::/10", "allow.txt:1: fe80::/10: ranges are IPv4 only; list IPv6 sources one by one"],
    // --- quoting ---
    ['user "alice', "allow.txt:1: unterminated quoted name"],
    ['user ""', "allow.txt:1: empty name"],
    ['user "a\\q"', 'allow.txt:1: invalid quoted name "a\\q" (it is read as a JSON string)'],
    ['user "a"b', 'allow.txt:1: a quoted name must be followed by a space: "a"b'],
    // --- the line number counts every line ---
    ["# ok\nuser a\n\nusr b", 'allow.txt:4: unknown entry "usr" | an entry is `user NAME`, `ip ADDRESS`, `ip A.B.C.D/PREFIX` or `pair NAME ADDRESS`'],
  ])("%j", (text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});

describe("compiling", () => {
  it("hashes names as the scorer does, sorts each list and drops duplicates, and keeps the names (lowercased) in key order", () => {
    const list = compileAllowlist(
      parseAllowlist("user Bob\nuser bob\nuser alice\nip 10.0.0.1\nip 10.0.0.1\npair bob 10.0.0.1\nip 10.1.0.0/16\nip 10.0.0.0/8\nip 10.0.0.0/16\nip 10.0.0.0/8\n", FILE),
      FILE,
    );
    expect(list).toEqual({
      users: Uint32Array.from([entityHash("bob"), entityHash("alice")]).sort(),
      ips: Uint32Array.of(entityHash("10.0.0.1")),
      pairs: Uint32Array.of(pairHash(entityHash("bob"), entityHash("10.0.0.1"))),
      ranges: [{ network: 0x0a000000, prefix: 8 }, { network: 0x0a000000, prefix: 16 }, { network: 0x0a010000, prefix: 16 }],
      names: { users: entityHash("bob") < entityHash("alice") ? ["bob", "alice"] : ["alice", "bob"], ips: ["10.0.0.1"], pairs: [["bob", "10.0.0.1"]] },
    });
  });

  it("refuses two names of one list with the same 32-bit key (the scorer tells them apart, the key list holds one)", () => {
    // "evil-cbqf0cd1" has the key of "svc-backup" (test/reliability/allowlist-collision.test.ts finds it).
    expect(entityHash("evil-cbqf0cd1")).toBe(entityHash("svc-backup"));
    expect(() => compileAllowlist(parseAllowlist("user svc-backup\nuser evil-cbqf0cd1\n", FILE), FILE)).toThrow('allow.txt: "svc-backup" and "evil-cbqf0cd1" have the same 32-bit key');
  });

  it("refuses more IPv4 ranges than the scorer tests", () => {
    const text = Array.from({ length: 4097 }, (_, i) => `ip 10.${i >> 8}.${i & 255}.0/24`).join("\n");
    expect(() => compileAllowlist(parseAllowlist(text, FILE), FILE)).toThrow("allow.txt: 4097 IPv4 ranges, at most 4096");
  });
});
