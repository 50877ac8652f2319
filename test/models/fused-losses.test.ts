import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { enableBlas } from "../../lib/backend/wasm";
import { gaussianKlTerm, reconstructionTerm } from "../../lib/models/fused-losses";
import { gaussianKl, RECONSTRUCTION_LOSSES } from "../../lib/models/losses";
import { randomData, relativeError, trackWasmMallocs, valuesOn } from "../backend/wasm-support";
import { blasValues, needsBlas, useBlasWasm } from "../backend/blas-support";

const TOL = 1e-5;
const B = 6;
// Logits from -40 to 40 (both softplus branches, saturated sigmoids) and random ones; images binary and grey.
const logitsData = Float32Array.from(randomData(B * 28 * 28, 1), (v, i) => (i % 97 === 0 ? [-40, -20, -3, 0, 3, 20, 40][i % 7] : 6 * v));
const imageData = Float32Array.from(randomData(B * 28 * 28, 2), (v, i) => (i % 2 ? (v > 0 ? 1 : 0) : (v + 1) / 2));
const rowWeights = Float32Array.from(randomData(B, 3), (v) => v + 2);

/** A term, weighted per row so the gradient's dy differs between rows, and its gradients. */
function termAndGrads(term: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, a: () => tf.Tensor, b: () => tf.Tensor): () => tf.Tensor[] {
  return () => {
    const f = (p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(term(p, q), tf.tensor1d(rowWeights)));
    return [term(a(), b()), ...tf.grads(f)([a(), b()])];
  };
}

const x = () => tf.tensor4d(imageData, [B, 28, 28, 1]);
const logits = () => tf.tensor4d(logitsData, [B, 28, 28, 1]);
const mean = () => tf.tensor2d(randomData(B * 5, 4), [B, 5]);
const logVar = () => tf.tensor2d(Float32Array.from(randomData(B * 5, 5), (v) => 4 * v), [B, 5]);

const CASES = [
  { name: "bce", fused: termAndGrads((p, q) => reconstructionTerm("bce", p, q), x, logits), pure: termAndGrads(RECONSTRUCTION_LOSSES.bce, x, logits), native: "bernoulliNll" as const },
  { name: "mse", fused: termAndGrads((p, q) => reconstructionTerm("mse", p, q), x, logits), pure: termAndGrads(RECONSTRUCTION_LOSSES.mse, x, logits), native: "squaredError" as const },
  {
    name: "gaussianKl",
    fused: termAndGrads((p, q) => gaussianKlTerm(p as tf.Tensor2D, q as tf.Tensor2D), mean, logVar),
    pure: termAndGrads((p, q) => gaussianKl(p as tf.Tensor2D, q as tf.Tensor2D), mean, logVar),
    native: "gaussianKl" as const,
  },
];

test("fused loss terms and their gradients on wasm match the pure functions on cpu", needsBlas(), async () => {
  for (const c of CASES) {
    const want = await valuesOn("cpu", c.pure);
    const { values: got, calls } = await blasValues(c.fused, c.native);
    assert.equal(calls, 2, `${c.name}: ${calls} native ${c.native} calls (one for the term, one inside the gradient's forward pass)`);
    ["term", "gradient of the first input", "gradient of the second input"].forEach((what, i) => {
      const err = relativeError(got[i], want[i]);
      assert.ok(err < TOL, `${c.name}, ${what}: relative error ${err}`);
    });
  }
});

test("with the OpenBLAS route off, the terms are the pure functions, bit for bit", needsBlas(), async () => {
  for (const c of CASES) {
    await useBlasWasm();
    enableBlas(false);
    const off = tf.tidy(() => c.fused().map((t) => Buffer.from(Float32Array.from(t.dataSync()).buffer)));
    const pure = tf.tidy(() => c.pure().map((t) => Buffer.from(Float32Array.from(t.dataSync()).buffer)));
    enableBlas(true);
    off.forEach((b, i) => assert.ok(b.equals(pure[i]), `${c.name}: output ${i} differs from the pure function`));
  }
});

test("fused terms are bit-reproducible and leak no tensors or wasm memory", needsBlas(), async () => {
  const backend = await useBlasWasm();
  const run = () => tf.tidy(() => CASES.flatMap((c) => c.fused().map((t) => Buffer.from(Float32Array.from(t.dataSync()).buffer))));
  const first = run();
  const tensors = tf.memory().numTensors;
  const mallocs = trackWasmMallocs(backend);
  try {
    for (let i = 0; i < 5; i++) {
      run().forEach((b, j) => assert.ok(b.equals(first[j]), `run ${i}: output ${j} differs`));
      assert.equal(mallocs.liveBlocks(), 0, `run ${i}: ${mallocs.liveBlocks()} wasm blocks still allocated`);
    }
  } finally {
    mallocs.stop();
  }
  assert.equal(tf.memory().numTensors, tensors);
});

test("the addon's loss functions reject bad arguments in one line", needsBlas(), async () => {
  await useBlasWasm();
  const b = (await import("../../lib/backend/wasm")).blas().binding!;
  const a4 = new Float32Array(4);
  assert.throws(() => b.bernoulliNll!(a4, new Float32Array(3), new Float32Array(2), 2, 2), { name: "RangeError", message: "bernoulliNll: logits has 3 elements, needs 4" });
  assert.throws(() => b.gaussianKlGrad!(a4, a4, new Float32Array(2), a4, new Float32Array(4), 2, 2), { name: "RangeError", message: "gaussianKlGrad: the output overlaps mean" });
  assert.throws(() => b.columnSums!(a4, new Float32Array(2), 2, 2.5), { name: "RangeError", message: "columnSums: cols must be a non-negative integer below 2^31, got 2.5" });
  assert.throws(() => (b.squaredError as (...a: unknown[]) => void)(a4, a4, a4, 2), { name: "TypeError", message: "squaredError: expected 5 arguments, got 4" });
});
