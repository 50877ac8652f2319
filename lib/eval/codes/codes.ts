import type { ImageDataset } from "../../data/dataset";
import type { LatentModel } from "../../models/model";
import { mapBatches, Rows } from "../stats/batched";

/**
 * The posterior mode of every image of a data set (Gaussian mean, autoencoder code), in data set
 * order, [N, codeSize]; conditional models get each image's own digit.
 * @example const codes = await latentCodes(vae, test); // codes.rows === test.size, codes.cols === 2
 */
export async function latentCodes(model: LatentModel, ds: ImageDataset, batchSize = 500): Promise<Rows> {
  return await mapBatches(ds, (b) => model.embed(b.x, model.conditional ? b.labels : undefined), batchSize);
}

/** Per-column mean and variance (divisor N - 1) of row-major data, computed in float64. */
export function columnMoments(r: Rows): { mean: number[]; variance: number[] } {
  if (r.rows < 2) throw new Error(`need at least 2 rows for a variance, got ${r.rows}`);
  const mean = new Array<number>(r.cols).fill(0);
  const variance = new Array<number>(r.cols).fill(0);
  for (let i = 0; i < r.rows; i++) for (let j = 0; j < r.cols; j++) mean[j] += r.values[i * r.cols + j];
  for (let j = 0; j < r.cols; j++) mean[j] /= r.rows;
  for (let i = 0; i < r.rows; i++) {
    for (let j = 0; j < r.cols; j++) variance[j] += (r.values[i * r.cols + j] - mean[j]) ** 2;
  }
  for (let j = 0; j < r.cols; j++) variance[j] /= r.rows - 1;
  return { mean, variance };
}
