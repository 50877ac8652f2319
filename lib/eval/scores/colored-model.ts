import type { ImageDataset } from "../../data/dataset";
import type { LatentModel } from "../../models/model";
import { evaluateByImage, type TermMeans } from "../../train/test-loss";
import { deriveSeed } from "../../util/random";
import { withTotals, type TestTotal } from "../bounds/test-totals";
import type { Classifier } from "../classifier/classifier";
import { latentCodes } from "../codes/codes";
import { latentUsage, type LatentUsage, type LatentUsageOptions } from "../codes/latent-usage";
import {
  coloredReconstructions,
  coloredSampleMetrics,
  type ColoredReconstructionMetrics,
  type ColoredSampleMetrics,
  type ColoredSampleOptions,
} from "../samples/colored-metrics";

/** One model's row of the coloured-MNIST tables. */
export interface ColoredModelMetrics {
  /** Test-set loss terms (nats per image): reconstruction, KL of each part, total with its standard error. */
  loss: TermMeans & TestTotal;
  reconstructions: ColoredReconstructionMetrics;
  /** Prior samples. */
  samples: ColoredSampleMetrics;
  usage: LatentUsage;
}

export interface ColoredModelOptions extends ColoredSampleOptions, LatentUsageOptions {
  /** Prior samples to score. */
  samples: number;
  /** Seed of the test-loss noise and of the prior samples. */
  seed: number;
  /** Images decoded at once. Default 500. */
  batchSize?: number;
}

/**
 * Everything the coloured-MNIST tables hold for one model: test loss, reconstructions, `samples`
 * prior samples drawn with `seed`, and latent usage.
 * @example await coloredModelMetrics(run.model, classifier, test, { samples: 1000, seed: 1 })
 */
export async function coloredModelMetrics(
  model: LatentModel,
  classifier: Classifier,
  test: ImageDataset,
  options: ColoredModelOptions,
): Promise<ColoredModelMetrics> {
  const byImage = await evaluateByImage(model, test, { seed: deriveSeed(options.seed, "test-loss") });
  const loss = withTotals(byImage.means, byImage.total);
  const reconstructions = await coloredReconstructions(model, classifier, test, options);
  const images = model.generate(options.samples, deriveSeed(options.seed, "samples"), undefined, options.batchSize);
  const samples = await coloredSampleMetrics(classifier, images, options).finally(() => images.dispose());
  return { loss, reconstructions, samples, usage: latentUsage(model.latent, await latentCodes(model, test), options) };
}
