// The allow file (`--allow FILE`): known-benign entities whose alerts the filter suppresses.
// One entry per line; `#` starts a comment; blank lines are ignored:
//
//   user svc_backup                # every alert on this user
//   user "John Smith"              # a name with spaces, quotes or '#' is written as a JSON string
//   ip 10.0.9.10                   # every alert from this source, as the logs write it
//   ip 10.20.0.0/16                # an IPv4 range, /8 to /32
//   pair svc_deploy 10.0.3.7       # this user from this source only
//
// Names compare as the scorer compares entities: ASCII letters case-insensitively, everything else
// byte for byte. A line that is not one of these is an error naming file:line.

import { CliError } from "../util/errors.ts";
import { MIN_ALLOW_PREFIX } from "../model/format.ts";

export type AllowEntry =
  | { kind: "user"; user: string }
  | { kind: "ip"; ip: string }
  | { kind: "range"; network: number; prefix: number }
  | { kind: "pair"; user: string; ip: string };

const USAGE = "an entry is `user NAME`, `ip ADDRESS`, `ip A.B.C.D/PREFIX` or `pair NAME ADDRESS`";

/** The entries of an allow file's text; `source` names the file in errors (`allow.txt:3: …`). */
export function parseAllowlist(text: string, source: string): AllowEntry[] {
  const out: AllowEntry[] = [];
  text.split("\n").forEach((raw, i) => {
    const fail = (message: string, hint?: string): never => {
      throw new CliError("E_BAD_ALLOW", `${source}:${i + 1}: ${message}`, hint);
    };
    const tokens = tokenize(raw.replace(/\r$/, ""), fail);
    if (tokens.length === 0) return;
    const [kind, ...values] = tokens;
    const arity = (n: number, what: string, hint?: string) => {
      if (values.length !== n) fail(`${kind} takes ${what}, got ${values.length} value${values.length === 1 ? "" : "s"}`, hint);
    };
    const quoteHint = 'quote a name with spaces: user "John Smith"';
    switch (kind) {
      case "user":
        arity(1, "a user name", quoteHint);
        out.push({ kind: "user", user: values[0] });
        return;
      case "ip": {
        arity(1, "a source IP or an IPv4 range");
        const range = values[0].includes("/") ? parseRange(values[0], fail) : undefined;
        out.push(range ? { kind: "range", ...range } : { kind: "ip", ip: checkAddress(values[0], fail) });
        return;
      }
      case "pair":
        arity(2, "a user name and a source IP", quoteHint);
        if (values[1].includes("/")) fail(`a pair takes one source IP, not a range: ${values[1]}`);
        out.push({ kind: "pair", user: values[0], ip: checkAddress(values[1], fail) });
        return;
      default:
        fail(`unknown entry ${JSON.stringify(kind)}`, USAGE);
    }
  });
  return out;
}

/** a.b.c.d → a<<24 | b<<16 | c<<8 | d, for canonical dotted-decimal text (no leading zeros); else undefined. */
function ipv4Number(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

// --- internal ---

type Fail = (message: string, hint?: string) => never;

/** Whitespace-separated tokens up to a `#` comment; a token starting with `"` is a JSON string. */
function tokenize(line: string, fail: Fail): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (/\s/.test(line[i])) {
      i++;
      continue;
    }
    if (line[i] === "#") break;
    let end = i;
    if (line[i] === '"') {
      end = i + 1;
      while (end < line.length && line[end] !== '"') end += line[end] === "\\" ? 2 : 1;
      if (end >= line.length) fail("unterminated quoted name");
      end++;
      let name: string;
      try {
        name = JSON.parse(line.slice(i, end)) as string;
      } catch {
        return fail(`invalid quoted name ${line.slice(i, end)} (it is read as a JSON string)`);
      }
      if (end < line.length && !/\s/.test(line[end])) fail(`a quoted name must be followed by a space: ${line.slice(i)}`);
      if (name === "") fail("empty name");
      tokens.push(name);
    } else {
      while (end < line.length && !/\s/.test(line[end])) end++;
      tokens.push(line.slice(i, end));
    }
    i = end;
  }
  return tokens;
}

/** A source as the logs write it; text made of digits and dots must be a valid IPv4 address. */
function checkAddress(text: string, fail: Fail): string {
  if (/^[0-9.]+$/.test(text) && ipv4Number(text) === undefined) fail(`${text} is not an IPv4 address`);
  return text;
}

function parseRange(text: string, fail: Fail): { network: number; prefix: number } {
  const [address, bits, ...rest] = text.split("/");
  if (address.includes(":")) fail(`${text}: ranges are IPv4 only; list IPv6 sources one by one`);
  const network = ipv4Number(address);
  if (network === undefined || rest.length > 0) return fail(`${text} is not an IPv4 range such as 10.20.0.0/16`);
  const prefix = /^[0-9]{1,2}$/.test(bits) ? Number(bits) : Number.NaN;
  if (!(prefix >= MIN_ALLOW_PREFIX && prefix <= 32)) fail(`${text}: the prefix must be ${MIN_ALLOW_PREFIX} to 32`);
  const size = 2 ** (32 - prefix);
  const start = network - (network % size);
  if (start !== network) fail(`${text} has bits set after the /${prefix} prefix`, `did you mean ${ipv4Text(start)}/${prefix}?`);
  return { network, prefix };
}

function ipv4Text(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}
