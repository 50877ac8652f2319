import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { randomData, valuesOn } from "./wasm-support";
import { blasValues, needsBlas } from "./blas-support";

const SPECIAL = [NaN, -1, 0, -0, 2, Infinity, -Infinity, 1e-45, -1e-45];
const x = () => tf.tensor(Float32Array.from(randomData(3 * 5000, 1), (v, i) => (i < 81 ? SPECIAL[i % 9] : v)), [3, 5000]);
const dy = () => tf.tensor(Float32Array.from(randomData(3 * 5000, 2), (v, i) => (i < 81 ? SPECIAL[Math.floor(i / 9)] : v)), [3, 5000]);

test("relu's gradient with the addon is one native pass, bit-identical to tfjs's Step then Multiply", needsBlas(), async () => {
  const [want] = await valuesOn("wasm", () => tf.mul(dy(), tf.cast(tf.step(x()), "float32")));
  const viaGrad = () => tf.grad((t: tf.Tensor) => tf.relu(t))(x(), dy());
  const { values: [got], calls } = await blasValues(viaGrad, "reluGrad");
  assert.equal(calls, 1);
  const same = Array.from(want).every((w, i) => Object.is(w, got[i]) || (Number.isNaN(w) && Number.isNaN(got[i])));
  assert.ok(same, "the fused gradient differs from dy·step(x)");
});

test("relu's gradient on cpu and on wasm without the route is tfjs's own, and both match", async () => {
  const build = () => tf.grad((t: tf.Tensor) => tf.relu(t))(x(), dy());
  const [cpu] = await valuesOn("cpu", build);
  const [wasm] = await valuesOn("wasm", build);
  const [want] = await valuesOn("cpu", () => tf.mul(dy(), tf.cast(tf.step(x()), "float32")));
  for (const got of [cpu, wasm]) assert.ok(Array.from(want).every((w, i) => Object.is(w, got[i]) || (Number.isNaN(w) && Number.isNaN(got[i]))));
});
