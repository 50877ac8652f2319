import type { ImageDataset } from "../data/dataset";
import type { LatentModel } from "../models/model";
import { evaluate } from "../train/test-loss";
import { activeUnits } from "./active-units";
import { argmaxRows, mapBatches } from "./batched";
import type { Classifier } from "./classifier";
import type { GaussianStats } from "./frechet";
import { modelSampleMetrics } from "./generation";

/** A generative model's reconstructions and samples in one row of numbers (for a metrics table). */
export interface GenerativeSummary {
  /** Reconstruction error of the data set at the posterior mode (no sampling), nats per image. */
  reconstruction: number;
  /** KL(q(z|x) || p(z)) per image, nats; null for a model without one (an autoencoder). */
  kl: number | null;
  /** Latent dimensions the encoder uses (variance of the posterior mean > 0.01), and how many there are. */
  activeUnits: number;
  dims: number;
  /** Fraction of images whose reconstruction the classifier reads as the image's own digit, in [0, 1]. */
  reconstructionAccuracy: number;
  /** Frechet distance of the classifier's features of prior samples to the reference's, and its bootstrap standard error. */
  frechet: number;
  frechetSE: number;
  /** The classifier's mean confidence on prior samples, in [0, 1]. */
  sampleConfidence: number;
  /** Entropy of the samples' predicted digits over log(10), in [0, 1]: 1 when all digits are equally common. */
  sampleClassEntropy: number;
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
export async function generativeSummary(classifier: Classifier, model: LatentModel, ds: ImageDataset, options: GenerativeSummaryOptions): Promise<GenerativeSummary> {
  const loss = await evaluate(model, ds, { sample: false });
  const predicted = argmaxRows(await mapBatches(ds, (b) => classifier.classify(model.decode(model.embed(b.x)))));
  let hits = 0;
  for (let i = 0; i < ds.size; i++) hits += +(predicted[i] === ds.labels[i]);
  const units = await activeUnits(model, ds);
  const { count, seed, reference, frechetReplicates = 30 } = options;
  const samples = await modelSampleMetrics(classifier, model, { count, seed, reference, frechetReplicates });
  return {
    reconstruction: loss.reconstruction!,
    kl: loss.kl ?? null,
    activeUnits: units.count,
    dims: units.dims,
    reconstructionAccuracy: hits / ds.size,
    frechet: samples.frechet!,
    frechetSE: samples.frechetInterval!.se,
    sampleConfidence: samples.meanConfidence,
    sampleClassEntropy: samples.histogram.normalizedEntropy,
  };
}
