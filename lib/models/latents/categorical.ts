import * as tf from "@tensorflow/tfjs-core";
import { categoricalKl } from "../losses";
import type { ForwardContext } from "../types";
import { Rng } from "../../util/random";
import type { Latent } from "./types";
import { rowNoise } from "./noise";

export interface CategoricalLatentOptions {
  /** N: number of categorical variables. Doc 000: 3; doc 003: 5 or 6. */
  count: number;
  /** K: classes of each variable. Doc 000: 20; doc 003: 25 or 65. */
  classes: number;
  /** Gumbel-softmax temperature at step 0. Doc 000: 1. */
  temperature: number;
  /**
   * Annealing rate r: at training step t the temperature is max(minTemperature, temperature * exp(-r t)).
   * Default 0 (constant).
   */
  annealRate?: number;
  /** Floor of the annealed temperature. Default 0.5. */
  minTemperature?: number;
  /** Straight-through: the decoder sees one-hot samples, gradients flow through the soft ones. Default false. */
  hard?: boolean;
}

/** The largest float32 below 1. */
const ONE_BELOW = 1 - 2 ** -24;

/**
 * Gumbel(0, 1) noise from uniform draws: -log(-log u). A draw within 2^-25 of 1 rounds to 1.0 in
 * float32 (about once in 30 million), where the noise is infinite and the step's loss NaN, so u is
 * kept at or below the largest float32 under 1; no other draw changes.
 */
export function gumbelFromUniform(u: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.neg(tf.log(tf.neg(tf.log(tf.minimum(u, ONE_BELOW))))));
}

/**
 * Draws relaxed one-hot samples y = softmax((logits + g) / tau), g ~ Gumbel(0, 1).
 * logits: [B, N, K] -> [B, N, K]; rows sum to 1. `rows` as in {@link ForwardContext.rows}.
 */
export function gumbelSoftmax(
  logits: tf.Tensor3D,
  temperature: number,
  seed: number,
  hard = false,
  rows?: ForwardContext["rows"],
): tf.Tensor3D {
  return tf.tidy(() => {
    const u = rowNoise(logits.shape, rows, (shape) => tf.randomUniform(shape, 1e-10, 1, "float32", seed));
    const gumbel = gumbelFromUniform(u);
    const y = tf.softmax(tf.div(tf.add(logits, gumbel), temperature)) as tf.Tensor3D;
    return hard ? straightThrough(y) : y;
  });
}

/** One-hot of the argmax in the forward pass, identity in the backward pass. [B, N, K] -> [B, N, K] */
const straightThrough = tf.customGrad(((y: tf.Tensor) => ({
  value: tf.cast(tf.oneHot(tf.argMax(y, -1), y.shape[y.shape.length - 1]), "float32"),
  gradFunc: (dy: tf.Tensor) => dy,
})) as unknown as Parameters<typeof tf.customGrad>[0]) as (y: tf.Tensor3D) => tf.Tensor3D;

/** N categorical variables of K classes each, relaxed with Gumbel-softmax, uniform prior. */
export class CategoricalLatent implements Latent {
  readonly paramSize: number;
  readonly codeSize: number;

  constructor(readonly options: CategoricalLatentOptions) {
    const { count, classes, temperature } = options;
    if (!Number.isInteger(count) || count < 1) throw new Error(`invalid categorical count: ${count}`);
    if (!Number.isInteger(classes) || classes < 2) throw new Error(`invalid categorical classes: ${classes} (at least 2)`);
    if (!(temperature > 0)) throw new Error(`invalid temperature: ${temperature} (positive)`);
    this.paramSize = count * classes;
    this.codeSize = count * classes;
  }

  /** The temperature at a training step, following the annealing schedule. */
  temperatureAt(step = 0): number {
    const { temperature, annealRate = 0, minTemperature = 0.5 } = this.options;
    return annealRate > 0 ? Math.max(minTemperature, temperature * Math.exp(-annealRate * step)) : temperature;
  }

  /** Encoder output [B, N*K] as logits [B, N, K]. */
  logits(params: tf.Tensor2D): tf.Tensor3D {
    return tf.reshape(params, [-1, this.options.count, this.options.classes]);
  }

  sample(params: tf.Tensor2D, ctx: ForwardContext) {
    const logits = this.logits(params);
    const klPerImage = categoricalKl(logits);
    const klDiscrete = tf.mean(klPerImage) as tf.Scalar;
    const perImage = { klDiscrete: klPerImage };
    if (!ctx.sample) return { z: this.mode(params), terms: { klDiscrete }, perImage };
    const y = gumbelSoftmax(logits, this.temperatureAt(ctx.step), ctx.seed, this.options.hard, ctx.rows);
    return { z: tf.reshape(y, [-1, this.codeSize]) as tf.Tensor2D, terms: { klDiscrete }, perImage };
  }

  mode(params: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const hot = tf.oneHot(tf.argMax(this.logits(params), -1), this.options.classes);
      return tf.reshape(tf.cast(hot, "float32"), [-1, this.codeSize]);
    });
  }

  /** One-hot codes with every variable's class drawn uniformly, [n, N*K]. */
  prior(n: number, seed: number): tf.Tensor2D {
    const rng = new Rng(seed);
    const idx = Int32Array.from({ length: n * this.options.count }, () => rng.int(this.options.classes));
    return tf.tidy(() => tf.reshape(tf.cast(tf.oneHot(tf.tensor1d(idx, "int32"), this.options.classes), "float32"), [n, this.codeSize]));
  }
}
