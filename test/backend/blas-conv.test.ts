import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { blas, BlasBinding } from "../../lib/backend/wasm";
import { randomData, relativeError, trackWasmMallocs, valuesOn } from "./wasm-support";
import { blasValues, countNative, needsBlas, useBlasWasm } from "./blas-support";
import { convGeometry } from "../../lib/backend/wasm/blas-conv";
import { patchGeometry } from "../../lib/backend/wasm/conv-geometry";
import { attrs, CASES, ConvCase, forwardShape } from "./conv-cases";

const TOL = 1e-5;
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

async function compare(what: string, build: () => tf.Tensor | tf.Tensor[], counted: keyof BlasBinding, calls = 1): Promise<void> {
  const want = await valuesOn("cpu", build);
  const got = await blasValues(build, counted);
  for (let i = 0; i < want.length; i++) {
    const err = relativeError(got.values[i], want[i]);
    assert.ok(err < TOL, `${what}, output ${i}: relative error ${err}`);
  }
  assert.equal(got.calls, calls, `${what}: ${got.calls} native ${counted} calls`);
}

/** A case's input, filter and output gradient, seeded by its index. */
function caseData(c: ConvCase, i: number): { xd: Float32Array; wd: Float32Array; dyd: Float32Array; dyShape: number[] } {
  const dyShape = forwardShape(c);
  return { xd: randomData(size(c.x), 10 * i + 1), wd: randomData(size(c.filter), 10 * i + 2), dyd: randomData(size(dyShape), 10 * i + 3), dyShape };
}

test("the addon's conv2d, conv2dBackpropInput and conv2dBackpropFilter match cpu on every case", needsBlas(), async () => {
  await useBlasWasm();
  const native = blas().binding as Required<BlasBinding>;
  for (const [i, c] of CASES.entries()) {
    const { xd, wd, dyd, dyShape } = caseData(c, i);
    const [y, dx, dw] = await valuesOn("cpu", () => [
      tf.conv2d(tf.tensor4d(xd, c.x), tf.tensor4d(wd, c.filter), c.strides, c.pad, "NHWC", 1, c.dimRoundingMode),
      tf.engine().runKernel("Conv2DBackpropInput", { dy: tf.tensor(dyd, dyShape), filter: tf.tensor(wd, c.filter) }, { ...attrs(c), inputShape: c.x }) as tf.Tensor,
      tf.engine().runKernel("Conv2DBackpropFilter", { x: tf.tensor(xd, c.x), dy: tf.tensor(dyd, dyShape) }, { ...attrs(c), filterShape: c.filter }) as tf.Tensor,
    ]);
    const geometry = convGeometry(patchGeometry("test", c.x, c.filter, attrs(c) as never));
    const out = [new Float32Array(y.length), new Float32Array(dx.length), new Float32Array(dw.length)].map((a) => a.fill(NaN));
    native.conv2d(xd, wd, null, out[0], geometry, 0);
    native.conv2dBackpropInput(dyd, wd, out[1], geometry);
    native.conv2dBackpropFilter(xd, dyd, out[2], geometry);
    [y, dx, dw].forEach((want, j) => {
      const err = relativeError(out[j], want);
      assert.ok(err < TOL, `case ${i} ${JSON.stringify(c)}, ${["conv2d", "input gradient", "filter gradient"][j]}: relative error ${err}`);
    });
  }
});

test("Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter with the addon match cpu, natively unless XNNPACK is faster", needsBlas(), async () => {
  await useBlasWasm();
  for (const [i, c] of CASES.entries()) {
    const { xd, wd, dyd, dyShape } = caseData(c, i);
    const x = () => tf.tensor(xd, c.x);
    const w = () => tf.tensor(wd, c.filter);
    const dy = () => tf.tensor(dyd, dyShape);
    const what = `case ${i} ${JSON.stringify(c)}`;
    await compare(`${what} Conv2D`, () => tf.engine().runKernel("Conv2D", { x: x(), filter: w() }, { ...attrs(c), dilations: 1 }) as tf.Tensor, "conv2d");
    const inputCalls = c.xnnpack?.includes("Conv2DBackpropInput") ? 0 : 1;
    await compare(`${what} input gradient`, () => tf.engine().runKernel("Conv2DBackpropInput", { dy: dy(), filter: w() }, { ...attrs(c), inputShape: c.x }) as tf.Tensor, "conv2dBackpropInput", inputCalls);
    await compare(`${what} filter gradient`, () => tf.engine().runKernel("Conv2DBackpropFilter", { x: x(), dy: dy() }, { ...attrs(c), filterShape: c.filter }) as tf.Tensor, "conv2dBackpropFilter");
  }
});

