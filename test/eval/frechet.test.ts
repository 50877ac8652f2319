import assert from "node:assert/strict";
import { test } from "node:test";
import { Matrix } from "ml-matrix";
import { frechetDistance, frechetFromStats, gaussianStats, Rng, Rows, sqrtPsd } from "../../lib";

/** n rows of x = mean + L g with g ~ N(0, I) (Box-Muller from a seeded generator). */
function gaussianRows(n: number, mean: number[], l: number[][], seed: number): Rows {
  const rng = new Rng(seed);
  const d = mean.length;
  const values = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const g = mean.map(() => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next()));
    for (let a = 0; a < d; a++) values[i * d + a] = mean[a] + l[a].reduce((s, w, b) => s + w * g[b], 0);
  }
  return { values, rows: n, cols: d };
}

const stats = (mean: number[], cov: number[][]) => ({ mean, cov: new Matrix(cov) });

test("Frechet distance of Gaussians matches the closed forms", () => {
  // 1-D: (m1 - m2)^2 + (s1 - s2)^2
  assert.ok(Math.abs(frechetFromStats(stats([1], [[4]]), stats([-2], [[9]])) - (9 + 1)) < 1e-9);
  // diagonal: sum_d (m1 - m2)^2 + (sqrt(v1) - sqrt(v2))^2
  const want = (1 - 0) ** 2 + (2 - 3) ** 2 + (0 - 0.5) ** 2 + (1 - 2) ** 2 + (3 - 1) ** 2 + (0.5 - 0.5) ** 2;
  const got = frechetFromStats(stats([1, 2, 0], [[1, 0, 0], [0, 9, 0], [0, 0, 0.25]]), stats([0, 3, 0.5], [[4, 0, 0], [0, 1, 0], [0, 0, 0.25]]));
  assert.ok(Math.abs(got - want) < 1e-9, `${got} vs ${want}`);
  // S2 = c S1 (non-diagonal): Tr(S1 + S2 - 2 sqrt(c) S1) = (1 - sqrt(c))^2 Tr S1
  const s1 = [[2, 0.8, 0.3], [0.8, 1, -0.2], [0.3, -0.2, 0.5]];
  const scaled = stats([0, 0, 0], s1.map((r) => r.map((v) => 4 * v)));
  assert.ok(Math.abs(frechetFromStats(stats([0, 0, 0], s1), scaled) - (1 - 2) ** 2 * 3.5) < 1e-9);
});

test("Frechet distance from samples: about the closed form, 0 for identical sets, symmetric", () => {
  const a = gaussianRows(20000, [0, 1], [[1, 0], [0.5, 0.5]], 1);
  const b = gaussianRows(20000, [1, 1], [[2, 0], [0, 1]], 2);
  // closed form for these: stats of L L^T
  const exact = frechetFromStats(stats([0, 1], [[1, 0.5], [0.5, 0.5]]), stats([1, 1], [[4, 0], [0, 1]]));
  const d = frechetDistance(a, b);
  assert.ok(Math.abs(d - exact) < 0.05 * exact, `${d} vs ${exact}`);
  assert.ok(frechetDistance(a, a) < 1e-6, `${frechetDistance(a, a)}`);
  const wide = gaussianRows(500, [0, 0, 0, 0], [[1, 0, 0, 0], [0.9, 0.3, 0, 0], [0.2, -0.5, 1, 0], [0, 0, 0.7, 0.1]], 3);
  const other = gaussianRows(400, [0.5, 0, 0, -1], [[2, 0, 0, 0], [0, 1, 0, 0], [0.4, 0, 0.3, 0], [1, 1, 0, 1]], 4);
  const ab = frechetDistance(wide, other);
  const ba = frechetDistance(other, wide);
  assert.ok(Math.abs(ab - ba) < 1e-6 * ab, `${ab} vs ${ba}`);
});

test("sqrtPsd squares back; mismatched sizes fail in one line", () => {
  const a = new Matrix([[2, 0.8, 0.3], [0.8, 1, -0.2], [0.3, -0.2, 0.5]]);
  const r = sqrtPsd(a);
  const back = r.mmul(r);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assert.ok(Math.abs(back.get(i, j) - a.get(i, j)) < 1e-12);
  assert.throws(() => frechetFromStats(stats([0], [[1]]), stats([0, 0], [[1, 0], [0, 1]])), /feature sizes differ: 1 vs 2/);
  assert.throws(() => gaussianStats({ values: new Float32Array(3), rows: 1, cols: 3 }), /at least 2 rows/);
});
