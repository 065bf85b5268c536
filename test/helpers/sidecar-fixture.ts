// In-process sidecars for a test file: a trained model, a FakeSource as Vector's socket source
// and startSidecar on an ephemeral port, all closed after each test.
//
//   const sidecars = sidecarFixture();
//   const { src, sc, logs } = await sidecars.start({ idleTimeoutMs: 200 });

import { afterAll, afterEach, beforeAll } from "vitest";
import { trainedModel } from "./trained-model.ts";
import { FakeSource } from "./sidecar-harness.ts";
import { startSidecar, type Sidecar, type SidecarConfig } from "../../trainer/sidecar/index.ts";
import { Scorer } from "../../trainer/wasm/scorer.ts";

export interface StartedSidecar {
  src: FakeSource;
  sc: Sidecar;
  logs: string[];
}

export function sidecarFixture(): { start(config?: Partial<SidecarConfig>): Promise<StartedSidecar>; model(): Uint8Array } {
  let modelBytes: Uint8Array;
  const running: Sidecar[] = [];
  const sources: FakeSource[] = [];
  beforeAll(async () => {
    modelBytes = (await trainedModel()).model();
  });
  afterAll(async () => (await trainedModel()).dispose());
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
    await Promise.all(sources.splice(0).map((s) => s.close()));
  });
  return {
    model: () => modelBytes,
    async start(config = {}) {
      const src = await FakeSource.start();
      sources.push(src);
      const scorer = await Scorer.load();
      scorer.loadModel(modelBytes);
      const logs: string[] = [];
      const sc = await startSidecar(
        { listenPort: 0, downstreamPort: src.port, metricsIntervalMs: 0, modelReloadMs: 0, upstreamDrainMs: 200, ...config },
        scorer,
        { log: (line) => logs.push(line) },
      );
      running.push(sc);
      return { src, sc, logs };
    },
  };
}
