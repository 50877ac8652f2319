import { BatchMatMulAttrs, TensorInfo } from "@tensorflow/tfjs-core";
import { fastMatMul } from "./matmul-core";
import { runStock, WasmKernelArgs } from "./kernel-util";

/**
 * `BatchMatMul` for wasm that keeps every float32 product on XNNPACK, including the transposed
 * ones every dense-layer gradient needs (stock wasm runs those in a scalar loop). Other dtypes
 * go to the stock kernel.
 */
export function batchMatMul({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  const { a, b } = inputs;
  const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
  if (a.dtype !== "float32" || b.dtype !== "float32") {
    return runStock("BatchMatMul", backend, { a, b }, { transposeA, transposeB });
  }
  return fastMatMul(backend, a, b, transposeA, transposeB);
}
