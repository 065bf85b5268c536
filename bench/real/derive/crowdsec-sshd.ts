// Regenerates data/linux-crowdsec-sshd-tests.* from a crowdsecurity/hub snapshot:
//   npx tsx bench/real/derive/crowdsec-sshd.ts <path of the repository's git directory>
// The hub's scenario tests hold short sshd logs of brute-force shapes (MIT). Each line becomes a
// Fluent Bit syslog record (syslog-record.ts); every line is an attack line, and each source IP
// of each test log is one attack instance: the lines are what a guesser sends, one IP at a time.

import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { sourceNamed } from "../sources.ts";
import { syslogRecord } from "../syslog-record.ts";
import type { AttackLabel, SourceLabels } from "./labels.ts";

const DATA = new URL("../data/", import.meta.url).pathname;
const IP = / from (\d+\.\d+\.\d+\.\d+) port /;

function main(): void {
  const repo = process.argv[2];
  if (!repo) throw new Error("usage: tsx bench/real/derive/crowdsec-sshd.ts <crowdsecurity/hub git directory>");
  const source = sourceNamed("linux-crowdsec-sshd-tests")!;
  const records: string[] = [];
  const instances = new Map<string, AttackLabel>();
  for (const origin of source.origin) {
    const text = execFileSync("git", ["--git-dir", repo, "show", `${origin.commit}:${origin.path}`], { encoding: "utf8" });
    const test = origin.path.split("/")[1];
    for (const line of text.split("\n").filter((l) => l.trim() !== "")) {
      const record = syslogRecord(line);
      if (!record) throw new Error(`not a syslog line: ${line}`);
      const ip = IP.exec(line)?.[1] ?? "no ip";
      const instance = `${test} ${ip}`;
      let label = instances.get(instance);
      if (!label) instances.set(instance, (label = { instance, type: "brute_force", technique: "T1110", lines: [] }));
      label.lines.push(records.length);
      records.push(JSON.stringify(record));
    }
  }
  const labels: SourceLabels = {
    source: source.name,
    rule: "every line is an attack line (the test logs hold only attacks); one instance per test log and source IP",
    attacks: [...instances.values()],
  };
  writeFileSync(join(DATA, source.file), gzipSync(records.join("\n") + "\n", { level: 9 }));
  writeFileSync(join(DATA, source.labels), JSON.stringify(labels) + "\n");
  process.stdout.write(`${source.name}: ${records.length} records, ${instances.size} instances\n`);
}

main();
