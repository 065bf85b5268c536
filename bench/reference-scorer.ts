/**
 * A plain-TypeScript scorer, written the way a user might write one instead of
 * using the WASM module: JSON.parse per record, per-user and per-IP history in
 * Maps, the model's trees and weights (decoded by readModel) walked in JS, the
 * calibration of assembly/verdict/verdict.ts, JSON.stringify out.
 *
 * FOR SPEED COMPARISON ONLY. It is not a second implementation of the
 * features: the AssemblyScript scorer is the only one (DESIGN.md, train/serve
 * parity). Its feature values only approximate the scorer's (simpler event
 * classification, exact time windows instead of buckets, unbounded Maps), so
 * its verdicts agree with the scorer's on most records, not all. The detector
 * maths (isolation-forest walk, autoencoder forward pass, calibration) is the
 * same, and test/bench/reference-scorer.test.ts holds it to the scorer's.
 */
import type { CalibratorParams, ModelData } from "../trainer/model/format.ts";
import type { IForestModel } from "../trainer/detectors/iforest/model.ts";
import { averagePathLength } from "../trainer/detectors/iforest/model.ts";
import type { AutoencoderModel } from "../trainer/detectors/autoencoder/model.ts";
import type { Schema } from "../trainer/wasm/scorer.ts";

/** Isolation Forest score s(x) = 2^(-E[h(x)] / c(psi)), higher = more anomalous. */
export function iforestScore(forest: IForestModel, x: ArrayLike<number>): number {
  let total = 0;
  for (const tree of forest.trees) {
    let i = 0;
    while (tree.feature[i] >= 0) i = x[tree.feature[i]] < tree.threshold[i] ? i + 1 : tree.right[i];
    total += tree.threshold[i];
  }
  return 2 ** (-(total / forest.trees.length) / averagePathLength(forest.maxSamples));
}

/** Mean squared reconstruction error of the dense network, higher = more anomalous. */
export function autoencoderScore(ae: AutoencoderModel, x: ArrayLike<number>): number {
  let input: ArrayLike<number> = x;
  for (const layer of ae.layers) {
    const out = new Float64Array(layer.outSize);
    for (let o = 0; o < layer.outSize; o++) {
      let s = layer.bias[o];
      for (let i = 0; i < layer.inSize; i++) s += layer.weights[o * layer.inSize + i] * input[i];
      out[o] = layer.activation === "relu" ? Math.max(s, 0) : layer.activation === "tanh" ? Math.tanh(s) : s;
    }
    input = out;
  }
  let sum = 0;
  for (let i = 0; i < ae.nFeatures; i++) sum += (x[i] - input[i]) ** 2;
  return sum / ae.nFeatures;
}

/** assembly/verdict/verdict.ts: raw score → [0, 1] with the alert threshold at 0.5. */
export function calibrate(c: CalibratorParams, raw: number): number {
  const threshold = Math.max(c.threshold, c.low + 1e-6);
  const high = Math.max(c.high, threshold + 1e-6);
  if (!(raw > c.low)) return 0;
  if (raw < threshold) return (0.5 * (raw - c.low)) / (threshold - c.low);
  return 1 - 0.5 * 2 ** (-(raw - threshold) / (high - threshold));
}

const MITRE: Record<string, string> = { brute_force: "T1110", password_spraying: "T1110.003", privilege_escalation: "T1078", data_exfiltration: "T1048", lateral_movement: "T1021" };
const SEVERITIES = ["NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL"];
const KINDS = ["other", "login_success", "login_failure", "privilege_use", "privilege_change", "process_start", "service_install", "file_access", "network", "account_change"];
const HOUR_MS = 3_600_000;
const TEN_MIN_MS = 600_000;
const MINUTE_MS = 60_000;
const MAX_GAP_S = 3600;

interface Seen {
  t: number;
  kind: number;
  failed: boolean;
  sensitive: boolean;
  bytes: number;
  other: string; // the IP (for a user's history) or the user (for an IP's)
  host: string;
}

function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c |= 32;
    h = Math.imul(h ^ c, 0x01000193) >>> 0;
  }
  return h === 0 ? 1 : h;
}

function fnvPair(a: number, b: number): number {
  let h = 0x811c9dc5;
  for (const v of [a, b]) for (let s = 0; s < 32; s += 8) h = Math.imul(h ^ ((v >>> s) & 0xff), 0x01000193) >>> 0;
  return h === 0 ? 1 : h;
}

