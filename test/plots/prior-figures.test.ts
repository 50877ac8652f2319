import assert from "node:assert/strict";
import { test } from "node:test";
import { aggregatePosteriorPlot, AggregatePosterior, sampleGrid, trainingCurves } from "../../lib";
import { Rng } from "../../lib/util/random";
import { assertSnapshot } from "../support/snapshot";

test("sample grid: each group in rows of `columns`, labelled on its first row", () => {
  const rng = new Rng(2026);
  const images = (n: number) => ({ data: Float32Array.from({ length: n * 16 }, () => Math.round(rng.next() * 4) / 4), shape: [n, 4, 4, 1] as [number, number, number, number] });
  const fig = sampleGrid([{ label: "N(0, 1)", images: images(7) }, { label: "Beta(0.25, 0.25)", images: images(2) }], { perGroup: 6, columns: 3, title: "samples" });
  const y = fig.layout.yaxis as { ticktext: string[]; tickvals: number[] };
  assert.deepEqual(y.ticktext, ["N(0, 1)", "Beta(0.25, 0.25)"]);
  const rowCentre = (r: number) => (1 + r * 5 + 2) * 2; // padding 1, 4-pixel images, scale 2
  assert.deepEqual(y.tickvals, [(rowCentre(0) + rowCentre(1)) / 2, rowCentre(2)]);
  assertSnapshot("sample-grid", fig.toJSON());
  assert.throws(() => sampleGrid([]), /no groups/);
  assert.throws(() => sampleGrid([{ label: "a", images: images(2) }], { columns: 0 }), /invalid columns: 0/);
});

test("aggregate posterior plot: dimensions sorted by activity, a dashed line per prior in both panels", () => {
  const agg: AggregatePosterior = {
    dims: 4, mean: [0.1, -0.2, 0, 0.5], variance: [1, 1.8, 1, 1.2], meanVariance: [0.001, 1.2, 0.002, 0.6], noiseVariance: [0.999, 0.6, 0.998, 0.6],
    active: [false, true, false, true], activeCount: 2, threshold: 0.01,
  };
  const fig = aggregatePosteriorPlot(agg, [{ label: "N(0, 1)", mean: 0, variance: 1 }, { label: "Beta(0.25, 0.25)", mean: 0.5, variance: 1 / 6 }], { title: "aggregate posterior" });
  assert.deepEqual(fig.data[0].y, [-0.2, 0.5, 0, 0.1]);
  assert.deepEqual(fig.data.filter((t) => t.mode === "lines").map((t) => t.name), ["N(0, 1)", "N(0, 1)", "Beta(0.25, 0.25)", "Beta(0.25, 0.25)"]);
  assertSnapshot("aggregate-posterior", fig.toJSON());
});

test("training curves take the first panel's y title (losses that are not in nats)", () => {
  const epochs = [1, 2].map((epoch) => ({ epoch, step: epoch, seconds: epoch, trainSeconds: epoch, train: { reconstruction: 30 / epoch, kl: 5, total: 30 / epoch + 5 } }));
  const title = (fig: ReturnType<typeof trainingCurves>) => (fig.layout.yaxis as { title: { text: string } }).title.text;
  assert.equal(title(trainingCurves(epochs)), "nats per image");
  assert.equal(title(trainingCurves(epochs, { yTitle: "squared error; KL in nats" })), "squared error; KL in nats");
});
