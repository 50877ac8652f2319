import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { randomData, useWasm } from "./wasm-support";

/** A small Keras-style conv autoencoder with seeded initialisers; returns the loss of 4 Adam steps. */
async function trainLosses(): Promise<number[]> {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, strides: 2, padding: "same", activation: "relu", kernelInitializer: init(1) }),
      tfl.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: "same", activation: "relu", kernelInitializer: init(2) }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 4, activation: "relu", kernelInitializer: init(3) }),
      tfl.layers.dense({ units: 7 * 7 * 16, activation: "relu", kernelInitializer: init(4) }),
      tfl.layers.reshape({ targetShape: [7, 7, 16] }),
      tfl.layers.conv2dTranspose({ filters: 16, kernelSize: 3, strides: 2, padding: "same", activation: "relu", kernelInitializer: init(5) }),
      tfl.layers.conv2dTranspose({ filters: 8, kernelSize: 3, strides: 2, padding: "same", activation: "relu", kernelInitializer: init(6) }),
      tfl.layers.conv2dTranspose({ filters: 1, kernelSize: 3, padding: "same", activation: "sigmoid", kernelInitializer: init(7) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-2), loss: "binaryCrossentropy" });
  const x = tf.tensor4d(randomData(8 * 28 * 28, 5).map((v) => (v + 1) / 2), [8, 28, 28, 1]);
  const losses: number[] = [];
  for (let i = 0; i < 4; i++) losses.push((await model.trainOnBatch(x, x)) as number);
  model.dispose();
  x.dispose();
  return losses;
}

test("a tfjs-layers conv autoencoder trains on wasm with the overrides and matches cpu", async () => {
  await tf.setBackend("cpu");
  const want = await trainLosses();
  await useWasm();
  const got = await trainLosses();
  assert.ok(want[3] < want[0], `cpu loss did not decrease: ${want}`);
  for (let i = 0; i < want.length; i++) {
    assert.ok(Math.abs(got[i] - want[i]) / Math.abs(want[i]) < 1e-4, `step ${i}: wasm ${got[i]} vs cpu ${want[i]}`);
  }
});
