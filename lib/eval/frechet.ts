import { EigenvalueDecomposition, Matrix } from "ml-matrix";
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
  const crossTrace = new EigenvalueDecomposition(symmetric, { assumeSymmetric: true }).realEigenvalues.reduce((s, l) => s + Math.sqrt(Math.max(l, 0)), 0);
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
