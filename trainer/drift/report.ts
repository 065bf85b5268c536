// Drift between the previous model and a newly trained one: how far each
// feature's baseline moved, which entities appeared or vanished, how the learned
// rule thresholds changed, and how much of the new baseline the previous model
// would have flagged. A large shift may mean the new baseline period contained an
// attack, which would then become "normal": each limit below that is crossed is a
// callout, and `train` refuses to deploy a model with any (unless --force).

import type { ModelData } from "../model/format.ts";

/** Features whose baseline mean moved by at least this many (previous) standard deviations are listed. */
export const SHIFT_LISTED = 0.5;
/** ... and called out above this. */
export const SHIFT_CALLED_OUT = 2;
/** The previous model flagging more than this multiple of its contamination on the new baseline is called out. */
export const FLAGGED_CALLED_OUT = 3;
/** A rule threshold rising to more than this multiple of its previous value is called out: what alerted before would not. */
export const RULE_RISE_CALLED_OUT = 3;
const TOP_FEATURES = 10;

export interface FeatureShift {
  feature: string;
  previousMean: number;
  newMean: number;
  /** |new - previous| in previous standard deviations (of the log1p-transformed value where the schema transforms it). */
  shift: number;
}

export interface EntityDrift {
  set: string;
  previous: number;
  current: number;
  appeared: number;
  vanished: number;
}

export interface ThresholdDrift {
  rule: string;
  previous: number;
  current: number;
}

export interface DriftReport {
  previousTrainedAt: string;
  featureShifts: FeatureShift[];
  entities: EntityDrift[];
  thresholds: ThresholdDrift[];
  /** Share of the new baseline's events the previous model scored as anomalies, and what its contamination expects. */
  previousModelFlagged: { share: number; expected: number };
  /** One line per limit crossed; any makes the drift beyond limits. */
  callouts: string[];
  beyondLimits: boolean;
}

export interface DriftContext {
  /** Share of the new baseline (what was trained on) that the previous model flags. */
  flaggedShare: number;
  /** Records --exclude-flagged left out, when it was given. */
  excluded?: number;
}

function countMissing(from: Uint32Array, other: Uint32Array): number {
  const set = new Set(other);
  let n = 0;
  for (const k of from) if (!set.has(k)) n++;
  return n;
}

export function driftReport(previous: ModelData, current: ModelData, names: { features: string[]; rules: string[]; sets: string[] }, context: DriftContext): DriftReport {
  const { flaggedShare, excluded } = context;
  const featureShifts: FeatureShift[] = [];
  if (previous.normalization && current.normalization) {
    names.features.forEach((feature, f) => {
      const prevMean = previous.normalization!.mean[f];
      const newMean = current.normalization!.mean[f];
      const shift = Math.abs(newMean - prevMean) * previous.normalization!.invStd[f];
      if (shift >= SHIFT_LISTED) featureShifts.push({ feature, previousMean: prevMean, newMean, shift });
    });
  }
  featureShifts.sort((a, b) => b.shift - a.shift);
  const entities = names.sets.map((set, i): EntityDrift => {
    const prev = previous.baselines?.sets[i] ?? new Uint32Array();
    const cur = current.baselines?.sets[i] ?? new Uint32Array();
    return { set, previous: prev.length, current: cur.length, appeared: countMissing(cur, prev), vanished: countMissing(prev, cur) };
  });
  const thresholds = names.rules
    .map((rule, i) => ({ rule, previous: previous.rules?.[i] ?? Number.NaN, current: current.rules?.[i] ?? Number.NaN }))
    .filter((t) => t.previous !== t.current);
  const expected = previous.meta.contamination;
  const callouts: string[] = [];
  if (flaggedShare > FLAGGED_CALLED_OUT * expected) {
    callouts.push(
      `the previous model flags ${(flaggedShare * 100).toFixed(2)}% of the new baseline (it expects ~${(expected * 100).toFixed(2)}%): ` +
        (excluded === undefined
          ? "check that the baseline period contains only normal logs — it may contain an attack (see --exclude-flagged)"
          : `even after --exclude-flagged left out ${excluded} HIGH or CRITICAL records — the rest of the baseline period may still contain an attack`),
    );
  }
  for (const s of featureShifts.filter((x) => x.shift >= SHIFT_CALLED_OUT)) {
    callouts.push(`feature ${s.feature} moved ${s.shift.toFixed(1)} standard deviations since the previous baseline`);
  }
  for (const t of thresholds.filter((x) => x.current > RULE_RISE_CALLED_OUT * x.previous && x.previous > 0)) {
    callouts.push(`rule threshold ${t.rule} rose ${(t.current / t.previous).toFixed(1)}x (${+t.previous.toPrecision(6)} → ${+t.current.toPrecision(6)}): what alerted before would not`);
  }
  return {
    previousTrainedAt: new Date(previous.meta.trainedAtMs).toISOString(),
    featureShifts: featureShifts.slice(0, TOP_FEATURES),
    entities,
    thresholds,
    previousModelFlagged: { share: flaggedShare, expected },
    callouts,
    beyondLimits: callouts.length > 0,
  };
}

/** The report for stdout; the callouts are warnings, which the command prints on stderr. */
export function formatDrift(d: DriftReport): string {
  const lines = [`Drift against the previous model (trained ${d.previousTrainedAt}):`];
  lines.push(`  previous model flags ${(d.previousModelFlagged.share * 100).toFixed(2)}% of the new baseline (expected ~${(d.previousModelFlagged.expected * 100).toFixed(2)}%)`);
  if (d.featureShifts.length) {
    lines.push("  features that moved (in previous standard deviations):");
    for (const s of d.featureShifts) lines.push(`    ${s.feature.padEnd(32)} ${s.shift.toFixed(2)}`);
  } else lines.push("  no feature moved by half a standard deviation or more");
  lines.push("  entities (previous → new, +appeared / -vanished):");
  for (const e of d.entities) lines.push(`    ${e.set.padEnd(32)} ${e.previous} → ${e.current} (+${e.appeared} / -${e.vanished})`);
  if (d.thresholds.length) {
    lines.push("  rule thresholds that changed:");
    for (const t of d.thresholds) lines.push(`    ${t.rule.padEnd(32)} ${+t.previous.toPrecision(6)} → ${+t.current.toPrecision(6)}`);
  }
  return lines.join("\n") + "\n";
}
