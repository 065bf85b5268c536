// --field-map and --log-format: checked like every option, recorded in the model's FIELD_MAP
// section by `train`, and obeyed by the filter built from that model (which has no options of its
// own), so inline scoring reads the same fields as training did.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.ts";
import { readModel } from "../../trainer/model/read.ts";
import { OUTPUT, Scorer } from "../../trainer/wasm/scorer.ts";

const MAP = { user: "actor.login", source_ip: ["client.address", "client.ip"], timestamp: "meta.ts", event_type: "meta.kind", action: "meta.result" };

/** Two days of logins in a schema no built-in alias knows. */
function customRecords(): string[] {
  const out: string[] = [];
  const start = Date.UTC(2024, 0, 15, 8);
  for (let i = 0; i < 240; i++) {
    const user = ["octo", "mona", "hubot"][i % 3];
    out.push(JSON.stringify({
      meta: { ts: new Date(start + i * 600_000).toISOString(), kind: "login", result: i % 17 === 0 ? "failure" : "success" },
      actor: { login: user, id: 100 + (i % 3) },
      client: { address: `10.1.0.${(i % 3) + 10}` },
    }));
  }
  return out;
}

describe("--field-map and --log-format", () => {
  const dir = mkdtempSync(join(tmpdir(), "la-fieldmap-"));
  const data = join(dir, "logs");
  const out = join(dir, "model");
  const mapFile = join(dir, "map.json");
  let train: CliRun;

  beforeAll(async () => {
    mkdirSync(data);
    writeFileSync(join(data, "custom.jsonl"), customRecords().join("\n") + "\n");
    writeFileSync(mapFile, JSON.stringify(MAP));
    train = await runCli([
      "train", "--data-path", data, "--output-dir", out, "--field-map", mapFile, "--log-format", "auth",
      "--autoencoder-epochs", "2", "--iso-forest-estimators", "10", "--quiet",
    ]);
  }, 120_000);

  it("trains on records only the map can read (their timestamps come from meta.ts)", () => {
    expect(train.code, train.stderr).toBe(0);
  });

  it("records the format and the map in the model's FIELD_MAP section", () => {
    expect(readModel(readFileSync(join(out, "model.bin"))).input).toEqual({
      logFormat: "auth",
      fieldMap: [
        { field: "user", path: "actor.login" },
        { field: "source_ip", path: "client.address" },
        { field: "source_ip", path: "client.ip" },
        { field: "timestamp", path: "meta.ts" },
        { field: "event_type", path: "meta.kind" },
        { field: "action", path: "meta.result" },
      ],
    });
  });

  it("makes the filter built by train read the mapped fields", async () => {
    const filter = await Scorer.load(new Uint8Array(readFileSync(join(out, "log_anomaly_filter.wasm"))));
    const record = '{"meta":{"ts":"2024-01-16T09:00:00Z","kind":"login","result":"failure"},"actor":{"login":"octo"},"client":{"ip":"10.1.0.99"},"user":"not-this"}\n';
    const line = JSON.parse(new TextDecoder().decode(filter.process(new TextEncoder().encode(record), OUTPUT.REPORT).report)) as Record<string, unknown>;
    expect({ user: line.user, ip: line.ip, type: line.type, action: line.action, t: line.t }).toEqual({
      user: "octo", ip: "10.1.0.99", type: "login", action: "failure", t: Date.UTC(2024, 0, 16, 9),
    });
  });

  it("validate reports the mapped fields as covered", async () => {
    const r = await runCli(["validate", "--data-path", data, "--field-map", mapFile, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { files: Array<{ usable: number; fields: Record<string, number> }> };
    expect(doc.files[0].usable).toBe(240);
    expect(doc.files[0].fields).toMatchObject({ timestamp: 240, user: 240, source_ip: 240, event_type: 240, action: 240 });
  });

  it("detect reads as the model says and warns that the options are ignored", async () => {
    const r = await runCli(["detect", "--model", join(out, "model.bin"), "--data-path", data, "--output-dir", join(dir, "detect"), "--field-map", mapFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/--log-format and --field-map are ignored/);
  });

  it.each([
    ["missing file", (d: string) => join(d, "nope.json"), /Field map not found/],
    ["not JSON", (d: string) => file(d, "bad1.json", "{user:"), /not valid JSON/],
    ["not an object", (d: string) => file(d, "bad2.json", '["user"]'), /a field map is a JSON object/],
    ["unknown field", (d: string) => file(d, "bad3.json", '{"usr":"a.b"}'), /unknown field "usr"; fields are timestamp, user, source_ip/],
    ["empty key in a path", (d: string) => file(d, "bad4.json", '{"user":"a..b"}'), /each key between dots must have 1 to 63 bytes/],
    ["too deep", (d: string) => file(d, "bad5.json", '{"user":"a.b.c.d.e.f.g.h.i"}'), /more than 8 levels/],
    ["not a path", (d: string) => file(d, "bad6.json", '{"user":5}'), /must be a dotted path or a list of them/],
    ["17 paths", (d: string) => file(d, "bad7.json", JSON.stringify({ user: Array.from({ length: 17 }, (_, i) => `p${i}`) })), /at most 16 paths, got 17/],
  ])("refuses a field map: %s (exit 2)", async (_name, make, message) => {
    const r = await runCli(["validate", "--data-path", data, "--field-map", make(dir)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

function file(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
