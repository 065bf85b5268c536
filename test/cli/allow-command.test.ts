// Changing the allow list without retraining. A model trained on the normal samples alerts on
// dave (the exfiltration), 203.0.113.45 (the brute force) and bob (the privilege escalation).
// `allow` puts dave and 203.0.113.0/24 into a copy of it: detect then loses exactly their alerts,
// `--clear` gives back the original bytes, a bad model or allow file changes nothing. `detect
// --allow` and `build-filter --allow` on the unlisted model equal a model trained with --allow.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { readCsvReport } from "../helpers/csv.ts";
import { trainedModel, type TrainedModel } from "../helpers/trained-model.ts";
import { FILTER_FILE, MODEL_FILE, PREVIOUS_MODEL_FILE, WASI_FILTER_FILE } from "../../trainer/filter/artifacts.ts";

const ATTACK = "samples/test_logs_attack.json";
const NORMAL = "samples/test_logs_normal.json";
const dir = mkdtempSync(join(tmpdir(), "la-allow-cmd-"));
const allowFile = join(dir, "allow.txt");
writeFileSync(allowFile, "user dave\nip 203.0.113.0/24\n");
const listed = (row: Record<string, string>) => row.user === "dave" || row.source_ip.startsWith("203.0.113.");

/** A directory holding what `train` wrote, to edit without touching the shared trained model. */
const work = join(dir, "model");
const file = (name: string) => join(work, name);
const read = (name: string) => new Uint8Array(readFileSync(file(name)));