function kindOf(type: string, outcomeFailed: boolean, message: string): number {
  switch (type) {
    case "login": case "logon": case "authentication": case "ssh":
      return outcomeFailed ? 2 : 1;
    case "sudo": case "su": case "privilege_use":
      return 3;
    case "group_change": case "privilege_change":
      return /wheel|sudo|admin/i.test(message) ? 4 : 9;
    case "process_start": return 5;
    case "service_install": return 6;
    case "file_access": return 7;
    case "network_connection": return 8;
    case "account_change": return 9;
  }
  if (/password for|logged in/i.test(message)) return outcomeFailed ? 2 : 1;
  if (/sudo:|command=/i.test(message)) return 3;
  return 0;
}

/** The ensemble's raw value from the calibrated detector scores and the rule score, as assembly/verdict/verdict.ts sums them. */
export function ensembleRaw(iforest: number, autoencoder: number, rules: number): number {
  return autoencoder + rules + 0.125 * iforest;
}

export class ReferenceScorer {
  private readonly f: Record<string, number>;
  private readonly rule: Record<string, number>;
  private readonly log1p: boolean[];
  private readonly sets: Set<number>[];
  private readonly profiles = new Map<number, { hourMask: number; bytesP99: number }>();
  private readonly users = new Map<string, Seen[]>();
  private readonly ips = new Map<string, Seen[]>();
  private readonly x: Float32Array;
  private now = -Infinity;
  /** Score of each record, in order (for comparing verdicts with the scorer's). */
  readonly scores: number[] = [];

  constructor(
    private readonly model: ModelData,
    schema: Pick<Schema, "features" | "log1p" | "rule_params">,
  ) {
    if (!model.iforest || !model.autoencoder || !model.normalization || !model.calibration || !model.rules || !model.baselines) {
      throw new Error("the reference scorer needs a complete model");
    }
    this.f = Object.fromEntries(schema.features.map((n, i) => [n, i]));
    this.rule = Object.fromEntries(schema.rule_params.map((n, i) => [n, model.rules![i]]));
    this.log1p = schema.log1p.map((v) => v === 1);
    this.sets = model.baselines.sets.map((s) => new Set(s));
    const p = model.baselines.profiles;
    p.hash.forEach((h, i) => this.profiles.set(h, { hourMask: p.hourMask[i], bytesP99: p.bytesP99[i] }));
    this.x = new Float32Array(schema.features.length);
  }

  /** NDJSON text in, enriched NDJSON text out. */
  scoreText(text: string): string {
    const out: string[] = [];
    for (const line of text.split("\n")) if (line.trim() !== "") out.push(this.scoreLine(line));
    return out.join("\n") + "\n";
  }

