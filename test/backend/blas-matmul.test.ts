import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { randomData, relativeError, valuesOn } from "./wasm-support";
import { blasValues, needsBlas } from "./blas-support";

const TOL = 1e-5;
type Case = { a: number[]; b: number[]; tA: boolean; tB: boolean };

function cases(): Case[] {
  const out: Case[] = [];
  const mkn = [[128, 784, 512], [128, 512, 2], [1, 5, 7], [3, 1, 4], [17, 33, 9], [64, 64, 1], [130, 7, 65], [2, 300, 3]];
  for (const [m, k, n] of mkn) {
    for (const tA of [false, true]) {
      for (const tB of [false, true]) out.push({ a: tA ? [k, m] : [m, k], b: tB ? [n, k] : [k, n], tA, tB });
    }
  }
  for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
    const [m, k, n] = [20, 50, 30];
    const a = (batch: number[]) => [...batch, ...(tA ? [k, m] : [m, k])];
    const b = (batch: number[]) => [...batch, ...(tB ? [n, k] : [k, n])];
    out.push({ a: a([3]), b: b([3]), tA, tB });
    out.push({ a: a([2, 3]), b: b([]), tA, tB });
    out.push({ a: a([]), b: b([4]), tA, tB });
    out.push({ a: a([2, 1]), b: b([1, 3]), tA, tB });
  }
  return out;
}

test("BatchMatMul on OpenBLAS matches cpu for transposes, batches, broadcasts and odd sizes", needsBlas(), async () => {
  for (const [i, c] of cases().entries()) {
    const ad = randomData(c.a.reduce((x, y) => x * y, 1), 2 * i + 1);
    const bd = randomData(c.b.reduce((x, y) => x * y, 1), 2 * i + 2);
    const build = () => tf.matMul(tf.tensor(ad, c.a), tf.tensor(bd, c.b), c.tA, c.tB);
    const [want] = await valuesOn("cpu", build);
    const { values: [got], calls } = await blasValues(build);
    const err = relativeError(got, want);
    assert.ok(err < TOL, `a ${c.a} b ${c.b} tA ${c.tA} tB ${c.tB}: relative error ${err}`);
    const mixed = c.a.length === 4 && c.b.length === 4;
    if (!mixed) assert.equal(calls, 1, `a ${c.a} b ${c.b} tA ${c.tA} tB ${c.tB}: ${calls} sgemm calls`);
  }
});

test("an empty inner dimension gives zeros, an empty output an empty tensor", needsBlas(), async () => {
  const { values } = await blasValues(() => [
    tf.matMul(tf.zeros([3, 0]), tf.zeros([0, 4])),
    tf.fused.matMul({ a: tf.zeros([2, 0]), b: tf.zeros([0, 3]), bias: tf.tensor1d([1, -2, 3]), activation: "relu" }),
    tf.matMul(tf.zeros([0, 5]), tf.ones([5, 4])),
  ]);
  assert.deepEqual([...values[0]], new Array(12).fill(0));
  assert.deepEqual([...values[1]], [1, 0, 3, 1, 0, 3]);
  assert.equal(values[2].length, 0);
});

test("_FusedMatMul on OpenBLAS matches cpu for every bias shape and activation", needsBlas(), async () => {
  const activations = ["linear", "relu", "relu6", "elu", "leakyrelu", "sigmoid", "prelu"] as const;
  let seed = 100;
  for (const [m, k, n] of [[37, 60, 23], [128, 100, 64], [1, 9, 5]]) {
    for (const biasShape of [null, [n], [1], [m, n]]) {
      for (const act of activations) {
        for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
          const ad = randomData(m * k, seed++);
          const bd = randomData(k * n, seed++);
          const cd = biasShape ? randomData(biasShape.reduce((x, y) => x * y), seed++).map((v) => v * 8) : null;
          const pd = randomData(n, seed++);
          const build = () =>
            tf.fused.matMul({
              a: tf.mul(tf.tensor(ad, tA ? [k, m] : [m, k]), 3),
              b: tf.tensor(bd, tB ? [n, k] : [k, n]),
              transposeA: tA,
              transposeB: tB,
              bias: cd && biasShape ? tf.tensor(cd, biasShape) : undefined,
              activation: act,
              preluActivationWeights: act === "prelu" ? tf.tensor(pd, [n]) : undefined,
              leakyreluAlpha: 0.3,
            });
          const [want] = await valuesOn("cpu", build);
          const { values: [got], calls } = await blasValues(build);
          const err = relativeError(got, want);
          assert.ok(err < TOL, `${m}x${k}x${n} bias ${biasShape} ${act} tA ${tA} tB ${tB}: relative error ${err}`);
          assert.equal(calls, 1);
        }
      }
    }
  }
});

test("gradients of dense and conv layers on OpenBLAS match cpu", needsBlas(), async () => {
  const ad = randomData(64 * 48, 7);
  const bd = randomData(48 * 33, 8);
  const cd = randomData(33, 9);
  const xd = randomData(4 * 14 * 14 * 3, 10);
  const wd = randomData(3 * 3 * 3 * 6, 11);
  const td = randomData(3 * 3 * 2 * 6, 12);
  const build = () => {
    const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, x: tf.Tensor, w: tf.Tensor, t: tf.Tensor) => {
      const y1 = tf.fused.matMul({ a, b, bias: c, activation: "relu" });
      const y2 = tf.matMul(b, a, true, true);
      const h = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, "same");
      const up = tf.conv2dTranspose(h, t as tf.Tensor4D, [4, 14, 14, 2], 2, "same");
      return tf.addN([tf.sum(tf.square(y1)), tf.sum(tf.square(y2)), tf.sum(tf.square(up))]);
    };
    const inputs = [[ad, [64, 48]], [bd, [48, 33]], [cd, [33]], [xd, [4, 14, 14, 3]], [wd, [3, 3, 3, 6]], [td, [3, 3, 2, 6]]] as const;
    return tf.grads(f)(inputs.map(([d, s]) => tf.tensor(d, [...s])));
  };
  const want = await valuesOn("cpu", build);
  const { values: got, calls } = await blasValues(build);
  for (let i = 0; i < want.length; i++) {
    const err = relativeError(got[i], want[i]);
    assert.ok(err < TOL, `gradient ${i}: relative error ${err}`);
  }
  assert.ok(calls >= 6, `only ${calls} sgemm calls: the GEMMs did not go through OpenBLAS`);
  const convCalls = (await blasValues(build, "conv2dBackpropFilter")).calls;
  assert.equal(convCalls, 2, "the conv filter gradients did not run natively");
});
