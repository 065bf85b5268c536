// Writing results: the enriched record (inline and batch) and the report line
// (batch only). The enriched record keeps every original member byte for byte,
// drops members with our own key names (so re-scoring never duplicates keys) and
// appends ours before the closing brace. Input that is not a JSON object is
// wrapped as {"log": "<original text>", ...}, because Fluent Bit drops non-objects.

import { Sink } from "./sink";
import { RecordScan, firstMember, gMemberOwn, memberEnd, nextMember } from "../event/json-scan";
import { Verdict } from "../verdict/verdict";
import { Model } from "../model/model-view";
import { Err, ERROR_CODES } from "../../contract/errors.ts";
import { ALLOW_KIND_NAMES, AllowKind, SEVERITY_NAMES, THREAT_MITRE, THREAT_NAMES } from "../../contract/vocabulary.ts";
import { reasons } from "./reasons";
import { Event, Slice } from "../event/event";
import { Incident } from "../verdict/incident";
import { Suppression } from "../verdict/allowlist";

// @ts-ignore: decorator
@inline const SCORE_DECIMALS: i32 = 4;

// @ts-ignore: decorator
@inline function isSpaceOrComma(c: i32): bool {
  return c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d || c == 0x2c;
}

/**
 * Copies the members in [from, to) of the original object, trimming separators at
 * both ends. Bytes that are not valid UTF-8 become U+FFFD, so the output stays
 * valid JSON text whatever the input held.
 */
function copyMembers(out: Sink, rec: usize, from: i32, to: i32, wrote: bool): bool {
  while (from < to && isSpaceOrComma(<i32>load<u8>(rec + from))) from++; // bounds: from < to <= len
  while (to > from && isSpaceOrComma(<i32>load<u8>(rec + to - 1))) to--; // bounds: to - 1 >= from >= 0
  if (from >= to) return wrote;
  if (wrote) out.byte(0x2c);
  out.utf8(rec + from, to - from);
  return true;
}

/** The object's members without the spans of our own keys the scan recorded. */
function copyWithoutOwnKeys(out: Sink, rec: usize, scan: RecordScan): bool {
  let wrote = false;
  let from = scan.objStart + 1;
  for (let i = 0; i < scan.ownCount; i++) {
    wrote = copyMembers(out, rec, from, unchecked(scan.ownStart[i]), wrote);
    from = unchecked(scan.ownEnd[i]);
  }
  return copyMembers(out, rec, from, scan.objEnd, wrote);
}

/**
 * The same for a record with more copies of our keys than one scan records (OWN_SPAN_CAPACITY):
 * one more walk over its top-level members, so the work stays linear however many there are.
 */
function copyWalkingMembers(out: Sink, rec: usize, scan: RecordScan): bool {
  let wrote = false;
  const end = scan.objEnd;
  let from = scan.objStart + 1;
  let p = firstMember(rec, end, from);
  while (p < end) {
    const q = memberEnd(rec, end, p);
    if (gMemberOwn) {
      wrote = copyMembers(out, rec, from, p, wrote);
      from = q;
    }
    p = nextMember(rec, end, q);
  }
  return copyMembers(out, rec, from, end, wrote);
}

/** `<ip|user>-<key hash, 8 hex digits>-<start, epoch seconds>`: what the incident is keyed on, and when it began. */
function incidentId(out: Sink, inc: Incident): void {
  out.byte(0x22);
  out.ascii(inc.onSource ? "ip" : "user");
  out.byte(0x2d);
  out.hex(inc.entity, 8);
  out.byte(0x2d);
  out.number(<f64>inc.startSec, 0);
  out.byte(0x22);
}

/** `,"allowlisted":"user","suppressed_score":0.93,"suppressed_threat_type":"brute_force"`, only on a suppressed alert. */
function suppressed(out: Sink, s: Suppression, threatKey: string): void {
  if (s.kind == AllowKind.NONE) return;
  out.ascii(',"allowlisted":"');
  out.ascii(unchecked(ALLOW_KIND_NAMES[s.kind]));
  out.ascii('","suppressed_score":');
  out.number(<f64>s.score, SCORE_DECIMALS);
  out.ascii(',"');
  out.ascii(threatKey);
  out.ascii('":"');
  out.ascii(unchecked(THREAT_NAMES[s.threat]));
  out.byte(0x22);
}

