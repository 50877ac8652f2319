import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { autoencoderConfig, buildModel, evaluate, loadData, logLikelihoodEstimate, subset, train, vaeConfig } from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);
process.env.VAE_LAB_QUIET = "1";

test("IWAE bound: >= the ELBO, non-decreasing in k (1, 5, 50), repeatable, no leak", async () => {
  const data = loadData("mnist", { trainSize: 2000, testSize: 200 });
  const model = buildModel(vaeConfig({ hidden: [128], latentDim: 4 }), 1);
  await train(model, data, { epochs: 3, batchSize: 50, learningRate: 2e-3, seed: 1, evaluateEachEpoch: false }); // 120 steps
  const before = tf.memory().numTensors;
  const est = [];
  for (const k of [1, 5, 50]) est.push(await logLikelihoodEstimate(model, data.test, { k, seed: 7, batchSize: 100 }));
  assert.equal(tf.memory().numTensors, before);
  for (const e of est) {
    assert.ok(Number.isFinite(e.logLikelihood) && e.logLikelihood < 0, `log p(x) = ${e.logLikelihood}`);
    assert.equal(e.perImage.length, 200);
  }
  const [k1, k5, k50] = est;
  // k = 1 is the single-draw ELBO with a Monte Carlo KL: equal to the closed-form ELBO in expectation
  assert.ok(Math.abs(k1.logLikelihood - k1.elbo) < 1, `k=1 ${k1.logLikelihood} vs ELBO ${k1.elbo}`);
  assert.ok(k5.logLikelihood > k5.elbo + 0.5, `k=5 ${k5.logLikelihood} vs ELBO ${k5.elbo}`);
  assert.ok(k50.logLikelihood > k50.elbo + 1, `k=50 ${k50.logLikelihood} vs ELBO ${k50.elbo}`);
  assert.ok(k5.logLikelihood >= k1.logLikelihood && k50.logLikelihood >= k5.logLikelihood, `not monotone: ${est.map((e) => e.logLikelihood)}`);
  const loss = await evaluate(model, data.test, { seed: 3 });
  assert.ok(Math.abs(-loss.total - k50.elbo) < 2, `ELBO ${k50.elbo} vs test loss ${loss.total}`);
  assert.deepEqual((await logLikelihoodEstimate(model, data.test, { k: 5, seed: 7, batchSize: 100 })).perImage, k5.perImage);
  assert.deepEqual((await logLikelihoodEstimate(model, subset(data.test, { size: 100 }), { k: 5, seed: 7, batchSize: 100 })).perImage, k5.perImage.slice(0, 100));
  model.dispose();
});

test("IWAE: bad k and non-Gaussian or non-bce models fail in one line", async () => {
  const data = loadData("mnist", { trainSize: 10, testSize: 10 });
  const vae = buildModel(vaeConfig({ hidden: [16], latentDim: 2 }), 1);
  await assert.rejects(async () => logLikelihoodEstimate(vae, data.test, { k: 0 }), /invalid k: 0/);
  const mse = buildModel(vaeConfig({ hidden: [16], latentDim: 2, reconstructionLoss: "mse" }), 1);
  await assert.rejects(async () => logLikelihoodEstimate(mse, data.test), /needs a bce decoder, got mse/);
  const ae = buildModel(autoencoderConfig({ hidden: [16], latentDim: 2 }), 1);
  await assert.rejects(async () => logLikelihoodEstimate(ae, data.test), /needs a Gaussian latent/);
  [vae, mse, ae].forEach((m) => m.dispose());
});
