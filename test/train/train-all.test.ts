import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { loadData, preset, trainAll, trainingRuns, trainingThreads, trainOrLoad, TRAINING_THREAD_MIB, type TrainOrLoadOptions } from "../../lib";
import { tempDir, testBackend } from "../support/lab";

before(testBackend);

const data = loadData("mnist", { trainSize: 600, testSize: 100 });
const request = (seed: number, dir: string, steps: number[] = []): TrainOrLoadOptions => ({
  model: preset("dense-vae-2d").model,
  train: { epochs: 2, batchSize: 100, learningRate: 1e-3, seed, evaluateEachEpoch: true },
  data,
  dir,
  callbacks: { onStep: (s) => steps.push(s.step) },
});

async function weights(run: { model: { getWeights(): tf.Tensor[] } }): Promise<Float32Array[]> {
  return Promise.all(run.model.getWeights().map(async (w) => (await w.data()) as Float32Array));
}

test("trainAll in two threads gives the bits trainOrLoad gives in one, forwards the records, then loads", async () => {
  const [inThreads, inTurn] = [tempDir(), tempDir()];
  const steps: number[][] = [[], []];
  const runs = await trainAll([request(5, inThreads, steps[0]), request(6, inThreads, steps[1])], { concurrency: 2 });
  assert.deepEqual(runs.map((r) => r.loaded), [false, false], "both trained in this call");
  assert.deepEqual(steps, [[...Array(12).keys()].map((i) => i + 1), [...Array(12).keys()].map((i) => i + 1)]);
  for (const [i, seed] of [5, 6].entries()) {
    const alone = await trainOrLoad(request(seed, inTurn));
    assert.equal(alone.id, runs[i].id);
    assert.deepEqual(await weights(runs[i]), await weights(alone), `seed ${seed}: same bits`);
    assert.deepEqual(runs[i].history.epochs.map((e) => e.test?.total), alone.history.epochs.map((e) => e.test?.total));
  }
  const noted = trainingRuns().filter((r) => r.id === runs[0].id);
  assert.equal(noted[0].loaded, false, "the provenance says trained, not loaded");
  const again = await trainAll([request(5, inThreads), request(6, inThreads)], { concurrency: 2 });
  assert.deepEqual(again.map((r) => r.loaded), [true, true]);
});

test("a training that fails in its thread rejects with one line naming the checkpoint", async () => {
  const dir = tempDir();
  const bad = { ...request(7, dir), model: { ...preset("dense-vae-2d").model, latentDim: 0 } };
  await assert.rejects(trainAll([request(8, dir), bad], { concurrency: 2 }), (e: Error) => {
    assert.match(e.message, /^training vae-[0-9a-f]{16} in a worker thread: invalid latent dim: 0$/);
    assert.ok(!e.message.includes("\n"));
    return true;
  });
});

test("trainingThreads: one per core, no more than the pending trainings or the free memory, 1 on webgpu", () => {
  const env = process.env.VAE_LAB_CORES;
  process.env.VAE_LAB_CORES = "4";
  try {
    assert.equal(trainingThreads(8, "wasm", 64 * 1024), 4);
    assert.equal(trainingThreads(3, "wasm", 64 * 1024), 3);
    assert.equal(trainingThreads(8, "wasm", 2.5 * TRAINING_THREAD_MIB), 2);
    assert.equal(trainingThreads(8, "wasm", 100), 1);
    assert.equal(trainingThreads(8, "webgpu", 64 * 1024), 1);
  } finally {
    if (env === undefined) delete process.env.VAE_LAB_CORES;
    else process.env.VAE_LAB_CORES = env;
  }
});