export function emitEnriched(
  out: Sink, rec: usize, len: i32, scan: RecordScan, v: Verdict, inc: Incident, sup: Suppression, raw: StaticArray<f32>, m: Model | null, err: Err,
): void {
  out.byte(0x7b);
  let wrote = false;
  if (scan.valid) {
    wrote = scan.ownOverflow ? copyWalkingMembers(out, rec, scan) : copyWithoutOwnKeys(out, rec, scan);
  } else {
    out.key("log");
    out.jsonString(rec, len);
    wrote = true;
  }
  if (wrote) out.byte(0x2c);
  out.key("anomaly_score");
  out.number(<f64>v.score, SCORE_DECIMALS);
  out.ascii(',"threat_type":"');
  out.ascii(unchecked(THREAT_NAMES[v.threat]));
  out.ascii('","severity":"');
  out.ascii(unchecked(SEVERITY_NAMES[v.severity]));
  out.byte(0x22);
  if (v.reasonCount > 0) {
    out.ascii(',"anomaly_reasons":');
    reasons(out, v, raw, m);
  }
  const mitre = unchecked(THREAT_MITRE[v.threat]);
  if (mitre.length > 0) {
    out.ascii(',"mitre_technique":"');
    out.ascii(mitre);
    out.byte(0x22);
  }
  if (inc.entity != 0) {
    out.ascii(',"incident_id":');
    incidentId(out, inc);
  }
  suppressed(out, sup, "suppressed_threat_type");
  if (err != Err.NONE) {
    out.ascii(',"anomaly_error":"');
    out.ascii(unchecked(ERROR_CODES[err]));
    out.byte(0x22);
  }
  out.byte(0x7d);
}

function field(out: Sink, key: string, s: Slice): void {
  out.byte(0x2c);
  out.key(key);
  out.jsonString(s.ptr, s.len);
}

/** One line of the batch report: the normalised event and its verdict. */
export function emitReportLine(out: Sink, ev: Event, v: Verdict, inc: Incident, sup: Suppression, raw: StaticArray<f32>, m: Model | null, err: Err): void {
  out.ascii('{"t":');
  if (isFinite(ev.timeMs)) out.number(ev.timeMs, 0);
  else out.ascii("null");
  field(out, "user", ev.user);
  field(out, "ip", ev.sourceIp);
  field(out, "host", ev.host);
  field(out, "type", ev.eventType);
  field(out, "action", ev.action);
  field(out, "msg", ev.message);
  out.ascii(',"score":');
  out.number(<f64>v.score, SCORE_DECIMALS);
  out.ascii(',"threat":"');
  out.ascii(unchecked(THREAT_NAMES[v.threat]));
  out.ascii('","severity":"');
  out.ascii(unchecked(SEVERITY_NAMES[v.severity]));
  out.ascii('","mitre":"');
  out.ascii(unchecked(THREAT_MITRE[v.threat]));
  out.ascii('","reasons":');
  reasons(out, v, raw, m);
  out.ascii(',"if":');
  out.number(<f64>v.iforest, SCORE_DECIMALS);
  out.ascii(',"ae":');
  out.number(<f64>v.autoencoder, SCORE_DECIMALS);
  out.ascii(',"rules":');
  out.number(<f64>v.rules, SCORE_DECIMALS);
  out.ascii(',"incident":');
  if (inc.entity != 0) incidentId(out, inc);
  else out.ascii('""');
  if (v.compromise && inc.entity != 0) out.ascii(',"compromise":true');
  suppressed(out, sup, "suppressed_threat");
  out.ascii(',"error":"');
  out.ascii(unchecked(ERROR_CODES[err]));
  out.ascii('"}');
}
