import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { randomData, useWasm } from "./wasm-support";

/** Three Adam steps of a small conv + dense model from fixed data; returns every weight. */
function train(): Float32Array[] {
  const vars = [
    tf.variable(tf.mul(tf.tensor(randomData(3 * 3 * 1 * 8, 1), [3, 3, 1, 8]), 0.3)),
    tf.variable(tf.mul(tf.tensor(randomData(3 * 3 * 4 * 8, 2), [3, 3, 4, 8]), 0.3)),
    tf.variable(tf.mul(tf.tensor(randomData(784 * 64, 3), [784, 64]), 0.05)),
    tf.variable(tf.zeros([64])),
  ] as tf.Variable[];
  const x = tf.tensor4d(randomData(16 * 28 * 28, 4), [16, 28, 28, 1]);
  const opt = tf.train.adam(1e-3);
  for (let step = 0; step < 3; step++) {
    opt.minimize(() => {
      const h = tf.relu(tf.conv2d(x, vars[0] as tf.Tensor4D, 2, "same"));
      const up = tf.conv2dTranspose(h, vars[1] as tf.Tensor4D, [16, 28, 28, 4], 2, "same");
      const flat = tf.reshape(tf.slice(up, [0, 0, 0, 0], [16, 28, 28, 1]), [16, 784]);
      const z = tf.fused.matMul({ a: flat, b: vars[2], bias: vars[3], activation: "relu" });
      return tf.mean(tf.square(tf.sub(tf.matMul(z, vars[2], false, true), flat)));
    });
  }
  const out = vars.map((v) => Float32Array.from(v.dataSync()));
  opt.dispose();
  tf.dispose([x, ...vars]);
  return out;
}

test("training with the overrides is bit-reproducible on wasm", async () => {
  await useWasm();
  const first = train();
  const second = train();
  for (let i = 0; i < first.length; i++) {
    assert.deepEqual(Buffer.from(second[i].buffer), Buffer.from(first[i].buffer), `weight ${i} differs between runs`);
  }
  const initial = tf.tidy(() => tf.mul(tf.tensor(randomData(784 * 64, 3)), 0.05).dataSync());
  assert.ok(first[2].some((v, i) => v !== initial[i]), "weights did not move");
});
