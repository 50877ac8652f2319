import type * as tf from "@tensorflow/tfjs-core";
import type { ImageDataset } from "../../data/dataset";
import type { PriorSamples } from "../../models/priors";
import type { Classifier } from "../classifier/classifier";
import { classifierOutputs } from "../classifier/outputs";
import { readings } from "../classifier/readings";
import { mapBatches, mapImages } from "../stats/batched";
import { frechetScore, gaussianStats, GaussianStats } from "../stats/frechet";
import { classBalance, type ClassDistribution } from "./class-balance";
import type { SampleMetrics } from "./sample-metrics";
import { classifierVerdict } from "./verdict";

/** What the classifier says about real images, computed once and compared with every sample set. */
export interface SampleReference {
  images: number;
  /** Gaussian fitted to the classifier's features of the real images (for the Frechet distance). */
  features: GaussianStats;
  /** Histogram of the classifier's predictions on the real images. */
  histogram: ClassDistribution;
  /** Mean largest class probability on the real images, in [0, 1]. */
  meanConfidence: number;
}

/**
 * Classifier features, predicted classes and confidence of a real data set (e.g. the test set),
 * so scoring many sample sets does not recompute them.
 * @example const reference = await sampleReference(classifier, data.test);
 */
export async function sampleReference(classifier: Classifier, ds: ImageDataset): Promise<SampleReference> {
  const { predicted, confidence } = readings(await mapBatches(ds, (b) => classifier.classify(b.x)));
  const features = gaussianStats(await mapBatches(ds, (b) => classifier.features(b.x)));
  const { histogram, meanConfidence } = classifierVerdict(predicted, confidence, classifier.config.classes);
  return { images: ds.size, features, histogram, meanConfidence };
}

/** Options of {@link scoreSamples}: bootstrap replicates of the Frechet distance's interval (default none) and their seed. */
export interface ScoreSamplesOptions {
  frechetReplicates?: number;
  seed?: number;
}

/**
 * {@link sampleMetrics} of generated images against a precomputed reference: class histogram,
 * mean confidence and the squared Frechet distance of classifier features to the reference's.
 * @example (await scoreSamples(classifier, vae.generate(2000, 1), reference)).frechet
 */
export async function scoreSamples(
  classifier: Classifier,
  images: tf.Tensor4D,
  reference: SampleReference,
  options: ScoreSamplesOptions = {},
): Promise<SampleMetrics> {
  const { predicted, confidence } = await classifierOutputs(classifier, images);
  const features = await mapImages(images, (x) => classifier.features(x));
  return {
    ...classifierVerdict(predicted, confidence, classifier.config.classes),
    ...frechetScore(features, reference.features, { replicates: options.frechetReplicates, seed: options.seed }),
  };
}

/** One sample set's scores as flat fields for a table or `lab.record`. */
export interface SampleSummary {
  samples: number;
  /** Entropy of the class histogram, nats (log 10 = 2.303 when uniform). */
  classEntropy: number;
  /** Entropy / log(classes), in [0, 1]. */
  normalizedClassEntropy: number;
  meanConfidence: number;
  /** Squared Frechet distance of classifier features to the reference set, and its bootstrap standard error when measured. */
  frechet: number;
  frechetSE?: number;
  /** Standard errors of the entropy and the mean confidence over the samples. */
  classEntropySE: number;
  meanConfidenceSE: number;
  /** The most frequent class and its share of the samples. */
  mode: number;
  modeShare: number;
  /** Classes above `ratio` times the uniform share, e.g. "3, 8", or "none". */
  over: string;
  /** Classes below the uniform share divided by `ratio`, or "none". */
  under: string;
  /** Share of each class, in [0, 1]. */
  fractions: number[];
}

/**
 * Flattens sample metrics (with a Frechet distance) into a {@link SampleSummary}; over- and
 * under-represented classes by {@link classBalance} with `ratio` (default 1.5).
 */
export function summarizeSamples(m: SampleMetrics, options: { ratio?: number } = {}): SampleSummary {
  if (m.frechet === undefined) throw new Error("summarizeSamples needs metrics with a Frechet distance (score them against a reference)");
  const h = m.histogram;
  const balance = classBalance(h.fractions, options);
  const list = (classes: number[]) => (classes.length ? classes.join(", ") : "none");
  return {
    samples: m.samples, classEntropy: h.classEntropy, normalizedClassEntropy: h.normalizedClassEntropy,
    meanConfidence: m.meanConfidence, frechet: m.frechet, ...(m.frechetInterval ? { frechetSE: m.frechetInterval.se } : {}),
    classEntropySE: h.classEntropySE, meanConfidenceSE: m.meanConfidenceSE, mode: h.mode, modeShare: h.fractions[h.mode],
    over: list(balance.over), under: list(balance.under), fractions: h.fractions,
  };
}

/** One prior's samples scored: its label, full metrics and the flat summary. */
export interface ScoredPrior {
  label: string;
  metrics: SampleMetrics;
  summary: SampleSummary;
}

/**
 * Scores each prior's samples (from `priorSamples`) against the reference.
 * @example await scorePriorSamples(classifier, priorSamples(vae, priors, { n: 2000, seed: 0 }), reference)
 */
export async function scorePriorSamples(
  classifier: Classifier,
  draws: PriorSamples[],
  reference: SampleReference,
  options: { ratio?: number } & ScoreSamplesOptions = {},
): Promise<ScoredPrior[]> {
  const scored: ScoredPrior[] = [];
  for (const d of draws) {
    const metrics = await scoreSamples(classifier, d.images, reference, options);
    scored.push({ label: d.label, metrics, summary: summarizeSamples(metrics, options) });
  }
  return scored;
}
