import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import type { LayerArgs } from "@tensorflow/tfjs-layers/dist/engine/topology";

export interface MeanOfProbabilitiesArgs extends LayerArgs {
  /** Clamp of the mean probability away from 0 and 1 before the logit. Default 1e-6. */
  epsilon?: number;
}

/**
 * Averages several decoders' images and returns the logits of the average (doc 000's joint decoder:
 * the output is the mean of the two decoders' images):
 *   p = mean_i sigmoid(l_i),  out = log p - log(1 - p)      l_i: [B, H, W, C] -> [B, H, W, C]
 */
export class MeanOfProbabilities extends tfl.layers.Layer {
  static readonly className = "VaeLabMeanOfProbabilities";
  readonly epsilon: number;

  constructor(args: MeanOfProbabilitiesArgs = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-6;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const logits = Array.isArray(inputs) ? inputs : [inputs];
      const p = tf.clipByValue(tf.div(tf.addN(logits.map((l) => tf.sigmoid(l))), logits.length), this.epsilon, 1 - this.epsilon);
      return tf.sub(tf.log(p), tf.log1p(tf.neg(p)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(MeanOfProbabilities);
