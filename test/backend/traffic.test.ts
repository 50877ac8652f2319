import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { countTraffic, initBackend } from "../../lib/backend";

test("countTraffic counts kernels, reads and uploads until stopped, and leaves the backend as it was", async () => {
  await initBackend({ backend: "wasm", quiet: true });
  const before = [tf.engine(), tf.backend()].map((o) => Object.keys(o).length);
  const t = countTraffic();
  const a = tf.tensor1d([1, 2, 3]);
  const b = tf.add(a, a);
  const c = tf.mul(b, b);
  b.dataSync();
  await c.data();
  assert.deepEqual(t.counts(), { kernels: 2, reads: 2, kernelReads: 0, uploads: 1 });
  t.stop();
  tf.add(a, a).dispose();
  tf.tensor1d([4]).dispose();
  assert.deepEqual(t.counts(), { kernels: 2, reads: 2, kernelReads: 0, uploads: 1 }, "nothing counted after stop");
  assert.deepEqual([tf.engine(), tf.backend()].map((o) => Object.keys(o).length), before, "the wrappers are gone");
  tf.dispose([a, b, c]);
});
