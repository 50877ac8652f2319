import * as tf from "@tensorflow/tfjs-core";
import { readImages, type ImageValues } from "../../backend/read";
import { codeRows, digitLabels } from "../../models/inputs";
import type { LatentModel } from "../../models/model";
import { activeRegion, grid2d, type Region2d } from "../../models/samplers";
import type { Rows } from "../stats/batched";
import type { Classifier } from "../classifier/classifier";
import { classifierOutputs } from "../classifier/outputs";

/** Options of {@link decodeRegion}. */
export interface DecodeRegionOptions {
  /** Per axis, the quantiles of the codes that bound the region. Default [0.01, 0.99]. */
  quantiles?: [number, number];
  /** Codes per axis of the grid. Default 15. */
  steps?: number;
  /** For a conditional model: the digit every grid point is decoded as. */
  label?: number;
}

/** A 2-D model's active region decoded over a grid and read by the classifier. */
export interface DecodedRegion {
  region: Region2d;
  /** Distinct digits the classifier reads in the grid, and its mean confidence. */
  reading: { digits: number; meanConfidence: number };
  /** The decoded images, row by row from the top (largest z[1]), and the grid's axes. */
  images: ImageValues;
  xs: number[];
  ys: number[];
}

/**
 * Decodes a grid over the region the codes occupy (their `quantiles` per axis) and says what the
 * classifier reads in it: how many different digits, how confidently. For a 2-D latent.
 * @example const r = await lab.decodeRegion(vae, codes, classifier); lab.latentGrid(r.images, { xs: r.xs, ys: r.ys, title })
 */
export async function decodeRegion(
  model: LatentModel,
  codes: Rows,
  classifier: Classifier,
  o: DecodeRegionOptions = {},
): Promise<DecodedRegion> {
  const { quantiles = [0.01, 0.99], steps = 15, label } = o;
  if (codes.cols !== 2) throw new Error(`decodeRegion: codes of width ${codes.cols}; the region is 2-D`);
  const region = activeRegion(codes.values, quantiles);
  const grid = grid2d(region, steps);
  const labels = label === undefined ? undefined : digitLabels(new Array(steps * steps).fill(label));
  const decoded = model.decode(grid.codes, labels);
  try {
    const read = await classifierOutputs(classifier, decoded);
    const meanConfidence = read.confidence.reduce((a, b) => a + b, 0) / read.confidence.length;
    const reading = { digits: new Set(read.predicted).size, meanConfidence };
    return { region, reading, images: await readImages(decoded), xs: grid.xs, ys: grid.ys };
  } finally {
    tf.dispose([grid.codes, decoded, ...(labels ? [labels] : [])]);
  }
}

/**
 * What a 2-D model decodes at the origin, the prior's most likely code, as the classifier reads it.
 * @example await lab.readOrigin(vae, classifier) // { digit: 8, probability: 0.62 }
 */
export async function readOrigin(model: LatentModel, classifier: Classifier): Promise<{ digit: number; probability: number }> {
  const origin = codeRows([[0, 0]]);
  const decoded = model.decode(origin);
  try {
    const read = await classifierOutputs(classifier, decoded);
    return { digit: read.predicted[0], probability: read.confidence[0] };
  } finally {
    tf.dispose([origin, decoded]);
  }
}
