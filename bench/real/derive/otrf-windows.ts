// Regenerates the Windows fixtures from an OTRF/Security-Datasets snapshot:
//   npx tsx bench/real/derive/otrf-windows.ts <path of the repository's git directory>
// (e.g. the directory `fetch github:OTRF/Security-Datasets` returns). Reads each capture's zip at
// the commit in sources.ts, drops exact duplicate records, writes data/<name>.ndjson.gz in the
// capture's order and data/<name>.labels.json. Needs `git` and `unzip` on PATH.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { SOURCES } from "../sources.ts";
import type { SourceLabels } from "./labels.ts";
import { attackLines, lower, type LineageRules, type WinRecord } from "./windows-lineage.ts";

const DATA = new URL("../data/", import.meta.url).pathname;

/** Events that carry a technique (issue #15): process creation, registry writes, service installs, remote logons, share access. */
const CARRIES: Record<string, number[]> = {
  sysmon: [1, 12, 13, 14],
  other: [4688, 4697, 7045, 4624, 4648, 5140, 5145],
};
const carries = (r: WinRecord) => CARRIES[lower(r, "Channel").includes("sysmon") ? "sysmon" : "other"].includes(id(r));

const endsWith = (r: WinRecord, suffix: string, ...keys: string[]) => keys.some((k) => lower(r, k).endsWith(suffix));
const image = (r: WinRecord, suffix: string) => endsWith(r, suffix, "Image", "NewProcessName");
const id = (r: WinRecord) => Number(r.EventID);
const port = (r: WinRecord) => String(r.DestinationPort ?? r.DestPort ?? "");
const between = (r: WinRecord, a: string, b: string) => {
  const ends = [r.SourceIp ?? r.SourceAddress, r.DestinationIp ?? r.DestAddress].map(String);
  return ends.includes(a) && ends.includes(b);
};

interface Technique {
  type: string;
  technique: string;
  instance: string;
  rule: string;
  rules: (records: WinRecord[]) => LineageRules;
}

const TECHNIQUES: Record<string, Technique> = {
  "win-cmstp-uac-bypass": {
    type: "privilege_escalation",
    technique: "T1548.002",
    instance: "cmstp /s /au INF UAC bypass on WORKSTATION5",
    rule: "cmstp.exe processes and the elevated DllHost (CMSTPLUA {3E5FC7F9-…}) with all their descendants and every event they caused (registry, image loads, process access, file writes); the INF file written for it (T1218.003_uacbypass.inf)",
    rules: () => ({
      seed: (r) => image(r, "\\cmstp.exe") || (image(r, "\\dllhost.exe") && lower(r, "CommandLine").includes("3e5fc7f9-9a51-4367-9063-a120244fbec7")),
      extra: (r) => lower(r, "TargetFilename").includes("t1218.003") || lower(r, "ObjectName").includes("t1218.003"),
    }),
  },
  "win-service-mod-fax": {
    type: "privilege_escalation",
    technique: "T1543.003",
    instance: "Fax service binPath changed to PowerShell and started on WORKSTATION5",
    rule: "the sc.exe processes that reconfigure and start the Fax service and what they caused, the services.exe registry writes under Services\\Fax, and the process the service started as SYSTEM with its descendants",
    rules: () => ({
      seed: (r) => /sc(\.exe)?"?\s+(config|start)\s+fax/.test(lower(r, "CommandLine")) || (endsWith(r, "\\services.exe", "ParentImage", "ParentProcessName") && lower(r, "CommandLine").includes("t1543.003")),
      extra: (r) => lower(r, "TargetObject").includes("\\services\\fax\\"),
    }),
  },
  "win-psremoting-covenant": {
    type: "lateral_movement",
    technique: "T1021.006",
    instance: "Covenant PowerShell remoting WORKSTATION5 -> WORKSTATION6",
    rule: "wsmprovhost.exe on the target and all its descendants and events; the WinRM connections (port 5985) between the two workstations; the Grunt implant's events on the source",
    rules: () => ({
      seed: (r) => image(r, "\\wsmprovhost.exe"),
      extra: (r) => port(r) === "5985" || endsWith(r, "\\grunthttp.exe", "Image", "SourceImage", "Application"),
    }),
  },
  "win-smbexec-empire": {
    type: "lateral_movement",
    technique: "T1021.002",
    instance: "Empire smbexec WORKSTATION5 -> WORKSTATION6",
    rule: "the service installed over SMB (7045, 4697 with the encoded PowerShell command), the cmd.exe services.exe starts for it and all its descendants and events, the attacker's network logon on the target (4624 from 172.18.39.5), the SMB connections between the two workstations, and the source's Empire agent process that opened them",
    rules: (records) => {
      const agent = new Set(
        records.filter((r) => id(r) === 3 && port(r) === "445" && between(r, "172.18.39.5", "172.18.39.6") && !image(r, "system")).map((r) => lower(r, "ProcessGuid")),
      );
      return {
        seed: (r) => endsWith(r, "\\services.exe", "ParentImage", "ParentProcessName") && lower(r, "CommandLine").includes("powershell -nop -sta -w 1 -enc"),
        extra: (r) =>
          ((id(r) === 7045 || id(r) === 4697) && /-enc\s/.test(lower(r, "ImagePath") + lower(r, "ServiceFileName"))) ||
          (id(r) === 4624 && String(r.IpAddress) === "172.18.39.5") ||
          (port(r) === "445" && between(r, "172.18.39.5", "172.18.39.6")) ||
          agent.has(lower(r, "ProcessGuid")),
      };
    },
  },
};

function readCapture(repo: string, commit: string, path: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "otrf-"));
  try {
    writeFileSync(join(dir, "c.zip"), execFileSync("git", ["--git-dir", repo, "show", `${commit}:${path}`], { maxBuffer: 1 << 30 }));
    execFileSync("unzip", ["-q", "-o", join(dir, "c.zip"), "-d", join(dir, "x")]);
    const files = readdirSync(join(dir, "x")).filter((f) => f.endsWith(".json"));
    if (files.length !== 1) throw new Error(`${path}: expected one JSON file, found ${files.join(", ")}`);
    return readFileSync(join(dir, "x", files[0]), "utf8").split("\n").filter((l) => l.trim() !== "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const repo = process.argv[2];
  if (!repo) throw new Error("usage: tsx bench/real/derive/otrf-windows.ts <OTRF/Security-Datasets git directory>");
  for (const source of SOURCES.filter((s) => s.kind === "windows")) {
    const t = TECHNIQUES[source.name];
    const { commit, path } = source.origin[0];
    const lines = [...new Set(readCapture(repo, commit, path))];
    const records = lines.map((l) => JSON.parse(l) as WinRecord);
    const attack = attackLines(records, t.rules(records));
    const techniqueLines = attack.filter((i) => carries(records[i]));
    const labels: SourceLabels = { source: source.name, rule: t.rule, attacks: [{ instance: t.instance, type: t.type, technique: t.technique, lines: attack, techniqueLines }] };
    writeFileSync(join(DATA, source.file), gzipSync(lines.join("\n") + "\n", { level: 9 }));
    writeFileSync(join(DATA, source.labels), JSON.stringify(labels) + "\n");
    process.stdout.write(`${source.name}: ${lines.length} records, ${attack.length} attack\n`);
  }
}

main();
