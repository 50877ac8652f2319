import assert from "node:assert/strict";
import { test } from "node:test";
import { classHistogram, coloredExamples, colorize, controlMap, History, imageGrid, interpolationStrip, latentGrid, latentScatter, latentTraversal, loadMnist, paletteTiles, PALETTE, trainingCurves, type FactorEffect } from "../../lib";
import { Rng } from "../../lib/util/random";
import { assertSnapshot } from "../support/snapshot";

// Each test draws from its own generator, so running any subset gives the same snapshots.
const imageMaker = (rng: Rng) => (n: number, h: number, w: number, c: number) => ({ data: Float32Array.from({ length: n * h * w * c }, () => Math.round(rng.next() * 4) / 4), shape: [n, h, w, c] as [number, number, number, number] });

test("latent scatter: one trace per digit, PCA axis titles", () => {
  const rng = new Rng(2024);
  const codes = Float32Array.from({ length: 60 }, () => rng.next() * 4 - 2);
  const labels = Uint8Array.from({ length: 30 }, (_, i) => i % 10);
  const fig = latentScatter({ codes, labels }, { title: "test means", pca: [0.41, 0.22] });
  assert.equal(fig.data.length, 10);
  assert.equal((fig.layout.xaxis as { title: { text: string } }).title.text, "PC 1 (41.0% of variance)");
  assertSnapshot("latent-scatter", fig.toJSON());
  const colored = latentScatter({ codes, labels: labels.map((l) => l % 8) }, { colorBy: "palette" });
  assert.deepEqual(colored.data.map((t) => t.name), ["red", "orange", "yellow", "green", "cyan", "blue", "purple", "magenta"]);
  assertSnapshot("latent-scatter-palette", colored.toJSON());
});

test("image grids, latent grid, interpolation strips and traversals", () => {
  const images = imageMaker(new Rng(2025));
  assertSnapshot("image-grid", imageGrid([{ label: "original", images: images(4, 4, 4, 1) }, { label: "reconstruction", images: images(4, 4, 4, 1) }], { title: "grid" }).toJSON());
  assertSnapshot("image-grid-rgb", imageGrid([{ images: images(6, 3, 3, 3) }], { columns: 3 }).toJSON());
  assertSnapshot("latent-grid", latentGrid(images(9, 4, 4, 1), { xs: [-1, 0, 1], ys: [1, 0, -1], title: "decoded grid" }).toJSON());
  assertSnapshot("interpolation", interpolationStrip([{ label: "AE", images: images(5, 4, 4, 1) }, { label: "VAE", images: images(5, 4, 4, 1) }]).toJSON());
  assertSnapshot("traversal", latentTraversal([{ label: "z[0]", images: images(3, 4, 4, 3) }], { values: [-2, 0, 2] }).toJSON());
  assert.throws(() => latentGrid(images(8, 4, 4, 1), { xs: [0, 1, 2], ys: [0, 1, 2] }), /latentGrid: 8 images for a 3x3 grid/);
  assert.throws(() => imageGrid([{ images: images(2, 4, 4, 1) }, { images: images(2, 5, 4, 1) }]), /row 1 has images of shape 5x4x1/);
});

test("training curves: a panel per term, train and test", () => {
  const history = new History([1, 2, 3].map((epoch) => ({
    epoch, step: epoch * 10, seconds: epoch, trainSeconds: epoch,
    train: { reconstruction: 200 / epoch, kl: 5 + epoch, total: 200 / epoch + 5 + epoch },
    test: { reconstruction: 210 / epoch, kl: 5 + epoch, total: 210 / epoch + 5 + epoch },
  })));
  const fig = trainingCurves(history, { title: "curves" });
  assert.equal(fig.data.length, 6);
  assertSnapshot("training-curves", fig.toJSON());
  assert.throws(() => trainingCurves(history, { terms: ["klDiscrete"] }), /no loss term klDiscrete/);
});

test("class histogram: fractions and the uniform line", () => {
  const fig = classHistogram([{ name: "N(0,1)", values: [5, 5, 10, 30, 5, 5, 10, 10, 10, 10] }, { name: "Beta", values: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10] }], { title: "classes" });
  assert.deepEqual((fig.data[0].y as number[]).slice(0, 4), [0.05, 0.05, 0.1, 0.3]);
  assertSnapshot("class-histogram", fig.toJSON());
});

test("control map: a point per factor, symbols by kind, the threshold drawn", () => {
  const effect = (factor: string, kind: FactorEffect["kind"], digitChange: number, colorChange: number, moves: FactorEffect["moves"]): FactorEffect =>
    ({ factor, kind, settings: 9, digitChange, colorChange, digitsReached: 1, colorsReached: 1, moves });
  const fig = controlMap([
    { model: "vae", effects: [effect("z[0]", "continuous", 0.61234, 0.4, "both"), effect("z[1]", "continuous", 0.1, 0.7, "colour")] },
    { model: "gumbel", effects: [effect("c[0]", "categorical", 0.05, 0.01, "neither")] },
  ], { title: "control", threshold: 0.25 });
  assert.deepEqual(fig.data.map((t) => t.name), ["vae", "gumbel"]);
  assert.deepEqual(fig.data[0].x, [0.6123, 0.1]);
  assert.deepEqual((fig.data[1].marker as { symbol: string[] }).symbol, ["square"]);
  assert.equal((fig.layout.shapes as { x0: number }[])[0].x0, 0.25);
  assertSnapshot("control-map", fig.toJSON());
  assert.throws(() => controlMap([]), /no models/);
});

test("coloured examples: a named row per palette colour, a column per digit; the palette's tiles", () => {
  const ds = colorize(loadMnist({ split: "test", size: 60 }), { seed: 1 });
  const fig = coloredExamples(ds);
  const y = fig.layout.yaxis as { ticktext: string[] };
  const x = fig.layout.xaxis as { ticktext: string[] };
  assert.deepEqual(y.ticktext, PALETTE.map((c) => c.name));
  assert.deepEqual(x.ticktext, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  assert.throws(() => coloredExamples(loadMnist({ split: "test", size: 5 })), /needs coloured images \(mnist has none\)/);
  const tiles = paletteTiles();
  assert.equal((tiles.layout.xaxis as { ticktext: string[] }).ticktext[0], "red<br>255, 0, 0");
  assertSnapshot("palette-tiles", tiles.toJSON());
});
