import * as tf from "@tensorflow/tfjs-core";

/**
 * A tensor's values, read asynchronously: the one way VAE Lab reads tensors outside the wasm
 * kernels. The webgpu backend cannot read synchronously under Node (`dataSync()` throws
 * "OffscreenCanvas is not defined"); on cpu, wasm and tensorflow this returns what `dataSync()`
 * would, bit for bit. The tensor stays alive; the caller disposes it.
 * @example const [loss] = await readValues(cost);
 */
export function readValues<D extends tf.DataType = "float32">(t: tf.Tensor): Promise<tf.DataTypeMap[D]> {
  return t.data<D>();
}

/**
 * The values of several tensors, read together (one round trip per tensor, started at once).
 * @example const [means, logVars] = await readAll([mean, logVar]);
 */
export function readAll(ts: readonly tf.Tensor[]): Promise<Float32Array[]> {
  return Promise.all(ts.map((t) => readValues(t)));
}

/** The first value of a tensor, usually a scalar loss. @example const loss = await readScalar(cost); */
export async function readScalar(t: tf.Tensor): Promise<number> {
  return (await readValues(t))[0];
}

/** A tensor as nested arrays, as `arraySync()` gives them. @example const rows = await readArray(codes as tf.Tensor2D); */
export function readArray<R extends tf.Rank>(t: tf.Tensor<R>): Promise<ReturnType<tf.Tensor<R>["arraySync"]>> {
  return t.array();
}

/**
 * Reads a tensor's values, then disposes it: for a result computed only to be read.
 * @example const probs = await readAndDispose(tf.tidy(() => model.predict(x)));
 */
export async function readAndDispose<D extends tf.DataType = "float32">(t: tf.Tensor): Promise<tf.DataTypeMap[D]> {
  try {
    return await readValues<D>(t);
  } finally {
    t.dispose();
  }
}

/** Images as plain data, values row-major [n, height, width, channels] (what the image figures take). */
export interface ImageValues {
  data: Float32Array;
  shape: [number, number, number, number];
}

/**
 * Images [n, H, W, C] read into plain data for the image figures, which are synchronous and so
 * cannot read a webgpu tensor themselves. The tensor stays alive.
 * @example lab.latentGrid(await lab.readImages(model.decode(grid.codes)), { xs: grid.xs, ys: grid.ys })
 */
export async function readImages(images: tf.Tensor4D): Promise<ImageValues> {
  return { data: await readValues(images), shape: images.shape as ImageValues["shape"] };
}

/**
 * Rows or groups of labelled images with every tensor read into plain data (see {@link readImages}).
 * @example lab.imageGrid(await lab.readImageRows([{ label: "original", images: x }, { label: "decoded", images: y }]))
 */
export async function readImageRows<T extends { images: tf.Tensor4D | ImageValues }>(
  rows: readonly T[],
): Promise<(Omit<T, "images"> & { images: ImageValues })[]> {
  const out: (Omit<T, "images"> & { images: ImageValues })[] = [];
  for (const r of rows) {
    out.push({ ...r, images: r.images instanceof tf.Tensor ? await readImages(r.images as tf.Tensor4D) : (r.images as ImageValues) });
  }
  return out;
}
