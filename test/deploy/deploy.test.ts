// deploy/Dockerfile and deploy/log-anomaly.service: both run the command docs/sidecar.md
// shows, as a non-root user, with the documented model path and ports; the unit carries its
// hardening and passes `systemd-analyze verify` where that exists; the image is built and run
// where a Docker daemon and a Node base image exist. A missing tool skips its test, and the
// test's name says why: a skip is never a pass.

import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const DOCKERFILE = readFileSync("deploy/Dockerfile", "utf8");
const UNIT = readFileSync("deploy/log-anomaly.service", "utf8");
const DOC = readFileSync("docs/sidecar.md", "utf8");
const LISTEN_PORT = "9000";
const METRICS_PORT = "9598";

/** Dockerfile instructions of the last stage, continuation lines joined. */
function finalStage(text: string): { op: string; arg: string }[] {
  const lines = text.replace(/\\\n/g, " ").split("\n").filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
  const from = lines.map((l) => l.trim().toUpperCase().startsWith("FROM ")).lastIndexOf(true);
  return lines.slice(from).map((l) => {
    const m = /^\s*(\w+)\s+(.*)$/.exec(l)!;
    return { op: m[1].toUpperCase(), arg: m[2].trim() };
  });
}

/** [Section] key=value entries, in order (keys repeat in systemd units). */
function unitEntries(text: string): { section: string; key: string; value: string }[] {
  let section = "";
  const out: { section: string; key: string; value: string }[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) section = s[1];
    else {
      const eq = line.indexOf("=");
      out.push({ section, key: line.slice(0, eq), value: line.slice(eq + 1) });
    }
  }
  return out;
}

const service = unitEntries(UNIT).filter((e) => e.section === "Service");
const get = (key: string) => service.filter((e) => e.key === key).map((e) => e.value);

/** `--flag value` pairs of a serve command line. */
function flags(argv: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = argv.indexOf("serve") + 1; i < argv.length; i += 2) m.set(argv[i], argv[i + 1]);
  return m;
}

describe("deploy/Dockerfile", () => {
  const stage = finalStage(DOCKERFILE);
  const entry = JSON.parse(stage.find((i) => i.op === "ENTRYPOINT")!.arg) as string[];

  it("runs log-anomaly serve as user node, the model at /model/model.bin, listening and metrics ports exposed", () => {
    const user = stage.filter((i) => i.op === "USER").map((i) => i.arg);
    expect(user.at(-1)).toBe("node");
    expect(entry.slice(0, 3)).toEqual(["node", "/app/bin/log-anomaly.mjs", "serve"]);
    const f = flags(entry);
    expect(f.get("--model")).toBe("/model/model.bin");
    expect(f.get("--metrics-port")).toBe(METRICS_PORT);
    expect(f.get("--listen-host")).toBe("0.0.0.0");
    const exposed = stage.filter((i) => i.op === "EXPOSE").flatMap((i) => i.arg.split(/\s+/));
    expect(exposed).toEqual(expect.arrayContaining([LISTEN_PORT, METRICS_PORT]));
  });

  it("installs the serving-only dependencies (no devDependencies, no optional TensorFlow.js)", () => {
    const installs = stage.filter((i) => i.op === "RUN" && /\bnpm ci\b/.test(i.arg)).map((i) => i.arg);
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/--omit=dev/);
    expect(installs[0]).toMatch(/--omit=optional/);
  });

  it("is the command docs/sidecar.md shows", () => {
    expect(DOC).toContain("docker build -f deploy/Dockerfile -t log-anomaly .");
    expect(DOC).toContain("/model/model.bin");
    expect(DOC).toContain(`-p ${LISTEN_PORT}:${LISTEN_PORT} -p ${METRICS_PORT}:${METRICS_PORT}`);
  });
});

