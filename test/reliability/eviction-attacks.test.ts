// Brute force hidden by evicting the attacker's own state (issue #16 item 1). The per-user and
// per-IP tables hold 8192 slots each, probed 8 at a time. Unkeyed, an attacker computes offline
// which names land in the same probe window as `admin` and as their own IP, and 8 such padding
// records (password-reset requests) between guesses push the brute force's state out every time:
// 25 of 30 guesses alerted alone, 0 of 30 padded. Keyed placement (assembly/features/entity-key.ts)
// makes the padding land anywhere; evidence-aware eviction (entity-table.ts) keeps the state of
// an attack in progress through an untargeted flood of 8,000 new users and IPs between guesses.
// Records go through the batch ABI (Scorer.process), as the filter reads them.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTPUT, Scorer } from "../../trainer/wasm/scorer.ts";
import { trainedModel } from "../helpers/trained-model.ts";

const ALERT = 0.5;
/** assembly/constants.ts DEFAULT_USER_CAPACITY / DEFAULT_IP_CAPACITY (the test model's). */
const CAPACITY = 8192;
const T0_SEC = Date.UTC(2024, 0, 22, 10) / 1000;
const ADMIN_IP = "203.0.113.66";
const GUESS_SPACING_SEC = 2;

/** At 0.03 the test model alerts from the 3rd failed login in a row: 28 of 30 guesses alone. */
const MODEL = { extraArgs: ["--contamination", "0.03"] };

let filter: Uint8Array;
beforeAll(async () => {
  filter = (await trainedModel(MODEL)).filter();
});
afterAll(async () => (await trainedModel(MODEL)).dispose());

/** FNV-1a 32 of the ASCII-lowercased bytes: assembly/features/hash.ts hashBytes, the old table key. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const c of Buffer.from(s)) h = Math.imul(h ^ (c - 65 < 26 && c >= 65 ? c | 32 : c), 16777619) >>> 0;
  return h === 0 ? 1 : h;
}

/** `n` texts `make(i)` whose unkeyed probe window starts where `target`'s does: what an attacker finds in a second. */
function sameWindow(target: string, n: number, make: (i: number) => string): string[] {
  const want = fnv1a(target) & (CAPACITY - 1);
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) if ((fnv1a(make(i)) & (CAPACITY - 1)) === want && make(i) !== target) out.push(make(i));
  return out;
}

const guess = (t: number) =>
  `{"timestamp":${t},"user":"admin","source_ip":"${ADMIN_IP}","host":"web-0","event_type":"login","action":"failure","message":"Failed password for admin from ${ADMIN_IP}"}`;
const reset = (t: number, user: string, ip: string) =>
  `{"timestamp":${t},"user":"${user}","source_ip":"${ip}","host":"web-0","event_type":"password_reset","action":"request","message":"Password reset requested"}`;
const login = (t: number, i: number) =>
  `{"timestamp":${t},"user":"u${i}","source_ip":"10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}","host":"web-${i % 7}","event_type":"login","action":"${i % 3 === 0 ? "failure" : "success"}","message":"login"}`;

/** Scores of admin's guesses when `between(k, t)` records come before guess k. */
async function guessScores(guesses: number, between: (k: number, t: number) => string[]): Promise<number[]> {
  const scorer = await Scorer.load(filter);
  const lines: string[] = [];
  for (let k = 0; k < guesses; k++) {
    const t = T0_SEC + k * GUESS_SPACING_SEC;
    lines.push(...between(k, t), guess(t));
  }
  const out = new TextDecoder().decode(scorer.process(Buffer.from(lines.join("\n") + "\n"), OUTPUT.ENRICHED).enriched);
  return out
    .split("\n")
    .filter((l) => l.includes('"user":"admin"'))
    .map((l) => (JSON.parse(l) as { anomaly_score: number }).anomaly_score);
}

const alerted = (scores: number[]) => scores.filter((s) => s >= ALERT).length;

describe("targeted eviction padding: 8 records aimed at admin's and the attacker IP's probe windows between guesses", () => {
  const GUESSES = 30;
  const users = sameWindow("admin", 8, (i) => `user${i}`);
  const ips = sameWindow(ADMIN_IP, 8, (i) => `198.51.${(i >> 8) & 255}.${i & 255}`);
  const padding = (t: number) => users.map((u, j) => reset(t, u, ips[j]));

  it("the padding really aims at the old, unkeyed windows", () => {
    for (const u of users) expect(fnv1a(u) & (CAPACITY - 1)).toBe(fnv1a("admin") & (CAPACITY - 1));
    for (const ip of ips) expect(fnv1a(ip) & (CAPACITY - 1)).toBe(fnv1a(ADMIN_IP) & (CAPACITY - 1));
  });

  it(`still lets at least 25 of ${GUESSES} guesses alert, as many as without it`, async () => {
    const alone = alerted(await guessScores(GUESSES, () => []));
    const padded = alerted(await guessScores(GUESSES, (_k, t) => padding(t)));
    expect(alone).toBeGreaterThanOrEqual(25);
    expect(padded, `alone ${alone}/${GUESSES}`).toBeGreaterThanOrEqual(25);
  });
});

describe("untargeted flood: 8,000 new users and IPs between guesses", () => {
  const GUESSES = 15;
  const FLOOD = 8000;

  it(`still lets at least 10 of ${GUESSES} guesses alert`, async () => {
    const alone = alerted(await guessScores(GUESSES, () => []));
    const flooded = alerted(await guessScores(GUESSES, (k, t) => Array.from({ length: FLOOD }, (_, i) => login(t, k * FLOOD + i))));
    expect(alone).toBeGreaterThanOrEqual(10);
    expect(flooded, `alone ${alone}/${GUESSES}`).toBeGreaterThanOrEqual(10);
  });

  it("counts the evictions of entities that held evidence (the tables were under pressure)", async () => {
    const scorer = await Scorer.load(filter);
    const lines: string[] = [];
    for (let i = 0; i < 3 * CAPACITY; i++) lines.push(login(T0_SEC + Math.floor(i / 1000), i).replace('"success"', '"failure"'));
    for (let k = 0; k < 4; k++) lines.push(...Array.from({ length: 3 * CAPACITY }, (_, i) => login(T0_SEC + 30, i).replace('"success"', '"failure"')));
    scorer.process(Buffer.from(lines.join("\n") + "\n"), OUTPUT.ENRICHED);
    const stats = scorer.stats();
    expect(Number(stats.user_evidence_evictions)).toBeGreaterThan(0);
    expect(Number(stats.ip_evidence_evictions)).toBeGreaterThan(0);
    expect(stats.entity_key).toBe("random");
  });
});
