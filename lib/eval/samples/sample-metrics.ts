import * as tf from "@tensorflow/tfjs-core";
import type { ImageDataset } from "../../data/dataset";
import { readValues } from "../../backend/read";
import { mapBatches, mapImages } from "../stats/batched";
import type { Classifier } from "../classifier/classifier";
import { classifierOutputs } from "../classifier/outputs";
import { frechetScore, type FrechetInterval } from "../stats/frechet";
import { meanEstimate } from "../stats/uncertainty";

/** How often each class occurs, and how even that is. */
export interface ClassDistribution {
  /** Count per class. */
  counts: number[];
  /** Fraction per class (counts / total). */
  fractions: number[];
  /** Entropy of the fractions, -sum p log p, in nats; log(classes) when uniform. */
  entropy: number;
  /** Entropy / log(classes), in [0, 1]; 1 when uniform. */
  normalizedEntropy: number;
  /** Standard error of the entropy over the samples (delta method: sqrt((sum p log² p - H²) / n)). */
  entropySE: number;
  /** The most frequent class (doc 002's "3 too often"). */
  mode: number;
}

/**
 * Histogram of class indices (e.g. the classifier's predictions for generated samples).
 * @example classDistribution([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).entropy === Math.log(10)
 */
export function classDistribution(classes: ArrayLike<number>, classCount = 10): ClassDistribution {
  if (classes.length === 0) throw new Error("class histogram of no samples");
  const counts = new Array<number>(classCount).fill(0);
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i];
    if (!Number.isInteger(c) || c < 0 || c >= classCount) throw new Error(`invalid class at ${i}: ${c} (0..${classCount - 1})`);
    counts[c]++;
  }
  const fractions = counts.map((n) => n / classes.length);
  const entropy = fractions.reduce((s, p) => s - (p > 0 ? p * Math.log(p) : 0), 0);
  const second = fractions.reduce((s, p) => s + (p > 0 ? p * Math.log(p) ** 2 : 0), 0);
  const entropySE = Math.sqrt(Math.max(second - entropy * entropy, 0) / classes.length);
  return { counts, fractions, entropy, normalizedEntropy: entropy / Math.log(classCount), entropySE, mode: counts.indexOf(Math.max(...counts)) };
}

/** What the classifier says about a set of generated images. */
export interface SampleMetrics {
  samples: number;
  /** Histogram of predicted digits, with its entropy. */
  histogram: ClassDistribution;
  /** Mean over samples of the largest class probability, in [0, 1]. */
  meanConfidence: number;
  /** Its standard error over the samples. */
  confidenceSE: number;
  /** Squared Frechet distance between classifier features of the samples and of `reference` (when given). */
  frechet?: number;
  /** Its bootstrap 95% interval over the samples, when `frechetReplicates` was given. */
  frechetInterval?: FrechetInterval;
}

/** Options of {@link sampleMetrics}. */
export interface SampleMetricsOptions {
  /** Real images (e.g. the test set) the Frechet distance compares with. */
  reference?: ImageDataset;
  /** Bootstrap replicates of the Frechet distance's interval (see `frechetBootstrap`); default none. */
  frechetReplicates?: number;
  /** Seed of the bootstrap. Default 0. */
  seed?: number;
}

/**
 * Class histogram, entropy, mean confidence and (with a reference data set, e.g. test images) the
 * Frechet distance of classifier features, for generated images [N, 28, 28, C].
 * @example await sampleMetrics(classifier, vae.generate(1000, 7), { reference: test })
 */
export async function sampleMetrics(classifier: Classifier, images: tf.Tensor4D, options: SampleMetricsOptions = {}): Promise<SampleMetrics> {
  const { predicted, confidence } = await classifierOutputs(classifier, images);
  const conf = meanEstimate(confidence);
  const histogram = classDistribution(predicted, classifier.config.classes);
  const out: SampleMetrics = { samples: images.shape[0], histogram, meanConfidence: conf.value, confidenceSE: conf.se };
  if (options.reference) {
    const generated = await mapImages(images, (x) => classifier.features(x));
    const real = await mapBatches(options.reference, (b) => classifier.features(b.x));
    Object.assign(out, frechetScore(generated, real, { replicates: options.frechetReplicates, seed: options.seed }));
  }
  return out;
}

/**
 * Conditional accuracy: the fraction of images the classifier assigns to the digit the conditional
 * model was asked for, in [0, 1].
 * @example await conditionalAccuracy(classifier, cvae.generate(100, 3, labels), labels)
 */
export async function conditionalAccuracy(classifier: Classifier, images: tf.Tensor4D, requested: tf.Tensor1D | ArrayLike<number>): Promise<number> {
  const wanted = requested instanceof tf.Tensor ? await readValues(requested) : requested;
  if (wanted.length !== images.shape[0]) throw new Error(`got ${wanted.length} labels for ${images.shape[0]} images`);
  const { predicted } = await classifierOutputs(classifier, images);
  let hits = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === wanted[i]) hits++;
  return hits / predicted.length;
}
