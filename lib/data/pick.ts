import * as tf from "@tensorflow/tfjs-core";
import { Rng, checkSeed } from "../util/random";
import { ImageDataset, pixelsPerImage } from "./dataset";

/**
 * The images at `indices` as float32 in [0, 1], [n, H, W, C] (the caller disposes the tensor).
 * @example const pair = imagesAt(test, [12, 345]); // [2, 28, 28, 1]
 */
export function imagesAt(ds: ImageDataset, indices: ArrayLike<number>): tf.Tensor4D {
  const n = pixelsPerImage(ds);
  const out = new Float32Array(indices.length * n);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= ds.size) throw new Error(`invalid image index: ${i} (0..${ds.size - 1})`);
    const src = ds.images.subarray(i * n, (i + 1) * n);
    for (let p = 0; p < n; p++) out[k * n + p] = src[p] / 255;
  }
  return tf.tensor4d(out, [indices.length, ...ds.shape]);
}

/** The first `count` images as float32 in [0, 1], [count, H, W, C]. */
export function firstImages(ds: ImageDataset, count: number): tf.Tensor4D {
  if (!Number.isInteger(count) || count < 1 || count > ds.size) throw new Error(`invalid image count: ${count} (1..${ds.size})`);
  return imagesAt(ds, Array.from({ length: count }, (_, i) => i));
}

/** Two images of a data set, by index, with their digits: the ends of an interpolation. */
export interface ImagePair {
  start: number;
  end: number;
  /** The digits of the start and end images. */
  digits: [number, number];
}

/**
 * One pair per requested digit pair: the first image of each digit that no earlier pair used, so
 * `[[3, 8], [3, 8]]` gives two different pairs.
 * @example pairsOfDigits(test.labels, [[3, 8], [1, 7], [4, 9]])
 */
export function pairsOfDigits(labels: ArrayLike<number>, digits: [number, number][]): ImagePair[] {
  const used = new Set<number>();
  const next = (d: number) => {
    if (!Number.isInteger(d) || d < 0 || d > 9) throw new Error(`invalid digit: ${d} (0-9)`);
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] === d && !used.has(i)) {
        used.add(i);
        return i;
      }
    }
    throw new Error(`no unused image of digit ${d} among ${labels.length}`);
  };
  return digits.map(([a, b]) => {
    if (a === b) throw new Error(`digit pair ${a}, ${b}: the two digits must differ`);
    return { start: next(a), end: next(b), digits: [a, b] };
  });
}

/**
 * `count` pairs of distinct images with different digits, drawn uniformly with a seeded generator.
 * @example randomPairs(test.labels, 50, 7)
 */
export function randomPairs(labels: ArrayLike<number>, count: number, seed: number): ImagePair[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`invalid pair count: ${count} (a positive integer)`);
  checkSeed(seed);
  if (new Set(Array.from(labels)).size < 2) throw new Error(`random pairs need two different digits among ${labels.length} labels`);
  const rng = new Rng(seed);
  const out: ImagePair[] = [];
  while (out.length < count) {
    const start = rng.int(labels.length);
    const end = rng.int(labels.length);
    if (labels[start] !== labels[end]) out.push({ start, end, digits: [labels[start], labels[end]] });
  }
  return out;
}
