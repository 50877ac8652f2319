import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { buildClassifier, type Classifier, buildModel, classifierConfig, codeRows, digitLabels, evaluate, History, loadData, logLikelihoodEstimate, preset, scorecard, subset, type TrainedModel } from "../../lib";
import { testBackend } from "../support/lab";

const data = loadData("mnist", { trainSize: 16, testSize: 60 });
let classifier: Classifier;

before(async () => {
  await testBackend();
  classifier = buildClassifier(classifierConfig({ filters: [4, 8], featureUnits: 16 }), 3);
});

/** A model as train-or-load returns it, untrained, with a made-up history of two epochs (12 s of training). */
function trained(name: string): TrainedModel {
  const model = buildModel(preset(name).model, 1);
  const epoch = (e: number) => ({ epoch: e, step: e, seconds: 7 * e, trainSeconds: 6 * e, train: { total: 1 } });
  return { model, history: new History([epoch(1), epoch(2)]), loaded: false, workers: 1, id: name, path: "", backend: "wasm", seconds: 14, samplesPerSecond: 123 };
}

test("scorecard: the test loss and bound are evaluate's and logLikelihoodEstimate's, speed comes from the run, samples are scored", async () => {
  const run = trained("dense-vae-2d");
  const before = tf.memory().numTensors;
  const s = await scorecard(run, { classifier, test: data.test, boundImages: 20, k: 5, samples: 40, seed: 2 });
  assert.equal(tf.memory().numTensors, before, "no tensor leaked");
  const loss = await evaluate(run.model, data.test, { seed: 2 });
  assert.deepEqual([s.reconstruction, s.kl, s.total], [loss.reconstruction, loss.kl, loss.total]);
  const bound = await logLikelihoodEstimate(run.model, subset(data.test, { size: 20 }), { k: 5, seed: 2 });
  assert.deepEqual([s.iwBound, s.boundK, s.boundImages], [bound.logLikelihood, 5, 20]);
  assert.ok(s.iwBoundSE! > 0 && s.totalSE! > 0 && s.totalSE! < s.iwBoundSE!, "the total's error is over 60 images, the bound's over 20");
  assert.ok(s.meanConfidenceSE > 0, `confidence SE ${s.meanConfidenceSE}`);
  assert.ok(s.frechetLow < s.frechet && s.frechet < s.frechetHigh, `frechet ${s.frechet} in ${s.frechetLow}-${s.frechetHigh}`);
  assert.deepEqual([s.secondsPerEpoch, s.imagesPerSecond], [6, 123]);
  assert.ok(s.meanConfidence >= 0.1 && s.meanConfidence <= 1, `confidence ${s.meanConfidence}`);
  assert.ok(s.classEntropy >= 0 && s.classEntropy <= Math.log(10) + 1e-12, `entropy ${s.classEntropy}`);
  assert.ok(s.frechet > 0, `frechet ${s.frechet}`);
  assert.equal(s.conditionalAccuracy, undefined);
  run.model.dispose();
});

test("scorecard: a conditional model is also scored on the digits asked for; a model without a Gaussian latent has no bound", async () => {
  const cond = trained("cond-conv-vae-2d");
  const s = await scorecard(cond, { classifier, test: data.test, boundImages: 10, k: 2, samples: 20 });
  assert.ok(s.conditionalAccuracy! >= 0 && s.conditionalAccuracy! <= 1);
  assert.ok(Number.isFinite(s.iwBound));
  const gumbel = trained("gumbel-vae");
  const g = await scorecard(gumbel, { classifier, test: loadData("colored-mnist", { trainSize: 16, testSize: 20 }).test, samples: 20 });
  assert.deepEqual([g.iwBound, g.totalSE], [undefined, undefined]);
  await assert.rejects(async () => scorecard(gumbel, { classifier, test: data.test, samples: 1 }), /invalid samples: 1/);
  cond.model.dispose();
  gumbel.model.dispose();
});

test("codeRows and digitLabels build decoder inputs and refuse bad ones in one line", async () => {
  const z = codeRows([[0, 0], [1, -2]]);
  assert.deepEqual(z.shape, [2, 2]);
  assert.deepEqual(Array.from(z.dataSync()), [0, 0, 1, -2]);
  const y = digitLabels([5, 0, 9]);
  assert.equal(y.dtype, "int32");
  assert.deepEqual(Array.from(y.dataSync()), [5, 0, 9]);
  tf.dispose([z, y]);
  assert.throws(() => codeRows([[0, 0], [1]]), /^Error: codeRows: row 1 has 1 values, row 0 has 2$/);
  assert.throws(() => codeRows([]), /codeRows: no rows/);
  assert.throws(() => digitLabels([3, 10]), /^Error: digitLabels: label 1 is 10 \(an integer 0-9\)$/);
});
