import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, test } from "node:test";
import { loadData, NonFiniteLossError, preset, trainOrLoad } from "../../lib";
import { ROOT } from "../support/kernel";
import { tempDir, testBackend } from "../support/lab";

before(testBackend);

// A process that trains (or loads) one small model into the checkpoint folder given as argv[1] and
// prints what happened as one JSON line.
const CHILD = `
const lab = require(${JSON.stringify(path.join(ROOT, "dist", "lib"))});
(async () => {
  await lab.initBackend({ backend: "wasm", quiet: true });
  const data = lab.loadData("mnist", { trainSize: 2000, testSize: 100 });
  let steps = 0;
  const r = await lab.trainOrLoad({ model: lab.preset("dense-vae-2d").model, train: { epochs: 4, batchSize: 100, learningRate: 1e-3, seed: 5 }, data, dir: process.argv[1], callbacks: { onStep: () => steps++ } });
  console.log(JSON.stringify({ loaded: r.loaded, steps, id: r.id }));
})();
`;

function child(dir: string): Promise<{ out: { loaded: boolean; steps: number; id: string }; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["-e", CHILD, dir], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (b) => (stdout += b));
    p.stderr.on("data", (b) => (stderr += b));
    p.on("exit", (code) => (code === 0 ? resolve({ out: JSON.parse(stdout.trim()), stderr }) : reject(new Error(`child exited ${code}: ${stderr}`))));
  });
}

test("two processes wanting the same checkpoint at once: one trains, the other waits and loads it", async () => {
  const dir = tempDir();
  const [a, b] = await Promise.all([child(dir), child(dir)]);
  const runs = [a, b].map((r) => r.out);
  assert.equal(runs[0].id, runs[1].id);
  assert.deepEqual(runs.map((r) => r.loaded).sort(), [false, true], "exactly one trained");
  assert.deepEqual(runs.map((r) => r.steps).sort((x, y) => x - y), [0, 80], "80 steps trained once, none by the other");
  const waiter = a.out.loaded ? a : b;
  assert.match(waiter.stderr, new RegExp(`vae-lab: process \\d+ is training ${runs[0].id} \\(since .*\\); waiting to load it`));
  assert.ok(!fs.existsSync(path.join(dir, `${runs[0].id}.lock`)), "the lock is released");
});

test("a lock left by a process that died is taken over, and said so", async () => {
  const dir = path.join(tempDir(), "not-yet-made");
  const data = loadData("mnist", { trainSize: 200, testSize: 100 });
  const options = { model: preset("dense-vae-2d").model, train: { epochs: 1, batchSize: 100, learningRate: 1e-3, seed: 6 }, data, dir };
  const probe = await trainOrLoad({ ...options, dir: tempDir() });
  const lock = path.join(dir, `${probe.id}.lock`);
  fs.mkdirSync(dir);
  fs.writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 4321, started: "earlier" }));
  const lines: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((s: string) => lines.push(String(s)) > 0) as never;
  try {
    const r = await trainOrLoad(options);
    assert.equal(r.loaded, false);
  } finally {
    process.stderr.write = write;
  }
  assert.ok(lines.some((l) => l.includes(`taking over ${lock}: its owner, process ${2 ** 22 + 4321}, is gone`)), lines.join(""));
  assert.ok(!fs.existsSync(lock));
});

test("the checkpoint key holds only what decides the weights: evaluating each epoch or not loads the same checkpoint", async () => {
  const dir = path.join(tempDir(), "made", "on", "demand");
  const data = loadData("mnist", { trainSize: 200, testSize: 100 });
  const options = { model: preset("dense-vae-2d").model, train: { epochs: 1, batchSize: 100, learningRate: 1e-3, seed: 8 }, data, dir };
  const first = await trainOrLoad({ ...options, train: { ...options.train, evaluateEachEpoch: false } });
  const second = await trainOrLoad(options);
  assert.equal(second.id, first.id);
  assert.equal(second.loaded, true);
});

test("the worker count stays out of the key: weights trained with two workers load where one would train, and say so", async () => {
  const dir = tempDir();
  const data = loadData("mnist", { trainSize: 256, testSize: 100 });
  const options = { model: preset("dense-vae-2d").model, train: { epochs: 1, batchSize: 64, learningRate: 1e-3, seed: 9 }, data, dir };
  const two = await trainOrLoad({ ...options, train: { ...options.train, workers: 2 } });
  assert.deepEqual([two.loaded, two.workers], [false, 2]);
  const one = await trainOrLoad({ ...options, train: { ...options.train, workers: 1 } });
  assert.deepEqual([one.id, one.loaded, one.workers], [two.id, true, 2]);
});

test("a training that fails names the checkpoint it was for, saves nothing and releases the lock", async () => {
  const dir = tempDir();
  const data = loadData("mnist", { trainSize: 200, testSize: 100 });
  const fail = () => {
    throw new NonFiniteLossError("non-finite loss at epoch 1, step 2: kl = NaN");
  };
  const run = trainOrLoad({ model: preset("dense-vae-2d").model, train: { epochs: 1, batchSize: 100, learningRate: 1e-3, seed: 5 }, data, dir, callbacks: { onStep: fail } });
  await assert.rejects(run, (e: Error) => e instanceof NonFiniteLossError && /^training vae-[0-9a-f]{16}: non-finite loss at epoch 1, step 2: kl = NaN$/.test(e.message));
  assert.deepEqual(fs.readdirSync(dir), []);
});
