import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { randomData, relativeError, useWasm, valuesOn } from "./wasm-support";
import { attrs, CASES, forwardShape } from "./conv-cases";

const TOL = 1e-5;

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

test("Conv2DBackpropInput leaves NCHW to the stock kernel, which matches cpu", async () => {
  const dyd = randomData(2 * 4 * 5 * 5, 61);
  const wd = randomData(3 * 3 * 3 * 4, 62);
  const build = () =>
    tf.engine().runKernel("Conv2DBackpropInput", { dy: tf.tensor(dyd, [2, 4, 5, 5]), filter: tf.tensor(wd, [3, 3, 3, 4]) }, {
      strides: 2, pad: "same", dataFormat: "NCHW", inputShape: [2, 3, 10, 10],
    }) as tf.Tensor;
  const [want] = await valuesOn("cpu", build);
  const [got] = await valuesOn("wasm", build);
  assert.ok(relativeError(got, want) < TOL, `relative error ${relativeError(got, want)}`);
});

test("Conv2DBackpropFilter rejects NCHW in one line", async () => {
  await useWasm();
  const run = () =>
    tf.tidy(() =>
      tf.engine().runKernel("Conv2DBackpropFilter", { x: tf.zeros([1, 2, 4, 4]), dy: tf.zeros([1, 2, 4, 4]) }, {
        strides: 1, pad: "same", dataFormat: "NCHW", filterShape: [1, 1, 2, 2],
      }),
    );
  assert.throws(run, /^Error: Conv2DBackpropFilter: only dataFormat NHWC is supported, got NCHW$/);
});
