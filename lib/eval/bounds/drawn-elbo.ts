import type { ImageDataset } from "../../data/dataset";
import type { LatentModel } from "../../models/model";
import { evaluateByImage, EvaluateOptions } from "../../train/test-loss";
import { drawnPosterior } from "../codes/aggregate-posterior";
import { withTotals, type TestTotal } from "./test-totals";

/** A negative ELBO whose KL belongs to the distribution the codes were really drawn from; nats per image. */
export interface DrawnElbo extends TestTotal {
  /** Mean of -log p(x | z) with z drawn as the forward pass draws it. */
  reconstruction: number;
  /** KL(q'(z | x) || N(0, I)) of the drawing distribution q', closed form. */
  kl: number;
  /** reconstruction + kl: a true negative ELBO, an upper bound on -log p(x) for a `bce` decoder. */
  total: number;
  /** The KL term the training loss uses, KL(N(mu, sigma^2) || N(0, I)). Equal to `kl` for a plain VAE. */
  klAsTrained: number;
}

/**
 * The test-set negative ELBO of a Gaussian-latent model with the KL of the distribution its forward
 * pass draws z from. For a plain VAE that is `evaluate`'s total. Doc 002's sampled-mean variant draws
 * z ~ N(mu, sigma^2 + 1) but trains with KL(N(mu, sigma^2) || N(0, I)), so its trained loss is not
 * a bound: per dimension the true KL exceeds the trained one by 1/2 (1 - log(1 + 1 / sigma^2)),
 * which is positive where sigma^2 > 1 / (e - 1) and negative below. Same options (seed, batch size)
 * as {@link evaluate}.
 * @example compareTotals(await drawnElbo(sampledMeanVae, test), await drawnElbo(vae, test)).verdict
 */
export async function drawnElbo(model: LatentModel, ds: ImageDataset, options: EvaluateOptions = {}): Promise<DrawnElbo> {
  const { means: loss, perImage } = await evaluateByImage(model, ds, { ...options, sample: true });
  if (loss.kl === undefined || loss.reconstruction === undefined) {
    throw new Error(`drawnElbo needs a model with a Gaussian KL term, got terms ${Object.keys(loss).join(", ")}`);
  }
  const { mean, variance } = await drawnPosterior(model, ds);
  const totals = Float64Array.from(perImage.reconstruction!);
  let kl = 0;
  for (let i = 0; i < mean.values.length; i++) {
    const m = mean.values[i];
    const v = variance.values[i];
    const term = 0.5 * (v + m * m - 1 - Math.log(v)); // KL(N(m, v) || N(0, 1)) of one coordinate
    kl += term;
    totals[Math.floor(i / mean.cols)] += term;
  }
  kl /= mean.rows;
  return withTotals({ reconstruction: loss.reconstruction, kl, total: loss.reconstruction + kl, klAsTrained: loss.kl }, totals);
}