  scoreLine(line: string): string {
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(line);
    } catch {
      rec = { log: line };
    }
    const v = this.score(rec);
    this.scores.push(v.score);
    const enriched: Record<string, unknown> = { ...rec, anomaly_score: Math.round(v.score * 1e4) / 1e4, threat_type: v.threat, severity: v.severity };
    if (MITRE[v.threat]) enriched.mitre_technique = MITRE[v.threat];
    return JSON.stringify(enriched);
  }

  private score(rec: Record<string, unknown>): { score: number; threat: string; severity: string } {
    const m = this.model;
    const F = this.f;
    const x = this.x;
    x.fill(0);
    const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
    const user = str(rec.user ?? rec.username);
    const ip = str(rec.source_ip ?? rec.src_ip ?? rec.ip);
    const host = str(rec.host ?? rec.hostname);
    const type = str(rec.event_type ?? rec.type).toLowerCase();
    const action = str(rec.action ?? rec.result).toLowerCase();
    const message = str(rec.message ?? rec.msg);
    const path = str(rec.path ?? rec.file);
    const bytes = Math.max(0, Number(rec.bytes ?? rec.size ?? 0) || 0);
    const parsed = Date.parse(str(rec.timestamp ?? rec.time ?? rec["@timestamp"]));
    const t = Number.isFinite(parsed) ? parsed : this.now;
    this.now = Math.max(this.now, t);
    const now = this.now;

    const failed = /^(failure|failed|fail|denied|error|invalid)$/.test(action) || (action === "" && /fail|denied|invalid/i.test(message));
    const kind = kindOf(type, failed, message);
    const sensitive = /\/etc\/shadow|\/etc\/sudoers|id_rsa|\.ssh\/|\.aws\/credentials|\/root\//.test(path + " " + message);
    const hour = new Date(t).getUTCHours();
    const dow = (new Date(t).getUTCDay() + 6) % 7;
    x[F.hour_sin] = Math.sin((2 * Math.PI * hour) / 24);
    x[F.hour_cos] = Math.cos((2 * Math.PI * hour) / 24);
    x[F.day_of_week] = dow / 6;
    x[F.is_weekend] = dow >= 5 ? 1 : 0;
    x[F.is_night] = hour < 6 ? 1 : 0;
    x[F[`kind_${KINDS[kind]}`]] = 1;
    x[F.outcome_failure] = failed ? 1 : 0;
    x[F.sensitive_path] = sensitive ? 1 : 0;
    x[F.mentions_root] = /\broot\b|administrator/i.test(message) ? 1 : 0;
    x[F.remote_logon] = /ssh|rdp|remote/i.test(message + type) ? 1 : 0;
    x[F.admin_group] = /wheel|administrators|domain admins/i.test(message) ? 1 : 0;
    x[F.event_bytes] = bytes;
    x[F.message_length] = message.length;

    const userHash = user ? fnv(user) : 0;
    const ipHash = ip ? fnv(ip) : 0;
    const seen: Seen = { t: now, kind, failed: kind === 2, sensitive, bytes, other: ip, host };
    const privileged = kind === 3 || kind === 4;
    x[F.seconds_since_user_prev] = MAX_GAP_S;
    if (user) {
      const history = this.recent(this.users, user, now);
      const last = history[history.length - 1];
      if (last) x[F.seconds_since_user_prev] = Math.min(MAX_GAP_S, Math.max(0, (now - last.t) / 1000));
      history.push(seen);
      const within = (ms: number) => history.filter((e) => e.t > now - ms);
      const min1 = within(MINUTE_MS);
      const min10 = within(TEN_MIN_MS);
      x[F.user_events_60s] = min1.length;
      x[F.user_failed_logins_60s] = min1.filter((e) => e.failed).length;
      const failed10 = min10.filter((e) => e.failed).length;
      const logins10 = min10.filter((e) => e.kind === 1 || e.kind === 2).length;
      x[F.user_failed_logins_10m] = failed10;
      x[F.user_fail_ratio_10m] = logins10 ? failed10 / logins10 : 0;
      x[F.user_privilege_events_1h] = history.filter((e) => e.kind === 3 || e.kind === 4).length;
      x[F.user_file_access_10m] = min10.filter((e) => e.kind === 7).length;
      x[F.user_sensitive_access_1h] = history.filter((e) => e.sensitive).length;
      x[F.user_bytes_1h] = history.reduce((s, e) => s + e.bytes, 0);
      x[F.user_distinct_ips_1h] = new Set(history.map((e) => e.other).filter(Boolean)).size;
      x[F.user_distinct_hosts_1h] = new Set(history.map((e) => e.host).filter(Boolean)).size;
      x[F.user_distinct_failed_ips_10m] = kind === 2 ? new Set(min10.filter((e) => e.failed).map((e) => e.other)).size : 0;
    }
    if (ip) {
      const history = this.recent(this.ips, ip, now);
      history.push({ ...seen, other: user });
      const min1 = history.filter((e) => e.t > now - MINUTE_MS);
      const min10 = history.filter((e) => e.t > now - TEN_MIN_MS);
      x[F.ip_events_60s] = min1.length;
      x[F.ip_failed_logins_60s] = min1.filter((e) => e.failed).length;
      const failed10 = min10.filter((e) => e.failed).length;
      const logins10 = min10.filter((e) => e.kind === 1 || e.kind === 2).length;
      x[F.ip_failed_logins_10m] = failed10;
      x[F.ip_fail_ratio_10m] = logins10 ? failed10 / logins10 : 0;
      x[F.ip_distinct_users_10m] = new Set(min10.map((e) => e.other).filter(Boolean)).size;
      x[F.ip_distinct_failed_users_10m] = kind === 2 ? new Set(min10.filter((e) => e.failed).map((e) => e.other)).size : 0;
      x[F.ip_unknown_user_failures_10m] = min10.filter((e) => e.failed && e.other && !this.sets[0].has(fnv(e.other))).length;
    }

    const profile = this.profiles.get(userHash);
    const bytesRef = profile ? profile.bytesP99 : this.rule.global_bytes_p99;
    x[F.user_off_hours] = profile && ((profile.hourMask >>> hour) & 1) === 0 ? 1 : 0;
    x[F.bytes_vs_user_p99_log2] = bytes > 0 ? Math.max(0, Math.log2((bytes + 1) / (bytesRef + 1))) : 0;
    const [users, ips, userIps, userHosts, userKinds, privUsers] = this.sets;
    x[F.user_unknown] = userHash && !users.has(userHash) ? 1 : 0;
    x[F.ip_unknown] = ipHash && !ips.has(ipHash) ? 1 : 0;
    x[F.user_ip_new] = userHash && ipHash && !userIps.has(fnvPair(userHash, ipHash)) ? 1 : 0;
    x[F.user_host_new] = userHash && host && !userHosts.has(fnvPair(userHash, fnv(host))) ? 1 : 0;
    x[F.user_kind_new] = userHash && !userKinds.has(fnvPair(userHash, kind + 1)) ? 1 : 0;
    x[F.privilege_new_for_user] = privileged && !failed && userHash && !privUsers.has(userHash) ? 1 : 0;

    const raw = Float32Array.from(x);
    const { mean, invStd } = m.normalization!;
    for (let i = 0; i < x.length; i++) {
      const v = this.log1p[i] ? Math.log1p(Math.max(0, x[i])) : x[i];
      x[i] = (v - mean[i]) * invStd[i];
    }
    const [ifCal, aeCal, ensCal] = m.calibration!;
    const iforest = calibrate(ifCal, iforestScore(m.iforest!, x));
    const autoencoder = calibrate(aeCal, autoencoderScore(m.autoencoder!, x));
    const { threat: ruleThreat, evidence } = this.rules(kind, raw, bytesRef, host !== "");
    const rules = evidence < 1 ? 0.5 * Math.max(evidence, 0) : 1 - 0.5 * 2 ** -evidence;
    const ml = calibrate(ensCal, ensembleRaw(iforest, autoencoder, rules));
    const score = rules >= 0.5 ? Math.max(ml, 0.5) : ml;
    const threat = rules >= 0.5 || (ml >= 0.5 && evidence > 0) ? ruleThreat : ml >= 0.5 ? "anomaly" : "none";
    const cuts = m.severityCuts ?? [0.5, 0.7, 0.85, 0.95];
    const severity = SEVERITIES[cuts.filter((c) => score >= c).length];
    return { score, threat, severity };
  }

  /** The entity's events of the last hour (older ones dropped). */
  private recent(map: Map<string, Seen[]>, key: string, now: number): Seen[] {
    let history = map.get(key);
    if (!history) map.set(key, (history = []));
    let drop = 0;
    while (drop < history.length && history[drop].t <= now - HOUR_MS) drop++;
    if (drop > 0) history.splice(0, drop);
    return history;
  }

  /** assembly/detect/rules.ts, condensed: the strongest evidence and its threat. */
  private rules(kind: number, x: Float32Array, bytesRef: number, hasHost: boolean): { threat: string; evidence: number } {
    const F = this.f;
    const r = this.rule;
    let best = { threat: "none", evidence: 0 };
    const consider = (threat: string, value: number, limit: number) => {
      const e = limit > 0 ? value / limit : 0;
      if (e > best.evidence) best = { threat, evidence: e };
    };
    if (kind === 2) {
      consider("brute_force", x[F.ip_failed_logins_60s], r.bf_ip_failed_60s);
      consider("brute_force", x[F.ip_failed_logins_10m], r.bf_ip_failed_10m);
      consider("brute_force", x[F.user_failed_logins_60s], r.bf_user_failed_60s);
      consider("brute_force", x[F.user_failed_logins_10m], r.bf_user_failed_10m);
      consider("brute_force", x[F.user_distinct_failed_ips_10m], r.bf_user_distinct_failed_ips_10m);
      const stuffing = x[F.ip_unknown_user_failures_10m] >= 0.25 * x[F.ip_failed_logins_10m];
      consider(stuffing ? "brute_force" : "password_spraying", x[F.ip_distinct_failed_users_10m], r.spray_ip_distinct_failed_users_10m);
    }
    if (kind === 3 || kind === 4) {
      if (x[F.privilege_new_for_user] > 0 && best.evidence < 1.5) best = { threat: "privilege_escalation", evidence: 1.5 };
      consider("privilege_escalation", x[F.user_privilege_events_1h], r.priv_user_1h);
    }
    const bytes = x[F.event_bytes];
    if ((kind === 7 || kind === 8) && bytes >= r.exfil_min_bytes) {
      consider("data_exfiltration", bytes, r.exfil_event_bytes);
      consider("data_exfiltration", x[F.user_bytes_1h], r.exfil_user_bytes_1h);
      consider("data_exfiltration", bytes, r.exfil_user_p99_multiple * Math.max(bytesRef, 1));
    }
    if (hasHost && kind !== 2 && x[F.user_distinct_hosts_1h] >= 2) {
      consider("lateral_movement", x[F.user_distinct_hosts_1h], r.lateral_user_distinct_hosts_1h);
    }
    return best;
  }
}
