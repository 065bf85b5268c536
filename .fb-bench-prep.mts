import { writeFileSync, readFileSync, createWriteStream } from "node:fs";
import { compileAs } from "/work/main/test/helpers/compile-as.ts";
const src = readFileSync("/work/main/bench/noop-filter.ts", "utf8");
const m = /const NOOP_SOURCE = `([\s\S]*?)`;/.exec(src)!;
writeFileSync("/tmp/fb-bench/noop.ts", m[1]);
const w = await compileAs("/tmp/fb-bench/noop.ts", { root: "/tmp/fb-bench", noCache: true });
writeFileSync("/tmp/fb-bench/noop.wasm", w);
const recs = (JSON.parse(readFileSync("samples/test_logs_normal.json", "utf8")) as object[]).map(r => JSON.stringify(r));
const out = createWriteStream("/tmp/fb-bench/1m.ndjson");
let buf: string[] = [];
for (let i = 0; i < 1_000_000; i++) { buf.push(recs[i % recs.length]); if (buf.length === 10000) { out.write(buf.join("\n") + "\n"); buf = []; } }
out.end();
