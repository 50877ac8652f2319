import { EigenvalueDecomposition } from "ml-matrix";
import type { Rows } from "../stats/batched";
import { gaussianStats } from "../stats/frechet";

export interface PcaOptions {
  /** Number of principal components to keep. Default 2 (for scatter plots). */
  components?: number;
}

/** Latent codes projected on their leading principal directions. */
export interface PcaResult {
  /** Projected codes, one [c1, c2, ...] per input row. */
  coords: number[][];
  /** Unit principal directions, one per component, each of length D; the largest entry is positive. */
  components: number[][];
  /** Variance of the codes along each component. */
  explainedVariance: number[];
  /** Fraction of the total variance along each component, in [0, 1]. */
  explainedVarianceRatio: number[];
  /** The mean that was subtracted before projecting. */
  mean: number[];
}

/**
 * PCA of codes [N, D] (for plotting latents above 2-D): eigenvectors of the sample covariance,
 * largest eigenvalue first, from ml-matrix's symmetric eigendecomposition.
 * @example const { coords, explainedVarianceRatio } = pca(latentCodes(vae, test));
 */
export function pca(codes: Rows, options: PcaOptions = {}): PcaResult {
  const { components: k = 2 } = options;
  if (!Number.isInteger(k) || k < 1 || k > codes.cols) throw new Error(`invalid PCA components: ${k} (1..${codes.cols})`);
  const { mean, cov } = gaussianStats(codes);
  const evd = new EigenvalueDecomposition(cov, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]).slice(0, k);
  const components = order.map((j) => {
    const v = vectors.getColumn(j);
    const big = v.reduce((m, x) => (Math.abs(x) > Math.abs(m) ? x : m), 0);
    return big < 0 ? v.map((x) => -x) : v;
  });
  const total = values.reduce((s, l) => s + Math.max(l, 0), 0);
  const explainedVariance = order.map((j) => Math.max(values[j], 0));
  const coords = Array.from({ length: codes.rows }, (_, i) =>
    components.map((c) => c.reduce((s, w, d) => s + w * (codes.values[i * codes.cols + d] - mean[d]), 0)),
  );
  return { coords, components, explainedVariance, explainedVarianceRatio: explainedVariance.map((v) => (total > 0 ? v / total : 0)), mean };
}
