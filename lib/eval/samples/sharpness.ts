import type * as tf from "@tensorflow/tfjs-core";
import { readValues } from "../../backend/read";
import { compareEstimates, estimateOf, meanEstimate, type Comparison } from "../stats/uncertainty";

/** How crisp a set of images is: edge strength and how many pixels are clearly ink or paper. */
export interface Sharpness {
  images: number;
  /**
   * Root-mean-square gradient sqrt(mean(dx^2 + dy^2)) over pixels, with forward differences inside
   * each image and channel, in intensity per pixel (intensities in [0, 1]). Blur lowers it: a step
   * spread over k pixels adds 1/k of a sharp step's dx^2 (the mean |dx| would not change).
   */
  rmsGradient: number;
  /** Share of pixels within `margin` of 0 or 1, in [0, 1]. */
  saturatedShare: number;
  /** Among ink pixels (value > margin), the share above 1 - margin: solid strokes rather than grey halos, in [0, 1]. */
  inkSaturation: number;
  /** Standard errors of the three over the images (the images as the sample). */
  rmsGradientSE: number;
  saturatedShareSE: number;
  inkSaturationSE: number;
  margin: number;
}

export interface SharpnessOptions {
  /** How close to 0 or 1 a pixel must be to count as saturated. Default 0.1. */
  margin?: number;
}

/**
 * Sharpness measures of images [N, H, W, C] in [0, 1] (a tensor, or its data and shape): compare
 * models' samples with each other and with real digits.
 * @example (await sharpness(model.generate(1000, 1))).rmsGradient
 */
export async function sharpness(
  images: tf.Tensor4D | { data: ArrayLike<number>; shape: number[] },
  options: SharpnessOptions = {},
): Promise<Sharpness> {
  const { margin = 0.1 } = options;
  if (!(margin > 0 && margin < 0.5)) throw new Error(`invalid sharpness margin: ${margin} (between 0 and 0.5)`);
  const data = "dataSync" in images ? await readValues(images) : images.data;
  if (images.shape.length !== 4) throw new Error(`sharpness expects images [N, H, W, C], got shape ${JSON.stringify(images.shape)}`);
  const [n, h, w, c] = images.shape;
  if (n < 1 || h < 2 || w < 2) {
    throw new Error(`sharpness needs at least one image of 2x2 pixels, got shape ${JSON.stringify(images.shape)}`);
  }
  if (data.length !== n * h * w * c) throw new Error(`sharpness: ${data.length} values for shape ${images.shape.join("x")}`);
  const perImage = { gradient: new Float64Array(n), saturated: new Float64Array(n), ink: new Float64Array(n), solid: new Float64Array(n) };
  const at = (i: number, y: number, x: number, ch: number) => data[((i * h + y) * w + x) * c + ch];
  let gradientTotal = 0; // summed in pixel order, so the value's bits do not depend on the per-image sums
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let ch = 0; ch < c; ch++) {
          const v = at(i, y, x, ch);
          if (v < margin || v > 1 - margin) perImage.saturated[i]++;
          if (v > margin) {
            perImage.ink[i]++;
            if (v > 1 - margin) perImage.solid[i]++;
          }
          if (y < h - 1 && x < w - 1) {
            const g = (at(i, y, x + 1, ch) - v) ** 2 + (at(i, y + 1, x, ch) - v) ** 2;
            perImage.gradient[i] += g;
            gradientTotal += g;
          }
        }
      }
    }
  }
  const gradient = meanEstimate(perImage.gradient.map((g) => g / ((h - 1) * (w - 1) * c)));
  const saturated = meanEstimate(perImage.saturated.map((v) => v / (h * w * c)));
  const ink = ratio(perImage.solid, perImage.ink);
  const sum = (v: Float64Array) => v.reduce((t, x) => t + x, 0);
  const rms = Math.sqrt(gradientTotal / (n * (h - 1) * (w - 1) * c));
  return {
    images: n,
    rmsGradient: rms,
    saturatedShare: sum(perImage.saturated) / data.length,
    inkSaturation: ink.value,
    rmsGradientSE: rms > 0 ? gradient.se / (2 * rms) : 0,
    saturatedShareSE: saturated.se,
    inkSaturationSE: ink.se,
    margin,
  };
}

/** Σ top / Σ bottom over images, with the ratio estimator's standard error (0 for one image or no ink). */
function ratio(top: Float64Array, bottom: Float64Array): { value: number; se: number } {
  const n = top.length;
  const sumBottom = bottom.reduce((s, v) => s + v, 0);
  if (sumBottom === 0) return { value: 0, se: 0 };
  const r = top.reduce((s, v) => s + v, 0) / sumBottom;
  if (n < 2) return { value: r, se: 0 };
  const ss = top.reduce((s, t, i) => s + (t - r * bottom[i]) ** 2, 0);
  return { value: r, se: Math.sqrt(ss / (n * (n - 1))) / (sumBottom / n) };
}

/** Which of two image sets each sharpness measure finds sharper, at 95% (independent samples). */
export interface SharpnessComparison {
  /** Per measure: `higher` when a's value is higher beyond the interval. */
  rmsGradient: Comparison;
  inkSaturation: Comparison;
  saturatedShare: Comparison;
  /** Measures on which a is sharper, on which b is, of the three. */
  aSharper: number;
  bSharper: number;
}

/**
 * Compares the sharpness of image sets a and b measure by measure (higher is sharper for all three),
 * each from the two standard errors.
 * @example compareSharpness(await sharpness(mseSamples), await sharpness(bceSamples)).aSharper // 0-3
 */
export function compareSharpness(a: Sharpness, b: Sharpness): SharpnessComparison {
  const cmp = (k: "rmsGradient" | "inkSaturation" | "saturatedShare") =>
    compareEstimates(estimateOf(a[k], a[`${k}SE`], a.images), estimateOf(b[k], b[`${k}SE`], b.images));
  const out = { rmsGradient: cmp("rmsGradient"), inkSaturation: cmp("inkSaturation"), saturatedShare: cmp("saturatedShare") };
  const all = Object.values(out);
  return { ...out, aSharper: all.filter((v) => v === "higher").length, bSharper: all.filter((v) => v === "lower").length };
}

/** `sharper` when a is sharper on all three measures beyond their intervals, `blurrier` when b is, else `not clearly`. */
export function sharpnessVerdict(c: SharpnessComparison): "sharper" | "blurrier" | "not clearly" {
  if (c.aSharper === 3) return "sharper";
  if (c.bSharper === 3) return "blurrier";
  return "not clearly";
}
