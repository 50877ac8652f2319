import * as tf from "@tensorflow/tfjs-core";
import type { ForwardContext, LossTerms, PerImageTerms } from "../types";

/**
 * A latent layer: turns the encoder's output (its parameters) into the code the decoder reads, and
 * reports its own KL terms. Gaussian, categorical (Gumbel-softmax), deterministic and joint latents
 * implement it, so one forward pass serves every model.
 */
export interface Latent {
  /** Width of the encoder output this latent reads, e.g. 2 * dim for a Gaussian. */
  readonly paramSize: number;
  /** Width of the code handed to the decoder. */
  readonly codeSize: number;
  /** Draws a code from the posterior (`ctx.sample`) or takes its mode, with KL terms (batch means and per image). */
  sample(params: tf.Tensor2D, ctx: ForwardContext): { z: tf.Tensor2D; terms: LossTerms; perImage: PerImageTerms };
  /** The posterior's most likely code (Gaussian mean, one-hot argmax), [B, codeSize]. */
  mode(params: tf.Tensor2D): tf.Tensor2D;
  /** `n` codes drawn from the prior with `seed`, [n, codeSize]. */
  prior(n: number, seed: number): tf.Tensor2D;
}
