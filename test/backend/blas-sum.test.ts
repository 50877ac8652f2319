import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { randomData, valuesOn } from "./wasm-support";
import { blasValues, needsBlas } from "./blas-support";

test("Sum over leading axes with the addon is native and bit-identical to the JavaScript loop", needsBlas(), async () => {
  for (const [i, shape] of [[128, 28, 28, 32], [37, 5], [3, 1, 4], [6, 300], [1, 7], [130, 2]].entries()) {
    const xd = Float32Array.from(randomData(shape.reduce((a, b) => a * b), 400 + i), (v, j) => v * (j % 5 === 0 ? 1e4 : 1));
    const build = () => tf.sum(tf.tensor(xd, shape), shape.slice(0, -1).map((_, k) => k));
    const [js] = await valuesOn("wasm", build);
    const { values: [native], calls } = await blasValues(build, "columnSums");
    assert.equal(calls, 1, `shape ${shape}: the native column sum did not run`);
    assert.ok(Buffer.from(native.buffer).equals(Buffer.from(js.buffer)), `shape ${shape}: native and JavaScript sums differ`);
  }
});
