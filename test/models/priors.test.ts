import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { betaPrior, buildVae, drawPrior, normalPrior, priorLabel, priorMoments, priorSamples, vaeConfig } from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);

function moments(t: tf.Tensor): { mean: number; variance: number } {
  const v = Array.from(t.dataSync());
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  return { mean, variance: v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1) };
}

test("doc 002's priors: moments by formula match 100,000 draws; N(1, 2) read both ways", () => {
  const priors = [normalPrior(0, { sd: 1 }), normalPrior(1, { variance: 2 }), normalPrior(1, { sd: 2 }), betaPrior(0.25, 0.25)];
  assert.deepEqual(priors.map(priorLabel), ["N(0, 1)", "N(1, 2)", "N(1, 4)", "Beta(0.25, 0.25)"]);
  const expected = [{ mean: 0, variance: 1 }, { mean: 1, variance: 2 }, { mean: 1, variance: 4 }, { mean: 0.5, variance: 1 / 6 }];
  priors.forEach((p, i) => {
    const m = priorMoments(p);
    assert.ok(Math.abs(m.mean - expected[i].mean) < 1e-12 && Math.abs(m.variance - expected[i].variance) < 1e-12, `${priorLabel(p)}: ${JSON.stringify(m)}`);
    const draws = drawPrior(p, 1000, 100, 7);
    const got = moments(draws);
    draws.dispose();
    assert.ok(Math.abs(got.mean - m.mean) < 0.02 * Math.sqrt(m.variance) + 0.005, `${priorLabel(p)} mean ${got.mean}`);
    assert.ok(Math.abs(got.variance / m.variance - 1) < 0.03, `${priorLabel(p)} variance ${got.variance}`);
  });
  assert.equal(priorLabel(normalPrior(1, { sd: 2 }, "N(1, sd 2)")), "N(1, sd 2)");
  assert.throws(() => normalPrior(1, { variance: 0 }), /invalid prior spread: \{"variance":0\}/);
  assert.throws(() => betaPrior(0, 1), /invalid Beta parameters: alpha 0, beta 1/);
});

test("priorSamples: one set of decoded images per prior, seeded per label, no tensor leaks", () => {
  const vae = buildVae(vaeConfig({ hidden: [16], latentDim: 3 }), 1);
  const priors = [normalPrior(0, { sd: 1 }), betaPrior(0.25, 0.25)];
  const before = tf.memory().numTensors;
  const draws = priorSamples(vae, priors, { n: 5, seed: 3 });
  assert.equal(tf.memory().numTensors, before + 2);
  assert.deepEqual(draws.map((d) => [d.label, d.images.shape]), [["N(0, 1)", [5, 28, 28, 1]], ["Beta(0.25, 0.25)", [5, 28, 28, 1]]]);
  const again = priorSamples(vae, [priors[1]], { n: 5, seed: 3 });
  assert.deepEqual(again[0].images.dataSync(), draws[1].images.dataSync());
  const other = priorSamples(vae, [priors[1]], { n: 5, seed: 4 });
  assert.notDeepEqual(other[0].images.dataSync(), draws[1].images.dataSync());
  tf.dispose([...draws, ...again, ...other].map((d) => d.images));
  vae.dispose();
});
