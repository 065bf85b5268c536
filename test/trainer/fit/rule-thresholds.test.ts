// Issue #14 item 5: learned login-failure thresholds come from per-entity maxima with the worst few
// entities set aside, and never exceed what fail2ban, CrowdSec and Wazuh act on. A baseline full
// of Internet guessing (as every real one of an exposed host is) must learn what a clean one learns.

import { describe, expect, it } from "vitest";
import { TRIMMED_ENTITIES, trimmedEntityMax } from "../../../trainer/fit/robust.ts";
import { RULE_PARAM_SPECS } from "../../../trainer/fit/rule-thresholds.ts";
import type { RuleName } from "../../../contract/schema-table.ts";
import { SyslogHost } from "../../helpers/syslog-host.ts";
import { runOnHost } from "../../helpers/host-run.ts";

const MONDAY = Date.UTC(2024, 0, 15);
const MS_PER_MIN = 60_000;
/** The peers' values (fail2ban sshd, CrowdSec ssh-bf and ssh-bf_user-enum). */
const PEER_CEILINGS: Record<string, number> = {
  bf_ip_failed_60s: 5,
  bf_ip_failed_10m: 5,
  spray_ip_distinct_failed_users_10m: 5,
};
const FAILURE_RULES = Object.keys(RULE_PARAM_SPECS).filter((n) => n.startsWith("bf_") || n.startsWith("spray_"));

describe("trimmedEntityMax", () => {
  it("ignores a handful of entities far above the rest", () => {
    const values = [1, 2, 1, 2, 3, 120, 118, 119, 90, 100];
    const keys = [1, 2, 3, 4, 5, 6, 6, 7, 8, 9];
    // the five worst entities (6, 7, 8, 9 and 5 at 3) are set aside: entity 2's 2 remains
    expect(trimmedEntityMax(values, keys)).toBe(2);
  });

  it("counts an entity once, by its worst value", () => {
    const keys = [...Array(20).keys()].map((k) => k + 1);
    const values = keys.map(() => 1);
    // one entity with a thousand rows of 50 is still one entity
    expect(trimmedEntityMax([...values, ...Array(1000).fill(50)], [...keys, ...Array(1000).fill(99)])).toBe(1);
  });

  it("gives 0 with no more than the trimmed number of entities", () => {
    expect(trimmedEntityMax([9, 9, 9], [1, 2, 3])).toBe(0);
    expect(TRIMMED_ENTITIES).toBeGreaterThanOrEqual(3);
  });
});

describe("failure thresholds on a baseline with background guessing", () => {
  it.each(Object.entries(PEER_CEILINGS))("%s never exceeds the peers' %d", (name, peer) => {
    const spec = RULE_PARAM_SPECS[name as RuleName];
    expect("ceiling" in spec && spec.ceiling).toBeLessThanOrEqual(peer);
    expect("floor" in spec && spec.floor).toBeLessThanOrEqual(peer);
  });

  it.each([1, 3, 7])("a %d-day baseline with bursts of 120 failures a minute learns what a clean one learns", async (days) => {
    const clean = new SyslogHost("web-01");
    clean.ordinaryDays(MONDAY, days + 1);
    const dirty = new SyslogHost("web-01");
    dirty.ordinaryDays(MONDAY, days + 1, { guessers: 10, bursts: 2 });
    const [a, b] = await Promise.all([runOnHost(clean, { baselineDays: days }), runOnHost(dirty, { baselineDays: days })]);
    for (const name of FAILURE_RULES) expect(b.threshold(name), name).toBe(a.threshold(name));
    for (const [name, peer] of Object.entries(PEER_CEILINGS)) expect(b.threshold(name), name).toBeLessThanOrEqual(peer);
  }, 120_000);

  it("after retraining over an attack, a new source's fifth failure in ten minutes alerts", async () => {
    const log = new SyslogHost("web-01");
    log.ordinaryDays(MONDAY, 8, { guessers: 10, bursts: 2 });
    // day 8, 14:00: 3 attempts at root 2 minutes apart, 2 failure lines each (pam_unix + Failed password)
    log.burst(MONDAY + 7 * 1440 * MS_PER_MIN + 14 * 60 * MS_PER_MIN, "198.18.7.7", "root", 3, 6 * MS_PER_MIN, "probe", true);
    const r = await runOnHost(log, { baselineDays: 7 });
    const failures = log.sorted().filter((l) => l.label === "probe" && !l.record.includes("Connection closed"));
    expect(failures).toHaveLength(6);
    expect(failures.slice(4).map((l) => r.alerted(l))).toEqual([true, true]);
  }, 120_000);
});
