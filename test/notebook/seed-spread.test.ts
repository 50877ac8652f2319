import assert from "node:assert/strict";
import { before, test } from "node:test";
import { loadData, preset, seedSpread } from "../../lib";
import { tempDir, testBackend } from "../support/lab";

before(testBackend);

test("seedSpread trains one run per seed and reports how far their test totals end apart", async () => {
  process.env.VAE_LAB_CHECKPOINTS = tempDir();
  try {
    const data = loadData("mnist", { trainSize: 300, testSize: 100 });
    const o = { model: preset("dense-vae-2d").model, train: { epochs: 1, batchSize: 100, learningRate: 1e-3, seed: 0 }, data, test: data.test };
    const s = await seedSpread({ ...o, seeds: [1, 2, 3], layer: "encoder_dense1" });
    assert.deepEqual(s.runs.map((r) => r.seed), [1, 2, 3]);
    assert.deepEqual([s.seeds, s.epochs, s.images], [3, 1, 300]);
    const totals = s.runs.map((r) => r.total);
    assert.equal(new Set(totals).size, 3, "each seed its own run");
    assert.deepEqual([s.min, s.max], [Math.min(...totals), Math.max(...totals)]);
    assert.ok(s.sd > 0 && s.mean > s.min && s.mean < s.max);
    assert.ok(s.runs.every((r) => Number.isInteger(r.dead) && r.dead! >= 0 && r.dead! <= 512));
    await assert.rejects(seedSpread({ ...o, seeds: [1] }), /^Error: seedSpread: 1 seed\(s\); a spread needs at least 2$/);
    await assert.rejects(seedSpread({ ...o, seeds: [1, 2], layer: "nope" }), /no ReLU layer nope in vae/);
  } finally {
    delete process.env.VAE_LAB_CHECKPOINTS;
  }
});
