import assert from "node:assert/strict";
import { before, test } from "node:test";
import { buildModel, evaluate, evaluateByImage, jointVaeConfig, loadData, meanEstimate, subset, vaeConfig } from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);

test("evaluateByImage: evaluate's means bit for bit, and the per-image terms average to them", async () => {
  const data = loadData("mnist", { trainSize: 10, testSize: 120 });
  const model = buildModel(vaeConfig({ hidden: [32], latentDim: 2 }), 4);
  const r = await evaluateByImage(model, data.test, { seed: 3, batchSize: 50 });
  assert.deepEqual(r.means, await evaluate(model, data.test, { seed: 3, batchSize: 50 }));
  assert.deepEqual(Object.keys(r.perImage).sort(), ["kl", "reconstruction"]);
  for (const [t, v] of Object.entries(r.perImage)) {
    assert.equal(v.length, 120);
    const mean = meanEstimate(v).value;
    assert.ok(Math.abs(mean - r.means[t as "kl"]!) < 1e-3 * Math.abs(mean) + 1e-6, `${t}: ${mean} against ${r.means[t as "kl"]}`);
  }
  r.total.forEach((v, i) => assert.equal(v, r.perImage.reconstruction![i] + r.perImage.kl![i]));
  assert.ok(meanEstimate(r.total).se > 0);
  const head = await evaluateByImage(model, subset(data.test, { size: 50 }), { seed: 3, batchSize: 50 });
  assert.deepEqual(head.total, r.total.slice(0, 50), "an image's terms depend on its batch's position only");
  model.dispose();
});

test("evaluateByImage: a joint latent reports both KL terms per image", async () => {
  const data = loadData("colored-mnist", { trainSize: 10, testSize: 20 });
  const model = buildModel(jointVaeConfig({ hidden: [16], latentDim: 2, categorical: { count: 1, classes: 10, temperature: 1 } }), 1);
  const r = await evaluateByImage(model, data.test, { seed: 1, batchSize: 10 });
  assert.deepEqual(Object.keys(r.perImage).sort(), ["kl", "klDiscrete", "reconstruction"]);
  model.dispose();
});
