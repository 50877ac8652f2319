import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { buildModel, CategoricalLatent, DeterministicLatent, factorSweep, GaussianLatent, JointLatent, latentFactors, planeCodes, preset } from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);

test("latent factors: a joint latent's coordinates then its variables, at the right columns", () => {
  const joint = new JointLatent(new GaussianLatent({ dim: 2 }), new CategoricalLatent({ count: 3, classes: 4, temperature: 1 }));
  assert.deepEqual(latentFactors(joint), [
    { kind: "continuous", name: "z[0]", column: 0 },
    { kind: "continuous", name: "z[1]", column: 1 },
    { kind: "categorical", name: "c[0]", offset: 2, classes: 4 },
    { kind: "categorical", name: "c[1]", offset: 6, classes: 4 },
    { kind: "categorical", name: "c[2]", offset: 10, classes: 4 },
  ]);
  assert.deepEqual(latentFactors(new CategoricalLatent({ count: 2, classes: 5, temperature: 1 })).map((f) => f.kind === "categorical" && f.offset), [0, 5]);
  assert.deepEqual(latentFactors(new DeterministicLatent(3)).map((f) => f.name), ["z[0]", "z[1]", "z[2]"]);
  const widths = ["gumbel-vae-6x25", "joint-vae", "joint-vae-mean", "colored-vae-2d"].map((name) => {
    const model = buildModel(preset(name).model, 1);
    const factors = latentFactors(model.latent);
    const width = factors.reduce((s, f) => s + (f.kind === "continuous" ? 1 : f.classes), 0);
    assert.equal(width, model.latent.codeSize, `${name}: the factors tile the code`);
    model.dispose();
    return factors.length;
  });
  assert.deepEqual(widths, [6, 7, 5, 2]);
});

test("factor sweeps set one coordinate or one one-hot block and keep the rest", () => {
  const base = [0.5, -1, 0, 1, 0, 0, 0, 1];
  const z = factorSweep(base, { kind: "continuous", name: "z[1]", column: 1 }, [-2, 3]);
  assert.deepEqual(Array.from(z.dataSync()), [0.5, -2, 0, 1, 0, 0, 0, 1, 0.5, 3, 0, 1, 0, 0, 0, 1]);
  const c = factorSweep(base, { kind: "categorical", name: "c[0]", offset: 2, classes: 3 }, [0, 2]);
  assert.deepEqual(Array.from(c.dataSync()), [0.5, -1, 1, 0, 0, 0, 0, 1, 0.5, -1, 0, 0, 1, 0, 0, 1]);
  assert.throws(() => factorSweep(base, { kind: "categorical", name: "c[0]", offset: 2, classes: 3 }, [3]), /factor c\[0\]: invalid class 3 \(0-2\)/);
  assert.throws(() => factorSweep(base, { kind: "categorical", name: "c[9]", offset: 7, classes: 3 }, [0]), /block 7\+3 outside a code of 8/);
  const grid = [1, 2, 3, 4];
  const p = planeCodes([9, 9, 9], [2, 0], grid);
  assert.deepEqual(Array.from(p.dataSync()), [2, 9, 1, 4, 9, 3]);
  assert.throws(() => planeCodes([9, 9], [0, 2], grid), /columns 0,2 outside a code of 2/);
  assert.throws(() => planeCodes([9, 9], [0, 1], [1, 2, 3]), /grid of 3 values, not x, y pairs/);
  tf.dispose([z, c, p]);
});
