import type { ImageDataset } from "../data/dataset";
import type { LatentModel } from "../models/model";
import type { Rows } from "./batched";
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
}

/**
 * Active units of a set of posterior means [N, D]: A_d = Var_x(E_q[z_d | x]) > threshold.
 * @example activeUnitsOf(await latentCodes(vae, test)).count
 */
export function activeUnitsOf(means: Rows, options: ActiveUnitsOptions = {}): ActiveUnits {
  const { threshold = 0.01 } = options;
  if (!(threshold >= 0)) throw new Error(`invalid active-unit threshold: ${threshold} (a non-negative number)`);
  const { variance } = columnMoments(means);
  const active = variance.map((v) => v > threshold);
  return { count: active.filter(Boolean).length, dims: means.cols, variances: variance, active, threshold };
}

/**
 * Active units of a model over a data set (posterior means from `model.embed`).
 * @example (await activeUnits(vae, test)).count // e.g. 12 of 100
 */
export async function activeUnits(model: LatentModel, ds: ImageDataset, options: ActiveUnitsOptions = {}): Promise<ActiveUnits> {
  return activeUnitsOf(await latentCodes(model, ds), options);
}
