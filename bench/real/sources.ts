// The sources of the real-log benchmark: where each fixture came from and how the bench
// trains on it. The labels themselves are in data/<name>.labels.json, written by the derive
// scripts (derive/*.ts) that README.md describes.

export type SourceKind = "linux" | "windows";

export interface Origin {
  repo: string;
  commit: string;
  path: string;
  licence: string;
}

export interface Source {
  name: string;
  kind: SourceKind;
  /** The records, in the order the capture or log holds them. */
  file: string;
  labels: string;
  origin: Origin[];
  /**
   * A Linux source trains on its own first N days; a Windows capture spans minutes, so it trains
   * on the other captures of the same lab (see README.md, "Baselines").
   */
  baseline: "first-days" | "same-environment";
  /** Reference time for yearless syslog timestamps (what Fluent Bit would take from its clock). */
  referenceTime?: string;
}

const OTRF = { repo: "OTRF/Security-Datasets", commit: "d9d40ef123d2c87d5d3df28c96bcab4f0faccc87", licence: "MIT" };
const CROWDSEC = { repo: "crowdsecurity/hub", commit: "b03cb59b2131ebfc5300f5f14828e29967efd1a5", licence: "MIT" };
const ROOTLY = { repo: "Rootly-AI-Lab/logs-dataset", commit: "5d7448debdf22ad27358fdcc62fc36205496e3f8", licence: "Apache-2.0" };

const windows = (name: string, path: string): Source => ({
  name,
  kind: "windows",
  file: `${name}.ndjson.gz`,
  labels: `${name}.labels.json`,
  origin: [{ ...OTRF, path }],
  baseline: "same-environment",
});

export const SOURCES: Source[] = [
  {
    name: "linux-crowdsec-sshd-tests",
    kind: "linux",
    file: "linux-crowdsec-sshd-tests.ndjson.gz",
    labels: "linux-crowdsec-sshd-tests.labels.json",
    origin: ["ssh-bf/ssh-bf.log", "ssh-slow-bf/ssh-slow-bf.log", "ssh-time-based-bf/ssh-time-based-bf.log"].map((p) => ({ ...CROWDSEC, path: `.tests/${p}` })),
    baseline: "first-days",
    referenceTime: "2025-12-31T00:00:00Z",
  },
  {
    name: "linux-vps-sshd",
    kind: "linux",
    file: "linux-vps-sshd.ndjson.gz",
    labels: "linux-vps-sshd.labels.json",
    origin: [{ ...ROOTLY, path: "openssh/openssh.log" }],
    baseline: "first-days",
    // The log's first commit (the day after its last line): the year a tailing Fluent Bit would give.
    referenceTime: "2025-01-31T19:58:19Z",
  },
  windows("win-cmstp-uac-bypass", "datasets/atomic/windows/defense_evasion/host/psh_cmstp_execution_bypassuac.zip"),
  windows("win-service-mod-fax", "datasets/atomic/windows/privilege_escalation/host/cmd_service_mod_fax.zip"),
  windows("win-psremoting-covenant", "datasets/atomic/windows/lateral_movement/host/covenant_psremoting_command.zip"),
  windows("win-smbexec-empire", "datasets/atomic/windows/lateral_movement/host/empire_smbexec_dcerpc_smb_svcctl.zip"),
];

export function sourceNamed(name: string): Source | undefined {
  return SOURCES.find((s) => s.name === name);
}
