// Threat typing through the WASM scorer (assembly/detect/rules.ts, assembly/abi/pipeline.ts), on the tiny
// model of test/fixtures/make-tiny-model.ts (rule floors: 5 distinct failing users from one IP
// in 10 min is spraying evidence 1; the ensemble calibrator alerts on almost any unusual event):
// - many users failing from one source: password spraying, unless at least a quarter of the
//   failures are for user names the baseline never saw (credential stuffing, brute_force);
// - an alert no rule fired for (typed "anomaly", or by partial evidence) inside an open incident
//   of its source (or of its user) takes the incident's threat; the compromised user's actions
//   from the attacking source join the compromise's incident.

import { beforeAll, describe, expect, it } from "vitest";
import { tinyModelData } from "../fixtures/make-tiny-model.ts";
import { entityHash } from "../../trainer/model/entity-hash.ts";
import { writeModel } from "../../trainer/model/write.ts";
import { scoreRecords } from "../../trainer/pipeline/score.ts";
import type { ScoredEvent } from "../../trainer/verdict/types.ts";
import { filterWasmPath, Scorer } from "../../trainer/wasm/scorer.ts";

const KNOWN = ["alice", "bob", "carol", "dave", "erin", "frank", "grace"];
const ATTACKER = "203.0.113.7";

let scorer: Scorer;

beforeAll(async () => {
  scorer = await Scorer.load(filterWasmPath());
  const model = tinyModelData(scorer.schema());
  model.baselines!.sets[0] = Uint32Array.from(KNOWN.map(entityHash)).sort();
  scorer.loadModel(writeModel(model));
});

const at = (s: number) => new Date(Date.UTC(2024, 0, 22, 9) + s * 1000).toISOString();

function login(s: number, user: string, ip: string, ok: boolean) {
  return { timestamp: at(s), user, source_ip: ip, host: "web-01", event_type: "login", action: ok ? "success" : "failure", message: `login ${ok ? "ok" : "failed"} for ${user}` };
}

function fileRead(s: number, user: string, host = "web-01", ip = "10.0.0.5") {
  return { timestamp: at(s), user, source_ip: ip, host, event_type: "file_access", action: "read", message: `${user} read /srv/report.pdf`, bytes: 5000 };
}

function score(records: object[]): ScoredEvent[] {
  scorer.resetState();
  const text = records.map((r) => JSON.stringify(r));
  return scoreRecords(scorer, text, text.map(() => "test")).events;
}

/** One failed login per user from the attacker, 70 s apart (under the per-minute brute-force thresholds). */
const spray = (users: string[]) => users.map((u, i) => login(70 * i, u, ATTACKER, false));

describe("many users failing from one source", () => {
  it.each<[string, string[], string]>([
    ["7 users the baseline knows: password spraying", KNOWN, "password_spraying"],
    ["6 known, 1 unknown (1/7 < 1/4): password spraying", [...KNOWN.slice(0, 6), "info"], "password_spraying"],
    ["5 known, 2 unknown (2/7 >= 1/4): credential stuffing", [...KNOWN.slice(0, 5), "info", "j.smith"], "brute_force"],
  ])("%s", (_name, users, threat) => {
    const last = score(spray(users)).at(-1)!;
    expect(last.anomalyScore, JSON.stringify(last)).toBeGreaterThanOrEqual(0.5);
    expect(last.reasons[0]).toMatch(/^ip_distinct_failed_users_10m=7 /);
    expect(last.threatType).toBe(threat);
  });
});

describe("an unexplained alert inside an open incident", () => {
  // Six failures for alice in a minute (brute force), then her success from the same source.
  const bruteForce = [...Array.from({ length: 6 }, (_, i) => login(5 * i, "alice", ATTACKER, false)), login(40, "alice", ATTACKER, true)];

  it("is an anomaly on its own", () => {
    const [read] = score([fileRead(100, "alice")]);
    expect(read.anomalyScore).toBeGreaterThanOrEqual(0.5);
    expect(read.threatType).toBe("anomaly");
  });

  it("from the attacking source takes the threat of the source's open incident, and joins it", () => {
    const events = score([...bruteForce.slice(0, 6), fileRead(100, "bob", "web-01", ATTACKER)]);
    const failure = events.at(-2)!;
    const read = events.at(-1)!;
    expect(failure.threatType).toBe("brute_force");
    expect(read.threatType).toBe("brute_force");
    expect(read.incidentId).toBe(failure.incidentId);
  });

  it("by the compromised user from the attacking source joins the compromise's incident", () => {
    const events = score([...bruteForce, fileRead(100, "alice", "web-01", ATTACKER)]);
    const success = events.at(-2)!;
    const read = events.at(-1)!;
    expect(success.threatType).toBe("brute_force");
    expect(read.threatType).toBe("brute_force");
    expect(read.incidentId).toBe(success.incidentId);
  });

  it("overrides a threat only partial evidence names (a second host in the hour: lateral movement)", () => {
    // On its own, 2 hosts against a threshold of 4 names lateral movement, but is no reason.
    const [alone] = score([login(40, "alice", ATTACKER, true), fileRead(100, "alice", "db-01")]).slice(-1);
    expect(alone.threatType).toBe("lateral_movement");
    expect(alone.reasons.join(" ")).not.toMatch(/user_distinct_hosts_1h=2 \(threshold/);
    const read = score([...bruteForce, fileRead(100, "alice", "db-01", ATTACKER)]).at(-1)!;
    expect(read.threatType).toBe("brute_force");
  });

  it("stays an anomaly for another user, or once the incident has been quiet for over 30 min", () => {
    const events = score([...bruteForce, fileRead(100, "bob"), fileRead(40 + 1801, "alice")]);
    expect(events.at(-2)!.threatType).toBe("anomaly");
    expect(events.at(-1)!.threatType).toBe("anomaly");
  });
});
