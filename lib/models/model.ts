import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import { reconstructionTerm } from "./fused-losses";
import type { Latent } from "./latents/types";
import type { BaseModelConfig, ForwardContext, LossWeights, ModelOutput } from "./types";

/** Codes decoded at once by {@link LatentModel.generate}: 500 conv-decoded images take about 100 MB of activations. */
export const GENERATE_CHUNK = 500;

/** The inputs of a forward pass: images and, for conditional models, their digits. */
export interface ModelInput {
  /** Images in [0, 1], [B, H, W, C]. */
  x: tf.Tensor4D;
  /** Digits, int32 [B]; required when the model is conditional. */
  labels?: tf.Tensor1D;
}

/**
 * Every model of the zoo: an encoder network, a latent layer and a decoder network, with one forward
 * pass. Families differ only in the networks and the latent they are built with.
 */
export class LatentModel<C extends BaseModelConfig = BaseModelConfig> {
  constructor(
    readonly config: C,
    readonly encoder: tfl.LayersModel,
    readonly latent: Latent,
    readonly decoder: tfl.LayersModel,
  ) {
    const width = encoder.outputs[0].shape[1];
    if (width !== latent.paramSize) {
      throw new Error(`${config.family}: encoder output width ${width} does not match the latent's ${latent.paramSize}`);
    }
  }

  /** Whether the encoder and decoder also read a one-hot label. */
  get conditional(): boolean {
    return this.config.conditionClasses > 0;
  }

  /** Encoder output (latent parameters), [B, paramSize]. */
  encode(x: tf.Tensor4D, labels?: tf.Tensor1D, training = false): tf.Tensor2D {
    return tf.tidy(() => this.encoder.apply(this.withLabel(x, labels), { training }) as tf.Tensor2D);
  }

  /** The posterior's mode for each image (e.g. the Gaussian mean), [B, codeSize]. */
  embed(x: tf.Tensor4D, labels?: tf.Tensor1D): tf.Tensor2D {
    return tf.tidy(() => this.latent.mode(this.encode(x, labels)));
  }

  /** Decoder logits for codes z [B, codeSize], [B, H, W, C]. */
  decodeLogits(z: tf.Tensor2D, labels?: tf.Tensor1D, training = false): tf.Tensor4D {
    return tf.tidy(() => this.decoder.apply(this.withLabel(z, labels), { training }) as tf.Tensor4D);
  }

  /** Decoded mean images in [0, 1] for codes z, [B, H, W, C]. */
  decode(z: tf.Tensor2D, labels?: tf.Tensor1D): tf.Tensor4D {
    return tf.tidy(() => tf.sigmoid(this.decodeLogits(z, labels)));
  }

  /**
   * `n` images decoded from codes drawn from the latent prior (one draw of all n codes), decoded at
   * most `chunk` at a time: a conv decoder's activations for 10,000 images would take gigabytes of
   * a wasm heap that never shrinks. Each image is decoded on its own rows, so the chunk size changes
   * no bit.
   */
  generate(n: number, seed: number, labels?: tf.Tensor1D, chunk = GENERATE_CHUNK): tf.Tensor4D {
    const codes = this.latent.prior(n, seed);
    if (n <= chunk) {
      try {
        return this.decode(codes, labels);
      } finally {
        codes.dispose();
      }
    }
    const parts: tf.Tensor4D[] = [];
    try {
      for (let start = 0; start < n; start += chunk) {
        const m = Math.min(chunk, n - start);
        parts.push(tf.tidy(() => this.decode(tf.slice(codes, [start, 0], [m, -1]), labels && tf.slice(labels, [start], [m]))));
      }
      return tf.concat(parts) as tf.Tensor4D;
    } finally {
      tf.dispose([codes, ...parts]);
    }
  }

  /** The forward pass shared by every model: encode, draw a code, decode, score. */
  forward(input: ModelInput, ctx: ForwardContext): ModelOutput {
    return tf.tidy(() => {
      const params = this.encode(input.x, input.labels, ctx.training ?? false);
      const { z, terms, perImage } = this.latent.sample(params, ctx);
      const logits = this.decodeLogits(z, input.labels, ctx.training ?? false);
      const recPerImage = reconstructionTerm(this.config.reconstructionLoss, input.x, logits);
      const reconstruction = tf.mean(recPerImage) as tf.Scalar;
      const decoded = tf.sigmoid(logits) as tf.Tensor4D;
      return { logits, decoded, z, params, terms: { reconstruction, ...terms }, perImage: { reconstruction: recPerImage, ...perImage } };
    });
  }

  /** Default weights of the loss terms: beta on every KL term. */
  lossWeights(): LossWeights {
    return { reconstruction: 1, kl: this.config.beta, klDiscrete: this.config.beta };
  }

  /** Trainable variables of encoder and decoder, in a fixed order. */
  variables(): tf.Variable[] {
    return [...this.encoder.trainableWeights, ...this.decoder.trainableWeights].map((w) => w.read() as tf.Variable);
  }

  /** Copies of all weights (the caller disposes them), encoder first, in the order {@link setWeights} takes. */
  getWeights(): tf.Tensor[] {
    return [...this.encoder.getWeights(), ...this.decoder.getWeights()].map((w) => tf.clone(w));
  }

  /** Replaces all weights; shapes must match {@link getWeights}. */
  setWeights(weights: tf.Tensor[]): void {
    const n = this.encoder.weights.length;
    if (weights.length !== n + this.decoder.weights.length) {
      throw new Error(`${this.config.family}: got ${weights.length} weight tensors, expected ${n + this.decoder.weights.length}`);
    }
    this.encoder.setWeights(weights.slice(0, n));
    this.decoder.setWeights(weights.slice(n));
  }

  /** Number of trainable parameters. */
  countParams(): number {
    return this.encoder.countParams() + this.decoder.countParams();
  }

  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
  }

  private withLabel(t: tf.Tensor, labels?: tf.Tensor1D): tf.Tensor | tf.Tensor[] {
    if (!this.conditional) return t;
    if (!labels) throw new Error(`${this.config.family} is conditional: pass the digit labels`);
    return [t, tf.cast(tf.oneHot(labels, this.config.conditionClasses), "float32")];
  }
}
