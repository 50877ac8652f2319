import * as tf from "@tensorflow/tfjs-core";
import type { ReconstructionLoss } from "./losses";

/** The loss terms a model can report, each a per-image mean in nats. */
export type LossTerm = "reconstruction" | "kl" | "klDiscrete";
export const LOSS_TERMS: readonly LossTerm[] = ["reconstruction", "kl", "klDiscrete"];

/** Scalar loss terms of one batch (batch means). */
export type LossTerms = Partial<Record<LossTerm, tf.Scalar>>;

/** The same terms image by image, [B] each; {@link LossTerms} are their means. */
export type PerImageTerms = Partial<Record<LossTerm, tf.Tensor1D>>;

/** Weights of the loss terms in the total. A term without a weight counts once. */
export type LossWeights = Partial<Record<LossTerm, number>>;

/** What every model's forward pass returns, so training, evaluation and plots treat all alike. */
export interface ModelOutput {
  /** Decoder logits, [B, H, W, C]. */
  logits: tf.Tensor4D;
  /** The decoder's mean image in [0, 1] (sigmoid of the logits), [B, H, W, C]. Not the loss term `terms.reconstruction`. */
  decoded: tf.Tensor4D;
  /** The code the decoder received, [B, codeSize]. */
  z: tf.Tensor2D;
  /** The encoder's raw output (latent parameters), [B, paramSize]. */
  params: tf.Tensor2D;
  /** Per-image mean of each loss term of this batch. */
  terms: LossTerms;
  /** Each loss term image by image, [B]: what standard errors over images are computed from. */
  perImage: PerImageTerms;
}

/** Fields every model config shares. Family configs extend it by their own fields. */
export interface BaseModelConfig {
  /** The model family, e.g. `vae`, `conv-vae`; picks the builder. */
  family: string;
  /** Image height, width and channels. MNIST: [28, 28, 1]; coloured MNIST: [28, 28, 3]. */
  imageShape: [number, number, number];
  /** Reconstruction term: `bce` (Bernoulli log-likelihood from logits) or `mse`. Default `bce`. */
  reconstructionLoss: ReconstructionLoss;
  /** Weight of the KL terms in the total (beta-VAE). Default 1; 0 trains a plain autoencoder objective. */
  beta: number;
  /** Number of classes of the conditioning label (0: unconditional). */
  conditionClasses: number;
}

/** Defaults of the shared fields: MNIST images, BCE, beta 1, unconditional. */
export const BASE_DEFAULTS: Readonly<Omit<BaseModelConfig, "family">> = {
  imageShape: [28, 28, 1],
  reconstructionLoss: "bce",
  beta: 1,
  conditionClasses: 0,
};

/** Everything a forward pass needs besides the batch. */
export interface ForwardContext {
  /** Draw the code from the posterior (true), or take the posterior's mode (false: a deterministic pass). */
  sample: boolean;
  /** The layers' training mode (dropout and the like). Training steps set it; evaluation does not. Default false. */
  training?: boolean;
  /** Seed of this pass's noise; derive a new one per step. */
  seed: number;
  /** Global training step, for schedules such as temperature annealing. */
  step?: number;
  /**
   * When this pass sees rows `offset .. offset + B - 1` of a batch of `total` images (data-parallel
   * training splits batches): noise is drawn for the whole batch and these rows taken, so a split
   * batch gets the same noise as the whole one. Default: the pass sees a whole batch.
   */
  rows?: { offset: number; total: number };
}

/** The weighted total of loss terms: sum_t w_t * term_t, weights defaulting to 1. */
export function totalLoss(terms: LossTerms, weights: LossWeights = {}): tf.Scalar {
  return tf.tidy(() => {
    const parts = (Object.keys(terms) as LossTerm[]).map((t) => tf.mul(terms[t]!, weights[t] ?? 1));
    return tf.addN(parts) as tf.Scalar;
  });
}
