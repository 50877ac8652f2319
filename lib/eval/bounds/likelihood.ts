import * as tf from "@tensorflow/tfjs-core";
import { readAll } from "../../backend/read";
import { batches, Binarize } from "../../data/batches";
import type { ImageDataset } from "../../data/dataset";
import { GaussianLatent } from "../../models/latents/gaussian";
import { bernoulliNll, gaussianKl } from "../../models/losses";
import type { LatentModel } from "../../models/model";
import { checkSeed, deriveSeed } from "../../util/random";

export interface LikelihoodOptions {
  /** Importance samples per image. Default 50; 1 gives a single-sample ELBO with a Monte Carlo KL. */
  k?: number;
  /** Seed of the posterior draws. Sample j of batch b uses `deriveSeed(seed, "iwae", b, j)`, so a
   * run with larger k reuses the draws of a smaller one. Default 0. */
  seed?: number;
  /** Images per pass. Default 250. */
  batchSize?: number;
  /** Pixel binarisation, as in training. Default `none` (grey levels in the Bernoulli likelihood). */
  binarize?: Binarize;
}

/** Per-image means over a data set, in nats. */
export interface LikelihoodEstimate {
  /** The importance-weighted bound log (1/k) sum_j p(x|z_j) p(z_j) / q(z_j|x): a lower bound on log p(x). */
  logLikelihood: number;
  /** The ELBO from the same draws: -(reconstruction + kl), with the KL in closed form. */
  elbo: number;
  /** Mean over the k draws of -log p(x|z_j). */
  reconstruction: number;
  /** KL(q(z|x) || N(0, I)), closed form. */
  kl: number;
  k: number;
  images: number;
  /** The bound for each image, in data set order. */
  perImage: Float32Array;
  /** The ELBO for each image (k-draw reconstruction mean plus the closed-form KL), in data set order. */
  elboPerImage: Float32Array;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Importance-weighted log-likelihood estimate (the IWAE bound) of a Gaussian-latent model with a
 * Bernoulli (`bce`) decoder. It is >= the ELBO and tightens towards log p(x) as k grows.
 * @example const { logLikelihood, elbo } = await logLikelihoodEstimate(vae, test, { k: 50, seed: 1 });
 */
export async function logLikelihoodEstimate(
  model: LatentModel,
  ds: ImageDataset,
  options: LikelihoodOptions = {},
): Promise<LikelihoodEstimate> {
  const { k = 50, seed = 0, batchSize = 250, binarize = "none" } = options;
  if (!Number.isInteger(k) || k < 1) throw new Error(`invalid k: ${k} (a positive integer)`);
  checkSeed(seed);
  const latent = model.latent;
  if (!(latent instanceof GaussianLatent)) throw new Error(`likelihood estimate needs a Gaussian latent, got ${latent.constructor.name}`);
  if (model.config.reconstructionLoss !== "bce") {
    throw new Error(`likelihood estimate needs a bce decoder, got ${model.config.reconstructionLoss}`);
  }
  const perImage = new Float32Array(ds.size);
  const elboPerImage = new Float32Array(ds.size);
  let recSum = 0;
  let klSum = 0;
  let row = 0;
  let b = 0;
  for (const batch of batches(ds, { batchSize, shuffle: false, binarize, seed })) {
    const held: tf.Tensor[] = [batch.x, batch.labels, ...(batch.colors ? [batch.colors] : [])];
    const results = tf.tidy(() => {
      const { mean, logVar } = latent.split(model.encode(batch.x, batch.labels)); // [B, D] each
      const std = tf.exp(tf.mul(0.5, logVar));
      const logQConst = tf.add(tf.sum(logVar, 1), mean.shape[1] * LOG_2PI); // [B]
      const logW: tf.Tensor1D[] = [];
      const recs: tf.Tensor1D[] = [];
      for (let j = 0; j < k; j++) {
        const [lw, nll] = tf.tidy(() => {
          const eps = tf.randomNormal(mean.shape, 0, 1, "float32", deriveSeed(seed, "iwae", b, j));
          const z = tf.add(mean, tf.mul(std, eps)) as tf.Tensor2D;
          const nll = bernoulliNll(batch.x, model.decodeLogits(z, batch.labels)); // -log p(x|z), [B]
          const logPz = tf.mul(-0.5, tf.add(tf.sum(tf.square(z), 1), mean.shape[1] * LOG_2PI));
          const logQz = tf.mul(-0.5, tf.add(tf.sum(tf.square(eps), 1), logQConst));
          return [tf.sub(tf.sub(logPz, logQz), nll) as tf.Tensor1D, nll];
        });
        logW.push(lw);
        recs.push(nll);
      }
      const w = tf.stack(logW); // [k, B]
      // log (1/k) sum_j exp(logW_j), stably: tf.logSumExp subtracts the max before exp
      const bound = tf.sub(tf.logSumExp(w, 0), Math.log(k));
      const rec = tf.mean(tf.stack(recs), 0);
      return [bound, rec, gaussianKl(mean, logVar)];
    });
    held.push(...results);
    const [bound, rec, kl] = await readAll(results).finally(() => tf.dispose(held));
    perImage.set(bound, row);
    for (let i = 0; i < bound.length; i++) {
      recSum += rec[i];
      klSum += kl[i];
      elboPerImage[row + i] = -(rec[i] + kl[i]);
    }
    row += bound.length;
    b++;
  }
  const reconstruction = recSum / ds.size;
  const kl = klSum / ds.size;
  const logLikelihood = perImage.reduce((s, v) => s + v, 0) / ds.size;
  return { logLikelihood, elbo: -(reconstruction + kl), reconstruction, kl, k, images: ds.size, perImage, elboPerImage };
}
