import { broadcast_util, TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { blas } from "./blas";
import { blasMatMul } from "./blas-matmul";
import { f32, free, relabel, runStock, sizeOf } from "./kernel-util";
import { shouldSwap } from "./matmul-plan";

/** What the fast path can fuse into the GEMM: a bias of shape [N] and a clamp. */
export interface GemmEpilogue {
  /** Rank-1 bias of length N, added to every row; null for none. */
  bias: TensorInfo | null;
  /** Clamp applied after the bias; other activations are applied by the caller. */
  activation: "linear" | "relu" | "relu6";
}

/** Below this many multiply-adds per batch entry the stock loop beats packing weights. */
const MIN_FAST_MACS = 4096;

/**
 * a·b (with optional transposes and broadcast batch dimensions). When the optional OpenBLAS
 * addon is loaded (see `blas()`), every product whose batches broadcast simply runs as
 * cblas_sgemm on the wasm heap. Otherwise it is routed through XNNPACK's
 * fully-connected operator, the only fast matmul in tfjs-backend-wasm: it needs both operands
 * untransposed and a batch of one, so transposed operands are materialised with the wasm
 * Transpose kernel, a shared right operand folds the batch into rows, and other batches run one
 * GEMM per entry. Returns a new float32 tensor of shape [...batch, M, N].
 */
export function fastMatMul(
  backend: BackendWasm,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  epilogue: GemmEpilogue = { bias: null, activation: "linear" },
): TensorInfo {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const [m, k] = transposeA ? [a.shape[ra - 1], a.shape[ra - 2]] : [a.shape[ra - 2], a.shape[ra - 1]];
  const [k2, n] = transposeB ? [b.shape[rb - 1], b.shape[rb - 2]] : [b.shape[rb - 2], b.shape[rb - 1]];
  if (k !== k2) throw new Error(`matMul inner sizes differ: ${a.shape} x ${b.shape} (transposeA=${transposeA}, transposeB=${transposeB})`);
  const batchA = sizeOf(a.shape.slice(0, -2));
  const batchB = sizeOf(b.shape.slice(0, -2));
  const outBatch = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const outShape = [...outBatch, m, n];
  const mixedBroadcast = batchA > 1 && batchB > 1 && batchA !== batchB;
  const native = blas().binding;
  if (native != null && !mixedBroadcast) {
    return blasMatMul(backend, native, a, b, { m, k, n, batchA, batchB, transposeA, transposeB }, epilogue, outShape);
  }
  if (mixedBroadcast || m * n * k < MIN_FAST_MACS || batchA * m === 0 || n * k === 0) {
    const raw = runStock("BatchMatMul", backend, { a, b }, { transposeA, transposeB });
    return applyEpilogue(backend, relabel(raw, outShape), epilogue);
  }
  const plainEpilogue = epilogue.bias == null && epilogue.activation === "linear";
  if (batchA === 1 && batchB === 1 && shouldSwap(b, [m, k, n], transposeA, transposeB, plainEpilogue)) {
    const bt = relabel(b, transposeB ? [n, k] : [k, n]);
    const at = relabel(a, transposeA ? [k, m] : [m, k]);
    const ct = directMatMul(backend, bt, at, !transposeB, !transposeA, [n, k, m]);
    const c = runStock("Transpose", backend, { x: ct }, { perm: [1, 0] });
    free(backend, ct);
    return applyEpilogue(backend, relabel(c, outShape), epilogue);
  }
  const an = untranspose(backend, relabel(a, [batchA, transposeA ? k : m, transposeA ? m : k]), transposeA);
  const bn = untranspose(backend, relabel(b, [batchB, transposeB ? n : k, transposeB ? k : n]), transposeB);
  try {
    if (batchB === 1) {
      const out = gemm(backend, relabel(an.info, [1, batchA * m, k]), relabel(bn.info, [1, k, n]), epilogue);
      return relabel(out, outShape);
    }
    return batchedGemm(backend, an.info, bn.info, batchA, batchB, [m, k, n], epilogue, outShape);
  } finally {
    if (an.owned) free(backend, an.info);
    if (bn.owned) free(backend, bn.info);
  }
}

/** op(a)·op(b) for rank-2 operands without swapping: materialise transposes, then one GEMM. */
function directMatMul(
  backend: BackendWasm,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  [m, k, n]: number[],
): TensorInfo {
  const an = untranspose(backend, relabel(a, [1, transposeA ? k : m, transposeA ? m : k]), transposeA);
  const bn = untranspose(backend, relabel(b, [1, transposeB ? n : k, transposeB ? k : n]), transposeB);
  const out = gemm(backend, an.info, bn.info, { bias: null, activation: "linear" });
  if (an.owned) free(backend, an.info);
  if (bn.owned) free(backend, bn.info);
  return relabel(out, [m, n]);
}

/** One untransposed [1,M,K] x [1,K,N] product through the stock kernels' XNNPACK path. */
function gemm(backend: BackendWasm, a: TensorInfo, b: TensorInfo, epilogue: GemmEpilogue): TensorInfo {
  const attrs = { transposeA: false, transposeB: false };
  if (epilogue.bias == null && epilogue.activation === "linear") {
    return runStock("BatchMatMul", backend, { a, b }, attrs);
  }
  const inputs = epilogue.bias == null ? { a, b } : { a, b, bias: epilogue.bias };
  return runStock("_FusedMatMul", backend, inputs, { ...attrs, activation: epilogue.activation, leakyreluAlpha: 0 });
}

/** [batch, P, Q] -> [batch, Q, P] when `transposed`; a size-1 side only needs a new shape. */
function untranspose(backend: BackendWasm, x: TensorInfo, transposed: boolean): { info: TensorInfo; owned: boolean } {
  const [batch, p, q] = x.shape;
  if (!transposed) return { info: x, owned: false };
  if (p === 1 || q === 1) return { info: relabel(x, [batch, q, p]), owned: false };
  return { info: runStock("Transpose", backend, { x }, { perm: [0, 2, 1] }), owned: true };
}

function batchedGemm(
  backend: BackendWasm,
  a: TensorInfo,
  b: TensorInfo,
  batchA: number,
  batchB: number,
  [m, k, n]: number[],
  epilogue: GemmEpilogue,
  outShape: number[],
): TensorInfo {
  const batch = Math.max(batchA, batchB);
  const out = backend.makeOutput([batch, m, n], "float32");
  for (let i = 0; i < batch; i++) {
    const ai = batchA === 1 ? relabel(a, [1, m, k]) : backend.makeOutput([1, m, k], "float32");
    const bi = backend.makeOutput([1, k, n], "float32");
    if (batchA !== 1) f32(backend, ai).set(f32(backend, a).subarray(i * m * k, (i + 1) * m * k));
    f32(backend, bi).set(f32(backend, b).subarray(i * k * n, (i + 1) * k * n));
    const oi = gemm(backend, ai, bi, epilogue);
    f32(backend, out).set(f32(backend, oi), i * m * n);
    free(backend, oi, bi);
    if (batchA !== 1) free(backend, ai);
  }
  return relabel(out, outShape);
}

/** Adds a bias (any shape that broadcasts) and applies a clamp with the stock kernels. */
export function applyEpilogue(backend: BackendWasm, x: TensorInfo, epilogue: GemmEpilogue): TensorInfo {
  let y = x;
  if (epilogue.bias != null) {
    y = runStock("Add", backend, { a: x, b: epilogue.bias });
    free(backend, x);
  }
  if (epilogue.activation === "linear") return y;
  const z = runStock(epilogue.activation === "relu" ? "Relu" : "Relu6", backend, { x: y });
  free(backend, y);
  return z;
}
