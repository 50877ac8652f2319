import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { buildClassifier, classBalance, classifierConfig, loadMnist, sampleMetrics, sampleReference, compareSharpness, scorePriorSamples, scoreSamples, sharpness, subset, summarizeSamples } from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);

test("class balance: classes over and under the uniform share by a factor, or against expected shares", async () => {
  const b = classBalance([0.1, 0.1, 0.1, 0.25, 0.1, 0.1, 0.05, 0.06, 0.1, 0.04]);
  assert.deepEqual(b.over, [3]);
  assert.deepEqual(b.under, [9, 6, 7]);
  assert.ok(Math.abs(b.ratios[3] - 2.5) < 1e-12);
  assert.deepEqual(classBalance([0.5, 0.5], { expected: [0.75, 0.25], ratio: 1.9 }), { over: [1], under: [], ratios: [2 / 3, 2] });
  assert.throws(() => classBalance([0.5, 0.5], { ratio: 1 }), /invalid balance ratio: 1/);
});

test("sharpness: binary strokes are saturated, flat grey is not, a blurred edge has a smaller RMS gradient", async () => {
  const edge = (ramp: number) => Float32Array.from({ length: 8 * 8 }, (_, i) => Math.min(1, Math.max(0, ((i % 8) - 3.5) / ramp + 0.5)));
  const sharp = await sharpness({ data: edge(0.5), shape: [1, 8, 8, 1] });
  const blurred = await sharpness({ data: edge(4), shape: [1, 8, 8, 1] });
  assert.equal(sharp.saturatedShare, 1);
  assert.equal(sharp.inkSaturation, 1);
  assert.ok(Math.abs(sharp.rmsGradient - Math.sqrt(1 / 7)) < 1e-6, `one step per row of 7 differences: ${sharp.rmsGradient}`);
  assert.ok(blurred.rmsGradient < 0.6 * sharp.rmsGradient, `${blurred.rmsGradient} vs ${sharp.rmsGradient}`);
  assert.ok(blurred.saturatedShare < 1 && blurred.inkSaturation < 1);
  const grey = await sharpness(tf.fill([2, 4, 4, 3], 0.5) as tf.Tensor4D);
  assert.deepEqual([grey.rmsGradient, grey.saturatedShare, grey.inkSaturation, grey.images], [0, 0, 0, 2]);
  await assert.rejects(async () => sharpness({ data: [0], shape: [1, 1, 1, 1] }), /at least one image of 2x2 pixels/);
});

test("sharpness carries standard errors over its images, and compareSharpness reads them", async () => {
  const edge = (ramp: number) => Array.from({ length: 8 * 8 }, (_, i) => Math.min(1, Math.max(0, ((i % 8) - 3.5) / ramp + 0.5)));
  const set = (ramps: number[]) => sharpness({ data: ramps.flatMap(edge), shape: [ramps.length, 8, 8, 1] });
  const crisp = await set([0.5, 0.6, 0.7, 0.5, 0.6, 0.7]);
  const soft = await set([3, 4, 5, 3, 4, 5]);
  assert.ok(crisp.rmsGradientSE > 0 && soft.saturatedShareSE > 0 && soft.inkSaturationSE > 0, JSON.stringify(soft));
  assert.equal((await set([2, 2, 2])).rmsGradientSE, 0, "identical images: no spread");
  const c = compareSharpness(crisp, soft);
  assert.deepEqual([c.rmsGradient, c.aSharper, c.bSharper], ["higher", 3, 0]);
  const same = compareSharpness(await set([3, 4, 5, 3]), await set([4, 5, 3, 4]));
  assert.deepEqual([same.aSharper, same.bSharper], [0, 0], "a resample of the same blur: no measure tells them apart");
});

test("scoreSamples against a reference agrees with sampleMetrics; summaries name the imbalance", async () => {
  const classifier = buildClassifier(classifierConfig({ filters: [4], featureUnits: 16 }), 5);
  const test = loadMnist({ split: "test", size: 200 });
  const fake = loadMnist({ split: "train", size: 120 });
  const images = tf.tidy(() => tf.div(tf.tensor4d(fake.images, [fake.size, 28, 28, 1], "float32"), 255) as tf.Tensor4D);
  const before = tf.memory().numTensors;
  const reference = await sampleReference(classifier, test);
  const scored = await scoreSamples(classifier, images, reference);
  assert.equal(tf.memory().numTensors, before);
  const direct = await sampleMetrics(classifier, images, { reference: test });
  assert.deepEqual(scored.histogram, direct.histogram);
  assert.ok(Math.abs(scored.meanConfidence - direct.meanConfidence) < 1e-6);
  assert.ok(Math.abs(scored.frechet! - direct.frechet!) < 1e-6 * Math.max(1, direct.frechet!), `${scored.frechet} vs ${direct.frechet}`);
  const real = tf.tidy(() => tf.div(tf.tensor4d(subset(test, { size: 200 }).images, [200, 28, 28, 1], "float32"), 255) as tf.Tensor4D);
  const self = await scoreSamples(classifier, real, reference);
  real.dispose();
  assert.ok(self.frechet! < 1e-6, `the reference against itself: ${self.frechet}`);
  const s = summarizeSamples(scored);
  assert.equal(s.modeShare, scored.histogram.fractions[scored.histogram.mode]);
  const balance = classBalance(scored.histogram.fractions);
  assert.equal(s.over, balance.over.length ? balance.over.join(", ") : "none");
  const rows = await scorePriorSamples(classifier, [{ label: "real", prior: { kind: "normal", mean: 0, sd: 1 }, images }], reference);
  assert.deepEqual(rows[0].summary, s);
  const unreferenced = await sampleMetrics(classifier, images);
  assert.throws(() => summarizeSamples(unreferenced), /needs metrics with a Frechet distance/);
  images.dispose();
  classifier.dispose();
});
