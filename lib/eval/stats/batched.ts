import * as tf from "@tensorflow/tfjs-core";
import { Batch, batches } from "../../data/batches";
import type { ImageDataset } from "../../data/dataset";
import { readValues } from "../../backend/read";

/** Rows of a per-image result gathered over a data set: `values` is row-major [rows, cols]. */
export interface Rows {
  values: Float32Array;
  rows: number;
  cols: number;
}

/**
 * Runs `fn` over a data set in file order (no shuffle, no binarisation) and gathers its [B, cols]
 * output into one row-major array, read asynchronously (see `readValues`). Nothing leaks: each
 * batch runs in `tf.tidy`.
 * @example const codes = await mapBatches(test, (b) => model.embed(b.x)); // codes.rows === test.size
 */
export async function mapBatches(ds: ImageDataset, fn: (batch: Batch) => tf.Tensor2D, batchSize = 500): Promise<Rows> {
  let values: Float32Array | undefined;
  let cols = 0;
  let row = 0;
  for (const batch of batches(ds, { batchSize, shuffle: false })) {
    const held: tf.Tensor[] = [batch.x, batch.labels, ...(batch.colors ? [batch.colors] : [])];
    let data: Float32Array;
    let shape: number[];
    try {
      const out = tf.tidy(() => fn(batch));
      held.push(out);
      shape = out.shape;
      data = await readValues(out);
    } finally {
      tf.dispose(held);
    }
    if (!values) {
      cols = shape[1];
      values = new Float32Array(ds.size * cols);
    }
    values.set(data, row * cols);
    row += shape[0];
  }
  return { values: values ?? new Float32Array(0), rows: row, cols };
}

/** Applies `fn` to a tensor of images in chunks of `batchSize` and gathers the [B, cols] rows (read asynchronously). */
export async function mapImages(images: tf.Tensor4D, fn: (x: tf.Tensor4D) => tf.Tensor2D, batchSize = 500): Promise<Rows> {
  const n = images.shape[0];
  let values: Float32Array | undefined;
  let cols = 0;
  for (let start = 0; start < n; start += batchSize) {
    const out = tf.tidy(() => fn(tf.slice(images, [start, 0, 0, 0], [Math.min(batchSize, n - start), -1, -1, -1])));
    if (!values) {
      cols = out.shape[1];
      values = new Float32Array(n * cols);
    }
    try {
      values.set(await readValues(out), start * cols);
    } finally {
      out.dispose();
    }
  }
  return { values: values ?? new Float32Array(0), rows: n, cols };
}

/** Index of the largest entry of each row. */
export function argmaxRows(r: Rows): Int32Array {
  const out = new Int32Array(r.rows);
  for (let i = 0; i < r.rows; i++) {
    let best = 0;
    for (let j = 1; j < r.cols; j++) if (r.values[i * r.cols + j] > r.values[i * r.cols + best]) best = j;
    out[i] = best;
  }
  return out;
}

/** Rows as an array of plain number arrays (for the linear-algebra library). */
export function toArrays(r: Rows): number[][] {
  return Array.from({ length: r.rows }, (_, i) => Array.from(r.values.subarray(i * r.cols, (i + 1) * r.cols)));
}
