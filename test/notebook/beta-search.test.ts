import assert from "node:assert/strict";
import { before, test } from "node:test";
import { betaSearch, buildClassifier, classifierConfig, featureStats, loadData, preset, trainOrLoad, vaeConfig, type VaeConfig } from "../../lib";
import { tempDir, testBackend } from "../support/lab";

before(testBackend);

test("betaSearch scores every β on held-out digits and picks the lowest Frechet distance", async () => {
  const data = loadData("mnist", { trainSize: 200, testSize: 100 });
  const classifier = buildClassifier(classifierConfig({ filters: [4], featureUnits: 8 }), 1);
  const dir = tempDir();
  const fits: number[] = [];
  const fit = (beta: number) => {
    fits.push(beta);
    const model = vaeConfig({ ...(preset("vae-2d").model as VaeConfig), beta });
    return trainOrLoad({ model, train: { epochs: 1, batchSize: 100, learningRate: 1e-3, seed: 1 }, data, dir });
  };
  const o = { fit, classifier, validation: data.test, features: await featureStats(classifier, data.test), samples: 50, seed: 2, replicates: 5 };
  const { grid, best } = await betaSearch([0, 1, 10], o);
  assert.deepEqual(fits, [0, 1, 10]);
  assert.deepEqual(grid.map((g) => g.beta), [0, 1, 10]);
  assert.equal(best.frechet, Math.min(...grid.map((g) => g.frechet)));
  assert.ok(grid.every((g) => g.frechetSE > 0 && g.reconstruction > 0));
  await assert.rejects(betaSearch([], o), /^Error: betaSearch: no β to try$/);
});
