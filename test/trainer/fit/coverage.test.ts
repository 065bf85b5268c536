// Issue #14 item 2: the model records what its baseline covers, a time the baseline could not judge
// raises no alert by itself, and train/run/validate warn (under --quiet too) when the baseline is
// shorter than a week or misses part of it; inspect shows the coverage.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { coverageWarnings, describeCoverage, weekdayOf } from "../../../trainer/fit/coverage.ts";
import { readModel } from "../../../trainer/model/read.ts";
import { writeModel } from "../../../trainer/model/write.ts";
import { Scorer } from "../../../trainer/wasm/scorer.ts";
import { runCli } from "../../helpers/cli.ts";
import { runOnHost } from "../../helpers/host-run.ts";
import { SyslogHost } from "../../helpers/syslog-host.ts";

const MONDAY = Date.UTC(2024, 0, 15);
const MS_PER_DAY = 86_400_000;
/** The reasons that quote the time of day or the weekday. */
const TIME_REASON = /^(is_weekend|day_of_week|hour_sin|hour_cos|is_night|user_off_hours)=/;

describe("coverage facts", () => {
  it("counts Monday as weekday 0", () => {
    expect([0, 1, 5, 6].map((d) => weekdayOf(MONDAY + d * MS_PER_DAY + 3_600_000))).toEqual([0, 1, 5, 6]);
  });

  it("describes and warns about a Mon–Wed daytime baseline", () => {
    const c = { hourMask: 0b111111111 << 8, weekdayMask: 0b0000111, days: 3 };
    expect(describeCoverage(c)).toBe("Mon, Tue, Wed, hours 08–16 UTC, 3 days");
    const w = coverageWarnings(c);
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/^the baseline covers 3 days, less than a week/);
    expect(w[1]).toMatch(/^the baseline has no Thu, Fri, Sat, Sun and no events in 00–07, 17–23 UTC: .*never raises an alert/);
    expect(coverageWarnings({ hourMask: 0xffffff, weekdayMask: 0x7f, days: 7 })).toEqual([]);
  });
});

describe("the COVERAGE section", () => {
  const model = readModel(readFileSync("test/fixtures/tiny.model.bin"));

  it("round-trips byte for byte and marks the file 1.2", () => {
    const bytes = writeModel({ ...model, coverage: { hourMask: 0x00ff00, weekdayMask: 0x1f, days: 5 } });
    expect(readModel(bytes).coverage).toEqual({ hourMask: 0x00ff00, weekdayMask: 0x1f, days: 5 });
    expect(writeModel(readModel(bytes))).toEqual(bytes);
    expect(bytes[6]).toBe(2);
    expect(writeModel(model)[6]).toBe(1); // without it, the file stays as 1.1 wrote it
  });

  it.each([
    ["no covered hour", { hourMask: 0, weekdayMask: 0x7f, days: 1 }],
    ["an hour bit past 23", { hourMask: 0x1000000, weekdayMask: 0x7f, days: 1 }],
    ["a weekday bit past Sunday", { hourMask: 0xffffff, weekdayMask: 0x80, days: 1 }],
  ])("is refused by the scorer with %s", async (_name, coverage) => {
    const scorer = await Scorer.load();
    expect(() => scorer.loadModel(writeModel({ ...model, coverage }))).toThrow(/out-of-range values/);
  });
});

describe("a baseline that misses part of the week", () => {
  it("--baseline-period-days 1 on 8 days of ordinary traffic flags almost nothing, and warns under --quiet", async () => {
    const log = new SyslogHost("web-01");
    log.ordinaryDays(MONDAY, 8);
    const r = await runOnHost(log, { baselineDays: 1, extraArgs: ["--quiet"] });
    const scored = log.lines.filter((l) => l.timeMs >= MONDAY + MS_PER_DAY);
    expect(r.anomalies.length / scored.length).toBeLessThan(0.01);
    expect(r.anomalies.flatMap((a) => a.reasons).filter((x) => TIME_REASON.test(x))).toEqual([]);
    expect(r.stderr).toMatch(/^warning: the baseline covers 1 day, less than a week/m);
    expect(r.stderr).toMatch(/^warning: the baseline has no Tue, Wed, Thu, Fri, Sat, Sun/m);
    expect(r.model.coverage).toEqual({ hourMask: 0xffffff, weekdayMask: 1, days: 1 });
  }, 120_000);

  it("a weekday-only daytime baseline does not judge the weekend or the night", async () => {
    const log = new SyslogHost("web-01");
    // Mon–Wed, the admins' sessions only (09:00–09:10 UTC); then the same on Thu and Fri, and at 02:00 at the weekend
    const at = (d: number, k: number) => MONDAY + d * MS_PER_DAY + (d < 5 ? 9 : 2) * 3_600_000 + k * 20_000;
    for (let d = 0; d < 7; d++) for (let k = 0; k < 20; k++) log.adminSession(at(d, k), `admin${k % 4}`);
    const r = await runOnHost(log, { baselineDays: 3 });
    const weekend = log.lines.filter((l) => l.timeMs >= MONDAY + 5 * MS_PER_DAY);
    // the contamination budget (0.5%) with a little room: a 160-line weekend, at most 2 alerts
    expect(weekend.filter((l) => r.alerted(l)).length).toBeLessThanOrEqual(2);
    expect(r.anomalies.flatMap((a) => a.reasons).filter((x) => TIME_REASON.test(x))).toEqual([]);
  }, 120_000);

  it("validate warns about logs that span less than a week, also under --quiet", async () => {
    const dir = mkdtempSync(join(tmpdir(), "la-cover-"));
    const log = new SyslogHost("web-01");
    log.ordinaryDays(MONDAY, 3);
    writeFileSync(join(dir, "auth.ndjson"), log.records().join("\n"));
    const r = await runCli(["validate", "--data-path", join(dir, "auth.ndjson"), "--quiet"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: the logs span 3 calendar days, less than a week/m);
  });

  it("inspect shows the coverage", async () => {
    const dir = mkdtempSync(join(tmpdir(), "la-cover-"));
    const log = new SyslogHost("web-01");
    log.ordinaryDays(MONDAY, 3);
    writeFileSync(join(dir, "auth.ndjson"), log.records().join("\n"));
    const out = join(dir, "model");
    const t = await runCli(["train", "--data-path", join(dir, "auth.ndjson"), "--output-dir", out, "--quiet", "--autoencoder-epochs", "2", "--iso-forest-estimators", "10"]);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stderr).toMatch(/^warning: the baseline covers 3 days/m);
    const i = await runCli(["inspect", join(out, "model.bin")]);
    expect(i.stdout).toMatch(/^Baseline covers: Mon, Tue, Wed, every hour, 3 days$/m);
  }, 120_000);
});
