import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { buildModel, classCounts, latentCodes, latentFactors, latentViewFigures, latentViews, loadData, planarCodes, preset } from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);

const { test: ds } = loadData("colored-mnist", { trainSize: 1, testSize: 40, colorSeed: 1 });

test("latent views of a joint model: PCA scatter, grid at a fixed categorical code, a traversal row per factor", async () => {
  const model = buildModel(preset("joint-vae").model, 2);
  const before = tf.memory().numTensors;
  const v = await latentViews(model, ds, { seed: 1, examples: 6, points: 30, gridSteps: 5, steps: 7 });
  assert.equal(tf.memory().numTensors, before, "no tensor leaked");
  assert.equal(v.scatter.codes.length, 60);
  assert.equal(v.scatter.codeSize, 2 + 5 * 65);
  assert.ok(v.scatter.pca && v.scatter.pca[0] >= v.scatter.pca[1]);
  assert.deepEqual(Array.from(v.scatter.digits), Array.from(ds.labels.slice(0, 30)));
  assert.deepEqual([v.grid!.images.shape, v.grid!.restFixed], [[25, 28, 28, 3], true]);
  assert.deepEqual([v.originals.shape[0], v.reconstructions.shape[0], v.samples.shape[0]], [6, 6, 6]);
  assert.deepEqual(v.traversal.map((r) => r.images.shape[0]), [7, 7, 7, 7, 7, 7, 7]);
  assert.match(v.traversal[0].label, /^z\[0\] -?\d+\.\d…-?\d+\.\d$/);
  assert.equal(v.traversal[2].label, "c[0] top 7 of 65");
  const factor = latentFactors(model.latent)[2];
  const counts = factor.kind === "categorical" ? classCounts(await latentCodes(model, ds), factor) : [];
  const used = v.traversal[2].values.map((k) => counts[k]);
  assert.deepEqual(used, [...used].sort((a, b) => b - a), "the most used classes, most used first");
  assert.equal(used[0], Math.max(...counts));
  const figures = latentViewFigures(v, { name: "joint-vae" });
  assert.deepEqual(figures.map((f) => f.title), [
    "joint-vae: test codes (PCA of the 327-wide code) by digit",
    "joint-vae: test codes (PCA of the 327-wide code) by colour",
    "joint-vae: decoded over the continuous plane, categorical code of one test image",
    "joint-vae: test images, their reconstructions, prior samples",
    "joint-vae: one factor turned per row, the rest fixed",
  ]);
  model.dispose();
});

test("latent views of a 2-D continuous and of a discrete model", async () => {
  const continuous = buildModel(preset("colored-vae-2d").model, 2);
  const v = await latentViews(continuous, ds, { seed: 1 });
  assert.equal(v.scatter.pca, undefined);
  assert.deepEqual([v.grid!.images.shape[0], v.grid!.restFixed, v.traversal.length], [144, false, 2]);
  assert.equal(latentViewFigures(v, { name: "c" })[2].title, "c: decoded over the continuous plane");
  const discrete = buildModel(preset("gumbel-vae").model, 2);
  const d = await latentViews(discrete, ds, { seed: 1 });
  assert.equal(d.grid, undefined);
  assert.deepEqual(d.traversal.map((r) => r.label), ["c[0] top 9 of 20", "c[1] top 9 of 20", "c[2] top 9 of 20"]);
  assert.equal(latentViewFigures(d, { name: "g" }).length, 4);
  await assert.rejects(async () => latentViews(discrete, ds, { seed: 1, base: 40 }), /invalid base: 40 \(0-39\)/);
  [continuous, discrete].forEach((m) => m.dispose());
});

test("planar codes: 2-D codes as they are, wider ones projected", async () => {
  const flat = planarCodes({ values: Float32Array.from([1, 2, 3, 4]), rows: 2, cols: 2 });
  assert.deepEqual([Array.from(flat.codes), flat.pca], [[1, 2, 3, 4], undefined]);
  const wide = planarCodes({ values: Float32Array.from([0, 0, 0, 1, 0, 0, 2, 0, 1, 3, 1, 0]), rows: 4, cols: 3 });
  assert.equal(wide.codes.length, 8);
  assert.ok(wide.pca![0] > 0.5);
});
