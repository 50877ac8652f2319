import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {
  buildClassifier, buildModel, classifierAccuracy, classifierConfig, classifierOptions, classifierOrLoad, coloredAccuracy, colorize, conditionalAccuracy, decodedPathRealism,
  loadMnist, PALETTE, pathRealism, sampleMetrics, subset, vaeConfig,
} from "../../lib";
import { tempDir, testBackend } from "../support/lab";

before(testBackend);
process.env.VAE_LAB_QUIET = "1";

const asImages = (ds: { images: Uint8Array; size: number; shape: number[] }) =>
  tf.tensor4d(Float32Array.from(ds.images, (v) => v / 255), [ds.size, ...ds.shape] as [number, number, number, number]);

test("classifier: feature and probability shapes, coloured input read as grey, no leak", async () => {
  const c = buildClassifier(classifierConfig(), 3);
  const gray = asImages(loadMnist({ split: "test", size: 8 }));
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    assert.deepEqual(c.features(gray).shape, [8, 128]);
    const probs = c.classify(gray);
    assert.deepEqual(probs.shape, [8, 10]);
    assert.ok(Array.from(tf.sum(probs, 1).dataSync()).every((s) => Math.abs(s - 1) < 1e-5));
    const rgb = tf.concat([gray, tf.mul(gray, 0.5), tf.zerosLike(gray)], 3) as tf.Tensor4D; // max over channels = gray
    assert.ok(tf.max(tf.abs(tf.sub(c.classify(rgb), probs))).dataSync()[0] < 1e-6);
  });
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => buildClassifier({ ...classifierConfig(), filters: [0] }, 1), /invalid classifier filters: 0/);
  const vae = buildModel(vaeConfig({ hidden: [16], latentDim: 2 }), 1);
  const path = tf.tidy(() => tf.reshape(tf.linspace(-2, 2, 14), [7, 2])) as tf.Tensor2D;
  const realism = await decodedPathRealism(c, vae, path);
  assert.equal(realism.confidence.length, 7);
  assert.ok(realism.confidence.every((p, i) => p >= 0.1 && p <= 1 && realism.predicted[i] >= 0 && realism.predicted[i] < 10));
  await assert.rejects(async () => decodedPathRealism(c, vae, tf.zeros([3, 5]) as tf.Tensor2D), /path codes have width 5, the model's code is 2/);
  tf.dispose(path);
  vae.dispose();
  c.dispose();
  gray.dispose();
});

test("classifierOrLoad trains once, then loads identical weights from its checkpoint", async () => {
  const dir = tempDir();
  const options = { dir, data: loadMnist({ split: "train", size: 256 }), train: { epochs: 1, batchSize: 64, learningRate: 1e-3, seed: 2 } };
  const first = await classifierOrLoad(options);
  assert.equal(first.loaded, false);
  assert.match(first.id, /^classifier-[0-9a-f]{16}$/);
  const second = await classifierOrLoad(options);
  assert.equal(second.loaded, true);
  assert.equal(second.path, first.path);
  const x = asImages(loadMnist({ split: "test", size: 16 }));
  assert.deepEqual(second.classifier.classify(x).dataSync(), first.classifier.classify(x).dataSync());
  assert.notEqual((await classifierOrLoad({ ...options, train: { ...options.train, seed: 3 } })).id, first.id);
  x.dispose();
});

test("the smoke profile's classifier: >= 95% on MNIST test, and the metrics built on it", async (t) => {
  // The small classifier (about 20 s to train) stands in for the full one (about 6 minutes, ~99%),
  // whose accuracy each notebook's quick run records.
  const trained = await classifierOrLoad({ ...classifierOptions("smoke"), dir: tempDir() });
  const { classifier } = trained;
  t.diagnostic(`classifier ${trained.id}: ${trained.loaded ? "loaded" : "trained"}, ${trained.seconds.toFixed(0)} s on ${trained.backend}`);
  const test = loadMnist({ split: "test" });
  const accuracy = await classifierAccuracy(classifier, test);
  t.diagnostic(`test accuracy ${accuracy}`);
  assert.ok(accuracy >= 0.95, `test accuracy ${accuracy}`);

  const some = subset(test, { size: 1000 });
  const images = asImages(some);
  const labels = tf.tensor1d(Int32Array.from(some.labels), "int32");
  const asked = await conditionalAccuracy(classifier, images, labels);
  assert.ok(asked >= 0.94, `conditional accuracy on real digits ${asked}`);
  assert.ok(await conditionalAccuracy(classifier, images, Int32Array.from(some.labels, (d) => (d + 1) % 10)) < 0.02);

  const colored = colorize(some, { seed: 9 });
  const rgb = asImages(colored);
  const both = await coloredAccuracy(classifier, rgb, { digits: colored.labels, colors: colored.colors! });
  assert.equal(both.colorAccuracy, 1);
  assert.ok(both.digitAccuracy >= 0.94, `digit accuracy on coloured digits ${both.digitAccuracy}`);
  assert.deepEqual(both.colorNames.slice(0, 20), Array.from(colored.colors!.slice(0, 20), (c) => PALETTE[c].name));

  const reference = subset(loadMnist({ split: "train" }), { size: 1000 });
  const real = await sampleMetrics(classifier, images, { reference });
  assert.ok(real.histogram.normalizedClassEntropy > 0.98, `entropy of real digits ${real.histogram.normalizedClassEntropy}`);
  assert.ok(real.meanConfidence > 0.9, `confidence ${real.meanConfidence}`);
  const noise = tf.randomUniform([1000, 28, 28, 1], 0, 1, "float32", 5) as tf.Tensor4D;
  const fake = await sampleMetrics(classifier, noise, { reference });
  t.diagnostic(`Frechet: real ${real.frechet}, uniform noise ${fake.frechet}`);
  assert.ok(fake.frechet! > 10 * real.frechet!, `real ${real.frechet} vs noise ${fake.frechet}`);

  // a pixel-space blend of two digits: confident at the ends, less so half-way
  const [a, b] = [some.labels.indexOf(1), some.labels.indexOf(0)];
  const ends = tf.gather(images, [a, b]);
  const path = tf.tidy(() => tf.concat([0, 0.25, 0.5, 0.75, 1].map((w) => tf.add(tf.mul(1 - w, tf.slice(ends, 0, 1)), tf.mul(w, tf.slice(ends, 1, 1))))) as tf.Tensor4D);
  const realism = await pathRealism(classifier, path);
  assert.equal(realism.predicted[0], 1);
  assert.equal(realism.predicted[4], 0);
  assert.ok(realism.minConfidence < Math.min(realism.confidence[0], realism.confidence[4]));
  tf.dispose([images, labels, rgb, noise, ends, path]);
});
