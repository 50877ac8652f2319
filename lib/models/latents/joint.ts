import * as tf from "@tensorflow/tfjs-core";
import { deriveSeed } from "../../util/random";
import type { ForwardContext } from "../types";
import type { CategoricalLatent } from "./categorical";
import type { GaussianLatent } from "./gaussian";
import type { Latent } from "./types";

/**
 * A continuous and a discrete latent side by side (seeds 000 and 003): the encoder output is
 * [Gaussian params | categorical logits], the code is [z_continuous | z_discrete], and both KL terms
 * are reported (`kl`, `klDiscrete`).
 */
export class JointLatent implements Latent {
  readonly paramSize: number;
  readonly codeSize: number;

  constructor(
    readonly continuous: GaussianLatent,
    readonly discrete: CategoricalLatent,
  ) {
    this.paramSize = continuous.paramSize + discrete.paramSize;
    this.codeSize = continuous.codeSize + discrete.codeSize;
  }

  /** Encoder output [B, paramSize] as the two latents' parameters. */
  split(params: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
    return tf.split(params, [this.continuous.paramSize, this.discrete.paramSize], 1) as [tf.Tensor2D, tf.Tensor2D];
  }

  sample(params: tf.Tensor2D, ctx: ForwardContext) {
    const [pc, pd] = this.split(params);
    const c = this.continuous.sample(pc, { ...ctx, seed: deriveSeed(ctx.seed, "continuous") });
    const d = this.discrete.sample(pd, { ...ctx, seed: deriveSeed(ctx.seed, "discrete") });
    const z = tf.concat([c.z, d.z], 1) as tf.Tensor2D;
    return { z, terms: { ...c.terms, ...d.terms }, perImage: { ...c.perImage, ...d.perImage } };
  }

  mode(params: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const [pc, pd] = this.split(params);
      return tf.concat([this.continuous.mode(pc), this.discrete.mode(pd)], 1) as tf.Tensor2D;
    });
  }

  prior(n: number, seed: number): tf.Tensor2D {
    return tf.tidy(() => {
      const continuous = this.continuous.prior(n, deriveSeed(seed, "continuous"));
      const discrete = this.discrete.prior(n, deriveSeed(seed, "discrete"));
      return tf.concat([continuous, discrete], 1) as tf.Tensor2D;
    });
  }
}
