import * as tf from "@tensorflow/tfjs-core";

/**
 * Latent codes [n, D] from rows of numbers, to decode chosen points.
 * @example model.decode(codeRows([[0, 0]])) // the image at the origin of a 2-D latent
 */
export function codeRows(rows: number[][]): tf.Tensor2D {
  if (rows.length === 0) throw new Error("codeRows: no rows");
  const d = rows[0].length;
  rows.forEach((r, i) => {
    if (r.length !== d) throw new Error(`codeRows: row ${i} has ${r.length} values, row 0 has ${d}`);
    if (!r.every(Number.isFinite)) throw new Error(`codeRows: row ${i} is not finite: ${r}`);
  });
  return tf.tensor2d(rows.flat(), [rows.length, d]);
}

/**
 * Digit labels, int32 [n], for the label input of a conditional model.
 * @example model.decode(codes, digitLabels(Array(codes.shape[0]).fill(5))) // every code drawn as a 5
 */
export function digitLabels(digits: ArrayLike<number>, classes = 10): tf.Tensor1D {
  const values = Array.from(digits);
  values.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= classes) throw new Error(`digitLabels: label ${i} is ${v} (an integer 0-${classes - 1})`);
  });
  return tf.tensor1d(values, "int32");
}
