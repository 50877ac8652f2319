import * as tf from "@tensorflow/tfjs-core";
import { readValues } from "../../backend/read";
import { PALETTE, PaletteColor } from "../../data/colored";
import type { Classifier } from "../classifier/classifier";
import { classifierOutputs } from "../classifier/outputs";

export interface StrokeColorOptions {
  /** Colours to choose from. Default {@link PALETTE}. */
  palette?: readonly PaletteColor[];
  /**
   * Stroke pixels are those whose brightness (max over R, G, B) is at least this fraction of the
   * image's brightest pixel. Default 0.5: the digit's core, not its faint anti-aliased edge or a
   * decoder's grey background.
   */
  strokeFraction?: number;
}

/** How one image's stroke colour reads against the palette. */
export interface StrokeColorMatch {
  /** Index of the nearest palette colour; -1 for a black image. */
  color: number;
  /**
   * Euclidean distance from the strokes' mean chromaticity to that palette colour's (each divided
   * by its brightest channel; the default palette's closest pair is 0.50 apart, so under 0.25 the
   * colour is unambiguous). Infinity for a black image.
   */
  distance: number;
  /** Saturation of the mean chromaticity, 1 - min / max channel, in [0, 1]: 1 for a pure hue, 0 for grey or white. 0 for a black image. */
  saturation: number;
}

/**
 * The palette colour of one RGB image (values in any unit, [H * W * 3] interleaved): the nearest
 * palette colour (Euclidean) to the mean chromaticity of the stroke pixels, where a pixel's
 * chromaticity is its RGB divided by its brightest channel (so intensity drops out), with the distance
 * to it and the saturation of the mean chromaticity (whitish, washed-out strokes score low).
 * @example strokeColorMatch(pixels).distance < 0.25 // a clean palette colour
 */
export function strokeColorMatch(pixels: ArrayLike<number>, options: StrokeColorOptions = {}): StrokeColorMatch {
  const { palette = PALETTE, strokeFraction = 0.5 } = options;
  if (pixels.length % 3 !== 0) throw new Error(`RGB pixels expected, got ${pixels.length} values`);
  if (!(strokeFraction > 0 && strokeFraction <= 1)) throw new Error(`invalid strokeFraction: ${strokeFraction} (in (0, 1])`);
  let peak = 0;
  for (let p = 0; p < pixels.length; p += 3) peak = Math.max(peak, pixels[p], pixels[p + 1], pixels[p + 2]);
  if (peak <= 0) return { color: -1, distance: Infinity, saturation: 0 };
  const sum = [0, 0, 0];
  let n = 0;
  for (let p = 0; p < pixels.length; p += 3) {
    const v = Math.max(pixels[p], pixels[p + 1], pixels[p + 2]);
    if (v < strokeFraction * peak) continue;
    for (let c = 0; c < 3; c++) sum[c] += pixels[p + c] / v;
    n++;
  }
  const mean = sum.map((s) => s / n);
  let best = 0;
  let bestDistance = Infinity;
  palette.forEach((color, i) => {
    const top = Math.max(...color.rgb);
    const d = color.rgb.reduce((s, v, c) => s + (v / top - mean[c]) ** 2, 0);
    if (d < bestDistance) [best, bestDistance] = [i, d];
  });
  return { color: best, distance: Math.sqrt(bestDistance), saturation: 1 - Math.min(...mean) / Math.max(...mean) };
}

/** The palette colour of one RGB image: {@link strokeColorMatch}'s `color`, -1 for a black image. */
export function strokeColor(pixels: ArrayLike<number>, options: StrokeColorOptions = {}): number {
  return strokeColorMatch(pixels, options).color;
}

/** The stroke colour of each image of a batch [N, H, W, 3]; see {@link strokeColor}. @example await strokeColors(images) */
export async function strokeColors(images: tf.Tensor4D, options: StrokeColorOptions = {}): Promise<Int32Array> {
  if (images.shape[3] !== 3) throw new Error(`stroke colours need RGB images, got ${images.shape[3]} channels`);
  const data = await readValues(images);
  const size = images.shape[1] * images.shape[2] * 3;
  return Int32Array.from({ length: images.shape[0] }, (_, i) => strokeColor(data.subarray(i * size, (i + 1) * size), options));
}

/** {@link strokeColorMatch} for each image of a batch [N, H, W, 3]. @example await strokeColorMatches(images) */
export async function strokeColorMatches(images: tf.Tensor4D, options: StrokeColorOptions = {}): Promise<StrokeColorMatch[]> {
  if (images.shape[3] !== 3) throw new Error(`stroke colours need RGB images, got ${images.shape[3]} channels`);
  const data = await readValues(images);
  const size = images.shape[1] * images.shape[2] * 3;
  return Array.from({ length: images.shape[0] }, (_, i) => strokeColorMatch(data.subarray(i * size, (i + 1) * size), options));
}

/** Digit and colour accuracy of coloured images against what was asked for. */
export interface ColoredAccuracy {
  /** Fraction classified as the requested digit (grey = max over channels). */
  digitAccuracy: number;
  /** Fraction whose stroke colour is the requested palette colour. */
  colorAccuracy: number;
  /** Fraction right on both. */
  jointAccuracy: number;
  /** Predicted colour names, per image ("none" for a black image). */
  colorNames: string[];
}

/**
 * Digit and colour accuracy for coloured MNIST images, e.g. from a conditional model asked for
 * `digits` in `colors` (palette indices).
 * @example await coloredAccuracy(classifier, images, { digits, colors })
 */
export async function coloredAccuracy(
  classifier: Classifier,
  images: tf.Tensor4D,
  wanted: { digits: ArrayLike<number>; colors: ArrayLike<number> },
  options: StrokeColorOptions = {},
): Promise<ColoredAccuracy> {
  const n = images.shape[0];
  if (wanted.digits.length !== n || wanted.colors.length !== n) {
    throw new Error(`got ${wanted.digits.length} digits and ${wanted.colors.length} colours for ${n} images`);
  }
  const palette = options.palette ?? PALETTE;
  const { predicted } = await classifierOutputs(classifier, images);
  const colors = await strokeColors(images, options);
  let digit = 0;
  let color = 0;
  let both = 0;
  for (let i = 0; i < n; i++) {
    const d = predicted[i] === wanted.digits[i];
    const c = colors[i] === wanted.colors[i];
    digit += +d;
    color += +c;
    both += +(d && c);
  }
  const colorNames = Array.from(colors, (c) => (c < 0 ? "none" : palette[c].name));
  return { digitAccuracy: digit / n, colorAccuracy: color / n, jointAccuracy: both / n, colorNames };
}
