import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, test } from "node:test";
import {
  balanceLine, buildModel, goalLine, latentCodes, linearProbe, loadData, probeModel, trainingCost, trainPreset, vaeConfig,
  type ScoredPrior,
} from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);

test("goalLine: above or below the goal by how much, within or beyond the total's interval; cites the numbers", () => {
  const above = goalLine({ name: "dense", total: 151.25, goal: 150, check: "higher" });
  assert.equal(above.toString(), "- dense 151.3 nats against the goal of 150 nats: above it by 1.25 nats, beyond the total's 95% interval");
  assert.deepEqual(above.data.values.map((v) => v.value), [151.25, 150, 1.25]);
  const below = goalLine({ name: "conv", total: 149.9, goal: 150, check: "no detectable difference" });
  assert.match(below.toString(), /below it by 0\.1 nats, within the total's 95% interval$/);
});

test("balanceLine: a prior's most frequent digit, its over- and under-represented digits and its share of 3s", () => {
  const fractions = [0.1, 0.2, 0.1, 0.05, 0.1, 0.1, 0.1, 0.1, 0.05, 0.1];
  const s = { label: "N(0, 1)", summary: { mode: 1, modeShare: 0.2, over: "1, 7", under: "none", fractions } };
  const line = balanceLine(s as unknown as ScoredPrior);
  assert.equal(line.toString(), "- **N(0, 1)**: most often 1 (20.0%); too often: 1, 7; too rarely: none; 3s: 5.0%.");
  assert.deepEqual(line.data.values.map((v) => v.value), [1, 0.2, 0.05]);
});

test("trainPreset: the preset's model and training settings with the notebook's epochs and seed, then loaded", async () => {
  const data = loadData("mnist", { trainSize: 64, testSize: 16 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vae-lab-preset-"));
  process.env.VAE_LAB_CHECKPOINTS = dir;
  process.env.VAE_LAB_QUIET = "1";
  try {
    const first = await trainPreset("dense-vae-2d", data, { epochs: 1, seed: 3, batchSize: 32 });
    assert.equal(first.loaded, false);
    assert.equal(first.history.epochs.length, 1);
    const again = await trainPreset("dense-vae-2d", data, { epochs: 1, seed: 3, batchSize: 32 });
    assert.equal(again.loaded, true, "the same preset, epochs and seed load the checkpoint");
    const cost = trainingCost(again);
    assert.deepEqual(cost, { seconds: again.seconds, imagesPerSecond: again.samplesPerSecond, parameters: again.model.countParams() });
    assert.ok(cost.seconds > 0 && cost.parameters > 0);
  } finally {
    delete process.env.VAE_LAB_CHECKPOINTS;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("probeModel: the linear probe of a model's codes, as linearProbe on the labelled posterior means", async () => {
  const data = loadData("mnist", { trainSize: 200, testSize: 100 });
  const model = buildModel(vaeConfig({ hidden: [16], latentDim: 2 }), 1);
  const labelled = async (ds: typeof data.test) => ({ codes: await latentCodes(model, ds), labels: ds.labels });
  const direct = await linearProbe(await labelled(data.train), await labelled(data.test), { seed: 2 });
  assert.deepEqual(await probeModel(model, data.train, data.test, { seed: 2 }), direct);
  model.dispose();
});
