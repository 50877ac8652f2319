import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { classDistribution, colorize, linearProbe, loadMnist, metricsFrame, PALETTE, pca, Rng, Rows, strokeColors } from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);

test("class distribution: log(10) nats and 1 normalised for uniform, 0 for one class", async () => {
  const uniform = classDistribution(Array.from({ length: 1000 }, (_, i) => i % 10));
  assert.ok(Math.abs(uniform.classEntropy - Math.log(10)) < 1e-12);
  assert.ok(Math.abs(uniform.normalizedClassEntropy - 1) < 1e-12);
  assert.deepEqual(uniform.counts, new Array(10).fill(100));
  const threes = classDistribution([3, 3, 3, 3]);
  assert.equal(threes.classEntropy, 0);
  assert.equal(threes.mode, 3);
  const half = classDistribution([0, 1, 0, 1]);
  assert.ok(Math.abs(half.classEntropy - Math.log(2)) < 1e-12);
  assert.throws(() => classDistribution([0, 10]), /invalid class at 1: 10/);
});

test("stroke colour of colorize()d real digits is their palette colour, with the right names", async () => {
  const digits = colorize(loadMnist({ split: "test", size: 400 }), { seed: 5 });
  const images = tf.tensor4d(Float32Array.from(digits.images, (v) => v / 255), [digits.size, 28, 28, 3]);
  const colors = await strokeColors(images);
  images.dispose();
  assert.deepEqual(Array.from(colors), Array.from(digits.colors!));
  assert.equal(new Set(colors).size, PALETTE.length);
  const red = tf.tidy(() => tf.mul(tf.ones([1, 28, 28, 3]), tf.tensor1d([0.9, 0.05, 0.1])) as tf.Tensor4D);
  const black = tf.zeros([1, 28, 28, 3]) as tf.Tensor4D;
  assert.equal(PALETTE[(await strokeColors(red))[0]].name, "red");
  assert.equal((await strokeColors(black))[0], -1);
  tf.dispose([red, black]);
});

/** Codes of 10 classes: class c at centre mu_c with noise sd `noise`, in 6-D; labels cycle 0..9. */
function clusters(n: number, noise: number, seed: number, centres: number[][]): { codes: Rows; labels: Uint8Array } {
  const rng = new Rng(seed);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  const values = new Float32Array(n * 6);
  for (let i = 0; i < n; i++) for (let d = 0; d < 6; d++) values[i * 6 + d] = centres[labels[i]][d] + noise * (rng.next() * 2 - 1) * Math.sqrt(3);
  return { codes: { values, rows: n, cols: 6 }, labels };
}

test("linear probe: well above chance on separable codes, at chance on noise, seeded", async () => {
  const rng = new Rng(1);
  const centres = Array.from({ length: 10 }, () => Array.from({ length: 6 }, () => 10 * rng.next()));
  const before = tf.memory().numTensors;
  const good = await linearProbe(clusters(2000, 0.5, 2, centres), clusters(500, 0.5, 3, centres), { seed: 1 });
  assert.ok(good.testAccuracy > 0.9, `separable: ${good.testAccuracy}`);
  assert.ok(Math.abs(good.chance - 0.1) < 0.01);
  const flat = centres.map(() => [0, 0, 0, 0, 0, 0]);
  const noise = await linearProbe(clusters(2000, 1, 2, flat), clusters(500, 1, 3, flat), { seed: 1 });
  assert.ok(noise.testAccuracy < 0.2, `noise: ${noise.testAccuracy}`);
  assert.deepEqual(await linearProbe(clusters(2000, 0.5, 2, centres), clusters(500, 0.5, 3, centres), { seed: 1 }), good);
  assert.equal(tf.memory().numTensors, before);
});

test("PCA recovers a planted direction and its share of the variance", async () => {
  const rng = new Rng(4);
  const u = [1, 2, -2, 0, 4, 0].map((v) => v / 5); // unit vector
  const n = 3000;
  const t = Array.from({ length: n }, () => 10 * (rng.next() - 0.5));
  const values = new Float32Array(n * 6);
  for (let i = 0; i < n; i++) for (let d = 0; d < 6; d++) values[i * 6 + d] = 7 + t[i] * u[d] + 0.1 * (rng.next() - 0.5);
  const r = pca({ values, rows: n, cols: 6 });
  const dot = r.components[0].reduce((s, c, d) => s + c * u[d], 0);
  assert.ok(dot > 0.999, `direction: ${dot}`); // sign convention: the largest loading (u[4]) is positive
  assert.ok(r.explainedVarianceRatio[0] > 0.99, `ratio ${r.explainedVarianceRatio}`);
  assert.equal(r.coords.length, n);
  assert.equal(r.coords[0].length, 2);
  const tMean = t.reduce((s, v) => s + v, 0) / n;
  for (const i of [0, 17, 2999]) assert.ok(Math.abs(r.coords[i][0] - (t[i] - tMean)) < 0.1, `coord ${i}`);
  assert.throws(() => pca({ values, rows: n, cols: 6 }, { components: 7 }), /invalid PCA components: 7/);
});

test("metricsFrame: one row per name, scalar fields as columns, null where missing", async () => {
  const df = metricsFrame([
    { name: "ae", metrics: { testAccuracy: 0.8, chance: 0.11, variances: [1, 2] } },
    { name: "vae", metrics: { testAccuracy: 0.9, count: 3 } },
  ]);
  assert.deepEqual(df.columns, ["name", "testAccuracy", "chance", "count"]);
  assert.equal(df.height, 2);
  assert.deepEqual(df.getColumn("name").toArray(), ["ae", "vae"]);
  assert.deepEqual(df.getColumn("count").toArray(), [null, 3]);
  assert.throws(() => metricsFrame([{ name: "x", metrics: { name: "y" } }]), /clashes with the row name/);
});
