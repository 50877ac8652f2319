import assert from "node:assert/strict";
import { test } from "node:test";
import { BuildProgress } from "../../../report/run/progress";

/** A stream that is not a terminal and keeps what was written. */
function plainStream(): NodeJS.WriteStream & { text: () => string } {
  let out = "";
  return { isTTY: false, write: (s: string) => ((out += s), true), text: () => out } as unknown as NodeJS.WriteStream & { text: () => string };
}

test("without a terminal the build logs each running notebook with its cell, the model's progress and the ETAs", async () => {
  let clock = 0;
  const stream = plainStream();
  const p = new BuildProgress(["01-a", "02-b", "03-c"], stream, { logEveryMs: 20, now: () => clock });
  p.setJobs(2);
  p.expect("01-a", [10, 600, 20]);
  p.expect("02-b", [5, 5]);
  p.expect("03-c", [100]);
  p.start("01-a");
  p.start("02-b");
  clock = 70_000;
  p.cell("01-a", 2, 3, "Conv VAE: epoch 3/30 [==>   ] 10% loss 160.21 ETA 8m 10s");
  clock = 130_000;
  await new Promise((r) => setTimeout(r, 60));
  p.close();
  const lines = stream.text().split("\n");
  assert.ok(lines.includes("[1/3] 01-a: running"));
  const build = lines.find((l) => l.startsWith("build: "));
  // 01-a: 600 - 60 s into cell 2, plus cell 3: 560 s; 02-b: its 10 s are over (0); 03-c waits for 100 s: two jobs, 560 s.
  assert.equal(build, "build: 0 done, 2 running, 1 waiting; ETA 9m20s (from the last run's cell times)");
  assert.ok(lines.includes("[1/3] 01-a: cell 2/3  2m10s, notebook ETA 9m20s  Conv VAE: epoch 3/30 [==>   ] 10% loss 160.21 ETA 8m 10s"), lines.join("\n"));
});

test("a notebook without an earlier run makes the build's ETA unknown, and says why", async () => {
  const stream = plainStream();
  const p = new BuildProgress(["01-a", "02-b"], stream, { logEveryMs: 20 });
  p.expect("01-a", [10]);
  p.start("01-a");
  await new Promise((r) => setTimeout(r, 50));
  p.close();
  assert.match(stream.text(), /^build: 0 done, 1 running, 1 waiting; ETA unknown \(1 notebook without an earlier run to go by\)$/m);
  assert.match(stream.text(), /^\[1\/2\] 01-a: cell 0\/\?  \d+s, notebook ETA \d+s$/m);
});

test("a run that loads what the last one trained gets an ETA at its own pace, and says so", async () => {
  let clock = 0;
  const stream = plainStream();
  const p = new BuildProgress(["01-a"], stream, { logEveryMs: 20, now: () => clock });
  // Last time: data 5 s, training 1,200 s, a plot 5 s, more training 600 s.
  p.expect("01-a", [5, 1200, 5, 600]);
  p.start("01-a");
  p.cell("01-a", 1, 4);
  clock = 4_000;
  p.cell("01-a", 2, 4);
  clock = 8_000;
  p.cell("01-a", 3, 4);
  clock = 10_000;
  await new Promise((r) => setTimeout(r, 60));
  p.close();
  // Cells 1-2 took 8 s against 1,205: pace 8/1205, so cell 3's 5 s and cell 4's 600 s shrink to 0 (2 s in) and 3.98 s.
  assert.match(stream.text(), /^build: 0 done, 1 running, 0 waiting; ETA 4s \(from the last run's cell times at this run's pace\)$/m);
  assert.match(stream.text(), /^\[1\/1\] 01-a: cell 3\/4  10s, notebook ETA 4s$/m);
});

test("a run at the last run's pace keeps its ETA, and a short start does not set a pace", async () => {
  let clock = 0;
  const stream = plainStream();
  const p = new BuildProgress(["01-a"], stream, { logEveryMs: 20, now: () => clock });
  p.expect("01-a", [30, 120, 600]);
  p.start("01-a");
  clock = 90_000;
  p.cell("01-a", 2, 3);
  clock = 100_000;
  await new Promise((r) => setTimeout(r, 60));
  // 30 s of finished cells is under a minute: the last run's times as they are, 110 + 600 s.
  assert.match(stream.text(), /^build: 0 done, 1 running, 0 waiting; ETA 11m50s \(from the last run's cell times\)$/m);
  clock = 150_000;
  p.cell("01-a", 3, 3);
  clock = 160_000;
  await new Promise((r) => setTimeout(r, 60));
  p.close();
  // 150 s now against 150 s then: pace 1, 590 s left.
  assert.match(stream.text(), /^build: 0 done, 1 running, 0 waiting; ETA 9m50s \(from the last run's cell times\)$/m);
});
