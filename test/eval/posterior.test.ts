import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { aggregatePosterior, AggregatePosterior, priorScale, summarizeAggregate, buildVae, compareTotals, drawnElbo, evaluate, GaussianLatent, loadMnist, priorMismatch, vaeConfig } from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);

const images = () => loadMnist({ split: "test", size: 300 });

/** Encoder means and variances [N, D] straight from the model, one batch. */
function direct(vae: ReturnType<typeof buildVae>, ds: ReturnType<typeof images>): { mu: number[][]; s2: number[][] } {
  return tf.tidy(() => {
    const x = tf.div(tf.tensor4d(ds.images, [ds.size, 28, 28, 1], "float32"), 255) as tf.Tensor4D;
    const { mean, logVar } = (vae.latent as GaussianLatent).split(vae.encode(x));
    return { mu: mean.arraySync(), s2: tf.exp(logVar).arraySync() as number[][] };
  });
}

test("aggregate posterior: per-dimension moments by the law of total variance; +1 for the sampled-mean variant", async () => {
  const ds = images();
  for (const sampledMean of [false, true]) {
    const vae = buildVae(vaeConfig({ hidden: [32], latentDim: 4, sampledMean }), 2);
    const before = tf.memory().numTensors;
    const agg = await aggregatePosterior(vae, ds);
    assert.equal(tf.memory().numTensors, before);
    const { mu, s2 } = direct(vae, ds);
    for (let d = 0; d < 4; d++) {
      const m = mu.reduce((s, r) => s + r[d], 0) / ds.size;
      const vm = mu.reduce((s, r) => s + (r[d] - m) ** 2, 0) / (ds.size - 1);
      const noise = s2.reduce((s, r) => s + r[d], 0) / ds.size + (sampledMean ? 1 : 0);
      assert.ok(Math.abs(agg.mean[d] - m) < 1e-5, `mean ${d}`);
      assert.ok(Math.abs(agg.meanVariance[d] - vm) < 1e-5 * Math.max(1, vm), `Var(mu) ${d}`);
      assert.ok(Math.abs(agg.noiseVariance[d] - noise) < 1e-5 * noise, `E[sigma^2] ${d}: ${agg.noiseVariance[d]} vs ${noise}`);
      assert.ok(Math.abs(agg.variance[d] - (vm + noise)) < 1e-5 * (vm + noise));
    }
    assert.equal(agg.activeCount, agg.active.filter(Boolean).length);
    assert.deepEqual(agg.active, agg.meanVariance.map((v) => v > 0.01));
    vae.dispose();
  }
});

test("prior mismatch: 0 when the moments agree, the Gaussian KL otherwise, over active dimensions only", async () => {
  const agg: AggregatePosterior = {
    dims: 3, mean: [0, 0.5, 3], variance: [1, 2, 1], meanVariance: [0.5, 1.5, 0], noiseVariance: [0.5, 0.5, 1],
    active: [true, true, false], activeCount: 2, threshold: 0.01,
  };
  const kl = (mp: number, vp: number, m: number, v: number) => 0.5 * (vp / v + (mp - m) ** 2 / v - 1 + Math.log(v / vp));
  assert.ok(Math.abs(priorMismatch({ ...agg, mean: [0, 0, 0], variance: [1, 1, 1] }, { mean: 0, variance: 1 })) < 1e-12);
  const active = kl(1, 4, 0, 1) + kl(1, 4, 0.5, 2);
  assert.ok(Math.abs(priorMismatch(agg, { mean: 1, variance: 4 }) - active) < 1e-12);
  assert.ok(Math.abs(priorMismatch(agg, { mean: 1, variance: 4 }, { dims: "all" }) - active - kl(1, 4, 3, 1)) < 1e-12);
  assert.throws(() => priorMismatch(agg, { mean: 0, variance: 0 }), /invalid prior variance: 0/);
  // active dims: E[z^2] = 1 + 0 and 2 + 0.25; N(1, 4) draws: 5 per dim
  assert.ok(Math.abs(priorScale(agg, { mean: 1, variance: 4 }) - Math.sqrt(10 / 3.25)) < 1e-12);
  assert.ok(Math.abs(priorScale(agg, { mean: 1, variance: 4 }, { dims: "all" }) - Math.sqrt(15 / 13.25)) < 1e-12);
  assert.throws(() => priorScale({ ...agg, active: [false, false, false] }, { mean: 0, variance: 1 }), /no active dimension/);
  assert.deepEqual(summarizeAggregate(agg), {
    dims: 3, activeCount: 2, activeMean: 0.25, activeAbsMean: 0.25, activeVariance: 1.5, activeMeanVariance: 1, inactiveVariance: 1,
  });
});

test("drawn ELBO: the trained KL for a plain VAE; for the sampled-mean variant, the KL of N(mu, sigma^2 + 1)", async () => {
  const ds = images();
  const plain = buildVae(vaeConfig({ hidden: [32], latentDim: 4 }), 3);
  const p = await drawnElbo(plain, ds, { seed: 1 });
  const loss = await evaluate(plain, ds, { seed: 1 });
  assert.ok(Math.abs(p.kl - loss.kl!) < 1e-4 * Math.max(1, loss.kl!), `plain KL ${p.kl} vs ${loss.kl}`);
  assert.equal(p.reconstruction, loss.reconstruction);
  assert.ok(Math.abs(p.total - loss.total) < 1e-3);
  const variant = buildVae(vaeConfig({ hidden: [32], latentDim: 4, sampledMean: true }), 3);
  const v = await drawnElbo(variant, ds, { seed: 1 });
  const { s2 } = direct(variant, ds);
  const gap = s2.reduce((s, r) => s + r.reduce((t, x) => t + 0.5 * (1 - Math.log(1 + 1 / x)), 0), 0) / ds.size;
  assert.ok(Math.abs(v.kl - v.klAsTrained - gap) < 1e-3, `KL gap ${v.kl - v.klAsTrained} vs ${gap}`);
  assert.ok(Math.abs(v.total - v.reconstruction - v.kl) < 1e-9);
  assert.ok(p.totalSE > 0 && p.totalSE < p.total, `standard error ${p.totalSE}`);
  assert.equal(p.testImages, ds.size);
  const paired = compareTotals(v, p);
  assert.equal(paired.basis, "paired over test images");
  assert.ok(Math.abs(paired.difference.value - (v.total - p.total)) < 1e-3, `${paired.difference.value} against ${v.total - p.total}`);
  assert.equal(compareTotals(p, p).verdict, "no detectable difference");
  const copied = compareTotals({ ...v }, { ...p });
  assert.equal(copied.basis, "independent standard errors");
  assert.ok(copied.difference.se > paired.difference.se, "pairing removes the spread across images");
  plain.dispose();
  variant.dispose();
});
