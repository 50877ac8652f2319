import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { randomData, relativeError, seeded, valuesOn } from "./wasm-support";

function ids(n: number, numSegments: number, seed: number): Int32Array {
  const next = seeded(seed);
  // Include ids outside [0, numSegments): both backends must drop them.
  return Int32Array.from({ length: n }, () => Math.floor(((next() + 1) / 2) * (numSegments + 2)) - 1);
}

test("UnsortedSegmentSum matches cpu for several ranks of x and out-of-range ids", async () => {
  const cases: Array<{ x: number[]; numSegments: number }> = [
    { x: [50, 8], numSegments: 7 },
    { x: [6, 5, 3], numSegments: 4 },
    { x: [13], numSegments: 20 },
    { x: [4, 3, 2, 5], numSegments: 2 },
  ];
  for (const [i, c] of cases.entries()) {
    const xd = randomData(c.x.reduce((a, b) => a * b), 70 + i);
    const idd = ids(c.x[0], c.numSegments, 80 + i);
    const build = () => tf.unsortedSegmentSum(tf.tensor(xd, c.x), tf.tensor1d(idd, "int32"), c.numSegments);
    const [want] = await valuesOn("cpu", build);
    const [got] = await valuesOn("wasm", build);
    const err = relativeError(got, want);
    assert.ok(err < 1e-5, `case ${JSON.stringify(c)}: relative error ${err}`);
  }
});

test("UnsortedSegmentSum sums int32 exactly", async () => {
  const build = () => tf.unsortedSegmentSum(tf.tensor([1, 2, 3, 4, 5, 6], [3, 2], "int32"), tf.tensor([1, 0, 1], [3], "int32"), 3);
  const [got] = await valuesOn("wasm", build);
  assert.deepEqual(Array.from(got), [3, 4, 6, 8, 0, 0]);
});

test("the gradient of gather matches cpu", async () => {
  const xd = randomData(10 * 6, 90);
  const idx = [3, 1, 3, 9, 0, 3, 7];
  const build = () => tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.gather(x, tf.tensor1d(idx, "int32")))))(tf.tensor(xd, [10, 6]));
  const [want] = await valuesOn("cpu", build);
  const [got] = await valuesOn("wasm", build);
  assert.ok(relativeError(got, want) < 1e-5, `relative error ${relativeError(got, want)}`);
});
