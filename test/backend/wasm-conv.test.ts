import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { randomData, relativeError, useWasm, valuesOn } from "./wasm-support";

const TOL = 1e-5;
type Pad = "same" | "valid" | number | [[number, number], [number, number], [number, number], [number, number]];
interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

const CASES: ConvCase[] = [
  { x: [2, 28, 28, 1], filter: [3, 3, 1, 32], strides: 2, pad: "same" },
  { x: [2, 28, 28, 3], filter: [3, 3, 3, 32], strides: 2, pad: "same" },
  { x: [2, 14, 14, 32], filter: [3, 3, 32, 64], strides: 2, pad: "same" },
  { x: [2, 28, 28, 32], filter: [3, 3, 32, 1], strides: 1, pad: "same" },
  { x: [3, 9, 7, 5], filter: [2, 3, 5, 4], strides: [2, 1], pad: "valid" },
  { x: [1, 8, 8, 3], filter: [3, 3, 3, 6], strides: 1, pad: "valid" },
  { x: [2, 10, 11, 4], filter: [3, 2, 4, 3], strides: [1, 3], pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  { x: [2, 9, 9, 2], filter: [3, 3, 2, 5], strides: 2, pad: 1, dimRoundingMode: "ceil" },
  { x: [1, 5, 5, 7], filter: [5, 5, 7, 2], strides: 3, pad: "same" },
];

function forwardShape(c: ConvCase): number[] {
  return tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.filter) as tf.Tensor4D, c.strides, c.pad, "NHWC", 1, c.dimRoundingMode).shape);
}

function attrs(c: ConvCase): tf.NamedAttrMap {
  const base = { strides: c.strides, pad: c.pad, dataFormat: "NHWC" };
  return (c.dimRoundingMode ? { ...base, dimRoundingMode: c.dimRoundingMode } : base) as unknown as tf.NamedAttrMap;
}

test("Conv2DBackpropFilter matches cpu", async () => {
  await useWasm();
  for (const [i, c] of CASES.entries()) {
    const dyShape = forwardShape(c);
    const xd = randomData(c.x.reduce((a, b) => a * b), 10 * i + 1);
    const dyd = randomData(dyShape.reduce((a, b) => a * b), 10 * i + 2);
    const build = () =>
      tf.engine().runKernel("Conv2DBackpropFilter", { x: tf.tensor(xd, c.x), dy: tf.tensor(dyd, dyShape) }, { ...attrs(c), filterShape: c.filter }) as tf.Tensor;
    const [want] = await valuesOn("cpu", build);
    const [got] = await valuesOn("wasm", build);
    const err = relativeError(got, want);
    assert.ok(err < TOL, `case ${i} ${JSON.stringify(c)}: relative error ${err}`);
  }
});

test("Conv2DBackpropInput matches cpu", async () => {
  for (const [i, c] of CASES.entries()) {
    const dyShape = forwardShape(c);
    const wd = randomData(c.filter.reduce((a, b) => a * b), 10 * i + 3);
    const dyd = randomData(dyShape.reduce((a, b) => a * b), 10 * i + 4);
    const build = () =>
      tf.engine().runKernel("Conv2DBackpropInput", { dy: tf.tensor(dyd, dyShape), filter: tf.tensor(wd, c.filter) }, { ...attrs(c), inputShape: c.x }) as tf.Tensor;
    const [want] = await valuesOn("cpu", build);
    const [got] = await valuesOn("wasm", build);
    const err = relativeError(got, want);
    assert.ok(err < TOL, `case ${i} ${JSON.stringify(c)}: relative error ${err}`);
  }
});

test("gradients through conv2d and conv2dTranspose match cpu", async () => {
  const xd = randomData(2 * 14 * 14 * 8, 51);
  const wd = randomData(3 * 3 * 8 * 16, 52);
  const td = randomData(3 * 3 * 4 * 8, 53);
  const build = () => {
    const f = (x: tf.Tensor, w: tf.Tensor, t: tf.Tensor) => {
      const y = tf.relu(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, "same"));
      const z = tf.conv2dTranspose(x as tf.Tensor4D, t as tf.Tensor4D, [2, 28, 28, 4], 2, "same");
      return tf.add(tf.sum(tf.square(y)), tf.sum(tf.sin(z)));
    };
    return tf.grads(f)([tf.tensor(xd, [2, 14, 14, 8]), tf.tensor(wd, [3, 3, 8, 16]), tf.tensor(td, [3, 3, 4, 8])]);
  };
  const want = await valuesOn("cpu", build);
  const got = await valuesOn("wasm", build);
  for (let i = 0; i < want.length; i++) {
    const err = relativeError(got[i], want[i]);
    assert.ok(err < TOL, `gradient ${i}: relative error ${err}`);
  }
});

test("conv backprop kernels reject NCHW in one line", async () => {
  await useWasm();
  const run = () =>
    tf.tidy(() =>
      tf.engine().runKernel("Conv2DBackpropFilter", { x: tf.zeros([1, 2, 4, 4]), dy: tf.zeros([1, 2, 4, 4]) }, {
        strides: 1, pad: "same", dataFormat: "NCHW", filterShape: [1, 1, 2, 2],
      }),
    );
  assert.throws(run, /^Error: Conv2DBackpropFilter: only dataFormat NHWC is supported, got NCHW$/);
});
