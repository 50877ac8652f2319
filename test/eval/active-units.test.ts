import assert from "node:assert/strict";
import { before, test } from "node:test";
import { activeUnits, activeUnitsOf, autoencoderConfig, buildModel, loadData, Rng, Rows, vaeConfig } from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);

/** n Gaussian rows with the given per-dimension standard deviations and means. */
function synthetic(n: number, sds: number[], seed: number): Rows {
  const rng = new Rng(seed);
  const values = new Float32Array(n * sds.length);
  for (let i = 0; i < n; i++) {
    sds.forEach((sd, j) => {
      const u = 1 - rng.next();
      const g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next()); // Box-Muller
      values[i * sds.length + j] = 3 + j + sd * g;
    });
  }
  return { values, rows: n, cols: sds.length };
}

test("active units: counts dimensions whose mean varies more than the threshold, reports their variances", async () => {
  const sds = [1, 0.5, 0.05, 0.2, 0.001]; // variances 1, 0.25, 0.0025, 0.04, 1e-6
  const au = activeUnitsOf(synthetic(20000, sds, 1));
  assert.equal(au.count, 3);
  assert.deepEqual(au.active, [true, true, false, true, false]);
  assert.equal(au.dims, 5);
  au.variances.forEach((v, j) => assert.ok(Math.abs(v / sds[j] ** 2 - 1) < 0.05, `dim ${j}: ${v} vs ${sds[j] ** 2}`));
  assert.equal(activeUnitsOf(synthetic(20000, sds, 1), { threshold: 0.001 }).count, 4);
  assert.equal(activeUnitsOf(synthetic(20000, sds, 1), { threshold: 0.5 }).count, 1);
  assert.deepEqual([au.clearlyActive, au.clearlyInactive], [3, 2]);
  // Gaussian columns: SE of a sample variance is about v sqrt(2 / n)
  au.varianceSE.forEach((se, j) => assert.ok(Math.abs(se / (sds[j] ** 2 * Math.sqrt(2 / 20000)) - 1) < 0.1, `dim ${j}: SE ${se}`));
  const near = activeUnitsOf(synthetic(200, [0.1, 0.105, 0.3], 2)); // variances 0.01, 0.011, 0.09: two at the threshold
  assert.deepEqual([near.clearlyActive, near.clearlyInactive], [1, 0], JSON.stringify(near.variances));
  assert.throws(() => activeUnitsOf(synthetic(10, sds, 1), { threshold: -1 }), /invalid active-unit threshold: -1/);
  assert.throws(() => activeUnitsOf({ values: new Float32Array(2), rows: 1, cols: 2 }), /at least 2 rows/);
});

test("active units of a model read its posterior means over the data set", async () => {
  const { test: ds } = loadData("mnist", { trainSize: 10, testSize: 300 });
  const vae = buildModel(vaeConfig({ hidden: [32], latentDim: 6 }), 2);
  const au = await activeUnits(vae, ds);
  assert.equal(au.dims, 6);
  assert.equal(au.variances.length, 6);
  assert.ok(au.variances.every((v) => v > 0 && Number.isFinite(v)));
  const ae = buildModel(autoencoderConfig({ hidden: [32], latentDim: 3 }), 2);
  assert.equal((await activeUnits(ae, ds, { threshold: 0 })).count, 3);
  vae.dispose();
  ae.dispose();
});
