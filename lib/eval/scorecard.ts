import type { ImageDataset } from "../data/dataset";
import { subset } from "../data/dataset";
import { digitLabels } from "../models/inputs";
import { GaussianLatent } from "../models/latents/gaussian";
import type { TrainedModel } from "../train/run";
import { evaluate } from "../train/test-loss";
import { deriveSeed } from "../util/random";
import type { Classifier } from "./classifier";
import { logLikelihoodEstimate } from "./likelihood";
import { conditionalAccuracy, sampleMetrics } from "./sample-metrics";

export interface ScorecardOptions {
  /** The evaluation classifier that judges samples drawn from the prior. */
  classifier: Classifier;
  /** Test images: the loss is averaged over all of them; they are the Frechet distance's reference. */
  test: ImageDataset;
  /** Images (the first of `test`) the importance-weighted bound averages over. Default 500. */
  boundImages?: number;
  /** Importance samples per image of the bound. Default 50. */
  k?: number;
  /** Images drawn from the prior for the classifier's metrics; a conditional model gets digits 0-9 in turn. Default 1000. */
  samples?: number;
  /** Seed of the loss's, the bound's and the samples' draws. Default 0. */
  seed?: number;
}

/** One model's scores on the test set and on samples from its prior, all per image. */
export interface Scorecard {
  /** Test reconstruction term, KL term and their sum (the negative single-sample ELBO), nats. */
  reconstruction: number;
  kl: number;
  total: number;
  /** Importance-weighted lower bound on log p(x) over the first `boundImages` test images, nats (negative); Gaussian-latent models with a `bce` decoder only. */
  logLikelihood?: number;
  /** Mean training seconds per epoch and training images per second, as the run recorded them. */
  secondsPerEpoch: number;
  imagesPerSecond: number;
  /** Mean largest class probability the classifier gives a sample, in [0, 1]. */
  confidence: number;
  /** Entropy of the histogram of the samples' predicted digits, nats (log 10 = 2.303 when even). */
  classEntropy: number;
  /** Squared Frechet distance between the classifier features of samples and of test images. */
  frechet: number;
  /** Conditional models: the share of samples the classifier reads as the digit they were drawn for. */
  conditionalAccuracy?: number;
}

/**
 * Scores a trained model the same way as any other, for a comparison table: test loss terms, the
 * importance-weighted bound, training speed, and the classifier's view of samples from the prior.
 * @example metricsFrame([{ name: "dense", metrics: await scorecard(dense, { classifier, test }) }])
 */
export async function scorecard(trained: TrainedModel, o: ScorecardOptions): Promise<Scorecard> {
  const { boundImages = 500, k = 50, samples = 1000, seed = 0 } = o;
  if (!Number.isInteger(samples) || samples < 2) throw new Error(`invalid samples: ${samples} (an integer >= 2)`);
  const { model, history } = trained;
  const loss = await evaluate(model, o.test, { seed });
  const bound = model.config.reconstructionLoss === "bce" && model.latent instanceof GaussianLatent
    ? (await logLikelihoodEstimate(model, subset(o.test, { size: Math.min(boundImages, o.test.size) }), { k, seed })).logLikelihood
    : undefined;
  const labels = model.conditional ? digitLabels(Array.from({ length: samples }, (_, i) => i % 10)) : undefined;
  const images = model.generate(samples, deriveSeed(seed, "samples"), labels);
  try {
    const m = await sampleMetrics(o.classifier, images, { reference: o.test });
    const epochs = history.epochs.length;
    return {
      reconstruction: loss.reconstruction ?? NaN,
      kl: loss.kl ?? 0,
      total: loss.total,
      ...(bound === undefined ? {} : { logLikelihood: bound }),
      secondsPerEpoch: epochs > 0 ? history.last!.trainSeconds / epochs : NaN,
      imagesPerSecond: trained.samplesPerSecond,
      confidence: m.meanConfidence,
      classEntropy: m.histogram.entropy,
      frechet: m.frechet!,
      ...(labels ? { conditionalAccuracy: await conditionalAccuracy(o.classifier, images, labels) } : {}),
    };
  } finally {
    images.dispose();
    labels?.dispose();
  }
}
