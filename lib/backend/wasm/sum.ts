import { TensorInfo, util } from "@tensorflow/tfjs-core";
import { blas } from "./blas";
import { f32, runStock, sizeOf, WasmKernelArgs } from "./kernel-util";

/**
 * `Sum` for wasm when the reduced axes are leading ones, as in every bias gradient (sum over
 * batch, rows and columns, keep channels). Stock wasm transposes the reduced axes innermost
 * first; here the input is read once as an [R, C] matrix, four rows at a time, into float64
 * column accumulators, in a fixed order; with the OpenBLAS addon the same loop runs natively
 * (vectorised, the same bits). Other reductions and dtypes run the stock kernel.
 */
export function sum({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  const { x } = inputs;
  const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const axes = util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
  const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
  if (x.dtype !== "float32" || !leading) {
    return runStock("Sum", backend, { x }, { axis, keepDims });
  }
  const kept = x.shape.slice(axes.length);
  const cols = sizeOf(kept);
  const rows = sizeOf(x.shape) / Math.max(cols, 1);
  const outShape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
  const out = backend.makeOutput(outShape, "float32");
  const native = blas().binding?.columnSums;
  if (native) {
    native(f32(backend, x), f32(backend, out), rows, cols);
    return out;
  }
  const acc = new Float64Array(cols);
  columnSums(f32(backend, x), rows, cols, acc);
  f32(backend, out).set(acc);
  return out;
}

/** acc[c] += Σ_r v[r * C + c]; pairs of rows are added in float64 before accumulating. */
export function columnSums(v: Float32Array, rows: number, cols: number, acc: Float64Array): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) {
      acc[c] += v[o + c] + v[o + cols + c] + (v[o + 2 * cols + c] + v[o + 3 * cols + c]);
    }
  }
  for (; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) acc[c] += v[o + c];
  }
}
