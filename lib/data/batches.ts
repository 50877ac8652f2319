import * as tf from "@tensorflow/tfjs-core";
import { deriveSeed, permutation, Rng } from "../util/random";
import { ImageDataset, pixelsPerImage } from "./dataset";

/** One training or evaluation batch. */
export interface Batch {
  /** Images as float32 in [0, 1], shape [B, H, W, C]. */
  x: tf.Tensor4D;
  /** Digits, int32, shape [B]. */
  labels: tf.Tensor1D;
  /** Palette indices for coloured MNIST, int32, shape [B]. */
  colors?: tf.Tensor1D;
}

/** How pixels become model inputs: as grey levels, thresholded once, or resampled every batch. */
export type Binarize = "none" | "fixed" | "dynamic";

export interface BatchOptions {
  batchSize: number;
  /** Shuffle with a generator seeded by `seed` and `epoch`. Default true. */
  shuffle?: boolean;
  seed?: number;
  epoch?: number;
  /**
   * `none` (default): x = pixel / 255. `fixed`: x = 1 where pixel > 127. `dynamic`: x ~ Bernoulli(pixel
   * / 255), drawn anew for every batch from the seeded generator.
   */
  binarize?: Binarize;
  /** Drop a last batch smaller than `batchSize`. Default false. */
  dropRemainder?: boolean;
}

/** Number of batches one pass over `ds` yields. */
export function batchCount(ds: ImageDataset, options: Pick<BatchOptions, "batchSize" | "dropRemainder">): number {
  return options.dropRemainder ? Math.floor(ds.size / options.batchSize) : Math.ceil(ds.size / options.batchSize);
}

/**
 * One pass over a data set in batches. Each batch's tensors belong to the caller (dispose them, or
 * build them inside `tf.tidy`); between batches only one float buffer is alive, so memory stays flat.
 * @example for (const b of batches(train, { batchSize: 128, seed: 1, epoch })) { ...; tf.dispose(b) }
 */
export function* batches(ds: ImageDataset, options: BatchOptions): Generator<Batch> {
  const { batchSize, shuffle = true, seed = 0, epoch = 0, binarize = "none", dropRemainder = false } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`invalid batch size: ${batchSize}`);
  if (!["none", "fixed", "dynamic"].includes(binarize)) throw new Error(`invalid binarize: ${binarize} (none, fixed or dynamic)`);
  const order = shuffle ? permutation(ds.size, deriveSeed(seed, "shuffle", epoch)) : undefined;
  const noise = binarize === "dynamic" ? new Rng(deriveSeed(seed, "binarize", epoch)) : undefined;
  const n = pixelsPerImage(ds);
  const [h, w, c] = ds.shape;
  for (let start = 0; start < ds.size; start += batchSize) {
    const size = Math.min(batchSize, ds.size - start);
    if (dropRemainder && size < batchSize) return;
    const x = new Float32Array(size * n);
    const labels = new Int32Array(size);
    const colors = ds.colors ? new Int32Array(size) : undefined;
    for (let k = 0; k < size; k++) {
      const i = order ? order[start + k] : start + k;
      const src = ds.images.subarray(i * n, (i + 1) * n);
      const off = k * n;
      if (binarize === "none") for (let p = 0; p < n; p++) x[off + p] = src[p] / 255;
      else if (binarize === "fixed") for (let p = 0; p < n; p++) x[off + p] = src[p] > 127 ? 1 : 0;
      else for (let p = 0; p < n; p++) x[off + p] = noise!.next() * 255 < src[p] ? 1 : 0;
      labels[k] = ds.labels[i];
      if (colors) colors[k] = ds.colors![i];
    }
    yield {
      x: tf.tensor4d(x, [size, h, w, c]),
      labels: tf.tensor1d(labels, "int32"),
      colors: colors ? tf.tensor1d(colors, "int32") : undefined,
    };
  }
}
