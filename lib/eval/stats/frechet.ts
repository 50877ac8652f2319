import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { Rng } from "../../util/random";
import type { Rows } from "./batched";

/** Mean vector and covariance matrix (divisor N - 1) of a set of feature rows. */
export interface GaussianStats {
  mean: number[];
  cov: Matrix;
}

/** Fits a Gaussian to rows [N, D]: their mean and sample covariance. */
export function gaussianStats(r: Rows): GaussianStats {
  if (r.rows < 2) throw new Error(`need at least 2 rows for a covariance, got ${r.rows}`);
  const x = new Matrix(r.rows, r.cols);
  for (let i = 0; i < r.rows; i++) for (let j = 0; j < r.cols; j++) x.set(i, j, r.values[i * r.cols + j]);
  const mean = x.mean("column");
  x.subRowVector(mean);
  const cov = x.transpose().mmul(x).div(r.rows - 1); // [D, D]
  return { mean, cov };
}

/**
 * Square root of a symmetric positive semi-definite matrix: V diag(sqrt(max(l, 0))) V^T from its
 * eigendecomposition (small negative eigenvalues from rounding are clamped to 0).
 */
export function sqrtPsd(a: Matrix): Matrix {
  const evd = new EigenvalueDecomposition(a, { assumeSymmetric: true });
  const v = evd.eigenvectorMatrix;
  const roots = evd.realEigenvalues.map((l) => Math.sqrt(Math.max(l, 0)));
  return v.mmul(Matrix.diag(roots)).mmul(v.transpose());
}

/**
 * Squared Frechet distance between two Gaussians (the number FID reports):
 *   d^2 = |m1 - m2|^2 + Tr(S1 + S2 - 2 (S1 S2)^{1/2})
 * with Tr (S1 S2)^{1/2} = Tr (S1^{1/2} S2 S1^{1/2})^{1/2}, a symmetric PSD root, so no complex parts.
 */
export function frechetFromStats(a: GaussianStats, b: GaussianStats): number {
  if (a.mean.length !== b.mean.length) throw new Error(`feature sizes differ: ${a.mean.length} vs ${b.mean.length}`);
  const meanTerm = a.mean.reduce((s, m, i) => s + (m - b.mean[i]) ** 2, 0);
  const root = sqrtPsd(a.cov);
  const inner = root.mmul(b.cov).mmul(root);
  const symmetric = inner.add(inner.transpose()).div(2);
  const roots = new EigenvalueDecomposition(symmetric, { assumeSymmetric: true }).realEigenvalues;
  const crossTrace = roots.reduce((s, l) => s + Math.sqrt(Math.max(l, 0)), 0);
  return Math.max(meanTerm + a.cov.trace() + b.cov.trace() - 2 * crossTrace, 0);
}

/**
 * Squared Frechet distance between Gaussians fitted to two sets of feature rows, in squared feature
 * units; 0 for identical sets, symmetric in its arguments.
 * @example frechetDistance(featuresOfSamples, featuresOfTestImages) // e.g. 4.2
 */
export function frechetDistance(a: Rows, b: Rows): number {
  return frechetFromStats(gaussianStats(a), gaussianStats(b));
}

/** Mean and covariance (divisor N - 1) of rows taken with multiplicities `counts` (a bootstrap resample). */
function weightedStats(r: Rows, counts: Uint32Array): GaussianStats {
  const d = r.cols;
  const sum = new Float64Array(d);
  const cross = new Float64Array(d * d);
  for (let i = 0; i < r.rows; i++) {
    const c = counts[i];
    if (c === 0) continue;
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const v = c * r.values[o + j];
      sum[j] += v;
      for (let k = j; k < d; k++) cross[j * d + k] += v * r.values[o + k];
    }
  }
  const mean = Array.from(sum, (v) => v / r.rows);
  const cov = new Matrix(d, d);
  for (let j = 0; j < d; j++) {
    for (let k = j; k < d; k++) {
      const v = (cross[j * d + k] - r.rows * mean[j] * mean[k]) / (r.rows - 1);
      cov.set(j, k, v);
      cov.set(k, j, v);
    }
  }
  return { mean, cov };
}

/** A bootstrap interval of a Frechet distance. */
export interface FrechetInterval {
  /** The distance on the samples as drawn, and its bootstrap standard error. */
  value: number;
  se: number;
  /** value ± 1.96 se. */
  low: number;
  high: number;
  replicates: number;
}

/**
 * A bootstrap 95% interval of `frechetDistance(samples, reference)`: the samples' rows are drawn
 * again with replacement `replicates` times (seeded) while the reference (rows, or their stats) stays fixed, since every
 * model is compared with the same reference set; the interval is the distance ± 1.96 standard
 * deviations of the replicates (centred on the estimate: resampling adds its own upward bias, so
 * the replicates' percentiles would sit above it).
 * @example frechetBootstrap(featuresOfSamples, featuresOfTestImages, { replicates: 50, seed: 3 })
 * // { value: 4.2, se: 0.2, low: 3.8, high: 4.6, replicates: 50 }
 */
export function frechetBootstrap(
  samples: Rows,
  reference: Rows | GaussianStats,
  o: { replicates?: number; seed?: number } = {},
): FrechetInterval {
  const { replicates = 50, seed = 0 } = o;
  if (!Number.isInteger(replicates) || replicates < 2) throw new Error(`invalid replicates: ${replicates} (an integer >= 2)`);
  const ref = "cov" in reference ? reference : gaussianStats(reference);
  const value = frechetFromStats(gaussianStats(samples), ref);
  const rng = new Rng(seed);
  const values: number[] = [];
  for (let b = 0; b < replicates; b++) {
    const counts = new Uint32Array(samples.rows);
    for (let i = 0; i < samples.rows; i++) counts[Math.floor(rng.next() * samples.rows)]++;
    values.push(frechetFromStats(weightedStats(samples, counts), ref));
  }
  const mean = values.reduce((s, v) => s + v, 0) / replicates;
  const se = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (replicates - 1));
  return { value, se, low: value - 1.959964 * se, high: value + 1.959964 * se, replicates };
}

/**
 * The Frechet distance of samples to a reference, with its {@link frechetBootstrap} interval when
 * `replicates` is given; the distance is computed once either way.
 */
export function frechetScore(
  samples: Rows,
  reference: Rows | GaussianStats,
  o: { replicates?: number; seed?: number } = {},
): { frechet: number; frechetInterval?: FrechetInterval } {
  if (!o.replicates) {
    return { frechet: frechetFromStats(gaussianStats(samples), "cov" in reference ? reference : gaussianStats(reference)) };
  }
  const frechetInterval = frechetBootstrap(samples, reference, o);
  return { frechet: frechetInterval.value, frechetInterval };
}
