// Detection-quality metrics over labelled events: the arithmetic of
// bench/quality.ts, kept free of I/O so it can be unit-tested.
//
// Conventions
// - An event is positive when it belongs to an attack campaign, benign otherwise.
// - A ratio whose denominator is 0 is NaN (printed "n/a"), never 0 or 1.
// - Per-group figures (a threat type or a scenario) are "one group against the
//   benign events": the group's attack events are the positives, every benign
//   event is a negative, other groups' attack events are left out. So a group's
//   precision and PR-AUC say how well its attacks stand out from normal activity,
//   unaffected by how many other attacks the benchmark holds.
// - PR-AUC is average precision (scikit-learn's average_precision_score): the
//   step-wise area sum over distinct thresholds t, descending, of
//   (R(t) - R(t_prev)) * P(t). Tied scores form one threshold; no interpolation.

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export const ratio = (num: number, den: number): number => (den === 0 ? Number.NaN : num / den);

export function countOutcomes(flagged: ArrayLike<boolean>, positive: ArrayLike<boolean>): Counts {
  if (flagged.length !== positive.length) throw new RangeError(`${flagged.length} decisions for ${positive.length} labels`);
  const c: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < flagged.length; i++) {
    if (positive[i]) flagged[i] ? c.tp++ : c.fn++;
    else flagged[i] ? c.fp++ : c.tn++;
  }
  return c;
}

export const precision = (c: Counts): number => ratio(c.tp, c.tp + c.fp);
export const recall = (c: Counts): number => ratio(c.tp, c.tp + c.fn);
export const falsePositiveRate = (c: Counts): number => ratio(c.fp, c.fp + c.tn);

/** Average precision of `scores` (higher = more anomalous) for the `positive` labels; NaN without positives. */
export function averagePrecision(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const n = scores.length;
  if (n !== positive.length) throw new RangeError(`${n} scores for ${positive.length} labels`);
  let positives = 0;
  for (let i = 0; i < n; i++) if (positive[i]) positives++;
  if (positives === 0) return Number.NaN;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => key(scores[b]) - key(scores[a]));
  let tp = 0;
  let seen = 0;
  let ap = 0;
  let prevRecall = 0;
  for (let k = 0; k < n; ) {
    const s = key(scores[order[k]]);
    // One threshold per distinct score: take every tied event at once.
    while (k < n && key(scores[order[k]]) === s) {
      if (positive[order[k]]) tp++;
      seen++;
      k++;
    }
    const r = tp / positives;
    ap += (r - prevRecall) * (tp / seen);
    prevRecall = r;
  }
  return ap;
}

/**
 * Area under the ROC curve of `scores` for the `positive` labels: the probability that a random
 * positive outranks a random negative, ties counting one half (the Mann-Whitney U statistic, as
 * scikit-learn's roc_auc_score). NaN without positives or without negatives; NaN scores rank last.
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const n = scores.length;
  if (n !== positive.length) throw new RangeError(`${n} scores for ${positive.length} labels`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => key(scores[a]) - key(scores[b]));
  let positives = 0;
  let rankSum = 0;
  for (let k = 0; k < n; ) {
    let end = k;
    while (end < n && key(scores[order[end]]) === key(scores[order[k]])) end++;
    // Tied scores share the mean of their 1-based ranks k+1 .. end.
    const meanRank = (k + 1 + end) / 2;
    for (let j = k; j < end; j++) {
      if (positive[order[j]]) {
        positives++;
        rankSum += meanRank;
      }
    }
    k = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** NaN scores rank last. */
const key = (s: number): number => (Number.isNaN(s) ? Number.NEGATIVE_INFINITY : s);

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// ---------------------------------------------------------------------------
// Campaigns.

export interface CampaignOutcome {
  campaign: string;
  events: number;
  detected: boolean;
  /** Campaign events before the first flagged one (0 = its first event alerted); null when never detected. */
  eventsBeforeFirstAlert: number | null;
  /** Seconds from the campaign's first event to its first alert; null when never detected. */
  secondsToFirstAlert: number | null;
}

/** Per campaign, from its events in stream (time) order. Events without a campaign are ignored. */
export function campaignOutcomes(events: ReadonlyArray<{ campaign?: string; timeMs: number }>, flagged: ArrayLike<boolean>): CampaignOutcome[] {
  const byId = new Map<string, { start: number; events: number; firstAlertAt: number | null; firstAlertTime: number | null }>();
  events.forEach((e, i) => {
    if (e.campaign === undefined) return;
    let c = byId.get(e.campaign);
    if (!c) byId.set(e.campaign, (c = { start: e.timeMs, events: 0, firstAlertAt: null, firstAlertTime: null }));
    if (flagged[i] && c.firstAlertAt === null) {
      c.firstAlertAt = c.events;
      c.firstAlertTime = e.timeMs;
    }
    c.events++;
  });
  return [...byId].map(([campaign, c]) => ({
    campaign,
    events: c.events,
    detected: c.firstAlertAt !== null,
    eventsBeforeFirstAlert: c.firstAlertAt,
    secondsToFirstAlert: c.firstAlertTime === null ? null : (c.firstAlertTime - c.start) / 1000,
  }));
}

// ---------------------------------------------------------------------------
// One detector over a labelled stream.

export interface LabelledEvent {
  /** Attack campaign id; undefined for benign events. */
  campaign?: string;
  /** The campaign's threat type (what a correct verdict says). */
  threat?: string;
  timeMs: number;
}

export interface DetectorOutput {
  /** The detector's decision per event. */
  flagged: ArrayLike<boolean>;
  /** Its score per event (higher = more anomalous), for PR-AUC. */
  score: ArrayLike<number>;
  /** Predicted threat type per event, when the detector names one. */
  predicted?: ArrayLike<string>;
}

