import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { randomData, trackWasmMallocs, useWasm } from "./wasm-support";

/** One call of every override path, forward and backward; returns nothing, keeps nothing. */
function exerciseAll(inputs: Record<string, tf.Tensor>): void {
  const { a, b, bias, biasMN, batched, x4, w4, t4, w16, w8, ids, rows } = inputs;
  tf.tidy(() => {
    for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
      tf.matMul(tA ? tf.transpose(a) : a, tB ? tf.transpose(b) : b, tA, tB);
    }
    tf.matMul(batched, batched, false, true);
    tf.matMul(batched, tf.slice(b, [0, 0], [40, 30]));
    tf.fused.matMul({ a, b, bias, activation: "relu" });
    tf.fused.matMul({ a, b, bias: biasMN, activation: "sigmoid" });
    tf.unsortedSegmentSum(rows, ids as tf.Tensor1D, 5);
    tf.cast(tf.clone(a), "float32");
    tf.cast(ids, "float32");
    tf.grads((x: tf.Tensor, w: tf.Tensor, t: tf.Tensor, w16: tf.Tensor, w8: tf.Tensor) => {
      const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, "same");
      const y16 = tf.conv2d(y, w16 as tf.Tensor4D, 1, "same");
      const y8 = tf.conv2d(y16, w8 as tf.Tensor4D, 1, "same");
      const z = tf.conv2dTranspose(y8, t as tf.Tensor4D, [2, 12, 12, 3], 2, "same");
      const d = tf.fused.matMul({ a: tf.reshape(z, [2, -1]), b: tf.ones([432, 7]), bias: tf.ones([7]), activation: "elu" });
      return tf.sum(tf.square(d));
    })([x4, w4, t4, w16, w8]);
    tf.grad((r: tf.Tensor) => tf.sum(tf.gather(r, tf.tensor1d([0, 2, 2, 4], "int32"))))(rows);
  });
}

test("overrides leak no tensors and no wasm memory over many calls", async () => {
  const backend = await useWasm();
  const heap = () => (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.length;
  const inputs: Record<string, tf.Tensor> = {
    a: tf.tensor(randomData(60 * 40, 1), [60, 40]),
    b: tf.tensor(randomData(40 * 50, 2), [40, 50]),
    bias: tf.tensor(randomData(50, 3), [50]),
    biasMN: tf.tensor(randomData(60 * 50, 4), [60, 50]),
    batched: tf.tensor(randomData(3 * 20 * 40, 5), [3, 20, 40]),
    x4: tf.tensor(randomData(2 * 12 * 12 * 3, 6), [2, 12, 12, 3]),
    w4: tf.tensor(randomData(3 * 3 * 3 * 8, 7), [3, 3, 3, 8]),
    t4: tf.tensor(randomData(3 * 3 * 3 * 8, 8), [3, 3, 3, 8]),
    w16: tf.tensor(randomData(3 * 3 * 8 * 16, 11), [3, 3, 8, 16]),
    w8: tf.tensor(randomData(3 * 3 * 16 * 8, 12), [3, 3, 16, 8]),
    ids: tf.tensor1d([0, 4, 1, 1, 3], "int32"),
    rows: tf.tensor(randomData(5 * 6, 9), [5, 6]),
  };
  for (let i = 0; i < 5; i++) exerciseAll(inputs);
  const tensors = tf.memory().numTensors;
  const dataIds = backend.numDataIds();
  const heapBytes = heap();
  const mallocs = trackWasmMallocs(backend);
  try {
    for (let i = 0; i < 40; i++) {
      exerciseAll(inputs);
      assert.equal(mallocs.liveBlocks(), 0, `iteration ${i}: ${mallocs.liveBlocks()} wasm blocks (${mallocs.liveBytes()} bytes) still allocated`);
    }
  } finally {
    mallocs.stop();
  }
  assert.equal(tf.memory().numTensors, tensors, "tensor count grew");
  assert.equal(backend.numDataIds(), dataIds, "wasm backend data ids grew");
  assert.equal(heap(), heapBytes, "wasm heap grew after warm-up");
  tf.dispose(Object.values(inputs));
});
