import type { ImageDataset } from "../data/dataset";
import type { Classifier } from "../eval/classifier/classifier";
import type { GaussianStats } from "../eval/stats/frechet";
import { modelSampleMetrics } from "../eval/samples/generation";
import type { TrainedModel } from "../train/run";
import { evaluate } from "../train/test-loss";

/** Options of {@link scoreBeta} and {@link betaSearch}. */
export interface BetaSearchOptions {
  /** Trains (or loads) the VAE with weight `beta` on its KL term. */
  fit: (beta: number) => Promise<TrainedModel>;
  classifier: Classifier;
  /** Held-out images: their classifier features judge the samples, their reconstruction error is reported. */
  validation: ImageDataset;
  /** The held-out images' feature statistics (`featureStats`). */
  features: GaussianStats;
  /** Prior samples scored per β, and their seed. */
  samples: number;
  seed: number;
  /** Bootstrap replicates of each Frechet distance. Default 30. */
  replicates?: number;
}

/** One β of the search: its model, the Frechet distance of its samples (with a bootstrap standard error) and its reconstruction error. */
export interface BetaScore {
  beta: number;
  run: TrainedModel;
  frechet: number;
  frechetSE: number;
  /** Validation reconstruction error of the posterior mode, nats per image. */
  reconstruction: number;
}

/**
 * Trains the VAE with `beta` and scores it for the search: its prior samples against the held-out
 * digits (Frechet distance, the criterion) and its reconstruction error on them.
 * @example const doc = await lab.scoreBeta(0.075, o)
 */
export async function scoreBeta(beta: number, o: BetaSearchOptions): Promise<BetaScore> {
  const run = await o.fit(beta);
  const sampling = { count: o.samples, seed: o.seed, reference: o.features, frechetReplicates: o.replicates ?? 30 };
  const m = await modelSampleMetrics(o.classifier, run.model, sampling);
  const reconstruction = (await evaluate(run.model, o.validation, { sample: false })).reconstruction!;
  return { beta, run, frechet: m.frechet!, frechetSE: m.frechetInterval!.se, reconstruction };
}

/**
 * The β search: every β of `betas` scored in turn ({@link scoreBeta}), and the one whose samples are
 * closest to the held-out digits.
 * @example const { grid, best } = await lab.betaSearch([0, 0.1, 1, 10], o)
 */
export async function betaSearch(betas: readonly number[], o: BetaSearchOptions): Promise<{ grid: BetaScore[]; best: BetaScore }> {
  if (betas.length === 0) throw new Error("betaSearch: no β to try");
  const grid: BetaScore[] = [];
  for (const beta of betas) grid.push(await scoreBeta(beta, o));
  return { grid, best: grid.reduce((a, b) => (b.frechet < a.frechet ? b : a)) };
}
