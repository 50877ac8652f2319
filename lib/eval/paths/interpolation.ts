import * as tf from "@tensorflow/tfjs-core";
import type { LatentModel } from "../../models/model";
import type { Classifier } from "../classifier/classifier";
import { classifierOutputs } from "../classifier/outputs";

/** How real each image along a path looks to the classifier. */
export interface PathRealism {
  /** Largest class probability at each point, in [0, 1]. */
  confidence: number[];
  /** Predicted digit at each point. */
  predicted: number[];
  meanConfidence: number;
  /** The least convincing point: where a path leaves the data. */
  minConfidence: number;
}

/**
 * Interpolation realism: the classifier's max-confidence and predicted class at each image of a
 * path [T, 28, 28, C] (e.g. decoded interpolations). Call it on an AE's and a VAE's path between
 * the same two images to compare them.
 * @example (await pathRealism(classifier, vae.decode(path))).meanConfidence
 */
export async function pathRealism(classifier: Classifier, images: tf.Tensor4D): Promise<PathRealism> {
  if (images.shape[0] < 1) throw new Error("path realism of an empty path");
  const { predicted, confidence } = await classifierOutputs(classifier, images);
  const c = Array.from(confidence);
  return {
    confidence: c,
    predicted: Array.from(predicted),
    meanConfidence: c.reduce((s, v) => s + v, 0) / c.length,
    minConfidence: Math.min(...c),
  };
}

/**
 * Decodes a path of codes z [T, codeSize] with `model` and scores it with {@link pathRealism}.
 * @example await decodedPathRealism(classifier, ae, interpolate(zStart, zEnd, 9)) // [9, codeSize] codes
 */
export async function decodedPathRealism(
  classifier: Classifier,
  model: LatentModel,
  codes: tf.Tensor2D,
  labels?: tf.Tensor1D,
): Promise<PathRealism> {
  if (codes.shape[1] !== model.latent.codeSize) {
    throw new Error(`path codes have width ${codes.shape[1]}, the model's code is ${model.latent.codeSize}`);
  }
  const images = model.decode(codes, labels);
  try {
    return await pathRealism(classifier, images);
  } finally {
    images.dispose();
  }
}
