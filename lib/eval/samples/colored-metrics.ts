import * as tf from "@tensorflow/tfjs-core";
import { batches } from "../../data/batches";
import type { ImageDataset } from "../../data/dataset";
import type { LatentModel } from "../../models/model";
import type { Classifier } from "../classifier/classifier";
import { classifierOutputs } from "../classifier/outputs";
import { compareEstimates, meanEstimate, shareEstimate, type Comparison } from "../stats/uncertainty";
import { StrokeColorMatch, strokeColorMatches, StrokeColorOptions } from "./color";
import { classDistribution } from "./class-balance";

/** How well reconstructions keep each image's digit and colour. */
export interface ColoredReconstructionMetrics {
  images: number;
  /** Fraction of reconstructions the classifier reads as the original's digit. */
  digitAccuracy: number;
  /** Fraction whose stroke colour is the original's palette colour. */
  colorAccuracy: number;
  /** Fraction right on both. */
  jointAccuracy: number;
  /** Mean stroke saturation (1: pure hue; washed-out, whitish strokes lower), and its standard error over images. */
  saturation: number;
  saturationSE: number;
}

/**
 * Digit and colour accuracy of reconstructions from the posterior mode, decode(embed(x)), against
 * each image's digit and palette colour (coloured MNIST).
 * @example (await coloredReconstructions(model, classifier, test)).colorAccuracy
 */
export async function coloredReconstructions(
  model: LatentModel,
  classifier: Classifier,
  ds: ImageDataset,
  options: StrokeColorOptions & { batchSize?: number } = {},
): Promise<ColoredReconstructionMetrics> {
  if (!ds.colors) throw new Error(`coloredReconstructions needs coloured images (${ds.spec.source} has no colours)`);
  let digit = 0;
  let color = 0;
  let both = 0;
  const saturations: number[] = [];
  let row = 0;
  for (const b of batches(ds, { batchSize: options.batchSize ?? 500, shuffle: false })) {
    const labels = model.conditional ? b.labels : undefined;
    const images = tf.tidy(() => model.decode(model.embed(b.x, labels), labels));
    let predicted: Int32Array;
    let matches: StrokeColorMatch[];
    try {
      ({ predicted } = await classifierOutputs(classifier, images));
      matches = await strokeColorMatches(images, options);
    } finally {
      tf.dispose([images, b.x, b.labels, ...(b.colors ? [b.colors] : [])]);
    }
    predicted.forEach((p, i) => {
      const d = p === ds.labels[row + i];
      const c = matches[i].color === ds.colors![row + i];
      digit += +d;
      color += +c;
      both += +(d && c);
      saturations.push(matches[i].saturation);
    });
    row += predicted.length;
  }
  const saturation = meanEstimate(saturations);
  return { images: row, digitAccuracy: digit / row, colorAccuracy: color / row, jointAccuracy: both / row,
    saturation: saturation.value, saturationSE: saturation.se };
}

export interface ColoredSampleOptions extends StrokeColorOptions {
  /** A digit counts as recognisable when the classifier's top probability is at least this. Default 0.9. */
  minConfidence?: number;
  /** A colour counts as a clean palette colour within this chromaticity distance of it (see `strokeColorMatch`). Default 0.25. */
  maxDistance?: number;
}

/** What the classifier and the colour measure say about unlabelled coloured images (e.g. prior samples). */
export interface ColoredSampleMetrics {
  samples: number;
  /** Fraction with a recognisable digit. */
  confidentDigits: number;
  /** Fraction with a clean palette colour. */
  paletteColors: number;
  /** Normalised entropy of the predicted digits and of the measured colours (1: all equally often). */
  normalizedClassEntropy: number;
  normalizedColorEntropy: number;
  /** Mean stroke saturation, and its standard error over the images. */
  saturation: number;
  saturationSE: number;
  /** Distinct (digit, colour) pairs among images that are recognisable and clean, of digits x palette colours (80). */
  combinations: number;
}

/**
 * Recognisable digits, clean colours, their spread and the digit-colour combinations reached, for
 * coloured images [N, 28, 28, 3]. Real test images set the scale.
 * @example (await coloredSampleMetrics(classifier, model.generate(1000, 7))).combinations
 */
export async function coloredSampleMetrics(
  classifier: Classifier,
  images: tf.Tensor4D,
  options: ColoredSampleOptions = {},
): Promise<ColoredSampleMetrics> {
  const { minConfidence = 0.9, maxDistance = 0.25 } = options;
  const { predicted, confidence } = await classifierOutputs(classifier, images);
  const matches = await strokeColorMatches(images, options);
  const n = predicted.length;
  const palette = options.palette?.length ?? 8;
  const combos = new Set<number>();
  let sure = 0;
  let clean = 0;
  predicted.forEach((d, i) => {
    const s = confidence[i] >= minConfidence;
    const c = matches[i].distance <= maxDistance;
    sure += +s;
    clean += +c;
    if (s && c) combos.add(d * palette + matches[i].color);
  });
  const colors = matches.map((m) => m.color).filter((c) => c >= 0);
  const saturation = meanEstimate(matches.map((m) => m.saturation));
  return {
    samples: n,
    confidentDigits: sure / n,
    paletteColors: clean / n,
    normalizedClassEntropy: classDistribution(predicted, classifier.config.classes).normalizedClassEntropy,
    normalizedColorEntropy: colors.length > 0 ? classDistribution(colors, palette).normalizedClassEntropy : 0,
    saturation: saturation.value,
    saturationSE: saturation.se,
    combinations: combos.size,
  };
}

/** Two models' reconstruction accuracies compared at 95% (Wilson intervals, independent): `higher` when a's is higher. */
export interface AccuracyComparison {
  colour: Comparison;
  digit: Comparison;
  joint: Comparison;
}

/**
 * Compares the reconstruction accuracies of a with b, each share with its Wilson interval over the
 * images it was measured on.
 * @example lab.compareAccuracies(rec("joint-vae"), rec("joint-vae-separate")).colour // "higher"
 */
export function compareAccuracies(a: ColoredReconstructionMetrics, b: ColoredReconstructionMetrics): AccuracyComparison {
  const cmp = (k: "colorAccuracy" | "digitAccuracy" | "jointAccuracy") =>
    compareEstimates(shareEstimate(a[k], a.images), shareEstimate(b[k], b.images));
  return { colour: cmp("colorAccuracy"), digit: cmp("digitAccuracy"), joint: cmp("jointAccuracy") };
}
