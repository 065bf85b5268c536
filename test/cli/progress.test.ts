// Progress on stderr: a redrawn bar with rate and ETA on a terminal, plain
// periodic lines elsewhere, nothing when quiet. A fake clock makes it exact.

import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { PLAIN_EVERY_MS, createReporter, formatDuration } from "../../trainer/cli/progress.ts";

function capture(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("progress", () => {
  it("prints plain lines at most every PLAIN_EVERY_MS when stderr is not a terminal, then a summary", () => {
    const out = capture();
    const c = clock();
    const report = createReporter(out.stream, { tty: false, now: c.now });
    const task = report.task("  reading", 100, "files");
    for (let i = 1; i <= 100; i++) {
      c.advance(PLAIN_EVERY_MS / 20); // 100 steps of 250 ms: 25 s in all
      task.update(i);
    }
    task.done();
    const lines = out.text().trimEnd().split("\n");
    expect(out.text()).not.toContain("\r");
    expect(lines).toHaveLength(6); // at 5, 10, 15, 20, 25 s, and the summary
    expect(lines[0]).toBe("  reading: 20%  20/100 files  4.0 files/s  ETA 20s");
    expect(lines[4]).toBe("  reading: 100%  100/100 files  4.0 files/s");
    expect(lines[5]).toBe("  reading: 100 files in 25s, 4.0 files/s");
  });

  it("draws one bar in place on a terminal, with percent, rate and ETA", () => {
    const out = capture();
    const c = clock();
    const report = createReporter(out.stream, { tty: true, now: c.now });
    const task = report.task("  scoring", 4_000_000, "bytes");
    c.advance(1000);
    task.update(1_000_000);
    const bar = out.text();
    expect(bar.startsWith("\r")).toBe(true);
    expect(bar).toContain("25%");
    expect(bar).toContain("1.0/4.0 MB");
    expect(bar).toContain("1.0 MB/s");
    expect(bar).toContain("ETA 3s");
    expect(bar).toMatch(/\[█{6}░{18}\]/);
    expect(bar).not.toContain("\n");
    c.advance(3000);
    task.done();
    expect(out.text().endsWith("\r\x1b[K  scoring: 4.0 MB in 4s, 1.0 MB/s\n")).toBe(true);
  });

  it("clears the bar before an info line and draws it again after", () => {
    const out = capture();
    const c = clock();
    const report = createReporter(out.stream, { tty: true, now: c.now });
    const task = report.task("  epochs", 10, "epochs");
    task.update(1);
    report.info("warning: something");
    expect(out.text()).toMatch(/\r\x1b\[Kwarning: something\n\r {2}epochs \[/);
  });

  it("reports training epochs with the loss, and phases", () => {
    const out = capture();
    const c = clock();
    const report = createReporter(out.stream, { tty: false, now: c.now });
    report.phase("autoencoder");
    for (let e = 1; e <= 3; e++) {
      c.advance(4000);
      report.epoch(e, 3, 1 / e);
    }
    expect(out.text()).toBe(
      "  training: autoencoder\n" +
        "    autoencoder: 66%  2/3 epochs  0.3 epochs/s  ETA 4s  loss 0.50000\n" +
        "    autoencoder: 3 epochs in 12s, 0.3 epochs/s, final loss 0.33333\n",
    );
  });

  it("reports the scanner's bytes within a phase, a new bar for each pass", () => {
    const out = capture();
    const c = clock();
    const report = createReporter(out.stream, { tty: false, now: c.now });
    report.phase("calibration");
    for (const pass of [1, 2]) {
      for (let done = 1; done <= 4; done++) {
        c.advance(2000);
        report.progress(done * 1_000_000, 4_000_000);
      }
      expect(pass).toBeGreaterThan(0);
    }
    const summaries = out.text().split("\n").filter((l) => l.includes(" in "));
    expect(summaries).toEqual(["    calibration: 4.0 MB in 8s, 0.5 MB/s", "    calibration: 4.0 MB in 8s, 0.5 MB/s"]);
  });

  it("prints warnings even when quiet, and nothing else", () => {
    const out = capture();
    const report = createReporter(out.stream, { quiet: true, tty: true });
    report.info("hello");
    report.warn("the baseline may contain an attack");
    expect(out.text()).toBe("warning: the baseline may contain an attack\n");
  });

  it("says nothing when quiet", () => {
    const out = capture();
    const report = createReporter(out.stream, { quiet: true, tty: true });
    report.info("hello");
    report.phase("features");
    report.epoch(1, 1, 0.1);
    const task = report.task("x", 10, "files");
    task.update(5);
    task.done();
    expect(out.text()).toBe("");
  });

  it("leaves out the summary of a step that took under a second", () => {
    const out = capture();
    const c = clock();
    const report = createReporter(out.stream, { tty: false, now: c.now });
    const task = report.task("  reading", 2, "files");
    c.advance(10);
    task.update(2);
    task.done();
    expect(out.text()).toBe("");
  });

  it.each([
    [0, "0s"],
    [4_400, "4s"],
    [59_000, "59s"],
    [125_000, "2m05s"],
    [3_720_000, "1h02m"],
  ])("formats %d ms as %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