test("FusedConv2D on OpenBLAS matches cpu for every activation, with and without a bias", needsBlas(), async () => {
  const c = CASES[2];
  const outC = c.filter[3];
  const xd = randomData(size(c.x), 71);
  const wd = randomData(size(c.filter), 72);
  const bd = randomData(outC, 73).map((v) => 4 * v);
  const pd = randomData(outC, 74);
  for (const activation of ["linear", "relu", "relu6", "elu", "leakyrelu", "sigmoid", "prelu"] as const) {
    for (const withBias of [false, true]) {
      const build = () =>
        tf.fused.conv2d({
          x: tf.mul(tf.tensor(xd, c.x), 3) as tf.Tensor4D,
          filter: tf.tensor(wd, c.filter) as tf.Tensor4D,
          strides: c.strides,
          pad: c.pad as "same",
          bias: withBias ? tf.tensor(bd, [outC]) : undefined,
          activation,
          preluActivationWeights: activation === "prelu" ? tf.tensor(pd, [outC]) : undefined,
          leakyreluAlpha: 0.3,
        });
      await compare(`${activation}, bias ${withBias}`, build, "conv2d");
    }
  }
});

test("dilated convolutions stay on the stock kernel; biases that broadcast are added afterwards; both match cpu", needsBlas(), async () => {
  const xd = randomData(2 * 9 * 9 * 4, 81);
  const wd = randomData(3 * 3 * 4 * 5, 82);
  const x = () => tf.tensor4d(xd, [2, 9, 9, 4]);
  const w = () => tf.tensor4d(wd, [3, 3, 4, 5]);
  await compare("dilation 2", () => tf.conv2d(x(), w(), 1, "same", "NHWC", 2), "conv2d", 0);
  for (const shape of [[], [1, 9, 9, 1]]) {
    const bias = () => tf.tensor(randomData(size(shape), 83), shape);
    await compare(`bias ${shape}`, () => tf.fused.conv2d({ x: x(), filter: w(), strides: 1, pad: "same", bias: bias(), activation: "relu6" }), "conv2d");
  }
});

test("gradients of a conv and transposed-conv network on OpenBLAS match cpu", needsBlas(), async () => {
  const xd = randomData(4 * 28 * 28 * 1, 91);
  const shapes = [[3, 3, 1, 8], [3, 3, 8, 16], [3, 3, 8, 16], [3, 3, 1, 8]] as const;
  const weights = shapes.map((s, i) => randomData(size([...s]), 92 + i).map((v) => 0.5 * v));
  const build = () => {
    const f = (x: tf.Tensor, w1: tf.Tensor, w2: tf.Tensor, t1: tf.Tensor, t2: tf.Tensor) => {
      const h1 = tf.relu(tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 2, "same"));
      const h2 = tf.relu(tf.conv2d(h1, w2 as tf.Tensor4D, 2, "same"));
      const u1 = tf.relu(tf.conv2dTranspose(h2, t1 as tf.Tensor4D, [4, 14, 14, 8], 2, "same"));
      const u2 = tf.conv2dTranspose(u1, t2 as tf.Tensor4D, [4, 28, 28, 1], 2, "same");
      return tf.sum(tf.square(tf.sub(u2, x)));
    };
    return tf.grads(f)([tf.tensor(xd, [4, 28, 28, 1]), ...weights.map((d, i) => tf.tensor(d, [...shapes[i]]))]);
  };
  const want = await valuesOn("cpu", build);
  await useBlasWasm();
  const filterCalls = countNative(() => tf.dispose(build()), "conv2dBackpropFilter").calls;
  assert.equal(filterCalls, 4, "every filter gradient runs natively");
  const { values: got } = await blasValues(build, "conv2dBackpropInput");
  for (let i = 0; i < want.length; i++) {
    const err = relativeError(got[i], want[i]);
    assert.ok(err < TOL, `gradient ${i}: relative error ${err}`);
  }
});

