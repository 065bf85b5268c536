// Field access for Windows records as OTRF's captures hold them (flat Winlogbeat/NXLog-style
// keys: EventID, Channel, Hostname, and the event data by name).

import { text } from "./alert.ts";

export type WinRecord = Record<string, unknown>;

export const eventId = (r: WinRecord): number => Number(r.EventID);
export const channel = (r: WinRecord): string => text(r, "Channel").toLowerCase();
export const field = (r: WinRecord, key: string): string => text(r, key);
export const host = (r: WinRecord): string => text(r, "Hostname").toLowerCase().split(".")[0];

const SYSMON = "microsoft-windows-sysmon/operational";

/**
 * A process creation as Sigma's `process_creation` category sees it: Sysmon 1, or Security 4688
 * with the windows-audit field mapping (NewProcessName → Image, ParentProcessName → ParentImage,
 * MandatoryLabel → IntegrityLevel).
 */
export interface ProcessCreation {
  image: string;
  parentImage: string;
  commandLine: string;
  parentCommandLine: string;
  integrityLevel: string;
  originalFileName: string;
}

export function processCreation(r: WinRecord): ProcessCreation | undefined {
  const id = eventId(r);
  if (channel(r) === SYSMON && id === 1) {
    return {
      image: field(r, "Image"),
      parentImage: field(r, "ParentImage"),
      commandLine: field(r, "CommandLine"),
      parentCommandLine: field(r, "ParentCommandLine"),
      integrityLevel: field(r, "IntegrityLevel"),
      originalFileName: field(r, "OriginalFileName"),
    };
  }
  if (channel(r) === "security" && id === 4688) {
    return {
      image: field(r, "NewProcessName"),
      parentImage: field(r, "ParentProcessName"),
      commandLine: field(r, "CommandLine"),
      parentCommandLine: "",
      integrityLevel: field(r, "MandatoryLabel"),
      originalFileName: "",
    };
  }
  return undefined;
}
