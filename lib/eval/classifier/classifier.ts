import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { deriveSeed } from "../../util/random";

/** The evaluation classifier's architecture: a small CNN over 28x28 grey digits. */
export interface ClassifierConfig {
  family: "mnist-cnn";
  /** Filters of each 3x3 "same" convolution, each followed by ReLU and 2x2 max-pooling. Default [16, 32]. */
  filters: number[];
  /** Width of the dense ReLU layer whose activations are the features. Default 128. */
  featureUnits: number;
  /** Number of classes. Default 10. */
  classes: number;
}

/** The default classifier: conv 16 -> pool -> conv 32 -> pool -> dense 128 -> 10 (about 0.2M weights). */
export function classifierConfig(overrides: Partial<Omit<ClassifierConfig, "family">> = {}): ClassifierConfig {
  return { family: "mnist-cnn", filters: [16, 32], featureUnits: 128, classes: 10, ...overrides };
}

/**
 * A digit classifier for evaluating generated images. Any image is first made grey (max over
 * channels), so coloured MNIST is classified by digit.
 * @example const probs = classifier.classify(model.generate(100, 1)); // [100, 10]
 */
export class Classifier {
  constructor(
    readonly config: ClassifierConfig,
    /** Images [B, 28, 28, 1] -> features [B, featureUnits]. */
    readonly trunk: tfl.LayersModel,
    /** Features -> class logits [B, classes]. */
    readonly head: tfl.LayersModel,
  ) {}

  /** Class logits, [B, classes]. */
  logits(images: tf.Tensor4D, training = false): tf.Tensor2D {
    return tf.tidy(() => this.head.apply(this.features(images, training), { training }) as tf.Tensor2D);
  }

  /** Penultimate-layer activations (after ReLU), [B, featureUnits]. */
  features(images: tf.Tensor4D, training = false): tf.Tensor2D {
    return tf.tidy(() => this.trunk.apply(toGray(images), { training }) as tf.Tensor2D);
  }

  /** Class probabilities (softmax of the logits), [B, classes]; rows sum to 1. */
  classify(images: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => tf.softmax(this.logits(images)));
  }

  /** Trainable variables, trunk first. */
  variables(): tf.Variable[] {
    return [...this.trunk.trainableWeights, ...this.head.trainableWeights].map((w) => w.read() as tf.Variable);
  }

  getWeights(): tf.Tensor[] {
    return [...this.trunk.getWeights(), ...this.head.getWeights()].map((w) => tf.clone(w));
  }

  setWeights(weights: tf.Tensor[]): void {
    const n = this.trunk.weights.length;
    if (weights.length !== n + this.head.weights.length) {
      throw new Error(`classifier: got ${weights.length} weight tensors, expected ${n + this.head.weights.length}`);
    }
    this.trunk.setWeights(weights.slice(0, n));
    this.head.setWeights(weights.slice(n));
  }

  dispose(): void {
    this.trunk.dispose();
    this.head.dispose();
  }
}

/** Grey images for the classifier: 1 channel kept, else the max over channels. [B,H,W,C] -> [B,H,W,1] */
export function toGray(images: tf.Tensor4D): tf.Tensor4D {
  if (images.rank !== 4) throw new Error(`classifier expects images [B, H, W, C], got shape ${JSON.stringify(images.shape)}`);
  return images.shape[3] === 1 ? images : tf.max(images, 3, true);
}

/** Builds the classifier with seeded Glorot-uniform weights. */
export function buildClassifier(config: ClassifierConfig, seed: number): Classifier {
  if (config.family !== "mnist-cnn") throw new Error(`unknown classifier family: ${config.family} (mnist-cnn)`);
  if (config.filters.length < 1 || config.filters.some((f) => !Number.isInteger(f) || f < 1)) {
    throw new Error(`invalid classifier filters: ${config.filters.join(",")}`);
  }
  const init = (name: string) => tfl.initializers.glorotUniform({ seed: deriveSeed(seed, "classifier", name) });
  const input = tfl.input({ shape: [28, 28, 1], name: "classifier_input" });
  let h: tfl.SymbolicTensor = input;
  config.filters.forEach((filters, i) => {
    const conv = tfl.layers.conv2d({
      name: `classifier_conv${i + 1}`, filters, kernelSize: 3, padding: "same", activation: "relu", kernelInitializer: init(`conv${i + 1}`),
    });
    h = tfl.layers.maxPooling2d({ name: `classifier_pool${i + 1}`, poolSize: 2 }).apply(conv.apply(h)) as tfl.SymbolicTensor;
  });
  h = tfl.layers.flatten({ name: "classifier_flatten" }).apply(h) as tfl.SymbolicTensor;
  const featureLayer = tfl.layers.dense({
    name: "classifier_features", units: config.featureUnits, activation: "relu", kernelInitializer: init("features"),
  });
  const features = featureLayer.apply(h) as tfl.SymbolicTensor;
  const trunk = tfl.model({ inputs: input, outputs: features, name: "classifier_trunk" });
  const featureInput = tfl.input({ shape: [config.featureUnits], name: "classifier_head_input" });
  const logitLayer = tfl.layers.dense({ name: "classifier_logits", units: config.classes, kernelInitializer: init("logits") });
  const logits = logitLayer.apply(featureInput) as tfl.SymbolicTensor;
  const head = tfl.model({ inputs: featureInput, outputs: logits, name: "classifier_head" });
  return new Classifier(config, trunk, head);
}
