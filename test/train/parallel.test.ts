import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { buildModel, History, ImageDataset, liveWorkers, loadData, preset, subset, train, TrainConfig } from "../../lib";
import { maxAbsDiff, testBackend } from "../support/lab";

before(testBackend);
const mnist = loadData("mnist", { trainSize: 301, testSize: 100 });
const colored = loadData("colored-mnist", { trainSize: 150, testSize: 50 });
const config: TrainConfig = { epochs: 1, batchSize: 64, learningRate: 1e-3, seed: 7 };

async function run(name: string, workers: number, data: { train: ImageDataset; test?: ImageDataset } = mnist, extra: Partial<TrainConfig> = {}) {
  const model = buildModel(preset(name).model, 3);
  const history = await train(model, data, { ...config, ...extra, workers });
  const weights = model.getWeights();
  const flat = Float32Array.from(weights.flatMap((w) => Array.from(w.dataSync())));
  tf.dispose(weights);
  model.dispose();
  return { history, flat };
}

function relativeGap(a: History, b: History): number {
  return Math.max(...a.steps.map((s, i) => Math.abs(s.loss - b.steps[i].loss) / Math.abs(b.steps[i].loss)));
}

test("two workers: same seed gives bit-identical history and weights, a batch of 45 splits 23 + 22", async () => {
  const a = await run("dense-vae-2d", 2);
  const b = await run("dense-vae-2d", 2);
  assert.equal(a.history.steps.length, 5);
  assert.deepEqual(a.history.steps.map((s) => [s.loss, s.terms]), b.history.steps.map((s) => [s.loss, s.terms]));
  assert.deepEqual(a.history.epochs.map((e) => [e.train, e.test]), b.history.epochs.map((e) => [e.train, e.test]));
  assert.deepEqual(a.flat, b.flat);
  assert.equal(liveWorkers(), 0);
});

test("two and three workers match the single loop within float rounding (dense VAE)", async () => {
  const single = await run("dense-vae-2d", 1);
  for (const workers of [2, 3]) {
    const parallel = await run("dense-vae-2d", workers);
    assert.ok(relativeGap(parallel.history, single.history) < 1e-4, `workers ${workers}: loss gap ${relativeGap(parallel.history, single.history)}`);
    assert.ok(maxAbsDiff(parallel.flat, single.flat) < 1e-4, `workers ${workers}: weight gap ${maxAbsDiff(parallel.flat, single.flat)}`);
    assert.notDeepEqual(parallel.flat, single.flat);
    const [p, s] = [parallel.history.last!.test!, single.history.last!.test!];
    assert.ok(Math.abs(p.total - s.total) / s.total < 1e-4, `test loss ${p.total} vs ${s.total}`);
  }
});

test("a split batch draws the whole batch's Gaussian and Gumbel noise (joint VAE matches the single loop)", async () => {
  const single = await run("joint-vae", 1, colored, { batchSize: 50 });
  const parallel = await run("joint-vae", 2, colored, { batchSize: 50 });
  assert.deepEqual(Object.keys(parallel.history.steps[0].terms), ["reconstruction", "kl", "klDiscrete"]);
  assert.ok(relativeGap(parallel.history, single.history) < 1e-4, `loss gap ${relativeGap(parallel.history, single.history)}`);
  for (const t of ["kl", "klDiscrete"] as const) {
    const gap = Math.abs(parallel.history.steps[2].terms[t]! - single.history.steps[2].terms[t]!);
    assert.ok(gap < 1e-3, `${t} gap ${gap}`);
  }
});

test("the conditional conv VAE (labels split with the images) matches the single loop", async () => {
  const small = { train: subset(mnist.train, { size: 96 }) };
  const single = await run("cond-conv-vae-2d", 1, small, { batchSize: 32 });
  const parallel = await run("cond-conv-vae-2d", 2, small, { batchSize: 32 });
  assert.equal(parallel.history.steps.length, 3);
  assert.ok(relativeGap(parallel.history, single.history) < 1e-5, `loss gap ${relativeGap(parallel.history, single.history)}`);
});

test("no tensor leaks on the main thread across parallel steps", async () => {
  const model = buildModel(preset("dense-vae-2d").model, 1);
  const before = tf.memory().numTensors;
  const counts: number[] = [];
  await train(model, { train: subset(mnist.train, { size: 256 }) }, { ...config, workers: 2 }, { onStep: () => counts.push(tf.memory().numTensors) });
  assert.equal(new Set(counts).size, 1, `tensor counts per step: ${counts.join(",")}`);
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
});