let runs = 0;
/** `detect` on the attack samples: exit code, the JSON summary, the CSV rows and the detailed JSON report. */
async function detect(model: string, extra: string[] = []) {
  const out = join(dir, `detect-${runs++}`);
  const r = await runCli(["detect", "--model", model, "--data-path", ATTACK, "--output-dir", out, "--json", ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return {
    stderr: r.stderr,
    summary: JSON.parse(r.stdout).summary as { anomalies: number; suppressed: Record<string, number> },
    rows: readCsvReport(join(out, "anomalies_detected.csv")),
    detailed: readFileSync(join(out, "anomalies_detailed.json"), "utf8"),
  };
}

const allow = (args: string[]) => runCli(["allow", "--model", file(MODEL_FILE), ...args]);

let plain: TrainedModel;
let withList: TrainedModel;
let original: Uint8Array;
let before: Awaited<ReturnType<typeof detect>>;

beforeAll(async () => {
  plain = await trainedModel({ dataPath: NORMAL });
  withList = await trainedModel({ dataPath: NORMAL, extraArgs: ["--allow", allowFile] });
  mkdirSync(work);
  for (const name of [MODEL_FILE, FILTER_FILE, WASI_FILTER_FILE]) copyFileSync(join(plain.dir, name), file(name));
  original = read(MODEL_FILE);
  before = await detect(plain.modelPath);
}, 180_000);

describe("log-anomaly allow", () => {
  it("the unlisted model alerts on the entities the file lists, and on others", () => {
    expect(before.rows.filter(listed).length).toBeGreaterThan(0);
    expect(before.rows.filter((r) => !listed(r)).map((r) => `${r.user} ${r.threat_type}`)).toContain("bob privilege_escalation");
  });

  it("rewrites model.bin and both filters, keeps the old model as model.prev.bin, and prints the counts per kind", async () => {
    const r = await allow(["--allow", allowFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      `Allowlist of ${file(MODEL_FILE)}: users 0 → 1, ips 0 → 0, ranges 0 → 1, pairs 0 → 0\n` +
        `Wrote ${file(MODEL_FILE)} (${read(MODEL_FILE).length} bytes), ${file(FILTER_FILE)}, ${file(WASI_FILTER_FILE)}; kept the previous model as ${file(PREVIOUS_MODEL_FILE)}\n`,
    );
    expect(read(PREVIOUS_MODEL_FILE)).toEqual(original);
    const model = Buffer.from(read(MODEL_FILE));
    for (const name of [FILTER_FILE, WASI_FILTER_FILE]) expect(Buffer.from(read(name)).indexOf(model), `${name} embeds the new model`).toBeGreaterThan(0);
  });

  it("detect with the rewritten model loses exactly the listed entities' alerts and counts them as suppressed", async () => {
    const after = await detect(file(MODEL_FILE));
    expect(after.rows).toEqual(before.rows.filter((r) => !listed(r)));
    expect(after.summary.anomalies).toBe(before.summary.anomalies - before.rows.filter(listed).length);
    const suppressed = before.rows.filter(listed);
    expect(after.summary.suppressed).toEqual({ user: suppressed.filter((r) => r.user === "dave").length, ip: suppressed.filter((r) => r.user !== "dave").length });
  });

  it("equals training with --allow, record for record", async () => {
    const edited = await detect(file(MODEL_FILE));
    const trained = await detect(withList.modelPath);
    expect(edited.detailed).toBe(trained.detailed);
    expect(edited.rows).toEqual(trained.rows);
  });

  it("leaves the files alone when the model already holds the list", async () => {
    const r = await allow(["--allow", allowFile]);
    expect([r.code, r.stdout.split("\n")[1]]).toEqual([0, `Unchanged: ${file(MODEL_FILE)} already holds this list; nothing written`]);
    expect(read(PREVIOUS_MODEL_FILE)).toEqual(original);
  });

  it("--clear gives back the original model byte for byte, and its alerts", async () => {
    const listedModel = read(MODEL_FILE);
    const r = await allow(["--clear", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      command: "allow",
      changed: true,
      allowlist: { before: { users: 1, ips: 0, ranges: 1, pairs: 0 }, after: { users: 0, ips: 0, ranges: 0, pairs: 0 } },
      files: { model: file(MODEL_FILE), previous_model: file(PREVIOUS_MODEL_FILE) },
    });
    expect(read(MODEL_FILE)).toEqual(original);
    expect(read(PREVIOUS_MODEL_FILE)).toEqual(listedModel);
    expect((await detect(file(MODEL_FILE))).rows).toEqual(before.rows);
  });
});

describe("--allow on detect and build-filter: replaces the list compiled into the model", () => {
  it("detect --allow on the unlisted model equals detect with the model trained with --allow", async () => {
    const flag = await detect(plain.modelPath, ["--allow", allowFile]);
    const trained = await detect(withList.modelPath);
    expect(flag.stderr).toContain(`Allowlist ${allowFile}: 1 user, 0 IPs, 1 IPv4 range, 0 pairs (replaces the list compiled into ${plain.modelPath})`);
    expect(flag.detailed).toBe(trained.detailed);
    expect(flag.rows).toEqual(trained.rows);
    expect(flag.summary).toEqual(trained.summary);
  });

  it("overrides the model's own list: an empty file raises every alert again", async () => {
    const none = join(dir, "none.txt");
    writeFileSync(none, "# nothing is benign\n");
    expect((await detect(withList.modelPath, ["--allow", none])).rows).toEqual(before.rows);
  });

  it("build-filter --allow writes the filter `allow` writes beside the model", async () => {
    const edited = join(dir, "edited");
    mkdirSync(edited);
    copyFileSync(plain.modelPath, join(edited, MODEL_FILE));
    expect((await runCli(["allow", "--model", join(edited, MODEL_FILE), "--allow", allowFile, "--quiet"])).code).toBe(0);
    const output = join(dir, "flag.wasm");
    const r = await runCli(["build-filter", "--model", plain.modelPath, "--allow", allowFile, "--output", output]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(output)).toEqual(readFileSync(join(edited, FILTER_FILE)));
  });
});

describe("bad input: one line on stderr, exit 2, the model untouched", () => {
  const corrupt = join(dir, "corrupt", MODEL_FILE);
  const intact = join(dir, "intact", MODEL_FILE);
  const bad = join(dir, "bad.txt");
  let corruptBytes: Uint8Array;
  beforeAll(() => {
    corruptBytes = new Uint8Array(original);
    corruptBytes[100] ^= 0xff;
    mkdirSync(join(corrupt, ".."));
    writeFileSync(corrupt, corruptBytes);
    mkdirSync(join(intact, ".."));
    writeFileSync(intact, original);
    writeFileSync(bad, "user ok\npair dave 10.0.0.0/8\n");
  });
  /** Nothing written beside `model`: same bytes, no model.prev.bin, no filter. */
  const untouched = (model: string, bytes: () => Uint8Array) => () => {
    expect(new Uint8Array(readFileSync(model))).toEqual(bytes());
    for (const name of [PREVIOUS_MODEL_FILE, FILTER_FILE, WASI_FILTER_FILE]) expect(existsSync(join(model, "..", name)), name).toBe(false);
  };
  const checksum = `error: Cannot read ${corrupt}: model checksum mismatch: the file is corrupted or truncated\n`;
  const badLine = `error: ${bad}:2: a pair takes one source IP, not a range: 10.0.0.0/8\n`;

  it.each([
    ["allow, a corrupted model", () => runCli(["allow", "--model", corrupt, "--allow", allowFile]), checksum, untouched(corrupt, () => corruptBytes)],
    ["allow, a bad allow file", () => runCli(["allow", "--model", intact, "--allow", bad]), badLine, untouched(intact, () => original)],
    ["allow, neither --allow nor --clear", () => runCli(["allow", "--model", intact]), "error: give --allow FILE (the new list) or --clear (no list)\n", untouched(intact, () => original)],
    [
      "detect, a bad file from LOG_ANOMALY_ALLOW",
      () => runCli(["detect", "--model", intact, "--data-path", ATTACK, "--output-dir", join(dir, "never")], { env: { LOG_ANOMALY_ALLOW: bad } }),
      badLine,
      () => expect(existsSync(join(dir, "never"))).toBe(false),
    ],
    [
      "build-filter --allow, a corrupted model",
      () => runCli(["build-filter", "--model", corrupt, "--allow", allowFile, "--output", join(dir, "never.wasm")]),
      checksum,
      () => expect(existsSync(join(dir, "never.wasm"))).toBe(false),
    ],
  ])("%s", async (_, go, stderr, check) => {
    const r = await go();
    expect([r.code, r.stderr, r.stdout]).toEqual([2, stderr, ""]);
    check();
  });

  it.each([
    ["--allow and --clear together", ["--allow", allowFile, "--clear"], "error: give --allow FILE or --clear, not both\nhint: --allow may also come from LOG_ANOMALY_ALLOW or the config file\n"],
    ["a model not named model.bin", ["--model", join(dir, "allow.txt"), "--clear"], `error: --model must name a model.bin in a directory train wrote, got: ${join(dir, "allow.txt")}\nhint: for another file, use build-filter --allow or detect --allow\n`],
  ])("%s: the error and a hint", async (_, args, stderr) => {
    const r = await runCli(["allow", "--model", file(MODEL_FILE), ...args]);
    expect([r.code, r.stderr]).toEqual([2, stderr]);
  });
});
