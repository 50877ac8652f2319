import * as tf from "@tensorflow/tfjs-core";
import type { ImageDataset } from "../../data/dataset";
import { readValues } from "../../backend/read";
import { mapBatches, mapImages } from "../stats/batched";
import type { Classifier } from "../classifier/classifier";
import { classifierOutputs } from "../classifier/outputs";
import { frechetScore, type FrechetInterval } from "../stats/frechet";
import { type ClassDistribution } from "./class-balance";
import { classifierVerdict } from "./verdict";

/** What the classifier says about a set of generated images. */
export interface SampleMetrics {
  samples: number;
  /** Histogram of predicted digits, with its entropy. */
  histogram: ClassDistribution;
  /** Mean over samples of the largest class probability, in [0, 1]. */
  meanConfidence: number;
  /** Its standard error over the samples. */
  meanConfidenceSE: number;
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
export async function sampleMetrics(
  classifier: Classifier,
  images: tf.Tensor4D,
  options: SampleMetricsOptions = {},
): Promise<SampleMetrics> {
  const { predicted, confidence } = await classifierOutputs(classifier, images);
  const out: SampleMetrics = classifierVerdict(predicted, confidence, classifier.config.classes);
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
export async function conditionalAccuracy(
  classifier: Classifier,
  images: tf.Tensor4D,
  requested: tf.Tensor1D | ArrayLike<number>,
): Promise<number> {
  const wanted = requested instanceof tf.Tensor ? await readValues(requested) : requested;
  if (wanted.length !== images.shape[0]) throw new Error(`got ${wanted.length} labels for ${images.shape[0]} images`);
  const { predicted } = await classifierOutputs(classifier, images);
  let hits = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === wanted[i]) hits++;
  return hits / predicted.length;
}
