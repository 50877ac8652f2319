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

/**
 * Test-set loss: each term's per-image mean, and `total` = their plain sum, which for a VAE is the
 * negative ELBO in nats whatever beta it was trained with.
 * @example const { reconstruction, kl, total } = await evaluate(model, test);
 */
export async function evaluate(model: LatentModel, ds: ImageDataset, options: EvaluateOptions = {}): Promise<TermMeans> {
  const { batchSize = 500, seed = 0, binarize = "none", sample = true } = options;
  const sums: Partial<Record<LossTerm, number>> = {};
  let step = 0;
  for (const batch of batches(ds, { batchSize, shuffle: false, binarize, seed })) {
    let names: LossTerm[] = [];
    let data: Float32Array;
    try {
      const stacked = tf.tidy(() => {
        const out = model.forward(
          { x: batch.x, labels: batch.labels },
          { sample, seed: deriveSeed(seed, "eval", step) },
        );
        names = LOSS_TERMS.filter((t) => out.terms[t]);
        return tf.stack(names.map((t) => out.terms[t]!));
      });
      data = await readAndDispose(stacked);
    } finally {
      tf.dispose(batch as unknown as tf.Tensor[]);
    }
    const n = batch.x.shape[0];
    names.forEach((t, i) => (sums[t] = (sums[t] ?? 0) + data[i] * n));
    step++;
  }
  const means: TermMeans = { total: 0 };
  for (const t of Object.keys(sums) as LossTerm[]) {
    means[t] = sums[t]! / ds.size;
    means.total += means[t]!;
  }
  return means;
}
