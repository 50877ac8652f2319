import assert from "node:assert/strict";
import * as os from "node:os";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { buildModel, checkTrainConfig, liveWorkers, loadData, NonFiniteLossError, preset, resolveWorkers, train, withWorkers, WorkerError } from "../../lib";
import type { WorkerFault } from "../../lib/train/parallel/pool";
import { testBackend } from "../support/lab";

before(testBackend);
const data = { train: loadData("mnist", { trainSize: 256, testSize: 1 }).train };
const config = { epochs: 2, batchSize: 64, learningRate: 1e-3, seed: 7, workers: 2 };

async function failing(fault: WorkerFault | undefined, expected: RegExp, errorClass: Function, callbacks = {}) {
  const model = buildModel(preset("dense-vae-2d").model, 1);
  const steps: number[] = [];
  await assert.rejects(train(model, data, config, { onStep: (s) => steps.push(s.step), workerFaults: fault ? [fault] : [], ...callbacks }), (e: Error) => {
    assert.ok(e instanceof errorClass, `${e.name}: ${e.message}`);
    assert.match(e.message, expected);
    assert.ok(!e.message.includes("\n"));
    return true;
  });
  assert.equal(liveWorkers(), 0, "every worker thread is gone");
  model.dispose();
  return steps;
}

test("an error in a worker stops training in one line naming the worker, epoch and step", async () => {
  const steps = await failing({ worker: 1, step: 6, kind: "throw" }, /^worker 1 failed at epoch 2, step 6: injected fault$/, WorkerError);
  assert.deepEqual(steps, [1, 2, 3, 4, 5]);
});

test("a non-finite loss in a worker names the worker, epoch and step", async () => {
  await failing({ worker: 1, step: 2, kind: "nan" }, /^non-finite loss at epoch 1, step 2: reconstruction = NaN \(worker 1\)$/, NonFiniteLossError);
});

test("a worker thread that exits is reported, not waited for", async () => {
  await failing({ worker: 1, step: 3, kind: "exit" }, /^worker 1 exited with code 3 at epoch 1, step [23]$/, WorkerError);
});

test("an error on the main thread terminates the workers", async () => {
  const boom = () => {
    throw new Error("callback failed");
  };
  await failing(undefined, /^callback failed$/, Error, { onStep: boom });
});

test("NaN weights on the main thread reach every replica and are named", async () => {
  const model = buildModel(preset("dense-vae-2d").model, 1);
  const weights = model.getWeights();
  const poisoned = weights.map((w, i) => (i === 0 ? tf.fill(w.shape, NaN) : w));
  model.setWeights(poisoned);
  tf.dispose([...weights, ...poisoned]);
  await assert.rejects(train(model, data, config), /^NonFiniteLossError: non-finite loss at epoch 1, step 1: reconstruction = NaN \(main thread\)$/);
  assert.equal(liveWorkers(), 0);
  model.dispose();
});

test("workers resolve per machine; bad values fail in one line", () => {
  const base = { epochs: 1, batchSize: 64, learningRate: 1e-3, seed: 7 };
  const plain = withWorkers(checkTrainConfig(base), "vae");
  assert.deepEqual(withWorkers(checkTrainConfig({ ...base, workers: 1 }), "vae"), plain);
  assert.equal(withWorkers(checkTrainConfig({ ...base, workers: 2 }), "vae").workers, 2);
  for (const bad of [0, 1.5, 65, "two"]) assert.throws(() => checkTrainConfig({ ...base, workers: bad as number }), new RegExp(`^Error: invalid workers: ${bad} \\(an integer 1-64 or auto\\)$`));
  assert.equal(resolveWorkers(undefined, "conv-vae", "wasm"), 1);
  assert.equal(resolveWorkers(3, "vae", "cpu"), 3);
  assert.equal(resolveWorkers("auto", "vae", "cpu"), 1);
  assert.equal(resolveWorkers("auto", "vae", "wasm"), 1);
  assert.equal(resolveWorkers("auto", "conv-vae", "wasm"), os.availableParallelism() >= 2 ? 2 : 1);
  assert.equal(resolveWorkers("auto", "conv-vae", "cpu"), 1);
  assert.equal(preset("conv-vae-2d").train.workers, "auto");
  assert.equal(preset("dense-vae-2d").train.workers, undefined);
});