test("the native convolutions are bit-reproducible and leak no wasm memory", needsBlas(), async () => {
  const backend = await useBlasWasm();
  const c = CASES[CASES.length - 1];
  const dyShape = forwardShape(c);
  const x = tf.tensor(randomData(size(c.x), 101), c.x);
  const w = tf.tensor(randomData(size(c.filter), 102), c.filter);
  const dy = tf.tensor(randomData(size(dyShape), 103), dyShape);
  const once = () =>
    tf.tidy(() => {
      const k = (name: string, inputs: tf.NamedTensorMap, extra: object) => tf.engine().runKernel(name, inputs, { ...attrs(c), ...extra }) as tf.Tensor;
      const outs = [
        k("Conv2D", { x, filter: w }, { dilations: 1 }),
        k("Conv2DBackpropInput", { dy, filter: w }, { inputShape: c.x }),
        k("Conv2DBackpropFilter", { x, dy }, { filterShape: c.filter }),
      ];
      return outs.map((t) => Buffer.from(Float32Array.from(t.dataSync()).buffer));
    });
  const first = once();
  const heap = () => (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.length;
  const heapBytes = heap();
  const tensors = tf.memory().numTensors;
  const mallocs = trackWasmMallocs(backend);
  try {
    for (let i = 0; i < 10; i++) {
      const again = once();
      again.forEach((b, j) => assert.ok(b.equals(first[j]), `run ${i}: output ${j} differs from the first run`));
      assert.equal(mallocs.liveBlocks(), 0, `run ${i}: ${mallocs.liveBlocks()} wasm blocks still allocated`);
    }
  } finally {
    mallocs.stop();
  }
  assert.equal(tf.memory().numTensors, tensors, "tensor count grew");
  assert.equal(heap(), heapBytes, "wasm heap grew");
  tf.dispose([x, w, dy]);
});

test("the native convolutions reject bad arguments in one line", needsBlas(), () => {
  const native = blas().binding as Required<BlasBinding>;
  const geometry = Int32Array.of(1, 4, 4, 2, 2, 2, 3, 3, 3, 2, 2, 1, 1);
  const x = new Float32Array(32);
  const w = new Float32Array(54);
  const y = new Float32Array(12);
  assert.doesNotThrow(() => native.conv2d(x, w, null, y, geometry, 1));
  assert.throws(() => native.conv2d(x, w, null, new Float32Array(11), geometry, 1), { name: "RangeError", message: "conv2d: y has 11 elements, needs 12" });
  assert.throws(() => native.conv2d(x, w, new Float32Array(2), y, geometry, 0), { name: "RangeError", message: "conv2d: bias has 2 elements, needs 3" });
  assert.throws(() => native.conv2d(x, w, null, y, geometry, 3), /^RangeError: conv2d: activation must be 0 \(linear\), 1 \(relu\) or 2 \(relu6\), got 3$/);
  assert.throws(() => native.conv2d(x, w, null, y, Int32Array.of(1, 4, 4, 2, 2, 2, 3, 3, 3, 0, 2, 1, 1), 0), { name: "RangeError", message: "conv2d: strideH must be at least 1, got 0" });
  assert.throws(() => native.conv2d(x, w, null, y, new Int32Array(12), 0), { name: "TypeError", message: "conv2d: geometry must be an Int32Array of 13 entries" });
  assert.throws(() => native.conv2dBackpropInput(y, w, new Float64Array(32) as never, geometry), { name: "TypeError", message: "conv2dBackpropInput: dx must be a Float32Array" });
  const heap = new Float32Array(100);
  assert.throws(() => native.conv2dBackpropFilter(heap.subarray(0, 32), heap.subarray(40, 52), heap.subarray(20, 74), geometry), {
    name: "RangeError",
    message: "conv2dBackpropFilter: the output overlaps x",
  });
});
