import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {
  autoencoderConfig, buildClassifier, buildModel, classifierConfig, decodedPath, decodedPathRealism, imagesAt, latentCodes, loadMnist,
  pairsOfDigits, pathCodes, pathGaps, pathGapsOf, pathsRealism, randomPairs,
} from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);
const test200 = loadMnist({ split: "test", size: 200 });

test("interpolation paths: ends at the two codes, decoded per step; realism summarised over pairs", async () => {
  const classifier = buildClassifier(classifierConfig({ filters: [4], featureUnits: 8 }), 1);
  const ae = buildModel(autoencoderConfig({ hidden: [16], latentDim: 3 }), 2);
  const [pair] = pairsOfDigits(test200.labels, [[3, 8]]);
  const before = tf.memory().numTensors;
  const codes = await pathCodes(ae, test200, pair, { steps: 5 });
  const ends = tf.tidy(() => ae.embed(imagesAt(test200, [pair.start, pair.end])));
  const c = codes.arraySync();
  const e = ends.arraySync();
  [0, 1, 2].forEach((d) => {
    assert.ok(Math.abs(c[0][d] - e[0][d]) < 1e-6 && Math.abs(c[4][d] - e[1][d]) < 1e-6);
    assert.ok(Math.abs(c[2][d] - (e[0][d] + e[1][d]) / 2) < 1e-5);
  });
  const images = await decodedPath(ae, test200, pair, { steps: 5 });
  assert.deepEqual(images.shape, [5, 28, 28, 1]);
  const pairs = randomPairs(test200.labels, 4, 9);
  const summary = await pathsRealism(classifier, ae, test200, pairs, { steps: 5 });
  let interior = 0;
  let mins = 0;
  const byStep = [0, 0, 0, 0, 0];
  for (const p of pairs) {
    const path = await pathCodes(ae, test200, p, { steps: 5 });
    const r = await decodedPathRealism(classifier, ae, path);
    path.dispose();
    interior += r.confidence.slice(1, 4).reduce((s, v) => s + v, 0);
    mins += Math.min(...r.confidence.slice(1, 4));
    r.confidence.forEach((v, i) => (byStep[i] += v / 4));
  }
  assert.ok(Math.abs(summary.meanConfidence - interior / 12) < 1e-9);
  assert.ok(Math.abs(summary.meanMinConfidence - mins / 4) < 1e-9);
  summary.byStep.forEach((v, i) => assert.ok(Math.abs(v - byStep[i]) < 1e-9));
  assert.ok(summary.endpointDigitShare >= 0 && summary.endpointDigitShare <= 1);
  assert.deepEqual([summary.pairs, summary.steps], [4, 5]);
  tf.dispose([codes, ends, images]);
  assert.equal(tf.memory().numTensors, before);
  await assert.rejects(async () => pathsRealism(classifier, ae, test200, pairs, { steps: 2 }), /invalid path steps: 2/);
  await assert.rejects(async () => pathsRealism(classifier, ae, test200, []), /no pairs/);
  ae.dispose();
  classifier.dispose();
});

test("path gaps: a path across empty space between two clusters is far from the codes, one along filled space is not", async () => {
  // codes on the segment [0, 1] x {0} every 0.01, and a cluster around (10, 0) spaced the same
  const points: number[] = [];
  for (let i = 0; i <= 100; i++) points.push(i / 100, 0);
  for (let i = 0; i <= 100; i++) points.push(10 + i / 100, 0);
  const codes = { values: Float32Array.from(points), rows: 202, cols: 2 };
  const line = (a: number, b: number) => Array.from({ length: 6 }, (_, k) => [a + ((b - a) * k) / 5, 0]);
  const inside = pathGapsOf(codes, [line(0, 1)]);
  assert.ok(Math.abs(inside.spacing - 0.01) < 1e-6);
  assert.ok(inside.meanGap <= 0.5 + 1e-6 && inside.offDataShare === 0, `inside: ${JSON.stringify(inside)}`);
  const across = pathGapsOf(codes, [line(1, 10)]);
  // interior points at 2.8, 4.6, 6.4, 8.2: distances 1.8, 3.6, 3.6, 1.8 to the nearest code
  assert.ok(Math.abs(across.meanGap - 270) < 1e-3, `across: ${across.meanGap}`);
  assert.equal(across.offDataShare, 1);
  const both = pathGapsOf(codes, [line(0, 1), line(1, 10)]);
  assert.deepEqual(both.gapPerPair, [inside.meanGap, across.meanGap]);
  assert.ok(Math.abs(both.gap.value - both.meanGap) < 1e-9 && both.gap.se > 0 && both.gap.n === 2);
  assert.throws(() => pathGapsOf(codes, [[[0, 0], [1, 1]]]), /no interior points/);
  assert.throws(() => pathGapsOf(codes, [[[0, 0], [1, 1, 1], [2, 2]]]), /a path point has 3 coordinates, the codes 2/);
});

test("path gaps of a model: interior points of its straight paths against its test codes", async () => {
  const ae = buildModel(autoencoderConfig({ hidden: [16], latentDim: 3 }), 2);
  const pairs = randomPairs(test200.labels, 6, 3);
  const gaps = await pathGaps(ae, test200, pairs, { steps: 6 });
  const paths = [];
  for (const p of pairs) paths.push(await pathCodes(ae, test200, p, { steps: 6 }));
  assert.deepEqual(gaps, pathGapsOf(await latentCodes(ae, test200), paths.map((t) => t.arraySync())));
  tf.dispose(paths);
  ae.dispose();
});
