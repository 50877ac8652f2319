import type { ImageDataset } from "../../data/dataset";
import type { LatentModel } from "../../models/model";
import { evaluateByImage } from "../../train/test-loss";
import { activeUnits } from "../codes/active-units";
import { argmaxRows, mapBatches } from "../stats/batched";
import type { Classifier } from "../classifier/classifier";
import type { GaussianStats } from "../stats/frechet";
import { modelSampleMetrics } from "../samples/generation";
import { compareEstimates, estimateOf, meanEstimate, type Comparison } from "../stats/uncertainty";

/** A generative model's reconstructions and samples in one row of numbers (for a metrics table). */
export interface GenerativeSummary {
  /** Reconstruction error of the data set at the posterior mode (no sampling), nats per image. */
  reconstruction: number;
  /** Its standard error over the images. */
  reconstructionSE: number;
  /** KL(q(z|x) || p(z)) per image, nats; null for a model without one (an autoencoder). */
  kl: number | null;
  /** Its standard error over the images; null without a KL. */
  klSE: number | null;
  /** Latent dimensions the encoder uses (variance of the posterior mean > 0.01), and how many there are. */
  activeUnits: number;
  dims: number;
  /** Of those dimensions, how many are active and how many inactive beyond their 95% intervals. */
  clearlyActive: number;
  clearlyInactive: number;
  /** Fraction of images whose reconstruction the classifier reads as the image's own digit, in [0, 1]. */
  reconstructionAccuracy: number;
  /** Frechet distance of the classifier's features of prior samples to the reference's, and its bootstrap standard error. */
  frechet: number;
  frechetSE: number;
  /** The classifier's mean confidence on prior samples, in [0, 1]. */
  meanConfidence: number;
  /** Entropy of the samples' predicted digits over log(10), in [0, 1]: 1 when all digits are equally common. */
  normalizedClassEntropy: number;
  /** Standard errors of the two over the samples. */
  meanConfidenceSE: number;
  normalizedClassEntropySE: number;
}

export interface GenerativeSummaryOptions {
  /** The features of real images the samples are compared with (see `featureStats`). */
  reference: GaussianStats;
  /** Prior samples drawn. Default 1000. */
  count?: number;
  /** Seed of the prior samples. Default 0. */
  seed?: number;
  /** Bootstrap replicates of the Frechet distance's standard error. Default 30. */
  frechetReplicates?: number;
}

/**
 * Reconstruction error, KL, active units and the classifier's verdicts on reconstructions and on prior
 * samples of an unconditional model, over a data set.
 * @example metricsFrame([{ name: "AE", metrics: await generativeSummary(classifier, ae, test, { reference }) }])
 */
export async function generativeSummary(
  classifier: Classifier,
  model: LatentModel,
  ds: ImageDataset,
  options: GenerativeSummaryOptions,
): Promise<GenerativeSummary> {
  const { means: loss, perImage } = await evaluateByImage(model, ds, { sample: false });
  const predicted = argmaxRows(await mapBatches(ds, (b) => classifier.classify(model.decode(model.embed(b.x)))));
  let hits = 0;
  for (let i = 0; i < ds.size; i++) hits += +(predicted[i] === ds.labels[i]);
  const units = await activeUnits(model, ds);
  const { count, seed, reference, frechetReplicates = 30 } = options;
  const samples = await modelSampleMetrics(classifier, model, { count, seed, reference, frechetReplicates });
  return {
    reconstruction: loss.reconstruction!,
    reconstructionSE: meanEstimate(perImage.reconstruction!).se,
    kl: loss.kl ?? null,
    klSE: perImage.kl ? meanEstimate(perImage.kl).se : null,
    activeUnits: units.count,
    dims: units.dims,
    clearlyActive: units.clearlyActive,
    clearlyInactive: units.clearlyInactive,
    reconstructionAccuracy: hits / ds.size,
    frechet: samples.frechet!,
    frechetSE: samples.frechetInterval!.se,
    meanConfidence: samples.meanConfidence,
    normalizedClassEntropy: samples.histogram.normalizedClassEntropy,
    meanConfidenceSE: samples.meanConfidenceSE,
    normalizedClassEntropySE: samples.histogram.classEntropySE / Math.log(10),
  };
}

/** The measures of a {@link GenerativeSummary} that carry a standard error. */
export type SummaryMeasure = "reconstruction" | "kl" | "frechet" | "meanConfidence" | "normalizedClassEntropy";

/**
 * Two models' summaries compared on one measure at 95%, from their standard errors (independent
 * samples): `higher` when a's value is higher beyond the interval. Throws one line for a measure a
 * summary lacks (the KL of an autoencoder).
 * @example compareSummaries(beta10, tuned, "reconstruction") // "higher": beta = 10 reconstructs worse
 */
export function compareSummaries(a: GenerativeSummary, b: GenerativeSummary, measure: SummaryMeasure): Comparison {
  const estimate = (s: GenerativeSummary) => {
    const value = s[measure];
    const se = s[`${measure}SE`];
    if (value === null || se === null) throw new Error(`compareSummaries: a summary has no ${measure}`);
    return estimateOf(value, se, 1);
  };
  return compareEstimates(estimate(a), estimate(b));
}
