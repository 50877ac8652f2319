import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { randomData, relativeError, valuesOn } from "./wasm-support";

test("Sum matches cpu for leading, other and negative axes, with and without keepDims", async () => {
  const cases: Array<{ shape: number[]; axis: number | number[] }> = [
    { shape: [128, 28, 28, 3], axis: [0, 1, 2] },
    { shape: [37, 5], axis: 0 },
    { shape: [7, 3, 5], axis: [1, 0] },
    { shape: [6, 4, 2], axis: [0, 2] },
    { shape: [9, 11], axis: -1 },
    { shape: [5, 3, 2], axis: [0, 1, 2] },
    { shape: [3, 1, 4], axis: 0 },
  ];
  for (const [i, c] of cases.entries()) {
    for (const keepDims of [false, true]) {
      const xd = randomData(c.shape.reduce((a, b) => a * b), 300 + i);
      const build = () => tf.sum(tf.tensor(xd, c.shape), c.axis, keepDims);
      let wantShape: number[] = [];
      let gotShape: number[] = [];
      const [want] = await valuesOn("cpu", () => ((wantShape = build().shape), build()));
      const [got] = await valuesOn("wasm", () => ((gotShape = build().shape), build()));
      assert.deepEqual(gotShape, wantShape);
      const err = relativeError(got, want);
      assert.ok(err < 1e-5, `shape ${c.shape} axis ${c.axis} keepDims ${keepDims}: relative error ${err}`);
    }
  }
});

test("Sum keeps int32 on the stock path", async () => {
  const [got] = await valuesOn("wasm", () => tf.sum(tf.tensor([[1, 2], [3, 4]], [2, 2], "int32"), 0));
  assert.deepEqual(Array.from(got), [4, 6]);
});
