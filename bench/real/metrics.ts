// The figures bench:real prints for one detector on one scored stream, from its decisions per
// event (see peers/alert.ts for what raised and marked mean, for us and for the peers).
//
// - event recall per attack type: marked attack events / attack events of that type; the same
//   over the events that carry the technique (LineLabel.carries) is the technique recall
// - attack-level detection: an attack instance is detected when an alert is raised at one of its
//   events; time to detect runs from the instance's first event to that alert
// - benign false-positive rate: marked benign events / benign events
// - alerts per day: raised alerts / the scored span; false incidents per host per day: incidents
//   none of whose events is an attack event / (hosts in the stream × scored days)

import { ratio, rocAuc } from "../quality-metrics.ts";
import type { LineLabel } from "./load.ts";

export const MS_PER_DAY = 86_400_000;

export interface ScoredStream {
  timeMs: number[];
  host: string[];
  label: Array<LineLabel | undefined>;
}

export interface DetectorRun {
  raised: boolean[];
  marked: boolean[];
  /** Each incident's events. */
  incidents: number[][];
  score?: number[];
  /** Predicted threat type per event. */
  predicted?: string[];
}

export interface InstanceOutcome {
  instance: string;
  type: string;
  events: number;
  detected: boolean;
  secondsToDetect: number | null;
}

export interface Recall {
  events: number;
  marked: number;
  recall: number;
}

export interface DetectorFigures {
  recallByType: Record<string, Recall>;
  techniqueRecallByType: Record<string, Recall>;
  instances: InstanceOutcome[];
  benign: number;
  falsePositives: number;
  falsePositiveRate: number;
  alerts: number;
  alertsPerDay: number;
  incidents: number;
  falseIncidents: number;
  falseIncidentsPerHostDay: number;
  rocAuc: number;
  /** Share of marked attack events whose predicted type is the label's; NaN without predictions. */
  correctType: number;
}

export function scoredDays(s: ScoredStream): number {
  if (s.timeMs.length === 0) return Number.NaN;
  return (Math.max(...s.timeMs) - Math.min(...s.timeMs)) / MS_PER_DAY;
}

export function figures(s: ScoredStream, run: DetectorRun): DetectorFigures {
  const n = s.timeMs.length;
  if ([run.raised, run.marked].some((a) => a.length !== n)) throw new RangeError("decisions and events differ in length");
  const recallByType: Record<string, Recall> = {};
  const techniqueRecallByType: Record<string, Recall> = {};
  const count = (into: Record<string, Recall>, type: string, marked: boolean) => {
    const t = (into[type] ??= { events: 0, marked: 0, recall: Number.NaN });
    t.events++;
    if (marked) t.marked++;
  };
  const byInstance = new Map<string, InstanceOutcome & { start: number }>();
  let benign = 0;
  let falsePositives = 0;
  let typed = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const l = s.label[i];
    if (!l) {
      benign++;
      if (run.marked[i]) falsePositives++;
      continue;
    }
    count(recallByType, l.type, run.marked[i]);
    if (l.carries) count(techniqueRecallByType, l.type, run.marked[i]);
    if (run.marked[i]) {
      if (run.predicted) {
        typed++;
        if (run.predicted[i] === l.type) correct++;
      }
    }
    let o = byInstance.get(l.instance);
    if (!o) byInstance.set(l.instance, (o = { instance: l.instance, type: l.type, events: 0, detected: false, secondsToDetect: null, start: s.timeMs[i] }));
    o.events++;
    o.start = Math.min(o.start, s.timeMs[i]);
    if (run.raised[i] && !o.detected) {
      o.detected = true;
      o.secondsToDetect = (s.timeMs[i] - o.start) / 1000;
    }
  }
  for (const t of [...Object.values(recallByType), ...Object.values(techniqueRecallByType)]) t.recall = ratio(t.marked, t.events);
  const days = scoredDays(s);
  const hosts = new Set(s.host).size;
  const falseIncidents = run.incidents.filter((events) => events.every((i) => !s.label[i])).length;
  const alerts = run.raised.filter(Boolean).length;
  return {
    recallByType,
    techniqueRecallByType,
    instances: [...byInstance.values()].map(({ start: _start, ...o }) => o),
    benign,
    falsePositives,
    falsePositiveRate: ratio(falsePositives, benign),
    alerts,
    alertsPerDay: ratio(alerts, days),
    incidents: run.incidents.length,
    falseIncidents,
    falseIncidentsPerHostDay: ratio(falseIncidents, hosts * days),
    rocAuc: run.score ? rocAuc(run.score, s.label.map((l) => l !== undefined)) : Number.NaN,
    correctType: ratio(correct, typed),
  };
}
