import assert from "node:assert/strict";
import { test } from "node:test";
import { classHistogram, codeSpreadPlot, coloredExamples, colorize, controlMap, type FactorEffect, History, imageGrid, interpolationStrip, latentGrid, latentPaths, latentScatter, latentTraversal, lineChart, loadMnist, PALETTE, paletteTiles, trainingCurves, withAlpha } from "../../lib";
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

test("code spread: mean +- sd per dimension for each series, over the N(0, 1) band", () => {
  const fig = codeSpreadPlot([
    { name: "AE", mean: [2.5, -1, 0.3], sd: [4, 3.5, 6] },
    { name: "VAE", mean: [0.1, -0.05, 0], sd: [1, 0.9, 1.1] },
  ], { title: "codes against the prior" });
  assert.deepEqual(fig.data.map((t) => t.name), ["AE (mean ± 1 sd)", "VAE (mean ± 1 sd)", "N(0, 1): mean ± 1 sd"]);
  assert.deepEqual(fig.data[0].x, [-0.15, 0.85, 1.85]);
  assert.deepEqual((fig.data[1].error_y as { array: number[] }).array, [1, 0.9, 1.1]);
  assertSnapshot("code-spread", fig.toJSON());
  assert.throws(() => codeSpreadPlot([{ name: "AE", mean: [0, 1], sd: [1] }]), /series AE has 2 means and 1 sds for 2 dimensions/);
});

test("line chart: log x, a right axis, labelled markers", () => {
  const fig = lineChart([
    { name: "Frechet distance", x: [0.01, 0.1, 1, 10], y: [300, 120, 60, 150] },
    { name: "reconstruction", x: [0.01, 0.1, 1, 10], y: [80, 85, 100, 180], axis: "right", dash: true },
  ], { title: "search", xTitle: "beta", yTitle: "squared feature distance", y2Title: "nats per image", logX: true, markers: [{ x: 1, label: "chosen" }, { x: 0.075, label: "doc 004" }] });
  assert.equal(fig.data[1].yaxis, "y2");
  assert.deepEqual((fig.layout.shapes as { x0: number }[]).map((s) => s.x0), [1, 0.075]);
  assert.deepEqual((fig.layout.annotations as { x: number }[]).map((a) => a.x), [0, Math.log10(0.075)]);
  assertSnapshot("line-chart", fig.toJSON());
  assert.throws(() => lineChart([{ name: "a", x: [0, 1], y: [1, 2] }], { xTitle: "x", yTitle: "y", logX: true }), /series a has an x value <= 0 on a log axis/);
  assert.throws(() => lineChart([{ name: "a", x: [1], y: [1, 2] }], { xTitle: "x", yTitle: "y" }), /series a has 1 x and 2 y values/);
});

test("latent paths: the scatter's traces, then one black line per path with its end marked", () => {
  const rng = new Rng(2026);
  const codes = Float32Array.from({ length: 40 }, () => rng.next() * 4 - 2);
  const labels = Uint8Array.from({ length: 20 }, (_, i) => i % 10);
  const fig = latentPaths({ codes, labels }, [{ label: "3 → 8", points: [[-1, -1], [0, 0], [1, 1]] }, { label: "1 → 7", points: [[1, -1], [-1, 1]] }], { title: "paths" });
  assert.equal(fig.data.length, 12);
  assert.deepEqual(fig.data.slice(10).map((t) => t.name), ["3 → 8", "1 → 7"]);
  assert.deepEqual((fig.data[10].marker as { symbol: string[] }).symbol, ["circle", "circle", "triangle-up"]);
  assertSnapshot("latent-paths", fig.toJSON());
  assert.throws(() => latentPaths({ codes, labels }, [{ label: "bad", points: [[0, 0, 0]] }]), /path bad has points that are not \[x, y\]/);
});

test("withAlpha makes a hex or rgb colour translucent, and names a colour it cannot read", () => {
  assert.equal(withAlpha("#4e79a7", 0.7), "rgba(78,121,167,0.7)");
  assert.equal(withAlpha("rgb(255, 0, 10)", 0.5), "rgba(255,0,10,0.5)");
  assert.throws(() => withAlpha("teal", 0.5), /withAlpha: unsupported colour teal/);
});
