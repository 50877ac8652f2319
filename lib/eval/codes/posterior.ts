import type { ImageDataset } from "../../data/dataset";
import type { LatentModel } from "../../models/model";
import { checkSeed, deriveSeed } from "../../util/random";
import { mapBatches, Rows } from "../stats/batched";
import { columnMoments } from "./codes";

/**
 * One code per image drawn from the posterior, z ~ q(z | x), in data set order, [N, codeSize]: draws
 * from the aggregate posterior q(z) = mean_x q(z | x), which is what the decoder saw in training and
 * what a prior draw should resemble. An autoencoder's code is deterministic, so it is returned as is.
 * @example const z = await posteriorSamples(vae, test, 3); codeMoments(z).klFromStandardNormal
 */
export async function posteriorSamples(model: LatentModel, ds: ImageDataset, seed = 0, batchSize = 500): Promise<Rows> {
  checkSeed(seed);
  let b = 0;
  return await mapBatches(ds, (batch) => {
    const labels = model.conditional ? batch.labels : undefined;
    return model.latent.sample(model.encode(batch.x, labels), { sample: true, seed: deriveSeed(seed, "posterior", b++) }).z;
  }, batchSize);
}

/** Where a set of codes sits, dimension by dimension, compared with the standard normal prior. */
export interface CodeMoments {
  /** Mean of each dimension. */
  mean: number[];
  /** Standard deviation of each dimension (divisor N - 1). */
  sd: number[];
  /** Mean over dimensions of |mean|: 0 for N(0, I). */
  meanAbsMean: number;
  /** Largest |mean| over dimensions. */
  maxAbsMean: number;
  /** Smallest and largest standard deviation over dimensions: both 1 for N(0, I). */
  minSd: number;
  maxSd: number;
  /**
   * KL from N(0, I) of the diagonal Gaussian fitted to the codes, in nats:
   *   sum_d 1/2 (s_d^2 + m_d^2 - 1 - log s_d^2)
   * 0 when every dimension has mean 0 and variance 1. Variances are floored at 1e-12, so a
   * constant dimension gives a large finite value.
   */
  klFromStandardNormal: number;
  /** Mean Euclidean norm of the codes: their typical distance from the origin. */
  meanNorm: number;
  /** The smallest norm: how close to the origin any code comes. */
  minNorm: number;
  /** The same for N(0, I) draws in as many dimensions: sqrt(2) Gamma((D + 1) / 2) / Gamma(D / 2), about sqrt(D - 1/2). */
  priorNorm: number;
}

/**
 * Per-dimension mean and spread of codes [N, D] against the standard normal (doc 004's question of
 * why an autoencoder's decoder fails on N(0, I) draws).
 * @example codeMoments(await latentCodes(ae, test)).maxSd // e.g. 9.3: far wider than the prior
 */
export function codeMoments(codes: Rows): CodeMoments {
  const { mean, variance } = columnMoments(codes);
  const sd = variance.map((v) => Math.sqrt(v));
  const abs = mean.map(Math.abs);
  const kl = mean.reduce((s, m, d) => {
    const v = Math.max(variance[d], 1e-12);
    return s + 0.5 * (v + m * m - 1 - Math.log(v));
  }, 0);
  let norms = 0;
  let minNorm = Infinity;
  for (let i = 0; i < codes.rows; i++) {
    let sq = 0;
    for (let d = 0; d < codes.cols; d++) sq += codes.values[i * codes.cols + d] ** 2;
    norms += Math.sqrt(sq);
    minNorm = Math.min(minNorm, Math.sqrt(sq));
  }
  return {
    mean,
    sd,
    meanAbsMean: abs.reduce((s, v) => s + v, 0) / abs.length,
    maxAbsMean: Math.max(...abs),
    minSd: Math.min(...sd),
    maxSd: Math.max(...sd),
    klFromStandardNormal: kl,
    meanNorm: norms / codes.rows,
    minNorm,
    priorNorm: standardNormalNorm(codes.cols),
  };
}

/**
 * E|z| for z ~ N(0, I_D), the mean of a chi distribution: sqrt(2) r(D) with r(D) = Gamma((D + 1) / 2) /
 * Gamma(D / 2), from r(1) = 1 / sqrt(pi) and r(D + 1) = (D / 2) / r(D).
 */
export function standardNormalNorm(dims: number): number {
  if (!Number.isInteger(dims) || dims < 1) throw new Error(`invalid dimensions: ${dims} (a positive integer)`);
  let r = 1 / Math.sqrt(Math.PI);
  for (let d = 1; d < dims; d++) r = d / 2 / r;
  return Math.SQRT2 * r;
}
