import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { buildModel, loadData, NonFiniteLossError, preset, subset, train } from "../../lib";
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

test("no tensor leaks across training steps", async () => {
  const model = buildModel(preset("dense-vae-2d").model, 1);
  const counts: number[] = [];
  await train(model, { train: data.train }, { ...config, epochs: 1 }, { onStep: () => counts.push(tf.memory().numTensors) });
  assert.equal(new Set(counts.slice(1)).size, 1, `tensor counts per step: ${counts.join(",")}`);
  model.dispose();
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
