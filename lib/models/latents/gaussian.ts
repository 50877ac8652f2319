import * as tf from "@tensorflow/tfjs-core";
import { gaussianKlTerm } from "../fused-losses";
import type { ForwardContext } from "../types";
import { rowNoise } from "./noise";
import type { Latent } from "./types";

export interface GaussianLatentOptions {
  /** Number of latent dimensions. */
  dim: number;
  /**
   * Doc 002's variant: before the usual draw z = m + s * eps, the mean itself is drawn as
   * m ~ N(mu, 1). Default false.
   */
  sampledMean?: boolean;
}

/** Diagonal Gaussian posterior N(mu, diag(exp(logVar))) with a standard normal prior. */
export class GaussianLatent implements Latent {
  readonly paramSize: number;
  readonly codeSize: number;

  constructor(readonly options: GaussianLatentOptions) {
    if (!Number.isInteger(options.dim) || options.dim < 1) throw new Error(`invalid latent dim: ${options.dim}`);
    this.paramSize = 2 * options.dim;
    this.codeSize = options.dim;
  }

  /** Splits encoder output [B, 2D] into mean and log-variance, each [B, D]. */
  split(params: tf.Tensor2D): { mean: tf.Tensor2D; logVar: tf.Tensor2D } {
    const [mean, logVar] = tf.split(params, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return { mean, logVar };
  }

  sample(params: tf.Tensor2D, ctx: ForwardContext) {
    const { mean, logVar } = this.split(params);
    const klPerImage = gaussianKlTerm(mean, logVar);
    const kl = tf.mean(klPerImage) as tf.Scalar;
    const perImage = { kl: klPerImage };
    if (!ctx.sample) return { z: mean, terms: { kl }, perImage };
    const [b, d] = mean.shape;
    let center: tf.Tensor2D = mean;
    const normal = (seed: number) => rowNoise([b, d], ctx.rows, (shape) => tf.randomNormal(shape, 0, 1, "float32", seed));
    if (this.options.sampledMean) center = tf.add(mean, normal(ctx.seed + 1));
    const eps = normal(ctx.seed);
    const z = tf.add(center, tf.mul(tf.exp(tf.mul(0.5, logVar)), eps)) as tf.Tensor2D;
    return { z, terms: { kl }, perImage };
  }

  mode(params: tf.Tensor2D): tf.Tensor2D {
    return this.split(params).mean;
  }

  prior(n: number, seed: number): tf.Tensor2D {
    return tf.randomNormal([n, this.codeSize], 0, 1, "float32", seed);
  }
}

/** The autoencoder's latent: the code is the encoder output itself, with no KL term. */
export class DeterministicLatent implements Latent {
  readonly paramSize: number;
  readonly codeSize: number;

  constructor(readonly dim: number) {
    if (!Number.isInteger(dim) || dim < 1) throw new Error(`invalid latent dim: ${dim}`);
    this.paramSize = dim;
    this.codeSize = dim;
  }

  sample(params: tf.Tensor2D) {
    return { z: params, terms: {}, perImage: {} };
  }

  mode(params: tf.Tensor2D): tf.Tensor2D {
    return params;
  }

  /** An autoencoder has no prior; this draws from N(0, I), which is what doc 004 shows fails. */
  prior(n: number, seed: number): tf.Tensor2D {
    return tf.randomNormal([n, this.codeSize], 0, 1, "float32", seed);
  }
}
