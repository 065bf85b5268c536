// One source under one baseline: our run and every peer's, turned into figures on the same
// scored events. The peers see the whole stream in time order (a fail2ban runs through the
// baseline days too); only their alerts raised on scored events count.

import { decisions, type Peer, type PeerAlert, type PeerEvent } from "./peers/alert.ts";
import { figures, type DetectorFigures, type DetectorRun, type ScoredStream } from "./metrics.ts";
import type { LoadedSource } from "./load.ts";
import type { OurRun } from "./ours.ts";

export interface Evaluation {
  stream: ScoredStream;
  ours?: DetectorFigures;
  peers: Record<string, DetectorFigures>;
  /** Alerts per peer on the scored events (for the CI slice and diagnostics). */
  peerAlerts: Record<string, PeerAlert[]>;
}

const DETECTOR_THRESHOLD = 0.5;

function hostOf(record: Record<string, unknown>): string {
  const h = record.Hostname ?? record.host ?? record.hostname ?? "";
  return String(h).toLowerCase().split(".")[0];
}

/** Our decisions: every event scored >= 0.5 is an alert and marks itself; an incident is an incident_id. */
export function ourDetectorRun(run: OurRun): DetectorRun {
  const raised = run.events.map((e) => e.anomalyScore >= DETECTOR_THRESHOLD);
  const byIncident = new Map<string, number[]>();
  run.events.forEach((e, i) => {
    if (!raised[i]) return;
    const id = e.incidentId || `event-${i}`;
    const list = byIncident.get(id);
    list ? list.push(i) : byIncident.set(id, [i]);
  });
  return {
    raised,
    marked: raised,
    incidents: [...byIncident.values()],
    score: run.events.map((e) => e.anomalyScore),
    predicted: run.events.map((e) => e.threatType),
  };
}

/** A peer's alerts over before + scored, as decisions on the scored events only. */
export function peerDetectorRun(peer: Peer, src: LoadedSource, run: OurRun): { run: DetectorRun; alerts: PeerAlert[] } {
  const stream = [...run.before, ...run.lines];
  const events: PeerEvent[] = stream.map((line) => ({ timeMs: run.timeMs[line], record: JSON.parse(src.lines[line]) as Record<string, unknown> }));
  const offset = run.before.length;
  const alerts = peer
    .run(events)
    .filter((a) => a.trigger >= offset)
    .map((a) => ({ ...a, trigger: a.trigger - offset, marks: a.marks.filter((i) => i >= offset).map((i) => i - offset) }));
  const d = decisions(alerts, run.lines.length);
  return { run: { ...d, incidents: alerts.map((a) => a.marks) }, alerts };
}

export function evaluate(src: LoadedSource, run: OurRun, peers: Peer[]): Evaluation {
  const stream: ScoredStream = {
    timeMs: run.lines.map((l) => run.timeMs[l]),
    host: run.lines.map((l) => hostOf(JSON.parse(src.lines[l]) as Record<string, unknown>)),
    label: run.lines.map((l) => src.labels[l]),
  };
  const out: Evaluation = { stream, peers: {}, peerAlerts: {} };
  if (!run.skipped) out.ours = figures(stream, ourDetectorRun(run));
  for (const peer of peers) {
    const p = peerDetectorRun(peer, src, run);
    out.peers[peer.name] = figures(stream, p.run);
    out.peerAlerts[peer.name] = p.alerts;
  }
  return out;
}
