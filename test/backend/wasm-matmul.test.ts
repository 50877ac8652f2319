import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { isOverridden } from "../../lib/backend/wasm";
import { randomData, relativeError, useWasm, valuesOn } from "./wasm-support";

const TOL = 1e-5;
type Case = { a: number[]; b: number[]; tA: boolean; tB: boolean };

function cases(): Case[] {
  const out: Case[] = [];
  const mkn = [[128, 784, 512], [1, 5, 7], [3, 1, 4], [17, 33, 9], [64, 64, 1], [130, 7, 65], [2, 300, 3]];
  for (const [m, k, n] of mkn) {
    for (const tA of [false, true]) {
      for (const tB of [false, true]) {
        out.push({ a: tA ? [k, m] : [m, k], b: tB ? [n, k] : [k, n], tA, tB });
      }
    }
  }
  out.push({ a: [3, 40, 50], b: [3, 50, 30], tA: false, tB: false });
  out.push({ a: [3, 50, 40], b: [3, 30, 50], tA: true, tB: true });
  out.push({ a: [2, 3, 20, 50], b: [50, 30], tA: false, tB: false });
  out.push({ a: [2, 3, 50, 20], b: [30, 50], tA: true, tB: true });
  out.push({ a: [20, 50], b: [4, 50, 30], tA: false, tB: false });
  out.push({ a: [50, 20], b: [4, 30, 50], tA: true, tB: true });
  out.push({ a: [2, 1, 20, 50], b: [1, 3, 50, 30], tA: false, tB: false });
  return out;
}

test("BatchMatMul and _FusedMatMul are overridden on wasm", async () => {
  await useWasm();
  assert.ok(isOverridden("BatchMatMul"));
  assert.ok(isOverridden("_FusedMatMul"));
});

test("BatchMatMul matches cpu for transposes, batches, broadcasts and odd sizes", async () => {
  for (const [i, c] of cases().entries()) {
    const ad = randomData(c.a.reduce((x, y) => x * y), 2 * i + 1);
    const bd = randomData(c.b.reduce((x, y) => x * y), 2 * i + 2);
    const build = () => tf.matMul(tf.tensor(ad, c.a), tf.tensor(bd, c.b), c.tA, c.tB);
    const [want] = await valuesOn("cpu", build);
    const [got] = await valuesOn("wasm", build);
    const err = relativeError(got, want);
    assert.ok(err < TOL, `a ${c.a} b ${c.b} tA ${c.tA} tB ${c.tB}: relative error ${err}`);
  }
});

test("_FusedMatMul matches cpu for every bias shape and activation", async () => {
  const activations = ["linear", "relu", "relu6", "elu", "leakyrelu", "sigmoid", "prelu"] as const;
  const shapes = [[37, 60, 23], [128, 100, 64], [1, 9, 5]];
  let seed = 100;
  for (const [m, k, n] of shapes) {
    for (const biasShape of [null, [n], [1], [m, n]]) {
      for (const act of activations) {
        for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
          const ad = randomData(m * k, seed++);
          const bd = randomData(k * n, seed++);
          const cd = biasShape ? randomData(biasShape.reduce((x, y) => x * y), seed++) : null;
          const pd = randomData(n, seed++);
          const build = () =>
            tf.fused.matMul({
              a: tf.tensor(ad, tA ? [k, m] : [m, k]),
              b: tf.tensor(bd, tB ? [n, k] : [k, n]),
              transposeA: tA,
              transposeB: tB,
              bias: cd && biasShape ? tf.tensor(cd, biasShape) : undefined,
              activation: act,
              preluActivationWeights: act === "prelu" ? tf.tensor(pd, [n]) : undefined,
              leakyreluAlpha: 0.3,
            });
          const [want] = await valuesOn("cpu", build);
          const [got] = await valuesOn("wasm", build);
          const err = relativeError(got, want);
          assert.ok(err < TOL, `${m}x${k}x${n} bias ${biasShape} ${act} tA ${tA} tB ${tB}: relative error ${err}`);
        }
      }
    }
  }
});

test("gradients through matMul and fused matMul match cpu", async () => {
  const ad = randomData(64 * 48, 7);
  const bd = randomData(48 * 33, 8);
  const cd = randomData(33, 9);
  const wd = randomData(64 * 33, 10);
  const build = () => {
    const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
      const y1 = tf.matMul(a, b);
      const y2 = tf.fused.matMul({ a, b, bias: c, activation: "relu" });
      const y3 = tf.matMul(b, a, true, true);
      return tf.add(tf.sum(tf.mul(tf.add(y1, y2), tf.tensor(wd, [64, 33]))), tf.sum(tf.square(y3)));
    };
    return tf.grads(f)([tf.tensor(ad, [64, 48]), tf.tensor(bd, [48, 33]), tf.tensor(cd, [33])]);
  };
  const want = await valuesOn("cpu", build);
  const got = await valuesOn("wasm", build);
  for (let i = 0; i < want.length; i++) {
    const err = relativeError(got[i], want[i]);
    assert.ok(err < TOL, `gradient ${i}: relative error ${err}`);
  }
});
