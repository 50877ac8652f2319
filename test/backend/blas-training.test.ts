import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { randomData, trackWasmMallocs } from "./wasm-support";
import { countNative, needsBlas, useBlasWasm } from "./blas-support";

/** Three Adam steps of a small dense VAE-shaped model plus a conv pair; returns every weight. */
function train(): Float32Array[] {
  const shapes = [[784, 64], [64], [64, 4], [4, 64], [64, 784], [3, 3, 1, 4], [3, 3, 2, 4]];
  const vars = shapes.map((s, i) => tf.variable(tf.mul(tf.tensor(randomData(s.reduce((p, q) => p * q), i + 1), s), 0.1)));
  const x = tf.tensor2d(randomData(32 * 784, 99), [32, 784]);
  const opt = tf.train.adam(1e-3);
  for (let step = 0; step < 3; step++) {
    opt.minimize(() => {
      const [w1, b1, w2, w3, w4, c1, c2] = vars;
      const h = tf.fused.matMul({ a: x, b: w1, bias: b1, activation: "relu" });
      const z = tf.matMul(h, w2);
      const r = tf.matMul(tf.relu(tf.matMul(z, w3)), w4);
      const img = tf.reshape(x, [32, 28, 28, 1]) as tf.Tensor4D;
      const y = tf.conv2d(img, c1 as tf.Tensor4D, 2, "same");
      const up = tf.conv2dTranspose(y as tf.Tensor4D, c2 as tf.Tensor4D, [32, 28, 28, 2], 2, "same");
      return tf.add(tf.mean(tf.square(tf.sub(r, x))), tf.mean(tf.square(up)));
    });
  }
  const out = vars.map((v) => Float32Array.from(v.dataSync()));
  opt.dispose();
  tf.dispose([x, ...vars]);
  return out;
}

test("training on OpenBLAS is bit-reproducible and moves the weights", needsBlas(), async () => {
  await useBlasWasm();
  const { result: first, calls } = countNative(train);
  const second = train();
  assert.ok(calls >= 3 * 10, `only ${calls} sgemm calls in 3 steps`);
  for (let i = 0; i < first.length; i++) {
    assert.deepEqual(Buffer.from(second[i].buffer), Buffer.from(first[i].buffer), `weight ${i} differs between runs`);
  }
  const initial = tf.tidy(() => tf.mul(tf.tensor(randomData(784 * 64, 1)), 0.1).dataSync());
  assert.ok(first[0].some((v, i) => v !== initial[i]), "weights did not move");
});

test("the OpenBLAS route leaks no tensors and no wasm memory", needsBlas(), async () => {
  const backend = await useBlasWasm();
  const heap = () => (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.length;
  const a = tf.tensor(randomData(60 * 40, 1), [60, 40]);
  const b = tf.tensor(randomData(40 * 50, 2), [40, 50]);
  const batched = tf.tensor(randomData(3 * 20 * 40, 3), [3, 20, 40]);
  const bias = tf.tensor(randomData(50, 4), [50]);
  const x4 = tf.tensor(randomData(2 * 12 * 12 * 3, 5), [2, 12, 12, 3]);
  const w4 = tf.tensor(randomData(3 * 3 * 3 * 8, 6), [3, 3, 3, 8]);
  const once = () =>
    tf.tidy(() => {
      for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
        tf.matMul(tA ? tf.transpose(a) : a, tB ? tf.transpose(b) : b, tA, tB);
      }
      tf.matMul(batched, batched, false, true);
      tf.matMul(batched, tf.slice(b, [0, 0], [20, 30]), true, false);
      tf.fused.matMul({ a, b, bias, activation: "relu6" });
      tf.matMul(tf.zeros([3, 0]), tf.zeros([0, 4]));
      tf.grads((x: tf.Tensor, w: tf.Tensor, p: tf.Tensor) =>
        tf.add(tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, "same"))), tf.sum(tf.fused.matMul({ a: p, b, bias, activation: "relu" }))),
      )([x4, w4, a]);
    });
  for (let i = 0; i < 5; i++) once();
  const tensors = tf.memory().numTensors;
  const dataIds = backend.numDataIds();
  const heapBytes = heap();
  const mallocs = trackWasmMallocs(backend);
  try {
    for (let i = 0; i < 40; i++) {
      once();
      assert.equal(mallocs.liveBlocks(), 0, `iteration ${i}: ${mallocs.liveBlocks()} wasm blocks (${mallocs.liveBytes()} bytes) still allocated`);
    }
  } finally {
    mallocs.stop();
  }
  assert.equal(tf.memory().numTensors, tensors, "tensor count grew");
  assert.equal(backend.numDataIds(), dataIds, "wasm backend data ids grew");
  assert.equal(heap(), heapBytes, "wasm heap grew after warm-up");
  tf.dispose([a, b, batched, bias, x4, w4]);
});
