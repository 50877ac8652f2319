import type { ImageDataset } from "../../data/dataset";
import type { LatentModel } from "../../models/model";
import type { Rows } from "../stats/batched";
import { columnMoments, latentCodes } from "./codes";

export interface ActiveUnitsOptions {
  /** A dimension is active when the variance of its posterior mean over the data exceeds this. Default 0.01. */
  threshold?: number;
}

/** Which latent dimensions the encoder uses (Burda et al.'s activity statistic). */
export interface ActiveUnits {
  /** Number of active dimensions. */
  count: number;
  /** Number of latent dimensions. */
  dims: number;
  /** Per dimension: Var_x(E_q[z_d | x]) over the data set (divisor N - 1). */
  variances: number[];
  /** Per dimension: variance > threshold. */
  active: boolean[];
  threshold: number;
  /** Per dimension: the standard error of `variances` over the data (from the fourth central moment). */
  varianceSE: number[];
  /** Dimensions active beyond their 95% interval (variance - 1.96 SE > threshold). */
  clearlyActive: number;
  /** Dimensions inactive beyond their 95% interval (variance + 1.96 SE <= threshold); the rest are too close to call. */
  clearlyInactive: number;
}

/**
 * Active units of a set of posterior means [N, D]: A_d = Var_x(E_q[z_d | x]) > threshold.
 * @example activeUnitsOf(await latentCodes(vae, test)).count
 */
export function activeUnitsOf(means: Rows, options: ActiveUnitsOptions = {}): ActiveUnits {
  const { threshold = 0.01 } = options;
  if (!(threshold >= 0)) throw new Error(`invalid active-unit threshold: ${threshold} (a non-negative number)`);
  const { mean, variance } = columnMoments(means);
  const active = variance.map((v) => v > threshold);
  const varianceSE = variance.map((v, d) => varianceStandardError(means, d, mean[d], v));
  const clearlyActive = variance.filter((v, d) => v - Z95 * varianceSE[d] > threshold).length;
  const clearlyInactive = variance.filter((v, d) => v + Z95 * varianceSE[d] <= threshold).length;
  const count = active.filter(Boolean).length;
  return { count, dims: means.cols, variances: variance, active, threshold, varianceSE, clearlyActive, clearlyInactive };
}

const Z95 = 1.959964;

/**
 * SE of a column's sample variance: sqrt((m4 - v^2 (n - 3) / (n - 1)) / n), m4 the fourth central
 * moment; under 4 rows, the normal-theory v sqrt(2 / (n - 1)).
 */
function varianceStandardError(rows: Rows, d: number, mean: number, variance: number): number {
  const n = rows.rows;
  if (n < 4) return variance * Math.sqrt(2 / (n - 1));
  let m4 = 0;
  for (let i = 0; i < n; i++) m4 += (rows.values[i * rows.cols + d] - mean) ** 4;
  m4 /= n;
  return Math.sqrt(Math.max(m4 - (variance * variance * (n - 3)) / (n - 1), 0) / n);
}

/**
 * Active units of a model over a data set (posterior means from `model.embed`).
 * @example (await activeUnits(vae, test)).count // e.g. 12 of 100
 */
export async function activeUnits(model: LatentModel, ds: ImageDataset, options: ActiveUnitsOptions = {}): Promise<ActiveUnits> {
  return activeUnitsOf(await latentCodes(model, ds), options);
}
