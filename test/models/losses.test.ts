import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { bernoulliNll, categoricalKl, gaussianKl, gumbelFromUniform, gumbelSoftmax, squaredError } from "../../lib";
import { Rng } from "../../lib/util/random";
import { testBackend } from "../support/lab";

before(testBackend);

test("Gaussian KL: the closed form matches a Monte Carlo estimate of E_q[log q(z) - log p(z)]", () => {
  const mean = [0.7, -1.2, 0.1];
  const logVar = [-0.5, 0.3, -2];
  const closed = gaussianKl(tf.tensor2d([mean]), tf.tensor2d([logVar])).dataSync()[0];
  const rng = new Rng(1);
  const n = 200000;
  let sum = 0;
  for (let s = 0; s < n; s++) {
    for (let j = 0; j < 3; j++) {
      const sd = Math.exp(logVar[j] / 2);
      const eps = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
      const z = mean[j] + sd * eps;
      sum += -0.5 * eps * eps - Math.log(sd) + 0.5 * z * z;
    }
  }
  assert.ok(Math.abs(closed - sum / n) < 0.01, `closed ${closed} vs MC ${sum / n}`);
  assert.ok(Math.abs(gaussianKl(tf.zeros([1, 4]), tf.zeros([1, 4])).dataSync()[0]) < 1e-7);
});

test("categorical KL to the uniform prior matches sum q log(q K)", () => {
  const logits = [[[2, 0, -1, 0.5]], [[0, 0, 0, 0]]];
  const kl = categoricalKl(tf.tensor3d(logits)).dataSync();
  for (const [b, row] of logits.entries()) {
    const e = row[0].map(Math.exp);
    const z = e.reduce((a, c) => a + c, 0);
    const expected = e.reduce((s, v) => s + (v / z) * Math.log((v / z) * 4), 0);
    assert.ok(Math.abs(kl[b] - expected) < 1e-5, `${kl[b]} vs ${expected}`);
  }
});

test("Gumbel-softmax rows sum to 1; at low temperature argmax frequencies match the softmax (chi-square)", () => {
  const probs = [0.5, 0.25, 0.15, 0.1];
  const n = 20000;
  const logits = tf.tile(tf.tensor3d([[probs.map(Math.log)]]), [n, 1, 1]) as tf.Tensor3D;
  const y = gumbelSoftmax(logits, 0.1, 42);
  const sums = tf.sum(y, -1).dataSync();
  assert.ok(sums.every((s) => Math.abs(s - 1) < 1e-5));
  const arg = tf.argMax(y, -1).dataSync();
  const counts = [0, 0, 0, 0];
  for (const a of arg) counts[a]++;
  const chi2 = counts.reduce((s, c, k) => s + (c - n * probs[k]) ** 2 / (n * probs[k]), 0);
  assert.ok(chi2 < 11.34, `chi-square ${chi2.toFixed(2)} with 3 degrees of freedom (p = 0.01 at 11.34); counts ${counts}`);
  const hard = gumbelSoftmax(logits, 1, 42, true).dataSync();
  assert.ok(hard.every((v) => v === 0 || v === 1));
});

test("Gumbel noise stays finite for a uniform draw that rounded to 1.0 in float32, and is -log(-log u) elsewhere", () => {
  const u = [1e-10, 0.25, 0.5, 1 - 2 ** -24, 1];
  const g = gumbelFromUniform(tf.tensor1d(u)).dataSync();
  assert.ok(g.every(Number.isFinite), `noise ${Array.from(g)}`);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(g[i] - -Math.log(-Math.log(u[i]))) < 1e-5, `u = ${u[i]}: ${g[i]}`);
  assert.equal(g[4], g[3]);
});

test("Gumbel straight-through passes gradients to the logits", () => {
  const g = tf.grad((l: tf.Tensor) => tf.sum(tf.mul(gumbelSoftmax(l as tf.Tensor3D, 1, 3, true), tf.tensor3d([[[1, 2, 3]]]))))(tf.tensor3d([[[0.1, 0.2, 0.3]]]));
  assert.ok(g.dataSync().some((v) => v !== 0));
});

test("reconstruction losses: BCE from logits and squared error against direct formulas", () => {
  const x = tf.tensor4d([0, 1, 0.3, 0.8], [1, 2, 2, 1]);
  const l = tf.tensor4d([-2, 3, 0, 1.5], [1, 2, 2, 1]);
  const s = l.dataSync().map((v) => 1 / (1 + Math.exp(-v)));
  const xv = x.dataSync();
  const bce = Array.from(xv).reduce((acc, xi, i) => acc - (xi * Math.log(s[i]) + (1 - xi) * Math.log(1 - s[i])), 0);
  const se = Array.from(xv).reduce((acc, xi, i) => acc + (xi - s[i]) ** 2, 0);
  assert.ok(Math.abs(bernoulliNll(x, l).dataSync()[0] - bce) < 1e-5);
  assert.ok(Math.abs(squaredError(x, l).dataSync()[0] - se) < 1e-6);
});
