import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import type { LayerArgs } from "@tensorflow/tfjs-layers/dist/engine/topology";

export interface ColumnsArgs extends LayerArgs {
  /** First column kept. */
  start: number;
  /** Number of columns kept. */
  size: number;
}

/** Keeps columns [start, start + size) of a [B, D] input: splits a joint code inside a network. */
export class Columns extends tfl.layers.Layer {
  static readonly className = "VaeLabColumns";
  readonly start: number;
  readonly size: number;

  constructor(args: ColumnsArgs) {
    super(args);
    if (!Number.isInteger(args.start) || args.start < 0 || !Number.isInteger(args.size) || args.size < 1) {
      throw new Error(`invalid columns: start ${args.start}, size ${args.size}`);
    }
    this.start = args.start;
    this.size = args.size;
  }

  override computeOutputShape(inputShape: tfl.Shape): tfl.Shape {
    return [inputShape[0], this.size];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return tf.slice(x, [0, this.start], [-1, this.size]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), start: this.start, size: this.size };
  }
}
tf.serialization.registerClass(Columns);
