import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {
  compareTotals, meanEstimate,
  buildClassifier, buildModel, classCounts, classifierConfig, classifierOutputs, coloredAccuracy, coloredModelMetrics, coloredReconstructions, coloredSampleMetrics, colorize, deriveSeed, evaluate, latentCodes,
  latentUsage, loadData, loadMnist, PALETTE, preset, strokeColorMatch, strokeColorMatches, type Rows,
} from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);

const asImages = (ds: { images: Uint8Array; size: number }) => tf.tensor4d(Float32Array.from(ds.images, (v) => v / 255), [ds.size, 28, 28, 3]);

test("stroke colour match: distance 0 and saturation 1 on a palette colour, far and grey on white", async () => {
  const solid = (rgb: number[]) => Array.from({ length: 12 }, (_, i) => rgb[i % 3] * (i < 6 ? 1 : 0.6));
  PALETTE.forEach((c, i) => {
    const m = strokeColorMatch(solid(c.rgb));
    assert.equal(m.color, i);
    assert.ok(m.distance < 1e-9, `${c.name}: ${m.distance}`);
    assert.ok(m.saturation > 0.9);
  });
  const white = strokeColorMatch(solid([200, 200, 200]));
  assert.equal(white.saturation, 0);
  assert.ok(white.distance >= 1, `white is far from every palette colour: ${white.distance}`);
  const between = strokeColorMatch(solid([255, 64, 0])); // between red and orange
  assert.ok(between.distance > 0.2 && between.distance < 0.3, `${between.distance}`);
  assert.deepEqual(strokeColorMatch([0, 0, 0, 0, 0, 0]), { color: -1, distance: Infinity, saturation: 0 });
});

test("coloured sample metrics: clean colours on real digits, none on whitened ones; combinations counted", async () => {
  const classifier = buildClassifier(classifierConfig({ filters: [4], featureUnits: 8 }), 1);
  const digits = colorize(loadMnist({ split: "test", size: 300 }), { seed: 2 });
  const real = asImages(digits);
  const white = tf.tidy(() => tf.tile(tf.max(real, 3, true), [1, 1, 1, 3]) as tf.Tensor4D);
  const m = await coloredSampleMetrics(classifier, real, { minConfidence: 0 });
  assert.equal(m.samples, 300);
  assert.equal(m.paletteColors, 1);
  assert.equal(m.confidentDigits, 1);
  assert.ok(m.saturation > 0.9 && m.normalizedColorEntropy > 0.95, JSON.stringify(m));
  const { predicted } = await classifierOutputs(classifier, real);
  assert.equal(m.combinations, new Set(Array.from(predicted, (d, i) => `${d},${digits.colors![i]}`)).size);
  const w = await coloredSampleMetrics(classifier, white, { minConfidence: 0 });
  assert.deepEqual([w.paletteColors, w.combinations, w.saturation], [0, 0, 0]);
  assert.equal((await coloredSampleMetrics(classifier, real, { minConfidence: 1.01 })).confidentDigits, 0);
  tf.dispose([real, white]);
  classifier.dispose();
});

test("reconstruction accuracy agrees with coloredAccuracy on decode(embed(x)), batch by batch", async () => {
  const classifier = buildClassifier(classifierConfig({ filters: [4], featureUnits: 8 }), 1);
  const { test: ds } = loadData("colored-mnist", { trainSize: 1, testSize: 70, colorSeed: 4 });
  const model = buildModel(preset("joint-vae").model, 3);
  const before = tf.memory().numTensors;
  const r = await coloredReconstructions(model, classifier, ds, { batchSize: 32 });
  assert.equal(tf.memory().numTensors, before, "no tensor leaked");
  const x = asImages(ds);
  const images = tf.tidy(() => model.decode(model.embed(x)));
  const direct = await coloredAccuracy(classifier, images, { digits: ds.labels, colors: ds.colors! });
  const saturation = (await strokeColorMatches(images)).reduce((s, m) => s + m.saturation, 0) / ds.size;
  assert.equal(r.images, 70);
  assert.deepEqual([r.digitAccuracy, r.colorAccuracy, r.jointAccuracy], [direct.digitAccuracy, direct.colorAccuracy, direct.jointAccuracy]);
  assert.ok(Math.abs(r.saturation - saturation) < 1e-9);
  const perImage = (await strokeColorMatches(images)).map((m) => m.saturation);
  assert.ok(Math.abs(r.saturationSE - meanEstimate(perImage).se) < 1e-9, `saturation SE ${r.saturationSE}`);
  await assert.rejects(async () => coloredReconstructions(model, classifier, loadData("mnist", { trainSize: 1, testSize: 2 }).test), /needs coloured images \(mnist has no colours\)/);
  assert.equal((await latentCodes(model, ds)).cols, model.latent.codeSize);
  tf.dispose([x, images]);
  model.dispose();
  classifier.dispose();
});

