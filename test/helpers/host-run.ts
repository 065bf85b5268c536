// `log-anomaly run` over a SyslogHost's lines (test/helpers/syslog-host.ts), with small detector
// settings: which lines alerted, what the model learned, what the run printed.
//
//   const r = await runOnHost(log, { baselineDays: 7 });
//   r.alerted(line)           // did this line come back as an anomaly?
//   r.threshold("bf_ip_failed_60s")

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readModel } from "../../trainer/model/read.ts";
import type { ModelData } from "../../trainer/model/format.ts";
import { runCli } from "./cli.ts";
import type { SyslogHost, SyslogLine } from "./syslog-host.ts";

export interface HostRun {
  code: number;
  stdout: string;
  stderr: string;
  model: ModelData;
  anomalies: DetailedAnomaly[];
  alerted(line: SyslogLine): boolean;
  threshold(name: string): number;
}

export interface DetailedAnomaly {
  timestamp: string;
  message: string;
  threat_type: string;
  reasons: string[];
}

export async function runOnHost(log: SyslogHost, opts: { baselineDays: number; extraArgs?: string[] }): Promise<HostRun> {
  const dir = mkdtempSync(join(tmpdir(), "la-host-"));
  try {
    writeFileSync(join(dir, "auth.ndjson"), log.records().join("\n") + "\n");
    const out = join(dir, "out");
    const argv = [
      "run", "--data-path", join(dir, "auth.ndjson"), "--output-dir", out,
      "--baseline-period-days", String(opts.baselineDays),
      "--autoencoder-epochs", "5", "--iso-forest-estimators", "50",
      ...(opts.extraArgs ?? []),
    ];
    const { code, stdout, stderr } = await runCli(argv);
    if (code !== 0) throw new Error(`run exited with ${code}:\n${stderr}`);
    const model = readModel(readFileSync(join(out, "model.bin")));
    const { anomalies } = JSON.parse(readFileSync(join(out, "anomalies_detailed.json"), "utf8")) as { anomalies: DetailedAnomaly[] };
    const keys = new Set(anomalies.map((a) => `${Date.parse(a.timestamp)}|${a.message}`));
    const names = (model.trainingInfo as { rules: Array<{ name: string }> }).rules.map((r) => r.name);
    return {
      code, stdout, stderr, model, anomalies,
      alerted: (line) => keys.has(`${line.timeMs}|${(JSON.parse(line.record) as { message: string }).message}`),
      threshold: (name) => {
        const i = names.indexOf(name);
        if (i < 0) throw new Error(`no rule parameter ${name}`);
        return model.rules![i];
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
