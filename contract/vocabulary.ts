// The verdict vocabulary (docs/host-abi.md "Output fields" cites this file): threat types and
// their MITRE ATT&CK ids, severities and allowlist entry kinds, by id. The names are what the
// enriched record and the reports say; threat names are part of the feature schema's hash.

export enum Threat {
  NONE = 0,
  ANOMALY = 1,
  BRUTE_FORCE = 2,
  PASSWORD_SPRAYING = 3,
  PRIVILEGE_ESCALATION = 4,
  DATA_EXFILTRATION = 5,
  LATERAL_MOVEMENT = 6,
  COUNT = 7,
}
export const THREAT_NAMES: StaticArray<string> = [
  "none",
  "anomaly",
  "brute_force",
  "password_spraying",
  "privilege_escalation",
  "data_exfiltration",
  "lateral_movement",
];
export const THREAT_MITRE: StaticArray<string> = ["", "", "T1110", "T1110.003", "T1078", "T1048", "T1021"];
export const SEVERITY_NAMES: StaticArray<string> = ["NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL"];
export const SEVERITY_COUNT: i32 = 5;

/** Which kind of allowlist entry matched an event (docs/model-format.md §5.12). */
export enum AllowKind {
  NONE = 0,
  USER = 1,
  IP = 2,
  PAIR = 3,
}
export const ALLOW_KIND_NAMES: StaticArray<string> = ["", "user", "ip", "pair"];
