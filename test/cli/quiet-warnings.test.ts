// --quiet silences progress, never warnings: a cron job's log is where a skipped
// file or an ignored option has to show up.

import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { trainedModel } from "../helpers/trained-model.ts";

const FAST = ["--autoencoder-epochs", "2", "--iso-forest-estimators", "10"];

describe("--quiet keeps warnings on stderr", () => {
  const dir = mkdtempSync(join(tmpdir(), "la-quiet-"));
  const logs = join(dir, "logs");
  mkdirSync(logs);
  copyFileSync("samples/test_logs_normal.json", join(logs, "a-normal.json"));
  copyFileSync("samples/test_logs_attack.json", join(logs, "b-attack.json"));
  writeFileSync(join(logs, "c-broken.json.gz"), "not gzip at all");
  afterAll(async () => (await trainedModel()).dispose());

  it.each([
    ["run", (out: string) => ["run", "--data-path", logs, "--output-dir", out, "--baseline-period-days", "7", ...FAST]],
    ["train", (out: string) => ["train", "--data-path", logs, "--output-dir", out, ...FAST]],
  ])("%s: a skipped file", async (_name, argv) => {
    const r = await runCli([...argv(join(dir, _name)), "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^warning: skipped c-broken\.json\.gz: /m);
    expect(r.stderr).not.toMatch(/Loading logs/);
  });

  it("detect: options the model overrides", async () => {
    const model = await trainedModel();
    const r = await runCli(["detect", "--model", model.modelPath, "--data-path", "samples/test_logs_attack.json", "--output-dir", join(dir, "detect"), "--log-format", "syslog", "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("warning: --log-format and --field-map are ignored: records are read as the model was trained (its own settings)\n");
  });
});
