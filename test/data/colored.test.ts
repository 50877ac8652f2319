import assert from "node:assert/strict";
import { test } from "node:test";
import { colorize, loadData, loadMnist, PALETTE } from "../../lib/data";

test("coloured MNIST tints strokes with one palette colour per image and keeps the background black", () => {
  const gray = loadMnist({ split: "test", size: 200 });
  const col = colorize(gray, { seed: 3 });
  assert.deepEqual(col.shape, [28, 28, 3]);
  assert.equal(col.images.length, 200 * 784 * 3);
  assert.deepEqual([...col.labels], [...gray.labels]);
  for (let i = 0; i < col.size; i++) {
    const [r, g, b] = PALETTE[col.colors![i]].rgb;
    for (let p = 0; p < 784; p++) {
      const v = gray.images[i * 784 + p];
      const o = (i * 784 + p) * 3;
      assert.deepEqual([col.images[o], col.images[o + 1], col.images[o + 2]], [v, v, v].map((x, c) => Math.round((x * [r, g, b][c]) / 255)));
    }
  }
});

test("colour draws are seeded: same seed same colours, another seed other colours, all colours used", () => {
  const gray = loadMnist({ split: "test", size: 1000 });
  const a = colorize(gray, { seed: 5 }).colors!;
  const b = colorize(gray, { seed: 5 }).colors!;
  const c = colorize(gray, { seed: 6 }).colors!;
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  const counts = new Array(PALETTE.length).fill(0);
  for (const k of a) counts[k]++;
  assert.ok(counts.every((n) => n > 1000 / PALETTE.length / 2), `colour counts ${counts}`);
});

test("palette colours are well separated", () => {
  assert.ok(PALETTE.length >= 8);
  for (let i = 0; i < PALETTE.length; i++) {
    for (let j = i + 1; j < PALETTE.length; j++) {
      const d = Math.hypot(...PALETTE[i].rgb.map((v, k) => v - PALETTE[j].rgb[k]));
      assert.ok(d >= 125, `${PALETTE[i].name}-${PALETTE[j].name}: ${d.toFixed(0)}`);
    }
  }
});

test("loadData gives coloured train and test splits different colour draws, recorded in the spec", () => {
  const { train, test: t } = loadData("colored-mnist", { trainSize: 300, testSize: 300 });
  assert.equal(train.spec.source, "colored-mnist");
  assert.deepEqual(train.spec.color?.palette, "default");
  assert.notEqual(train.spec.color?.seed, t.spec.color?.seed);
});
