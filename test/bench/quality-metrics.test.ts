import { describe, expect, it } from "vitest";
import {
  atFalsePositiveBudget,
  averagePrecision,
  campaignOutcomes,
  countOutcomes,
  evaluateDetector,
  falsePositiveRate,
  median,
  precision,
  recall,
  rocAuc,
  thresholdAtFpr,
  type LabelledEvent,
} from "../../bench/quality-metrics.ts";

describe("rocAuc", () => {
  it("is 1 for a perfect ranking, 0 for a reversed one and 0.5 when all tie", () => {
    expect(rocAuc([0.9, 0.8, 0.3, 0.1], [true, true, false, false])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [true, true, false, false])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5], [true, false, false])).toBe(0.5);
  });

  it("matches scikit-learn's documented example and counts ties as one half", () => {
    // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75);
    // one positive tied with one of two negatives, above the other: (1 + 0.5) / 2
    expect(rocAuc([0.7, 0.7, 0.1], [true, false, false])).toBe(0.75);
  });

  it("is NaN without positives or negatives and ranks NaN scores last", () => {
    expect(rocAuc([0.3, 0.2], [false, false])).toBeNaN();
    expect(rocAuc([0.3, 0.2], [true, true])).toBeNaN();
    expect(rocAuc([Number.NaN, 0.1], [false, true])).toBe(1);
  });
});

describe("averagePrecision", () => {
  it("is 1 when every positive outranks every negative", () => {
    expect(averagePrecision([0.9, 0.8, 0.3, 0.1], [true, true, false, false])).toBe(1);
  });

  it("sums recall steps times precision at each threshold", () => {
    // ranks: P (1/1), N, P (2/3) -> 0.5 * 1 + 0.5 * 2/3
    expect(averagePrecision([0.9, 0.8, 0.7], [true, false, true])).toBeCloseTo(5 / 6, 12);
    // scikit-learn's documented example: average_precision_score([0,0,1,1], [0.1,0.4,0.35,0.8]) = 0.8333
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBeCloseTo(0.8333333333, 9);
    // worst ranking: N, N, P -> 1 * 1/3
    expect(averagePrecision([3, 2, 1], [false, false, true])).toBeCloseTo(1 / 3, 12);
  });

  it("treats tied scores as one threshold", () => {
    expect(averagePrecision([0.5, 0.5], [true, false])).toBe(0.5);
    // all tied: the prevalence
    expect(averagePrecision([1, 1, 1, 1], [true, false, false, false])).toBe(0.25);
    // a tie at the top between a positive and a negative, then a positive: 0.5 * 1/2 + 0.5 * 2/3
    expect(averagePrecision([0.9, 0.9, 0.5], [true, false, true])).toBeCloseTo(0.25 + 1 / 3, 12);
  });

  it("ranks NaN scores last and is NaN without positives", () => {
    expect(averagePrecision([Number.NaN, 0.1], [false, true])).toBe(1);
    expect(averagePrecision([0.3, 0.2], [false, false])).toBeNaN();
    expect(averagePrecision([], [])).toBeNaN();
  });

  it("does not depend on input order", () => {
    const scores = [0.1, 0.7, 0.4, 0.9, 0.2, 0.4];
    const labels = [false, true, true, false, false, false];
    const idx = [5, 3, 1, 0, 4, 2];
    expect(averagePrecision(idx.map((i) => scores[i]), idx.map((i) => labels[i]))).toBeCloseTo(averagePrecision(scores, labels), 12);
  });

  it("refuses mismatched lengths", () => {
    expect(() => averagePrecision([1, 2], [true])).toThrow(RangeError);
  });
});

describe("counts, precision, recall, false-positive rate", () => {
  it("counts the four outcomes", () => {
    expect(countOutcomes([true, true, false, false, true], [true, false, true, false, true])).toEqual({ tp: 2, fp: 1, fn: 1, tn: 1 });
  });

  it("gives NaN, not 0 or 1, where a denominator is empty", () => {
    const none = countOutcomes([false, false], [true, false]);
    expect(precision(none)).toBeNaN(); // nothing flagged
    expect(recall(none)).toBe(0);
    const noPositives = countOutcomes([true, false], [false, false]);
    expect(recall(noPositives)).toBeNaN();
    expect(precision(noPositives)).toBe(0);
    expect(falsePositiveRate(noPositives)).toBe(0.5);
    expect(falsePositiveRate(countOutcomes([true], [true]))).toBeNaN(); // no negatives
  });

  it("is perfect on a perfect detector", () => {
    const c = countOutcomes([true, false, true], [true, false, true]);
    expect([precision(c), recall(c), falsePositiveRate(c)]).toEqual([1, 1, 0]);
  });

  it("refuses mismatched lengths", () => {
    expect(() => countOutcomes([true], [true, false])).toThrow(RangeError);
  });
});

