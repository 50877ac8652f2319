import * as tf from "@tensorflow/tfjs-core";
import type { ImageDataset } from "../../data/dataset";
import { GaussianLatent } from "../../models/latents/gaussian";
import type { LatentModel } from "../../models/model";
import { mapBatches, Rows } from "../stats/batched";
import { columnMoments } from "./codes";

/**
 * The Gaussian each image's code is drawn from in the forward pass: mean mu and variance
 * sigma^2, plus 1 for doc 002's sampled-mean variant (m ~ N(mu, 1), then z ~ N(m, sigma^2), so
 * z ~ N(mu, sigma^2 + 1)). Both [N, D], in data set order.
 */
export async function drawnPosterior(model: LatentModel, ds: ImageDataset): Promise<{ mean: Rows; variance: Rows }> {
  const latent = model.latent;
  if (!(latent instanceof GaussianLatent)) throw new Error(`drawnPosterior needs a Gaussian latent, got ${latent.constructor.name}`);
  const extra = latent.options.sampledMean ? 1 : 0;
  const both = await mapBatches(ds, (b) => {
    const { mean, logVar } = latent.split(model.encode(b.x, model.conditional ? b.labels : undefined));
    return tf.concat([mean, tf.add(tf.exp(logVar), extra)], 1) as tf.Tensor2D; // [B, 2D]
  });
  const d = both.cols / 2;
  const half = (offset: number): Rows => {
    const values = new Float32Array(both.rows * d);
    for (let i = 0; i < both.rows; i++) values.set(both.values.subarray(i * both.cols + offset, i * both.cols + offset + d), i * d);
    return { values, rows: both.rows, cols: d };
  };
  return { mean: half(0), variance: half(d) };
}

/** The aggregate posterior q(z) = E_x q(z | x) over a data set, summarised per latent dimension. */
export interface AggregatePosterior {
  dims: number;
  /** E_x[mu_d]: the mean of the aggregate posterior. */
  mean: number[];
  /** Var_x(mu_d) + E_x[sigma_d^2]: its variance (law of total variance). */
  variance: number[];
  /** Var_x(mu_d): how much the code's mean moves with the image (the active-unit statistic). */
  meanVariance: number[];
  /** E_x[sigma_d^2]: the average posterior variance; near 1 where the dimension is unused. */
  noiseVariance: number[];
  /** meanVariance > threshold. */
  active: boolean[];
  activeCount: number;
  threshold: number;
}

/**
 * Per-dimension moments of the aggregate posterior of a Gaussian-latent model over `ds` (codes as
 * the forward pass draws them, see {@link drawnPosterior}), with the active dimensions
 * (Var_x(mu_d) > threshold, default 0.01, as in {@link activeUnitsOf}).
 * @example const agg = await aggregatePosterior(vae, test); agg.activeCount // e.g. 25 of 100
 */
export async function aggregatePosterior(
  model: LatentModel,
  ds: ImageDataset,
  options: { threshold?: number } = {},
): Promise<AggregatePosterior> {
  const { threshold = 0.01 } = options;
  if (!(threshold >= 0)) throw new Error(`invalid active-unit threshold: ${threshold} (a non-negative number)`);
  const { mean: mu, variance: sigma2 } = await drawnPosterior(model, ds);
  const { mean, variance: meanVariance } = columnMoments(mu);
  const noiseVariance = columnMoments(sigma2).mean;
  const active = meanVariance.map((v) => v > threshold);
  return {
    dims: mu.cols, mean, meanVariance, noiseVariance, active, threshold,
    variance: meanVariance.map((v, d) => v + noiseVariance[d]),
    activeCount: active.filter(Boolean).length,
  };
}

/** Averages of an {@link AggregatePosterior} over its active and inactive dimensions, for tables and answers. */
export interface AggregateSummary {
  dims: number;
  activeCount: number;
  /** Mean over active dimensions of the aggregate mean, of |mean|, and of the aggregate variance (0 when none is active). */
  activeMean: number;
  activeAbsMean: number;
  activeVariance: number;
  /** Mean over active dimensions of Var_x(mu), the part of the variance that carries the image. */
  activeMeanVariance: number;
  /** Mean aggregate variance of the inactive dimensions (about 1 when they collapsed to the prior; 0 when none). */
  inactiveVariance: number;
}

/** Summarises an aggregate posterior over its active and inactive dimensions. */
export function summarizeAggregate(agg: AggregatePosterior): AggregateSummary {
  const avg = (values: number[], active: boolean) => {
    const picked = values.filter((_, d) => agg.active[d] === active);
    return picked.length ? picked.reduce((s, v) => s + v, 0) / picked.length : 0;
  };
  return {
    dims: agg.dims, activeCount: agg.activeCount,
    activeMean: avg(agg.mean, true), activeAbsMean: avg(agg.mean.map(Math.abs), true),
    activeVariance: avg(agg.variance, true), activeMeanVariance: avg(agg.meanVariance, true),
    inactiveVariance: avg(agg.variance, false),
  };
}

/**
 * How badly codes drawn from a prior miss the region the decoder was trained on:
 *   sum_d KL(N(m_p, v_p) || N(m_d, v_d)) = 1/2 sum_d [v_p / v_d + (m_p - m_d)^2 / v_d - 1 + log(v_d / v_p)]
 * over the active dimensions d (the ones the decoder reads), with (m_p, v_p) the prior's moments and
 * (m_d, v_d) the aggregate posterior's: a Gaussian, moment-matched summary (0 when they agree), in nats.
 * @example priorMismatch(agg, priorMoments(normalPrior(1, { sd: 2 })))
 */
export function priorMismatch(
  agg: AggregatePosterior,
  prior: { mean: number; variance: number },
  options: { dims?: "active" | "all" } = {},
): number {
  if (!(prior.variance > 0)) throw new Error(`invalid prior variance: ${prior.variance} (positive)`);
  const all = options.dims === "all";
  let kl = 0;
  for (let d = 0; d < agg.dims; d++) {
    if (!all && !agg.active[d]) continue;
    const v = agg.variance[d];
    kl += 0.5 * (prior.variance / v + (prior.mean - agg.mean[d]) ** 2 / v - 1 + Math.log(v / prior.variance));
  }
  return kl;
}

/**
 * The root-mean-square size of a prior's codes relative to the encoded codes, over the active
 * dimensions: sqrt(sum_d (v_p + m_p^2) / sum_d (v_d + m_d^2)); 1 when a draw is as large as a code
 * the decoder was trained on. A ReLU decoder's logits grow roughly in proportion to a code far from
 * the origin, so larger draws decode to higher-contrast images and smaller ones to greyer images.
 * @example priorScale(agg, priorMoments(normalPrior(1, { sd: 2 }))) // about 2.2 for codes near N(0, 1)
 */
export function priorScale(
  agg: AggregatePosterior,
  prior: { mean: number; variance: number },
  options: { dims?: "active" | "all" } = {},
): number {
  if (!(prior.variance >= 0)) throw new Error(`invalid prior variance: ${prior.variance} (non-negative)`);
  const all = options.dims === "all";
  let drawn = 0;
  let codes = 0;
  for (let d = 0; d < agg.dims; d++) {
    if (!all && !agg.active[d]) continue;
    drawn += prior.variance + prior.mean ** 2;
    codes += agg.variance[d] + agg.mean[d] ** 2;
  }
  if (codes === 0) throw new Error("priorScale: no active dimension to compare (pass dims: \"all\")");
  return Math.sqrt(drawn / codes);
}
