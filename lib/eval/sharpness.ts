import type * as tf from "@tensorflow/tfjs-core";
import { readValues } from "../backend/read";

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
export async function sharpness(images: tf.Tensor4D | { data: ArrayLike<number>; shape: number[] }, options: SharpnessOptions = {}): Promise<Sharpness> {
  const { margin = 0.1 } = options;
  if (!(margin > 0 && margin < 0.5)) throw new Error(`invalid sharpness margin: ${margin} (between 0 and 0.5)`);
  const data = "dataSync" in images ? await readValues(images) : images.data;
  if (images.shape.length !== 4) throw new Error(`sharpness expects images [N, H, W, C], got shape ${JSON.stringify(images.shape)}`);
  const [n, h, w, c] = images.shape;
  if (n < 1 || h < 2 || w < 2) throw new Error(`sharpness needs at least one image of 2x2 pixels, got shape ${JSON.stringify(images.shape)}`);
  if (data.length !== n * h * w * c) throw new Error(`sharpness: ${data.length} values for shape ${images.shape.join("x")}`);
  let gradient = 0;
  let saturated = 0;
  let ink = 0;
  let solid = 0;
  const at = (i: number, y: number, x: number, ch: number) => data[((i * h + y) * w + x) * c + ch];
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let ch = 0; ch < c; ch++) {
          const v = at(i, y, x, ch);
          if (v < margin || v > 1 - margin) saturated++;
          if (v > margin) {
            ink++;
            if (v > 1 - margin) solid++;
          }
          if (y < h - 1 && x < w - 1) gradient += (at(i, y, x + 1, ch) - v) ** 2 + (at(i, y + 1, x, ch) - v) ** 2;
        }
      }
    }
  }
  return {
    images: n,
    rmsGradient: Math.sqrt(gradient / (n * (h - 1) * (w - 1) * c)),
    saturatedShare: saturated / data.length,
    inkSaturation: ink > 0 ? solid / ink : 0,
    margin,
  };
}
