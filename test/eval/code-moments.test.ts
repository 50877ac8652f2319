import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { autoencoderConfig, buildModel, codeMoments, latentCodes, loadMnist, posteriorSamples, Rng, Rows, standardNormalNorm, vaeConfig } from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);

/** Gaussian rows, column j with mean `means[j]` and standard deviation `sds[j]` (Box-Muller). */
function gaussianRows(n: number, means: number[], sds: number[], seed: number): Rows {
  const rng = new Rng(seed);
  const values = new Float32Array(n * means.length);
  for (let i = 0; i < n; i++) {
    means.forEach((m, j) => (values[i * means.length + j] = m + sds[j] * Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next())));
  }
  return { values, rows: n, cols: means.length };
}

test("code moments: per-dimension mean and sd, and the KL of their Gaussian fit from N(0, I)", async () => {
  const prior = codeMoments(gaussianRows(40000, [0, 0, 0], [1, 1, 1], 1));
  assert.ok(prior.klFromStandardNormal < 0.002, `N(0, I) draws: ${prior.klFromStandardNormal}`);
  const wide = codeMoments(gaussianRows(40000, [2, -1], [3, 0.5], 2));
  [2, -1].forEach((m, j) => assert.ok(Math.abs(wide.mean[j] - m) < 0.05, `mean ${j}: ${wide.mean[j]}`));
  [3, 0.5].forEach((s, j) => assert.ok(Math.abs(wide.sd[j] / s - 1) < 0.02, `sd ${j}: ${wide.sd[j]}`));
  assert.ok(Math.abs(wide.maxAbsMean - 2) < 0.05 && Math.abs(wide.meanAbsMean - 1.5) < 0.05);
  assert.equal(wide.minSd, Math.min(...wide.sd));
  assert.equal(wide.maxSd, Math.max(...wide.sd));
  // KL(N(m, s^2) || N(0, 1)) = log(1/s) + (s^2 + m^2)/2 - 1/2, summed over dimensions
  const reference = wide.mean.reduce((sum, m, j) => sum + Math.log(1 / wide.sd[j]) + (wide.sd[j] ** 2 + m ** 2) / 2 - 0.5, 0);
  assert.ok(Math.abs(wide.klFromStandardNormal - reference) < 1e-9);
  assert.ok(Math.abs(prior.meanNorm - prior.priorNorm) < 0.01, `norm ${prior.meanNorm} vs ${prior.priorNorm}`);
  assert.ok(Math.abs(standardNormalNorm(1) - Math.sqrt(2 / Math.PI)) < 1e-12);
  assert.ok(Math.abs(standardNormalNorm(2) - Math.sqrt(Math.PI / 2)) < 1e-12); // Rayleigh mean
  assert.ok(Math.abs(standardNormalNorm(16) - Math.sqrt(15.5)) < 0.01);
  assert.throws(() => standardNormalNorm(0), /invalid dimensions: 0/);
  const ring = codeMoments({ values: Float32Array.from([3, 4, 0, 5, -6, 8]), rows: 3, cols: 2 });
  assert.deepEqual([ring.meanNorm, ring.minNorm], [(5 + 5 + 10) / 3, 5]);
  const flat = codeMoments({ values: new Float32Array([1, 1, 1]), rows: 3, cols: 1 });
  assert.ok(Number.isFinite(flat.klFromStandardNormal) && flat.klFromStandardNormal > 10);
});

test("posterior samples: an autoencoder's codes as they are; a VAE's drawn around its means, seeded, no leak", async () => {
  const ds = loadMnist({ split: "test", size: 600 });
  const ae = buildModel(autoencoderConfig({ hidden: [16], latentDim: 3 }), 1);
  const vae = buildModel(vaeConfig({ hidden: [16], latentDim: 3 }), 1);
  const before = tf.memory().numTensors;
  assert.deepEqual(await posteriorSamples(ae, ds, 4), await latentCodes(ae, ds));
  const means = await latentCodes(vae, ds);
  const drawn = await posteriorSamples(vae, ds, 4);
  assert.deepEqual([drawn.rows, drawn.cols], [600, 3]);
  assert.deepEqual(await posteriorSamples(vae, ds, 4), drawn);
  assert.notDeepEqual((await posteriorSamples(vae, ds, 5)).values, drawn.values);
  // an untrained encoder's log-variances are near 0, so draws spread about 1 around the means
  const gap = codeMoments({ values: drawn.values.map((v, i) => v - means.values[i]), rows: 600, cols: 3 });
  gap.sd.forEach((s) => assert.ok(s > 0.7 && s < 1.4, `posterior spread ${s}`));
  assert.equal(tf.memory().numTensors, before);
  ae.dispose();
  vae.dispose();
});
