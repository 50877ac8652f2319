import type { ImageDataset } from "../../data/dataset";
import { subset } from "../../data/dataset";
import { digitLabels } from "../../models/inputs";
import { GaussianLatent } from "../../models/latents/gaussian";
import type { TrainedModel } from "../../train/run";
import { evaluate } from "../../train/test-loss";
import { deriveSeed } from "../../util/random";
import type { Classifier } from "../classifier/classifier";
import { logLikelihoodEstimate, type LikelihoodEstimate } from "../bounds/likelihood";
import { keepPerImage } from "./score-compare";
import { meanEstimate } from "../stats/uncertainty";
import { conditionalAccuracy, sampleMetrics } from "../samples/sample-metrics";

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
  /** Bootstrap replicates of the Frechet distance's interval. Default 50. */
  frechetReplicates?: number;
}

/** One model's scores on the test set and on samples from its prior, all per image. */
export interface Scorecard {
  /** Test reconstruction term, KL term and their sum (the negative single-sample ELBO), nats. */
  reconstruction: number;
  kl: number;
  total: number;
  /**
   * Standard error of `total` over the test images: the spread of the per-image ELBOs on the
   * bound's images, over √(test images). Gaussian-latent models with a `bce` decoder only.
   */
  totalSE?: number;
  /**
   * Importance-weighted lower bound on log p(x) (k = `boundK` draws) averaged over the first
   * `boundImages` test images, nats (negative), under the Bernoulli likelihood of grey levels: not
   * comparable with binarised-MNIST figures. Gaussian-latent models with a `bce` decoder only.
   */
  iwBound?: number;
  iwBoundSE?: number;
  boundK?: number;
  boundImages?: number;
  /** Test images the total is averaged over, and prior samples the classifier judged. */
  testImages: number;
  samples: number;
  /** Mean training seconds per epoch and training images per second, as the run recorded them. */
  secondsPerEpoch: number;
  imagesPerSecond: number;
  /** Mean largest class probability the classifier gives a sample, in [0, 1], and its standard error. */
  meanConfidence: number;
  meanConfidenceSE: number;
  /** Entropy of the histogram of the samples' predicted digits, nats (log 10 = 2.303 when even). */
  classEntropy: number;
  /** Squared Frechet distance between the classifier features of samples and of test images. */
  frechet: number;
  /** Bootstrap 95% interval of `frechet` over the samples. */
  frechetLow: number;
  frechetHigh: number;
  /** Conditional models: the share of samples the classifier reads as the digit they were drawn for. */
  conditionalAccuracy?: number;
}

/**
 * Scores a trained model the same way as any other, for a comparison table: test loss terms, the
 * importance-weighted bound, training speed, and the classifier's view of samples from the prior.
 * @example metricsFrame([{ name: "dense", metrics: await scorecard(dense, { classifier, test }) }])
 */
export async function scorecard(trained: TrainedModel, o: ScorecardOptions): Promise<Scorecard> {
  const { boundImages = 500, k = 50, samples = 1000, seed = 0, frechetReplicates = 50 } = o;
  if (!Number.isInteger(samples) || samples < 2) throw new Error(`invalid samples: ${samples} (an integer >= 2)`);
  const { model, history } = trained;
  const loss = await evaluate(model, o.test, { seed });
  const withBound = model.config.reconstructionLoss === "bce" && model.latent instanceof GaussianLatent;
  const bound = withBound
    ? await logLikelihoodEstimate(model, subset(o.test, { size: Math.min(boundImages, o.test.size) }), { k, seed })
    : undefined;
  const labels = model.conditional ? digitLabels(Array.from({ length: samples }, (_, i) => i % 10)) : undefined;
  const images = model.generate(samples, deriveSeed(seed, "samples"), labels);
  try {
    const m = await sampleMetrics(o.classifier, images, { reference: o.test, frechetReplicates, seed: deriveSeed(seed, "frechet") });
    const epochs = history.epochs.length;
    const card: Scorecard = {
      reconstruction: loss.reconstruction ?? NaN,
      kl: loss.kl ?? 0,
      total: loss.total,
      testImages: o.test.size,
      samples,
      ...(bound ? boundFields(bound, o.test.size) : {}),
      secondsPerEpoch: epochs > 0 ? history.last!.trainSeconds / epochs : NaN,
      imagesPerSecond: trained.samplesPerSecond,
      meanConfidence: m.meanConfidence,
      meanConfidenceSE: m.meanConfidenceSE,
      classEntropy: m.histogram.classEntropy,
      frechet: m.frechet!,
      frechetLow: m.frechetInterval!.low,
      frechetHigh: m.frechetInterval!.high,
      ...(labels ? { conditionalAccuracy: await conditionalAccuracy(o.classifier, images, labels) } : {}),
    };
    if (bound) keepPerImage(card, { elbo: bound.elboPerImage, bound: bound.perImage, testImages: o.test.size });
    return card;
  } finally {
    images.dispose();
    labels?.dispose();
  }
}

function boundFields(b: LikelihoodEstimate, testImages: number): Partial<Scorecard> {
  const elbo = meanEstimate(b.elboPerImage);
  const iw = meanEstimate(b.perImage);
  const totalSE = elbo.se * Math.sqrt(b.images / testImages);
  return { totalSE, iwBound: b.logLikelihood, iwBoundSE: iw.se, boundK: b.k, boundImages: b.images };
}
