import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { CategoricalLatent, controlSummary, controlTable, controlVerdict, factorValues, GaussianLatent, JointLatent, PALETTE, Rows, strokeColors, sweepEffect, type CodeDecoder, type ImageJudge } from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);

const argmax = (v: ArrayLike<number>, from: number, k: number) => {
  let best = 0;
  for (let j = 1; j < k; j++) if (v[from + j] > v[from + best]) best = j;
  return best;
};

/**
 * A decoder planted with known control: code [z | c0 (4) | c1 (4)]; c0 picks the stroke's palette
 * colour, c1 the "digit" (how many rows are painted, minus one), z changes nothing.
 */
const planted: CodeDecoder = {
  latent: new JointLatent(new GaussianLatent({ dim: 1 }), new CategoricalLatent({ count: 2, classes: 4, temperature: 1 })),
  decode(z) {
    const v = z.dataSync();
    const n = z.shape[0];
    const out = new Float32Array(n * 28 * 28 * 3);
    for (let i = 0; i < n; i++) {
      const rgb = PALETTE[argmax(v, i * 9 + 1, 4)].rgb;
      const rows = argmax(v, i * 9 + 5, 4) + 1;
      for (let p = 0; p < rows * 28; p++) for (let c = 0; c < 3; c++) out[(i * 784 + p) * 3 + c] = rgb[c] / 255;
    }
    return tf.tensor4d(out, [n, 28, 28, 3]);
  },
};

/** Reads the planted digit back (painted rows - 1) and the colour with the real stroke-colour measure. */
const judge: ImageJudge = async (images) => {
  const v = images.dataSync();
  const digits = Int32Array.from({ length: images.shape[0] }, (_, i) => {
    let rows = 0;
    for (let r = 0; r < 28; r++) if (v[(i * 784 + r * 28) * 3] + v[(i * 784 + r * 28) * 3 + 1] + v[(i * 784 + r * 28) * 3 + 2] > 0) rows++;
    return rows - 1;
  });
  return { digits, colors: await strokeColors(images) };
};

function baseCodes(n: number): Rows {
  const values = new Float32Array(n * 9);
  for (let i = 0; i < n; i++) {
    values[i * 9] = i - n / 2;
    values[i * 9 + 1 + (i % 4)] = 1;
    values[i * 9 + 5 + ((i + 1) % 4)] = 1;
  }
  return { values, rows: n, cols: 9 };
}

test("the control table finds the planted factors: c0 colour only, c1 digit only, z neither", async () => {
  const before = tf.memory().numTensors;
  const effects = await controlTable(planted, judge, baseCodes(8), { bases: 5, steps: 4, batchSize: 7 });
  assert.equal(tf.memory().numTensors, before, "no tensor leaked");
  assert.deepEqual(effects.map((e) => [e.factor, e.kind, e.settings, e.moves]), [
    ["z[0]", "continuous", 4, "neither"],
    ["c[0]", "categorical", 4, "colour"],
    ["c[1]", "categorical", 4, "digit"],
  ]);
  const [z, c0, c1] = effects;
  assert.deepEqual([z.digitChange, z.colorChange, z.digitsReached, z.colorsReached], [0, 0, 1, 1]);
  assert.deepEqual([c0.digitChange, c0.colorChange, c0.digitsReached, c0.colorsReached], [0, 0.75, 1, 4]); // 1 class of 4 is the base's own
  assert.deepEqual([c1.digitChange, c1.colorChange, c1.digitsReached, c1.colorsReached], [0.75, 0, 4, 1]);
  assert.deepEqual(controlSummary(effects), { colour: ["c[0]"], digit: ["c[1]"], both: [], neither: ["z[0]"], separable: true });
  await assert.rejects(async () => controlTable(planted, judge, baseCodes(3), { bases: 4 }), /invalid bases: 4 \(1-3\)/);
  await assert.rejects(async () => controlTable(planted, judge, { values: new Float32Array(8), rows: 1, cols: 8 }), /codes of width 8, the model's code is 9/);
});

test("sweep effects: change rates against the unchanged code, reach per base", async () => {
  const reference = { digits: Int32Array.from([3, 7]), colors: Int32Array.from([0, 5]) };
  const swept = { digits: Int32Array.from([3, 3, 4, 7, 1, 2]), colors: Int32Array.from([0, 1, -1, 5, 5, 5]) };
  const e = sweepEffect(reference, swept, 3);
  assert.equal(e.digitChange, 3 / 6);
  assert.equal(e.colorChange, 2 / 6);
  assert.equal(e.digitsReached, (2 + 3) / 2);
  assert.equal(e.colorsReached, (2 + 1) / 2); // a black image (-1) is no colour reached
  assert.throws(() => sweepEffect(reference, swept, 2), /6 judgements for 2 bases x 2 settings/);
  assert.equal(controlVerdict(0.2, 0.19), "digit");
  assert.equal(controlVerdict(0.5, 0.5, 0.6), "neither");
  assert.equal(controlVerdict(0.05, 0.9), "colour");
  assert.equal(controlVerdict(0.3, 0.3), "both");
});

test("factor values: quantiles of the continuous column, every class of a categorical one", async () => {
  const codes: Rows = { values: Float32Array.from({ length: 101 }, (_, i) => 100 - i), rows: 101, cols: 1 };
  assert.deepEqual(factorValues({ kind: "continuous", name: "z[0]", column: 0 }, codes, { steps: 3, quantiles: [0.1, 0.9] }), [10, 50, 90]);
  assert.deepEqual(factorValues({ kind: "categorical", name: "c[0]", offset: 0, classes: 3 }, codes), [0, 1, 2]);
  assert.throws(() => factorValues({ kind: "continuous", name: "z[0]", column: 0 }, codes, { steps: 1 }), /invalid steps: 1/);
});
