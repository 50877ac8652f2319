import type * as tf from "@tensorflow/tfjs-core";
import { readValues } from "../../backend/read";
import type { ImageDataset } from "../../data/dataset";
import { imagesAt } from "../../data/pick";
import type { LatentModel } from "../../models/model";
import { checkSeed, deriveSeed } from "../../util/random";
import { mapBatches } from "../stats/batched";
import type { Classifier } from "../classifier/classifier";
import { classifierOutputs } from "../classifier/outputs";
import { frechetScore, gaussianStats, GaussianStats } from "../stats/frechet";
import type { SampleMetrics } from "./sample-metrics";
import { classifierVerdict } from "./verdict";

/**
 * The Gaussian fitted to the classifier's features of a data set: the reference side of a Frechet
 * distance, computed once and reused for every model compared against it.
 * @example const real = await featureStats(classifier, validation);
 */
export async function featureStats(classifier: Classifier, ds: ImageDataset): Promise<GaussianStats> {
  return gaussianStats(await mapBatches(ds, (b) => classifier.features(b.x)));
}

export interface ModelSampleOptions {
  /** Number of images drawn from the model's prior. Default 1000. */
  count?: number;
  /** Seed of the prior draws. Default 0. */
  seed?: number;
  /** Real images, or their {@link featureStats}, to measure the Frechet distance against. */
  reference?: ImageDataset | GaussianStats;
  /** Images per pass. Default 500. */
  batchSize?: number;
  /** Bootstrap replicates of the Frechet distance's interval (`frechetBootstrap`); default none. */
  frechetReplicates?: number;
}

/**
 * {@link SampleMetrics} of `count` images decoded from the model's prior (N(0, I) for Gaussian
 * latents and, by convention, for autoencoders), generated in batches with nothing left allocated.
 * Unconditional models only.
 * @example (await modelSampleMetrics(classifier, vae, { count: 2000, seed: 1, reference: await featureStats(classifier, test) })).frechet
 */
export async function modelSampleMetrics(
  classifier: Classifier,
  model: LatentModel,
  options: ModelSampleOptions = {},
): Promise<SampleMetrics> {
  const { count = 1000, seed = 0 } = options;
  checkSeed(seed);
  if (model.conditional) {
    throw new Error(`modelSampleMetrics: ${model.config.family} is conditional; use conditionalAccuracy with chosen labels`);
  }
  return await scoreImages(classifier, count, (start, n, b) => model.generate(n, deriveSeed(seed, "samples", b)), options);
}

/**
 * The same measures for real images, the first `count` of a data set (default all): the classifier's
 * confidence and class histogram on real digits, the yardstick for generated ones.
 * @example (await datasetSampleMetrics(classifier, test, { count: 2000 })).meanConfidence // e.g. 0.99
 */
export async function datasetSampleMetrics(
  classifier: Classifier,
  ds: ImageDataset,
  options: Omit<ModelSampleOptions, "seed"> = {},
): Promise<SampleMetrics> {
  const count = options.count ?? ds.size;
  if (count > ds.size) throw new Error(`invalid image count: ${count} (the data set has ${ds.size})`);
  return await scoreImages(classifier, count, (start, n) => imagesAt(ds, Array.from({ length: n }, (_, i) => start + i)), options);
}

/** Classifier predictions, confidences and (with a reference) features of images made batch by batch. */
async function scoreImages(
  classifier: Classifier,
  count: number,
  make: (start: number, n: number, batch: number) => tf.Tensor4D,
  options: ModelSampleOptions,
): Promise<SampleMetrics> {
  const { batchSize = 500, reference } = options;
  if (!Number.isInteger(count) || count < 2) throw new Error(`invalid sample count: ${count} (an integer >= 2)`);
  const width = classifier.config.featureUnits;
  const predicted = new Int32Array(count);
  const features = new Float32Array(reference ? count * width : 0);
  const confidence = new Float32Array(count);
  for (let start = 0, b = 0; start < count; start += batchSize, b++) {
    const images = make(start, Math.min(batchSize, count - start), b);
    try {
      const out = await classifierOutputs(classifier, images);
      predicted.set(out.predicted, start);
      confidence.set(out.confidence, start);
      if (reference) {
        const f = classifier.features(images);
        try {
          features.set(await readValues(f), start * width);
        } finally {
          f.dispose();
        }
      }
    } finally {
      images.dispose();
    }
  }
  const metrics: SampleMetrics = classifierVerdict(predicted, confidence, classifier.config.classes);
  if (reference) {
    const stats = "cov" in reference ? reference : await featureStats(classifier, reference);
    const rows = { values: features, rows: count, cols: width };
    Object.assign(metrics, frechetScore(rows, stats, { replicates: options.frechetReplicates, seed: options.seed }));
  }
  return metrics;
}