test("latent usage: active continuous coordinates and the classes chosen often enough", async () => {
  const model = buildModel(preset("joint-vae-mean").model, 1); // z 2 + N=3 x K=20
  const n = 400;
  const values = new Float32Array(n * 62);
  for (let i = 0; i < n; i++) {
    values[i * 62] = (i % 7) - 3; // active
    values[i * 62 + 1] = 0.01 * ((i % 3) - 1); // variance 1e-4: inactive
    values[i * 62 + 2 + (i % 5)] = 1; // c[0]: 5 classes, 80 images each
    values[i * 62 + 22 + (i === 0 ? 19 : 0)] = 1; // c[1]: class 0, and class 19 once (1 / 400 < 0.005)
    values[i * 62 + 42 + (i % 20)] = 1; // c[2]: all 20
  }
  const codes: Rows = { values, rows: n, cols: 62 };
  const u = latentUsage(model.latent, codes);
  const { categoricalEntropy, categoricalEntropySE, ...rest } = u;
  assert.deepEqual(rest, { continuousDims: 2, activeContinuous: 1, categoricalVariables: 3, classesTotal: 60, classesUsed: 26, classesUsedPerVariable: [5, 1, 20] });
  const rare = -(399 / 400) * Math.log(399 / 400) - (1 / 400) * Math.log(1 / 400);
  assert.ok(Math.abs(categoricalEntropy - (Math.log(5) + rare + Math.log(20))) < 1e-9, `entropy ${categoricalEntropy}`);
  const surprisal = Array.from({ length: n }, (_, i) => Math.log(5) + Math.log(20) + (i === 0 ? Math.log(400) : -Math.log(399 / 400)));
  const mean = surprisal.reduce((a, b) => a + b) / n;
  const se = Math.sqrt(surprisal.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) / n);
  assert.ok(Math.abs(categoricalEntropySE - se) < 1e-12, `entropy SE ${categoricalEntropySE} against ${se}`);
  assert.deepEqual(classCounts(codes, { kind: "categorical", name: "c[1]", offset: 22, classes: 20 }), [399, ...new Array(18).fill(0), 1]);
  assert.throws(() => classCounts(codes, { kind: "categorical", name: "c[9]", offset: 50, classes: 20 }), /block 50\+20 outside codes of width 62/);
  assert.equal(latentUsage(model.latent, codes, { minShare: 0 }).classesUsed, 27);
  assert.throws(() => latentUsage(model.latent, { values, rows: n / 2, cols: 124 }), /codes of width 124, the latent's code is 62/);
  model.dispose();
});

test("a model's coloured metrics: test loss, reconstructions, prior samples decoded in chunks, usage", async () => {
  const classifier = buildClassifier(classifierConfig({ filters: [4], featureUnits: 8 }), 1);
  const { test: ds } = loadData("colored-mnist", { trainSize: 1, testSize: 30, colorSeed: 4 });
  const model = buildModel(preset("gumbel-vae").model, 3);
  const before = tf.memory().numTensors;
  const m = await coloredModelMetrics(model, classifier, ds, { samples: 23, seed: 5, batchSize: 7, minConfidence: 0 });
  assert.equal(tf.memory().numTensors, before, "no tensor leaked");
  const { totalSE, testImages, ...means } = m.loss;
  assert.deepEqual(means, await evaluate(model, ds, { seed: deriveSeed(5, "test-loss") }));
  assert.ok(totalSE > 0 && testImages === ds.size, `standard error ${totalSE} over ${testImages} images`);
  assert.equal(compareTotals(m.loss, m.loss).verdict, "no detectable difference");
  assert.deepEqual(m.reconstructions, await coloredReconstructions(model, classifier, ds, { batchSize: 7 }));
  const whole = model.generate(23, deriveSeed(5, "samples"));
  const direct = await coloredSampleMetrics(classifier, whole, { minConfidence: 0 });
  assert.deepEqual({ ...m.samples, saturation: 0, saturationSE: 0 }, { ...direct, saturation: 0, saturationSE: 0 });
  assert.ok(Math.abs(m.samples.saturation - direct.saturation) < 1e-6);
  assert.ok(Math.abs(m.samples.saturationSE - direct.saturationSE) < 1e-6 && direct.saturationSE > 0);
  assert.deepEqual(m.usage, latentUsage(model.latent, await latentCodes(model, ds)));
  tf.dispose(whole);
  model.dispose();
  classifier.dispose();
});