describe("deploy/log-anomaly.service", () => {
  const exec = get("ExecStart")[0].split(/\s+/);
  const f = flags(exec);

  it("runs log-anomaly serve as an unprivileged user with the documented model path and ports", () => {
    expect(get("User")[0]).toBe("log-anomaly");
    expect(get("User")[0]).not.toBe("root");
    expect(exec.slice(0, 3)).toEqual(["/usr/bin/node", "/opt/log-anomaly/bin/log-anomaly.mjs", "serve"]);
    expect(f.get("--model")).toBe("/var/lib/log-anomaly/model.bin");
    expect(f.get("--listen-port")).toBe(LISTEN_PORT);
    expect(f.get("--metrics-port")).toBe(METRICS_PORT);
    expect(f.get("--listen-host")).toBe("127.0.0.1");
    expect(DOC).toContain(get("ExecStart")[0]);
  });

  it("is hardened: no new privileges, a read-only system, the model directory read-only, no capabilities", () => {
    expect(get("NoNewPrivileges")).toEqual(["yes"]);
    expect(get("ProtectSystem")).toEqual(["strict"]);
    expect(get("ProtectHome")).toEqual(["yes"]);
    expect(get("PrivateTmp")).toEqual(["yes"]);
    expect(get("CapabilityBoundingSet")).toEqual([""]);
    expect(get("ReadOnlyPaths").join(" ").split(/\s+/)).toContain("/var/lib/log-anomaly");
    expect(get("ReadWritePaths")).toEqual([]);
    expect(get("ExecReload")[0]).toMatch(/kill -HUP \$MAINPID/);
  });

  const analyze = spawnSync("systemd-analyze", ["--version"], { encoding: "utf8" });
  const noAnalyze = analyze.error || analyze.status !== 0 ? "skipped: systemd-analyze not found" : "";
  it.skipIf(noAnalyze !== "")(`passes systemd-analyze verify ${noAnalyze}`, () => {
    const dir = mkdtempSync(join(tmpdir(), "unit-"));
    try {
      const path = join(dir, "log-anomaly.service");
      copyFileSync("deploy/log-anomaly.service", path);
      const r = spawnSync("systemd-analyze", ["verify", path], { encoding: "utf8" });
      // An unknown key is only a warning (exit 0): any line about our file fails the test.
      const aboutUs = `${r.stdout}${r.stderr}`.split("\n").filter((l) => l.includes("log-anomaly.service"));
      expect(aboutUs, `${r.stdout}${r.stderr}`).toEqual([]);
      expect(r.status, r.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Why the image test cannot run here, or "" when it can. */
function dockerUnavailable(): string {
  const info = spawnSync("docker", ["info", "--format", "{{.ServerVersion}}"], { encoding: "utf8", timeout: 10_000 });
  if (info.error) return "skipped: no docker client";
  if (info.status !== 0) return "skipped: no Docker daemon answers";
  const image = /^ARG NODE_IMAGE=(\S+)$/m.exec(DOCKERFILE)![1];
  const has = spawnSync("docker", ["image", "inspect", image], { encoding: "utf8", timeout: 10_000 });
  return has.status === 0 ? "" : `skipped: base image ${image} is not present (it cannot be pulled here)`;
}

const noDocker = dockerUnavailable();
describe.skipIf(noDocker !== "")(`the image, built and run ${noDocker}`, () => {
  it("builds, runs as a non-root user, and answers /health with the model loaded", async () => {
    const tag = `log-anomaly-test:${process.pid}`;
    execFileSync("docker", ["build", "-f", "deploy/Dockerfile", "-t", tag, "."], { stdio: "inherit", timeout: 600_000 });
    const modelDir = mkdtempSync(join(tmpdir(), "model-"));
    copyFileSync("test/fixtures/tiny.model.bin", join(modelDir, "model.bin"));
    const id = execFileSync("docker", ["run", "-d", "--rm", "-v", `${modelDir}:/model:ro`, "-p", `127.0.0.1::${METRICS_PORT}`, tag], { encoding: "utf8" }).trim();
    try {
      expect(execFileSync("docker", ["exec", id, "id", "-u"], { encoding: "utf8" }).trim()).not.toBe("0");
      const port = execFileSync("docker", ["port", id, METRICS_PORT], { encoding: "utf8" }).trim().split(":").at(-1);
      let body: Record<string, unknown> | undefined;
      for (let i = 0; i < 50 && !body; i++) {
        body = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.json() as Promise<Record<string, unknown>>, () => undefined);
        if (!body) await new Promise((r) => setTimeout(r, 200));
      }
      expect(body).toMatchObject({ status: "ok" });
      expect((body!.scorer as Record<string, unknown>).model_error).toBe("");
      const tf = spawnSync("docker", ["exec", id, "ls", "/app/node_modules/@tensorflow"], { encoding: "utf8" });
      expect(tf.status, "TensorFlow.js must not be in the serving image").not.toBe(0);
    } finally {
      spawnSync("docker", ["rm", "-f", id]);
      spawnSync("docker", ["rmi", "-f", tag]);
      rmSync(modelDir, { recursive: true, force: true });
    }
  }, 900_000);
});
