import * as tf from "@tensorflow/tfjs-core";
import { readArray } from "../../backend/read";
import type { ImageDataset } from "../../data/dataset";
import { imagesAt, type ImagePair } from "../../data/pick";
import type { LatentModel } from "../../models/model";
import { interpolate } from "../../models/samplers";
import type { Classifier } from "../classifier/classifier";
import { decodedPathRealism } from "./interpolation";
import { meanEstimate, type Estimate } from "../stats/uncertainty";

export interface PathOptions {
  /** Images along the path, both ends included. Default 10. */
  steps?: number;
  /** `linear` (the straight line between the codes, default) or `spherical`. */
  mode?: "linear" | "spherical";
}

/**
 * The codes of a pair's two images (posterior modes: Gaussian means, autoencoder codes) and `steps`
 * codes on the path between them, [steps, codeSize]. Unconditional models only.
 * @example const codes = await pathCodes(vae, test, pair); // [10, 2]
 */
export async function pathCodes(model: LatentModel, ds: ImageDataset, pair: ImagePair, options: PathOptions = {}): Promise<tf.Tensor2D> {
  const { steps = 10, mode = "linear" } = options;
  if (model.conditional) throw new Error(`pathCodes: ${model.config.family} is conditional; interpolate codes with their labels instead`);
  const ends = tf.tidy(() => model.embed(imagesAt(ds, [pair.start, pair.end])));
  const [a, b] = await readArray(ends).finally(() => ends.dispose());
  return interpolate(a, b, steps, mode);
}

/**
 * The decoded path between a pair's images, [steps, H, W, C]: what an interpolation strip shows.
 * @example interpolationStrip([
 *   { label: "AE", images: await decodedPath(ae, test, pair) },
 *   { label: "VAE", images: await decodedPath(vae, test, pair) },
 * ])
 */
export async function decodedPath(model: LatentModel, ds: ImageDataset, pair: ImagePair, options: PathOptions = {}): Promise<tf.Tensor4D> {
  const codes = await pathCodes(model, ds, pair, options);
  try {
    return model.decode(codes);
  } finally {
    codes.dispose();
  }
}

/** Path realism summarised over many pairs (see {@link pathRealism}). */
export interface PathsRealism {
  pairs: number;
  steps: number;
  /** Mean classifier confidence over the interior points of every path (both ends left out), in [0, 1]. */
  meanConfidence: number;
  /** Mean over paths of each path's least confident interior point, in [0, 1]. */
  meanMinConfidence: number;
  /** Fraction of interior points the classifier reads as the start or the end digit, in [0, 1]. */
  endpointDigitShare: number;
  /** Mean confidence at each step over the paths, ends included, [steps]. */
  byStep: number[];
  /** Each pair's mean interior confidence, in the pairs' order: compare two models pair by pair. */
  perPair: number[];
  /** {@link meanConfidence} as the mean over pairs, with its standard error and 95% interval. */
  confidence: Estimate;
}

/**
 * Interpolation realism of a model over many pairs: each pair's codes joined by a path, decoded and
 * read by the classifier. Compare an autoencoder and a VAE on the same pairs.
 * @example (await pathsRealism(classifier, vae, test, randomPairs(test.labels, 50, 1))).meanConfidence
 */
export async function pathsRealism(
  classifier: Classifier,
  model: LatentModel,
  ds: ImageDataset,
  pairs: ImagePair[],
  options: PathOptions = {},
): Promise<PathsRealism> {
  const { steps = 10 } = options;
  if (pairs.length === 0) throw new Error("pathsRealism: no pairs");
  if (!Number.isInteger(steps) || steps < 3) {
    throw new Error(`invalid path steps: ${steps} (an integer >= 3, so a path has interior points)`);
  }
  const byStep = new Array<number>(steps).fill(0);
  let interior = 0;
  let minSum = 0;
  let endpointHits = 0;
  const perPair: number[] = [];
  for (const pair of pairs) {
    const codes = await pathCodes(model, ds, pair, options);
    const r = await decodedPathRealism(classifier, model, codes).finally(() => codes.dispose());
    r.confidence.forEach((c, i) => (byStep[i] += c / pairs.length));
    const inner = r.confidence.slice(1, -1);
    interior += inner.reduce((s, c) => s + c, 0);
    perPair.push(inner.reduce((s, c) => s + c, 0) / inner.length);
    minSum += Math.min(...inner);
    endpointHits += r.predicted.slice(1, -1).filter((d) => d === pair.digits[0] || d === pair.digits[1]).length;
  }
  const points = pairs.length * (steps - 2);
  return {
    pairs: pairs.length,
    steps,
    meanConfidence: interior / points,
    meanMinConfidence: minSum / pairs.length,
    endpointDigitShare: endpointHits / points,
    byStep,
    perPair,
    confidence: meanEstimate(perPair),
  };
}
