import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { buildClassifier, buildModel, classifierConfig, deadIn, decodeRegion, diagnoseCodes, latentCodes, loadData, preset, readOrigin, type Classifier } from "../../lib";
import { testBackend } from "../support/lab";

const data = loadData("mnist", { trainSize: 16, testSize: 120 });
let classifier: Classifier;

before(async () => {
  await testBackend();
  classifier = buildClassifier(classifierConfig({ filters: [4, 8], featureUnits: 16 }), 3);
});

test("decodeRegion decodes a grid over the codes' quantiles and reads it; readOrigin reads (0, 0)", async () => {
  const model = buildModel(preset("dense-vae-2d").model, 1);
  const codes = await latentCodes(model, data.test);
  const before = tf.memory().numTensors;
  const r = await decodeRegion(model, codes, classifier, { quantiles: [0.05, 0.95], steps: 4 });
  assert.equal(tf.memory().numTensors, before, "no tensor leaked");
  assert.deepEqual([r.images.shape[0], r.xs.length, r.ys.length], [16, 4, 4]);
  assert.ok(r.xs[0] === r.region.x[0] && r.xs[3] === r.region.x[1] && r.ys[0] === r.region.y[1], "rows run from the top");
  assert.ok(r.reading.digits >= 1 && r.reading.digits <= 10 && r.reading.meanConfidence > 0 && r.reading.meanConfidence <= 1);
  const origin = await readOrigin(model, classifier);
  assert.ok(Number.isInteger(origin.digit) && origin.probability >= 0.1 && origin.probability <= 1);
  await assert.rejects(decodeRegion(model, { values: new Float32Array(6), rows: 2, cols: 3 }, classifier), /^Error: decodeRegion: codes of width 3; the region is 2-D$/);
  const cond = buildModel(preset("cond-conv-vae-2d").model, 1);
  const labelled = await decodeRegion(cond, codes, classifier, { steps: 2, label: 5 });
  assert.equal(labelled.images.shape[0], 4);
  model.dispose();
  cond.dispose();
});

test("diagnoseCodes: dead units per ReLU layer, active dimensions, the share off the main direction", async () => {
  const model = buildModel(preset("conv-vae-2d").model, 2);
  const line = new Float32Array(200);
  for (let i = 0; i < 100; i++) [line[2 * i], line[2 * i + 1]] = [i / 10, i / 5]; // on a line
  const d = await diagnoseCodes(model, { values: line, rows: 100, cols: 2 }, data.test);
  assert.ok(d.offLine < 1e-9, `on a line: ${d.offLine}`);
  assert.equal(d.activeDims, 2);
  assert.ok(d.dead.some((u) => u.layer === "encoder_dense" && u.units === 16));
  assert.equal(deadIn(d.dead, "encoder_dense"), d.dead.find((u) => u.layer === "encoder_dense")!.dead);
  assert.throws(() => deadIn(d.dead, "nope"), /^Error: no ReLU layer nope \(layers: /);
  model.dispose();
});
