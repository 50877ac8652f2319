import assert from "node:assert/strict";
import { test } from "node:test";
import { compareScorecards, differenceText, frechetBootstrap, keepPerImage, Rng, tallyScores, type Scorecard } from "../../lib";

function rows(n: number, d: number, shift: number, seed: number) {
  const rng = new Rng(seed);
  const values = new Float32Array(n * d);
  for (let i = 0; i < values.length; i++) values[i] = rng.next() + shift;
  return { values, rows: n, cols: d };
}

test("frechetBootstrap: seeded, centred on the distance, wide for like sets and clear of 0 for shifted ones", () => {
  const ref = rows(400, 4, 0, 1);
  const like = frechetBootstrap(rows(400, 4, 0, 2), ref, { replicates: 30, seed: 5 });
  assert.deepEqual(frechetBootstrap(rows(400, 4, 0, 2), ref, { replicates: 30, seed: 5 }), like);
  assert.ok(like.low < like.value && like.value < like.high && like.low < 0.01, JSON.stringify(like));
  const shifted = frechetBootstrap(rows(400, 4, 0.5, 3), ref, { replicates: 30, seed: 5 });
  assert.ok(Math.abs(shifted.value - 4 * 0.25) < 0.1 && shifted.low > like.high, JSON.stringify(shifted));
  assert.throws(() => frechetBootstrap(ref, ref, { replicates: 1 }), /^Error: invalid replicates: 1 \(an integer >= 2\)$/);
});

const card = (total: number, meanConfidence: number, frechet: number): Scorecard => ({
  reconstruction: total - 5, kl: 5, total, testImages: 10000, samples: 1000, totalSE: 0.5, iwBound: -total + 2, iwBoundSE: 0.5, boundK: 50, boundImages: 1000,
  secondsPerEpoch: 1, imagesPerSecond: 1, meanConfidence, meanConfidenceSE: 0.004, classEntropy: 2.2, frechet, frechetLow: frechet - 2, frechetHigh: frechet + 2,
});

test("compareScorecards pairs per-image values when it has them and says which basis it used", () => {
  const [a, b] = [card(151, 0.9, 20), card(152, 0.88, 30)];
  const apart = compareScorecards(a, b);
  assert.equal(apart.total!.basis, "independent standard errors");
  assert.equal(apart.total!.verdict, "no detectable difference", "1 nat against a combined SE of 0.7");
  assert.equal(apart.meanConfidence.verdict, "higher");
  assert.equal(apart.frechet.verdict, "lower");
  const rng = new Rng(4);
  const hard = Float32Array.from({ length: 1000 }, () => -150 - 30 * rng.next()); // image difficulty varies a lot
  keepPerImage(a, { elbo: hard.map((v) => v + 1), bound: hard.map((v) => v + 3), testImages: 10000 });
  keepPerImage(b, { elbo: hard.map((v, i) => v + (i % 2) * 0.2), bound: hard.map((v) => v + 2), testImages: 10000 });
  const pairs = compareScorecards(a, b);
  assert.equal(pairs.total!.basis, "paired over test images");
  assert.equal(pairs.total!.verdict, "lower", "every image 0.8-1 nat better: the pairing sees it");
  assert.equal(pairs.total!.difference.value, -1);
  assert.equal(pairs.iwBound!.verdict, "higher");
});

test("differenceText says the difference, its interval and the verdict in words", () => {
  const m = (value: number) => compareScorecards(card(150 + value, 0.9, 20), card(150, 0.9, 20)).total!;
  assert.equal(differenceText(m(-2), { unit: "nats" }), "2.00 nats lower (95% interval 0.61 to 3.39 lower)");
  assert.match(differenceText(m(0.3), { unit: "nats" }), /^no detectable difference \(95% interval of the difference -1\.09 to 1\.69 nats\)$/);
  const conf = compareScorecards(card(150, 0.95, 20), card(150, 0.9, 20)).meanConfidence;
  assert.equal(differenceText(conf, { percent: true, digits: 1 }), "5.0 points higher (95% interval 3.9 to 6.1 higher)");
});

test("tallyScores sorts the measures by the side they favour, lower total and distance being better", () => {
  const t = tallyScores(compareScorecards(card(140, 0.5, 20), card(150, 0.9, 21)));
  assert.deepEqual(t, { a: ["test total", "bound on log p(x)"], b: ["sample confidence"], neither: ["Frechet distance"] });
  assert.equal(tallyScores(compareScorecards(card(140, 0.95, 10), card(150, 0.9, 21))).everywhere, "a");
});
