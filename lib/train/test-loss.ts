import * as tf from "@tensorflow/tfjs-core";
import { batches, Binarize } from "../data/batches";
import type { ImageDataset } from "../data/dataset";
import type { LatentModel } from "../models/model";
import { LOSS_TERMS, LossTerm } from "../models/types";
import { readAndDispose } from "../backend/read";
import { deriveSeed } from "../util/random";

/** Per-image means of each loss term over a data set, in nats, and their unweighted sum. */
export type TermMeans = Partial<Record<LossTerm, number>> & { total: number };

export interface EvaluateOptions {
  /** Batch size of the pass; does not change the result beyond float rounding. Default 500. */
  batchSize?: number;
  /** Seed of the latent noise, so the estimate is repeatable. Default 0. */
  seed?: number;
  /** Pixel binarisation, as in training. Default `none`. */
  binarize?: Binarize;
  /**
   * Score a code drawn from the posterior (the usual single-sample ELBO, default true), or the
   * posterior mode (a deterministic reconstruction score).
   */
  sample?: boolean;
}

/** {@link evaluate}'s means with every term image by image, in the data set's order. */
export interface TermsByImage {
  means: TermMeans;
  /** Each term per image, [N]. */
  perImage: Partial<Record<LossTerm, Float32Array>>;
  /** The terms' plain sum per image, [N]: the per-image negative ELBO of a VAE. */
  total: Float64Array;
}

/**
 * Test-set loss: each term's per-image mean, and `total` = their plain sum, which for a VAE is the
 * negative ELBO in nats whatever beta it was trained with.
 * @example const { reconstruction, kl, total } = await evaluate(model, test);
 */
export async function evaluate(model: LatentModel, ds: ImageDataset, options: EvaluateOptions = {}): Promise<TermMeans> {
  return (await evaluateByImage(model, ds, options)).means;
}

/**
 * {@link evaluate} keeping each image's terms, for standard errors over images and for paired
 * comparisons of two models on the same images (`meanEstimate(r.total)`, `pairedDifference`).
 * The means are {@link evaluate}'s, bit for bit.
 * @example meanEstimate((await evaluateByImage(vae, test)).total).se
 */
export async function evaluateByImage(model: LatentModel, ds: ImageDataset, options: EvaluateOptions = {}): Promise<TermsByImage> {
  const { batchSize = 500, seed = 0, binarize = "none", sample = true } = options;
  const sums: Partial<Record<LossTerm, number>> = {};
  const perImage: Partial<Record<LossTerm, Float32Array>> = {};
  const total = new Float64Array(ds.size);
  let step = 0;
  let row = 0;
  for (const batch of batches(ds, { batchSize, shuffle: false, binarize, seed })) {
    let names: LossTerm[] = [];
    let data: Float32Array;
    const n = batch.x.shape[0];
    try {
      const stacked = tf.tidy(() => {
        const out = model.forward(
          { x: batch.x, labels: batch.labels },
          { sample, seed: deriveSeed(seed, "eval", step) },
        );
        names = LOSS_TERMS.filter((t) => out.terms[t]);
        const means = tf.stack(names.map((t) => out.terms[t]!));
        return tf.concat([means, ...names.map((t) => out.perImage[t]!)]);
      });
      data = await readAndDispose(stacked);
    } finally {
      tf.dispose(batch as unknown as tf.Tensor[]);
    }
    names.forEach((t, i) => {
      sums[t] = (sums[t] ?? 0) + data[i] * n;
      const column = data.subarray(names.length + i * n, names.length + (i + 1) * n);
      (perImage[t] ??= new Float32Array(ds.size)).set(column, row);
      for (let j = 0; j < n; j++) total[row + j] += column[j];
    });
    row += n;
    step++;
  }
  const means: TermMeans = { total: 0 };
  for (const t of Object.keys(sums) as LossTerm[]) {
    means[t] = sums[t]! / ds.size;
    means.total += means[t]!;
  }
  return { means, perImage, total };
}
