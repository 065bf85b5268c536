// Allowlist bypass by hash collision (issue #16 item 2). Allowlist entries are 32-bit FNV-1a keys,
// and FNV-1a runs backwards (its prime is odd, so every step inverts): meeting in the middle, a
// name with the key of an allowlisted one takes a fraction of a second. Its brute force used to
// come back suppressed as `allowlisted:user`. The model now carries the names behind the keys
// (ALLOWLIST_NAMES, docs/model-format.md §5.13) and the scorer suppresses an exact name only.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTPUT, Scorer } from "../../trainer/wasm/scorer.ts";
import { entityHash } from "../../trainer/model/entity-hash.ts";
import { trainedModel } from "../helpers/trained-model.ts";

const LISTED = "svc-backup";
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const T0_SEC = Date.UTC(2024, 0, 22, 10) / 1000;

/** FNV_PRIME⁻¹ mod 2³² (Newton's iteration doubles the correct low bits each step). */
const PRIME_INVERSE = (() => {
  let x = FNV_PRIME;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(FNV_PRIME, x)) >>> 0;
  return x;
})();

const forward = (h: number, s: string) => [...s].reduce((acc, c) => Math.imul(acc ^ c.charCodeAt(0), FNV_PRIME) >>> 0, h);
const backward = (h: number, s: string) => [...s].reverse().reduce((acc, c) => (Math.imul(acc, PRIME_INVERSE) >>> 0) ^ c.charCodeAt(0), h) >>> 0;

/** A name other than `target` with its FNV-1a key: "evil-" + 4 letters forward, 4 letters back from the key, met in the middle. */
function collider(target: string): string {
  const key = forward(FNV_OFFSET, target);
  const word = (i: number) => Array.from({ length: 4 }, (_, k) => ALPHABET[Math.floor(i / ALPHABET.length ** k) % ALPHABET.length]).join("");
  const middle = new Map<number, string>();
  for (let i = 0; i < 1 << 18; i++) middle.set(forward(FNV_OFFSET, `evil-${word(i)}`), `evil-${word(i)}`);
  for (let i = 0; ; i++) {
    const suffix = word(i * 7919 + 13);
    const prefix = middle.get(backward(key, suffix));
    if (prefix !== undefined && prefix + suffix !== target) return prefix + suffix;
  }
}

const failedLogin = (user: string, k: number) =>
  `{"timestamp":${T0_SEC + 2 * k},"user":"${user}","source_ip":"198.51.100.23","host":"web-0","event_type":"login","action":"failure","message":"Failed password for ${user} from 198.51.100.23"}`;

const allowFile = join(mkdtempSync(join(tmpdir(), "la-allow-collision-")), "allow.txt");
writeFileSync(allowFile, `user ${LISTED}\n`);
const MODEL = { extraArgs: ["--allow", allowFile, "--contamination", "0.03"] };

let filter: Uint8Array;
beforeAll(async () => {
  filter = (await trainedModel(MODEL)).filter();
});
afterAll(async () => (await trainedModel(MODEL)).dispose());

async function verdicts(user: string): Promise<{ anomaly_score: number; allowlisted?: string }[]> {
  const scorer = await Scorer.load(filter);
  const input = Array.from({ length: 30 }, (_, k) => failedLogin(user, k)).join("\n") + "\n";
  return new TextDecoder().decode(scorer.process(Buffer.from(input), OUTPUT.ENRICHED).enriched).trim().split("\n").map((l) => JSON.parse(l));
}

describe("a name whose 32-bit key equals an allowlisted name's", () => {
  const name = collider(LISTED);

  it("really collides", () => {
    expect(name).not.toBe(LISTED);
    expect(entityHash(name)).toBe(entityHash(LISTED));
  });

  it("is not suppressed: its brute force alerts, while the listed name's is suppressed", async () => {
    const listed = await verdicts(LISTED);
    const colliding = await verdicts(name);
    expect(listed.filter((v) => v.allowlisted === "user").length, "the listed name is suppressed").toBeGreaterThanOrEqual(25);
    expect(colliding.filter((v) => v.allowlisted !== undefined), `${name} suppressed`).toEqual([]);
    expect(colliding.filter((v) => v.anomaly_score >= 0.5).length).toBeGreaterThanOrEqual(25);
  });
});
