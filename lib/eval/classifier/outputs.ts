import type * as tf from "@tensorflow/tfjs-core";
import { mapImages, type Rows } from "../stats/batched";
import type { Classifier } from "./classifier";
import { readings } from "./readings";

/**
 * The classifier's probabilities of images [N, classes], gathered in batches (read asynchronously),
 * with each image's predicted class and that class's probability (its confidence).
 * @example const { predicted, confidence } = await classifierOutputs(classifier, vae.generate(100, 1));
 */
export async function classifierOutputs(
  classifier: Classifier,
  images: tf.Tensor4D,
): Promise<{ probs: Rows; predicted: Int32Array; confidence: Float32Array }> {
  const probs = await mapImages(images, (x) => classifier.classify(x));
  return { probs, ...readings(probs) };
}
