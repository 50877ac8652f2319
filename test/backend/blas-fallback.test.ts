import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { describeBackend, initBackend } from "../../lib/backend";
import { blas, blasThreads, enableBlas } from "../../lib/backend/wasm";
import { randomData, relativeError, valuesOn } from "./wasm-support";

// Runs in its own process: the first wasm start blocks the addon, as if its build had failed; the addon
// loads once per process, so every later call sees the same.
const blocked = ["vae-lab-blas"];

test("without vae-lab-blas, wasm trains on XNNPACK and says so", async (t) => {
  let built = false;
  try {
    require.resolve("vae-lab-blas/build/Release/vae_lab_blas.node");
    built = true;
  } catch {
    // not built on this machine: the configuration this test stands for
  }
  t.diagnostic(built ? "vae-lab-blas is built here; loading it was blocked for this test" : "vae-lab-blas is not built here: the GEMMs run on XNNPACK");
  const info = await initBackend({ backend: "wasm", quiet: true, blocked });
  assert.equal(info.blas, undefined);
  assert.doesNotMatch(describeBackend(info), /OpenBLAS/);
  assert.equal(blas().binding, null);
  assert.match(blas().description, /^vae-lab-blas not built \(install libopenblas-dev, then npm ci\)$/);
  assert.equal(enableBlas(true), false);
  const ad = randomData(128 * 300, 1);
  const bd = randomData(200 * 300, 2);
  const build = () => tf.fused.matMul({ a: tf.tensor(ad, [128, 300]), b: tf.tensor(bd, [200, 300]), transposeB: true, bias: tf.ones([200]), activation: "relu" });
  const [want] = await valuesOn("cpu", build);
  const [got] = await valuesOn("wasm", build);
  assert.ok(relativeError(got, want) < 1e-5, `relative error ${relativeError(got, want)}`);
});

test("VAE_LAB_BLAS_THREADS defaults to 1 and rejects bad counts in one line", () => {
  assert.equal(blasThreads({}), 1);
  assert.equal(blasThreads({ VAE_LAB_BLAS_THREADS: "2" }), 2);
  assert.throws(() => blasThreads({ VAE_LAB_BLAS_THREADS: "0" }), /^Error: invalid VAE_LAB_BLAS_THREADS: 0 \(use an integer from 1 to 1024\)$/);
  assert.throws(() => blasThreads({ VAE_LAB_BLAS_THREADS: "two" }), /invalid VAE_LAB_BLAS_THREADS: two/);
});

test("without vae-lab-blas, convolutions and their gradients run on XNNPACK and match cpu", async () => {
  await initBackend({ backend: "wasm", quiet: true, blocked });
  assert.equal(blas().binding, null);
  const xd = randomData(2 * 14 * 14 * 3, 11);
  const wd = randomData(3 * 3 * 3 * 8, 12);
  const td = randomData(3 * 3 * 2 * 8, 13);
  const bd = randomData(8, 14);
  const build = () => {
    const f = (x: tf.Tensor, w: tf.Tensor, t: tf.Tensor) => {
      const h = tf.relu(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, "same"));
      const up = tf.conv2dTranspose(h, t as tf.Tensor4D, [2, 14, 14, 2], 2, "same");
      return tf.sum(tf.square(up));
    };
    const inference = tf.fused.conv2d({ x: tf.tensor4d(xd, [2, 14, 14, 3]), filter: tf.tensor4d(wd, [3, 3, 3, 8]), strides: 1, pad: "same", bias: tf.tensor1d(bd), activation: "relu" });
    return [inference, ...tf.grads(f)([tf.tensor(xd, [2, 14, 14, 3]), tf.tensor(wd, [3, 3, 3, 8]), tf.tensor(td, [3, 3, 2, 8])])];
  };
  const want = await valuesOn("cpu", build);
  const got = await valuesOn("wasm", build);
  for (let i = 0; i < want.length; i++) assert.ok(relativeError(got[i], want[i]) < 1e-5, `output ${i}: relative error ${relativeError(got[i], want[i])}`);
});
