/**
 * Writes samples/test_logs_normal.json, samples/test_logs_attack.json and
 * samples/ground-truth/attack_labels.json from generateSampleLogs(42). The labels
 * sit in a subdirectory so that `run --data-path samples/` does not read them as logs.
 *
 * This script is the ONLY thing allowed to regenerate the samples: never edit
 * them by hand. test/bench/simulate/sample-logs.test.ts fails when the files on disk
 * differ from what the generator produces, so change the generator, then run:
 *
 *   npx tsx bench/simulate/write-samples.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateSampleLogs, renderSampleFiles } from "./sample-logs.ts";

const SEED = 42;
const outDir = fileURLToPath(new URL("../../samples/", import.meta.url));

const logs = generateSampleLogs(SEED);
for (const [name, text] of Object.entries(renderSampleFiles(logs))) {
  const path = join(outDir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
console.log(
  `samples/ (seed ${SEED}): ${logs.normal.length} baseline records, ` +
    `${logs.attack.length} attack-day records of which ${logs.labels.length} are labelled attacks`,
);