export interface GroupReport {
  group: string;
  campaigns: number;
  detectedCampaigns: number;
  campaignRecall: number;
  events: number;
  detectedEvents: number;
  eventRecall: number;
  /** Group vs benign. */
  precision: number;
  prAuc: number;
  medianEventsToDetect: number;
  medianSecondsToDetect: number;
  /** Share of the group's flagged events whose predicted threat type is the label's; NaN without predictions. */
  correctType: number;
  outcomes: CampaignOutcome[];
}

export interface DetectorReport {
  benign: number;
  attacks: number;
  falsePositives: number;
  falsePositiveRate: number;
  /** Every alert (true or false) per 1,000 benign events: the analyst's load. */
  alertsPer1kBenign: number;
  falseAlertsPer1kBenign: number;
  /** False alerts per 1,000 benign events by predicted threat type (empty without predictions). */
  falseAlertsPer1kByType: Record<string, number>;
  overall: GroupReport;
  groups: GroupReport[];
}

function groupReport(group: string, members: number[], benign: number[], events: readonly LabelledEvent[], out: DetectorOutput): GroupReport {
  const idx = [...members, ...benign];
  const positive = idx.map((_, k) => k < members.length);
  const flagged = idx.map((i) => Boolean(out.flagged[i]));
  const c = countOutcomes(flagged, positive);
  const outcomes = campaignOutcomes(
    members.map((i) => events[i]),
    members.map((i) => Boolean(out.flagged[i])),
  );
  const detected = outcomes.filter((o) => o.detected);
  let typed = 0;
  let correct = 0;
  if (out.predicted) {
    for (const i of members) {
      if (!out.flagged[i]) continue;
      typed++;
      if (out.predicted[i] === events[i].threat) correct++;
    }
  }
  return {
    group,
    campaigns: outcomes.length,
    detectedCampaigns: detected.length,
    campaignRecall: ratio(detected.length, outcomes.length),
    events: members.length,
    detectedEvents: c.tp,
    eventRecall: recall(c),
    precision: precision(c),
    prAuc: averagePrecision(idx.map((i) => out.score[i]), positive),
    medianEventsToDetect: median(detected.map((o) => o.eventsBeforeFirstAlert!)),
    medianSecondsToDetect: median(detected.map((o) => o.secondsToFirstAlert!)),
    correctType: out.predicted ? ratio(correct, typed) : Number.NaN,
    outcomes,
  };
}

/** `events` in stream order; `groupOf` names each attack event's group (e.g. its threat type or scenario). */
export function evaluateDetector(events: readonly LabelledEvent[], out: DetectorOutput, groupOf: (e: LabelledEvent, i: number) => string): DetectorReport {
  if (out.flagged.length !== events.length || out.score.length !== events.length) throw new RangeError("detector output and events differ in length");
  const benign: number[] = [];
  const attacks: number[] = [];
  const groups = new Map<string, number[]>();
  events.forEach((e, i) => {
    if (e.campaign === undefined) return void benign.push(i);
    attacks.push(i);
    const g = groupOf(e, i);
    const list = groups.get(g);
    list ? list.push(i) : groups.set(g, [i]);
  });
  let falsePositives = 0;
  let alerts = 0;
  const falseByType: Record<string, number> = {};
  events.forEach((e, i) => {
    if (!out.flagged[i]) return;
    alerts++;
    if (e.campaign !== undefined) return;
    falsePositives++;
    if (out.predicted) falseByType[out.predicted[i]] = (falseByType[out.predicted[i]] ?? 0) + 1;
  });
  const per1k = (n: number) => ratio(1000 * n, benign.length);
  return {
    benign: benign.length,
    attacks: attacks.length,
    falsePositives,
    falsePositiveRate: ratio(falsePositives, benign.length),
    alertsPer1kBenign: per1k(alerts),
    falseAlertsPer1kBenign: per1k(falsePositives),
    falseAlertsPer1kByType: Object.fromEntries(Object.entries(falseByType).map(([t, n]) => [t, per1k(n)])),
    overall: groupReport("all attacks", attacks, benign, events, out),
    groups: [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([g, members]) => groupReport(g, members, benign, events, out)),
  };
}

// ---------------------------------------------------------------------------
// Operating point: what a detector's ranking achieves at a fixed false-positive budget.

/**
 * The decision threshold that flags at most `fpr` of the benign events: events
 * score strictly above it. It is the (k+1)-th highest benign score with
 * k = floor(fpr * benign); benign events tied with it stay unflagged, so the
 * budget is never exceeded. -Infinity (flag everything) when the budget covers
 * every benign event or there are none.
 */
export function thresholdAtFpr(benignScores: ArrayLike<number>, fpr: number): number {
  const n = benignScores.length;
  if (n === 0) return Number.NEGATIVE_INFINITY;
  const sorted = Array.from(benignScores, key).sort((a, b) => b - a);
  const k = Math.floor(fpr * n + 1e-9);
  return k >= n ? Number.NEGATIVE_INFINITY : sorted[k];
}

/** The detector's output re-decided at the threshold that keeps its benign false-positive rate within `fpr`. */
export function atFalsePositiveBudget(events: readonly LabelledEvent[], out: DetectorOutput, fpr: number): DetectorOutput {
  const benign: number[] = [];
  events.forEach((e, i) => {
    if (e.campaign === undefined) benign.push(out.score[i]);
  });
  const t = thresholdAtFpr(benign, fpr);
  return { ...out, flagged: Array.from(out.score, (s) => key(s) > t) };
}
