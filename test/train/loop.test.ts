import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { buildModel, countTraffic, loadData, NonFiniteLossError, preset, subset, train } from "../../lib";
import { READ_EVERY, StepReads } from "../../lib/train/step-reads";
import { testBackend } from "../support/lab";

before(testBackend);
const data = loadData("mnist", { trainSize: 2000, testSize: 500 });
const config = { epochs: 2, batchSize: 100, learningRate: 1e-3, seed: 7 };

async function run(seed = 7, epochs = config.epochs, trainSize = 2000) {
  const model = buildModel(preset("dense-vae-2d").model, seed);
  const history = await train(model, { train: subset(data.train, { size: trainSize }), test: data.test }, { ...config, seed, epochs });
  const weights = model.getWeights();
  const flat = weights.map((w) => Array.from(w.dataSync()));
  tf.dispose(weights);
  model.dispose();
  return { history, flat };
}

test("the loss decreases on a 2,000-image subset and the test loss is evaluated each epoch", async () => {
  const { history } = await run();
  const steps = history.steps;
  const head = steps.slice(0, 5).reduce((s, r) => s + r.loss, 0) / 5;
  const tail = steps.slice(-5).reduce((s, r) => s + r.loss, 0) / 5;
  assert.ok(tail < head - 100, `loss went ${head.toFixed(1)} -> ${tail.toFixed(1)}`);
  assert.equal(history.epochs.length, 2);
  assert.ok(history.epochs[1].test!.total < history.epochs[0].test!.total);
  assert.ok(history.epochs.every((e) => e.test!.kl! > 0 && e.test!.reconstruction! > 0));
  const df = history.frame();
  assert.deepEqual(df.columns.slice(0, 4), ["epoch", "step", "seconds", "trainSeconds"]);
  assert.ok(df.columns.includes("test_kl") && df.columns.includes("train_reconstruction"));
  assert.equal(history.stepFrame().height, 40);
});

test("the same seed on the same backend gives bit-identical history and weights", async () => {
  const a = await run(11, 2, 400);
  const b = await run(11, 2, 400);
  assert.deepEqual(a.history.steps.map((s) => s.terms), b.history.steps.map((s) => s.terms));
  assert.deepEqual(a.history.epochs.map((e) => e.test), b.history.epochs.map((e) => e.test));
  assert.deepEqual(a.flat, b.flat);
  const c = await run(12, 1, 400);
  assert.notDeepEqual(a.history.steps[0].terms, c.history.steps[0].terms);
});

test("no tensor leaks across training steps: each waiting step holds its two loss tensors until the read", async () => {
  const model = buildModel(preset("dense-vae-2d").model, 1);
  const counts: number[] = [];
  const before = tf.memory().numTensors;
  await train(model, { train: data.train }, { ...config, epochs: 1 }, { onDispatch: () => counts.push(tf.memory().numTensors) });
  assert.deepEqual(counts.map((c) => c - counts[0]), counts.map((_, i) => 2 * i), `tensor counts per step: ${counts.join(",")}`);
  assert.equal(tf.memory().numTensors, before, "tensors left after training");
  model.dispose();
});

test("losses are read 50 steps at a time: one read per 50 steps, every step recorded in order", async () => {
  const model = buildModel(preset("dense-vae-2d").model, 1);
  const seen: number[] = [];
  const traffic = countTraffic();
  let reads: number;
  try {
    await train(model, { train: subset(data.train, { size: 400 }) }, { ...config, batchSize: 2, epochs: 1, evaluateEachEpoch: false }, { onStep: (r) => seen.push(r.step) });
  } finally {
    reads = traffic.counts().reads;
    traffic.stop();
  }
  assert.equal(READ_EVERY, 50);
  assert.deepEqual(seen, Array.from({ length: 200 }, (_, i) => i + 1));
  assert.ok(reads <= 200 / READ_EVERY, `${reads} reads in 200 steps`);
  model.dispose();
});

test("StepReads gives back each step's total and terms exactly, oldest first, in one read", async () => {
  const r = new StepReads();
  const values = [[0.1, 2.5e-8], [3, -7]];
  values.forEach((v, i) => r.add(1, i + 1, { cost: tf.scalar(v[0] + v[1]), values: tf.tensor1d(v), names: ["reconstruction", "kl"] }));
  const traffic = countTraffic();
  const out = await r.read();
  assert.equal(traffic.counts().reads, 1);
  traffic.stop();
  assert.deepEqual(out, values.map((v, i) => ({ epoch: 1, step: i + 1, loss: Math.fround(v[0] + v[1]), terms: [["reconstruction", Math.fround(v[0])], ["kl", Math.fround(v[1])]] })));
  assert.deepEqual(await r.read(), [], "nothing left");
  const left = tf.memory().numTensors;
  r.add(1, 3, { cost: tf.scalar(1), values: tf.tensor1d([1]), names: ["reconstruction"] });
  r.dispose();
  assert.equal(tf.memory().numTensors, left, "dispose frees steps never read");
});

test("a non-finite loss stops training with epoch, step and term", async () => {
  const model = buildModel(preset("dense-vae-2d").model, 1);
  const weights = model.getWeights();
  const poisoned = weights.map((w, i) => (i === 0 ? tf.fill(w.shape, NaN) : w));
  model.setWeights(poisoned);
  tf.dispose([...weights, ...poisoned]);
  await assert.rejects(train(model, data, { ...config, epochs: 1 }), (e: Error) => {
    assert.ok(e instanceof NonFiniteLossError);
    assert.equal(e.message, "non-finite loss at epoch 1, step 1: reconstruction = NaN");
    return true;
  });
  model.dispose();
});

test("bad training configs fail in one line", async () => {
  const model = buildModel(preset("dense-vae-2d").model, 1);
  await assert.rejects(train(model, data, { ...config, epochs: 0 }), /invalid epochs: 0/);
  await assert.rejects(train(model, data, { ...config, learningRate: -1 }), /invalid learningRate: -1/);
  await assert.rejects(train(model, data, { ...config, seed: 1.5 }), /invalid seed: 1.5/);
  model.dispose();
});
