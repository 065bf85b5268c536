// Sigma rules for the techniques of the Windows sources, translated by hand from
// SigmaHQ/sigma at 8eaafff1f2845a696050e05e72ba1140ee190698 (rules/windows/...). Sigma's
// string matching is case-insensitive; `windash` also accepts "/" (and the dashes Windows
// treats alike) for a leading "-". Each matching event is one alert.

import type { Peer, PeerAlert, PeerEvent } from "./alert.ts";
import { channel, eventId, field, host, processCreation, type ProcessCreation, type WinRecord } from "./windows-record.ts";

const lc = (s: string) => s.toLowerCase();
const endsWith = (v: string, suffix: string) => lc(v).endsWith(lc(suffix));
const containsAny = (v: string, needles: string[]) => needles.some((n) => lc(v).includes(lc(n)));
const containsAll = (v: string, needles: string[]) => needles.every((n) => lc(v).includes(lc(n)));
const windash = (needles: string[]) => needles.flatMap((n) => (n.includes("-") ? ["-", "/", "\u2013", "\u2014", "\u2015"].map((d) => n.replace("-", d)) : [n]));

interface SigmaRule {
  file: string;
  match: (r: WinRecord) => boolean;
}

const onProcess = (f: (p: ProcessCreation) => boolean) => (r: WinRecord) => {
  const p = processCreation(r);
  return p !== undefined && f(p);
};

const service7045 = (r: WinRecord) => channel(r) === "system" && eventId(r) === 7045 && lc(field(r, "Provider_Name") || field(r, "SourceName")) === "service control manager";

export const SIGMA_RULES: SigmaRule[] = [
  {
    file: "rules/windows/process_creation/proc_creation_win_uac_bypass_cmstp.yml",
    match: onProcess((p) => (endsWith(p.image, "\\cmstp.exe") || lc(p.originalFileName) === "cmstp.exe") && containsAny(p.commandLine, ["/s", "-s", "/au", "-au", "/ni", "-ni"])),
  },
  {
    file: "rules/windows/process_creation/proc_creation_win_cmstp_execution_by_creation.yml",
    match: onProcess((p) => endsWith(p.parentImage, "\\cmstp.exe")),
  },
  {
    file: "rules/windows/process_creation/proc_creation_win_uac_bypass_cmstp_com_object_access.yml",
    match: onProcess(
      (p) =>
        endsWith(p.parentImage, "\\DllHost.exe") &&
        containsAny(p.parentCommandLine, [
          " /Processid:{3E5FC7F9-9A51-4367-9063-A120244FBEC7}",
          " /Processid:{3E000D72-A845-4CD9-BD83-80C07C3B881F}",
          " /Processid:{BD54C901-076B-434E-B6C7-17C531F4AB41}",
          " /Processid:{D2E7041B-2927-42FB-8E9F-7CE93B6DC937}",
          " /Processid:{E9495B87-D950-4AB5-87A5-FF6D70BF3E90}",
        ]) &&
        ["high", "system", "s-1-16-16384", "s-1-16-12288"].includes(lc(p.integrityLevel)),
    ),
  },
  {
    file: "rules/windows/process_creation/proc_creation_win_sc_service_path_modification.yml",
    match: onProcess(
      (p) =>
        endsWith(p.image, "\\sc.exe") &&
        containsAll(p.commandLine, ["config", "binPath"]) &&
        containsAny(p.commandLine, [
          "powershell", "cmd ", "mshta", "wscript", "cscript", "rundll32", "svchost", "dllhost", "cmd.exe /c", "cmd.exe /k", "cmd.exe /r", "cmd /c", "cmd /k", "cmd /r",
          "C:\\Users\\Public", "\\Downloads\\", "\\Desktop\\", "\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\", "C:\\Windows\\TEMP\\", "\\AppData\\Local\\Temp",
        ]),
    ),
  },
  {
    file: "rules/windows/process_creation/proc_creation_win_winrm_remote_powershell_session_process.yml",
    match: onProcess((p) => endsWith(p.image, "\\wsmprovhost.exe") || endsWith(p.parentImage, "\\wsmprovhost.exe")),
  },
  {
    file: "rules/windows/builtin/security/win_security_remote_powershell_session.yml",
    match: (r) => channel(r) === "security" && eventId(r) === 5156 && ["5985", "5986"].includes(field(r, "DestPort")) && field(r, "LayerRTID") === "44",
  },
  {
    file: "rules/windows/builtin/system/service_control_manager/win_system_hack_smbexec.yml",
    match: (r) => service7045(r) && (field(r, "ServiceName") === "BTOBTO" || containsAny(field(r, "ImagePath"), [".bat & del ", "__output 2^>^&1 >"])),
  },
  {
    file: "rules/windows/builtin/system/service_control_manager/win_system_susp_service_installation_script.yml",
    match: (r) =>
      service7045(r) &&
      containsAny(field(r, "ImagePath"), windash([" -c ", " -r ", " -k "])) &&
      containsAny(field(r, "ImagePath"), ["cscript", "mshta", "powershell", "pwsh", "regsvr32", "rundll32", "wscript"]),
  },
];

export function runSigma(events: readonly PeerEvent[]): PeerAlert[] {
  const alerts: PeerAlert[] = [];
  events.forEach((e, i) => {
    for (const rule of SIGMA_RULES) if (rule.match(e.record)) alerts.push({ rule: rule.file, trigger: i, marks: [i], key: `${rule.file}@${host(e.record)}` });
  });
  return alerts;
}

export const SIGMA_WINDOWS: Peer = {
  name: "sigma",
  cites: SIGMA_RULES.map((r) => `SigmaHQ/sigma ${r.file}`),
  run: runSigma,
};
