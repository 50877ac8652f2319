import * as tf from "@tensorflow/tfjs-core";
import type { ForwardContext } from "../types";

/**
 * Noise of shape [B, ...] for the rows a forward pass sees. Without `rows` it is `draw(shape)`;
 * with rows `{ offset, total }` it draws [total, ...] and keeps rows offset .. offset + B - 1, so
 * the slices of a split batch together hold exactly the whole batch's noise.
 * @example const eps = rowNoise([b, d], ctx.rows, (s) => tf.randomNormal(s, 0, 1, "float32", ctx.seed));
 */
export function rowNoise<R extends tf.Rank>(
  shape: number[],
  rows: ForwardContext["rows"],
  draw: (shape: number[]) => tf.Tensor<R>,
): tf.Tensor<R> {
  if (!rows) return draw(shape);
  const { offset, total } = rows;
  if (!Number.isInteger(offset) || offset < 0 || offset + shape[0] > total) {
    throw new Error(`invalid rows: ${shape[0]} rows at offset ${offset} do not fit a batch of ${total}`);
  }
  return tf.tidy(() => tf.slice(draw([total, ...shape.slice(1)]), offset, shape[0]));
}