describe("median", () => {
  it("handles empty, odd and even lists without mutating them", () => {
    expect(median([])).toBeNaN();
    const xs = [5, 1, 3];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe("campaignOutcomes", () => {
  const events = [
    { campaign: "A", timeMs: 1000 },
    { timeMs: 1500 },
    { campaign: "A", timeMs: 2000 },
    { campaign: "B", timeMs: 2500 },
    { campaign: "A", timeMs: 9000 },
    { campaign: "B", timeMs: 9500 },
  ];

  it("finds the first alert of each campaign: events before it and seconds since the campaign began", () => {
    const out = campaignOutcomes(events, [false, true, false, false, true, false]);
    expect(out).toEqual([
      { campaign: "A", events: 3, detected: true, eventsBeforeFirstAlert: 2, secondsToFirstAlert: 8 },
      { campaign: "B", events: 2, detected: false, eventsBeforeFirstAlert: null, secondsToFirstAlert: null },
    ]);
  });

  it("counts an alert on a campaign's first event as zero delay, and ignores benign alerts", () => {
    const out = campaignOutcomes(events, [true, true, true, false, false, true]);
    expect(out[0]).toMatchObject({ detected: true, eventsBeforeFirstAlert: 0, secondsToFirstAlert: 0 });
    expect(out[1]).toMatchObject({ detected: true, eventsBeforeFirstAlert: 1, secondsToFirstAlert: 7 });
  });
});

describe("evaluateDetector", () => {
  // 8 benign events, campaign A (brute_force, 3 events), campaign B (brute_force, 2), campaign C (exfil, 2).
  const events: LabelledEvent[] = [
    { timeMs: 0 },
    { campaign: "A", threat: "brute_force", timeMs: 1000 },
    { campaign: "A", threat: "brute_force", timeMs: 2000 },
    { timeMs: 2500 },
    { campaign: "A", threat: "brute_force", timeMs: 3000 },
    { campaign: "B", threat: "brute_force", timeMs: 4000 },
    { campaign: "B", threat: "brute_force", timeMs: 5000 },
    { timeMs: 5500 },
    { campaign: "C", threat: "data_exfiltration", timeMs: 6000 },
    { campaign: "C", threat: "data_exfiltration", timeMs: 7000 },
    { timeMs: 7500 },
    { timeMs: 8000 },
    { timeMs: 8500 },
    { timeMs: 9000 },
    { timeMs: 9500 },
  ];
  const flagged = [false, false, true, true, true, false, false, false, true, true, false, false, false, false, true];
  const score = [0.1, 0.4, 0.9, 0.6, 0.8, 0.3, 0.2, 0.1, 0.95, 0.7, 0.2, 0.1, 0.1, 0.3, 0.55];
  const predicted = ["none", "none", "brute_force", "anomaly", "password_spraying", "none", "none", "none", "data_exfiltration", "anomaly", "none", "none", "none", "none", "anomaly"];
  const report = evaluateDetector(events, { flagged, score, predicted }, (e) => e.threat!);

  it("reports false positives against the benign events", () => {
    expect(report.benign).toBe(8);
    expect(report.attacks).toBe(7);
    expect(report.falsePositives).toBe(2);
    expect(report.falsePositiveRate).toBe(0.25);
    expect(report.alertsPer1kBenign).toBe((1000 * 6) / 8);
    expect(report.falseAlertsPer1kBenign).toBe(250);
    expect(report.falseAlertsPer1kByType).toEqual({ anomaly: 250 });
  });

  it("reports each group against the benign events only", () => {
    const bf = report.groups.find((g) => g.group === "brute_force")!;
    expect(bf).toMatchObject({ campaigns: 2, detectedCampaigns: 1, campaignRecall: 0.5, events: 5, detectedEvents: 2, eventRecall: 0.4 });
    expect(bf.precision).toBe(0.5); // 2 true of 4 flagged (2 benign)
    expect(bf.correctType).toBe(0.5); // brute_force, password_spraying
    expect(bf.medianEventsToDetect).toBe(1);
    expect(bf.medianSecondsToDetect).toBe(1);
    // ranking within {A, B, benign}: .9 P, .8 P, .6 N, .55 N, .4 P, then ties .3 {P, N} and .2 {P, N}
    const ap = 0.2 * 1 + 0.2 * 1 + 0.2 * (3 / 5) + 0.2 * (4 / 7) + 0.2 * (5 / 9);
    expect(bf.prAuc).toBeCloseTo(ap, 12);
    const ex = report.groups.find((g) => g.group === "data_exfiltration")!;
    expect(ex).toMatchObject({ campaigns: 1, detectedCampaigns: 1, campaignRecall: 1, eventRecall: 1, medianEventsToDetect: 0, medianSecondsToDetect: 0 });
    expect(ex.precision).toBe(0.5);
    expect(ex.prAuc).toBe(1);
    expect(ex.correctType).toBe(0.5);
  });

  it("sums all attacks in the overall row", () => {
    expect(report.overall).toMatchObject({ campaigns: 3, detectedCampaigns: 2, events: 7, detectedEvents: 4 });
    expect(report.overall.precision).toBeCloseTo(4 / 6, 12);
    expect(report.overall.correctType).toBe(0.5);
  });

  it("has no typed figures for a detector without predictions", () => {
    const r = evaluateDetector(events, { flagged, score }, (e) => e.threat!);
    expect(r.falseAlertsPer1kByType).toEqual({});
    expect(r.overall.correctType).toBeNaN();
  });

  it("copes with a detector that flags nothing and a stream without attacks", () => {
    const none = evaluateDetector(events, { flagged: events.map(() => false), score: events.map(() => 0) }, (e) => e.threat!);
    expect(none.overall.precision).toBeNaN();
    expect(none.overall.eventRecall).toBe(0);
    expect(none.overall.campaignRecall).toBe(0);
    expect(none.overall.medianEventsToDetect).toBeNaN();
    const benignOnly = events.filter((e) => !e.campaign);
    const r = evaluateDetector(benignOnly, { flagged: benignOnly.map(() => true), score: benignOnly.map(() => 1) }, () => "x");
    expect(r.groups).toEqual([]);
    expect(r.overall.eventRecall).toBeNaN();
    expect(r.overall.prAuc).toBeNaN();
    expect(r.falsePositiveRate).toBe(1);
  });

  it("refuses output of the wrong length", () => {
    expect(() => evaluateDetector(events, { flagged: [true], score: [1] }, () => "x")).toThrow(RangeError);
  });
});

describe("thresholdAtFpr / atFalsePositiveBudget", () => {
  it("keeps at most the budgeted share of benign events above the threshold", () => {
    const benign = [0.1, 0.9, 0.5, 0.7, 0.3, 0.2, 0.8, 0.4, 0.6, 0.0];
    expect(thresholdAtFpr(benign, 0.2)).toBe(0.7); // 0.9 and 0.8 stay above
    expect(thresholdAtFpr(benign, 0.25)).toBe(0.7); // floor(2.5) = 2
    expect(thresholdAtFpr(benign, 0)).toBe(0.9); // nothing benign above
    expect(thresholdAtFpr(benign, 1)).toBe(Number.NEGATIVE_INFINITY);
    expect(thresholdAtFpr([], 0.1)).toBe(Number.NEGATIVE_INFINITY);
  });

  it("never exceeds the budget when benign scores tie at the threshold", () => {
    expect(thresholdAtFpr([0.5, 0.5, 0.5, 0.1], 0.25)).toBe(0.5); // the tied 0.5s all stay unflagged
  });

  it("re-decides a detector at its budget", () => {
    const events: LabelledEvent[] = [{ timeMs: 0 }, { campaign: "A", threat: "x", timeMs: 1 }, { timeMs: 2 }, { campaign: "A", threat: "x", timeMs: 3 }, { timeMs: 4 }];
    const out = atFalsePositiveBudget(events, { flagged: [true, true, true, true, true], score: [0.2, 0.9, 0.6, 0.5, 0.1] }, 1 / 3);
    // one benign false positive allowed: the threshold is the second-highest benign score (0.2)
    expect(Array.from(out.flagged)).toEqual([false, true, true, true, false]);
    // none allowed: only what outscores every benign event (0.6)
    expect(Array.from(atFalsePositiveBudget(events, { flagged: [], score: [0.2, 0.9, 0.6, 0.5, 0.1] }, 0.2).flagged)).toEqual([false, true, false, false, false]);
  });
});
