import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { buildModel, loadData, preset, train } from "../../lib";
import { needsBlas, useBlasWasm } from "../backend/blas-support";

// Whole models on the wasm route with every native kernel (convolutions, fused loss terms, relu's
// gradient, column sums, Adam) against the cpu backend: the first step's loss is the forward pass,
// the second carries the gradients and Adam's update. Batches of 2: the cpu backend's convolutions
// take ~2 s per image and step.
const MODELS = ["dense-vae-2d", "conv-vae-2d", "mlp-vae-100-mse", "joint-vae-conv"];
const STEPS = 2;

async function losses(name: string, backend: "cpu" | "wasm"): Promise<number[]> {
  if (backend === "wasm") await useBlasWasm();
  else await tf.setBackend("cpu");
  const p = preset(name);
  const { train: data } = loadData(p.data, { trainSize: 2 * STEPS, testSize: 1 });
  const model = buildModel(p.model, 3);
  const history = await train(model, { train: data }, { epochs: 1, batchSize: 2, learningRate: 1e-3, seed: 5, evaluateEachEpoch: false, workers: 1 });
  model.dispose();
  return history.steps.map((s) => s.loss);
}

test("training losses on the native route match the cpu backend (1e-5 at the first step, 1e-4 after Adam)", needsBlas(), async () => {
  for (const name of MODELS) {
    const want = await losses(name, "cpu");
    const got = await losses(name, "wasm");
    assert.equal(got.length, STEPS);
    got.forEach((v, i) => {
      const err = Math.abs(v - want[i]) / Math.abs(want[i]);
      assert.ok(err < (i === 0 ? 1e-5 : 1e-4), `${name} step ${i + 1}: wasm ${v} vs cpu ${want[i]} (relative ${err.toExponential(2)})`);
    });
  }
});
