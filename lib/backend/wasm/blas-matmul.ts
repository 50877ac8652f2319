import { TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { BlasBinding } from "./blas";
import { f32 } from "./kernel-util";
import type { GemmEpilogue } from "./matmul-core";

/** The sizes of one batched product op(A)·op(B): A holds batchA matrices, B batchB (1 broadcasts). */
export interface GemmShape {
  m: number;
  k: number;
  n: number;
  batchA: number;
  batchB: number;
  transposeA: boolean;
  transposeB: boolean;
}

/**
 * op(a)·op(b) by OpenBLAS's cblas_sgemm directly on the wasm heap: transposes are BLAS flags (no
 * copies), a batch shared by a right operand folds into the rows of one GEMM, other batches run
 * as strided GEMMs inside one native call. A bias of shape [N] is written into the output first
 * and accumulated onto (beta = 1); relu / relu6 clamp in place. batchA and batchB must be equal
 * or 1. Returns a new float32 tensor of shape `outShape`.
 */
export function blasMatMul(
  backend: BackendWasm,
  blas: BlasBinding,
  a: TensorInfo,
  b: TensorInfo,
  s: GemmShape,
  epilogue: GemmEpilogue,
  outShape: number[],
): TensorInfo {
  const { m, k, n, batchA, batchB, transposeA, transposeB } = s;
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) {
    throw new Error(`blasMatMul: batch sizes ${batchA} and ${batchB} do not broadcast`);
  }
  const batch = Math.max(batchA, batchB);
  const out = backend.makeOutput(outShape, "float32");
  const c = f32(backend, out);
  if (c.length === 0) return out;
  const bias = epilogue.bias == null ? null : f32(backend, epilogue.bias);
  if (bias != null && bias.length !== n) throw new Error(`blasMatMul: bias of length ${bias.length} for ${n} columns`);
  if (bias != null) for (let row = 0; row < batch * m; row++) c.set(bias, row * n);
  else if (k === 0) c.fill(0);
  if (k > 0) {
    const av = f32(backend, a);
    const bv = f32(backend, b);
    const beta = bias == null ? 0 : 1;
    const lda = transposeA ? m : k;
    const ldb = transposeB ? k : n;
    if (batchB === 1 && (batchA === 1 || !transposeA)) {
      blas.sgemm(transposeA, transposeB, batchA * m, n, k, 1, av, 0, lda, bv, 0, ldb, beta, c, 0, n);
    } else {
      const strideA = batchA === 1 ? 0 : m * k;
      const strideB = batchB === 1 ? 0 : k * n;
      blas.sgemm(transposeA, transposeB, m, n, k, 1, av, 0, lda, bv, 0, ldb, beta, c, 0, n, batch, strideA, strideB, m * n);
    }
  }
  clamp(c, epilogue.activation);
  return out;
}

function clamp(c: Float32Array, activation: GemmEpilogue["activation"]): void {
  if (activation === "linear") return;
  const top = activation === "relu6" ? 6 : Infinity;
  for (let i = 0; i < c.length; i++) {
    const v = c[i];
    // NaN stays NaN, as in the stock kernels.
    if (v < 0) c[i] = 0;
    else if (v > top) c[i] = top;
  }
}
