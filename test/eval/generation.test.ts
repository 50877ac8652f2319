import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {
  buildClassifier, buildModel, classifierConfig, datasetSampleMetrics, deriveSeed, featureStats, imagesAt, loadMnist, modelSampleMetrics, sampleMetrics, vaeConfig,
} from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);
const test200 = loadMnist({ split: "test", size: 200 });
const other = loadMnist({ split: "train", size: 200 });

test("sample metrics of a model's prior draws and of real images: seeded, batched like unbatched, no leak", async () => {
  const classifier = buildClassifier(classifierConfig({ filters: [4], featureUnits: 8 }), 1);
  const vae = buildModel(vaeConfig({ hidden: [16], latentDim: 4 }), 2);
  const reference = await featureStats(classifier, other);
  const before = tf.memory().numTensors;
  const a = await modelSampleMetrics(classifier, vae, { count: 120, seed: 3, reference, batchSize: 50 });
  assert.equal(tf.memory().numTensors, before);
  const whole = tf.tidy(() => tf.concat([0, 1, 2].map((b) => vae.generate(b < 2 ? 50 : 20, deriveSeed(3, "samples", b))))) as tf.Tensor4D;
  const direct = await sampleMetrics(classifier, whole, { reference: other });
  whole.dispose();
  assert.deepEqual(a.histogram, direct.histogram);
  assert.ok(Math.abs(a.meanConfidence - direct.meanConfidence) < 1e-6);
  assert.ok(Math.abs(a.frechet! - direct.frechet!) < 1e-3 * Math.max(1, direct.frechet!), `${a.frechet} vs ${direct.frechet}`);
  assert.deepEqual(await modelSampleMetrics(classifier, vae, { count: 120, seed: 3, reference, batchSize: 50 }), a);
  assert.notDeepEqual((await modelSampleMetrics(classifier, vae, { count: 120, seed: 4, reference })).frechet, a.frechet);
  const self = await datasetSampleMetrics(classifier, other, { reference: other, batchSize: 64 });
  assert.ok(self.frechet! < 1e-3, `a set against itself: ${self.frechet}`);
  const real = await datasetSampleMetrics(classifier, test200, { count: 150 });
  const images = imagesAt(test200, Array.from({ length: 150 }, (_, i) => i));
  assert.deepEqual(real.histogram, (await sampleMetrics(classifier, images)).histogram);
  images.dispose();
  assert.equal(real.frechet, undefined);
  assert.equal(tf.memory().numTensors, before);
  await assert.rejects(async () => modelSampleMetrics(classifier, vae, { count: 1 }), /invalid sample count: 1/);
  await assert.rejects(async () => datasetSampleMetrics(classifier, test200, { count: 201 }), /invalid image count: 201/);
  vae.dispose();
  classifier.dispose();
});
