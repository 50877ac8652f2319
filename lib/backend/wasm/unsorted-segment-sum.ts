import { TensorInfo } from "@tensorflow/tfjs-core";
import { free, sizeOf, WasmKernelArgs } from "./kernel-util";

/**
 * `UnsortedSegmentSum` for wasm (the gradient of `gather`; wasm ships without it):
 * out[s, ...] = Σ x[i, ...] over every i with segmentIds[i] = s, for rank-1 `segmentIds` as long as
 * x's first dimension (what tf.unsortedSegmentSum and gather's gradient pass). Ids outside
 * [0, numSegments) are dropped, as the cpu backend does. float32 and int32 `x`; rows are added in
 * index order, so results are reproducible.
 */
export function unsortedSegmentSum({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  const { x, segmentIds } = inputs;
  const numSegments = (attrs as { numSegments: number }).numSegments;
  if (x.dtype !== "float32" && x.dtype !== "int32") {
    throw new Error(`UnsortedSegmentSum: unsupported dtype ${x.dtype}`);
  }
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new Error(`UnsortedSegmentSum: numSegments must be a non-negative integer, got ${numSegments}`);
  }
  if (segmentIds.shape.length !== 1 || segmentIds.shape[0] !== x.shape[0]) {
    throw new Error(`UnsortedSegmentSum: segmentIds must be rank 1 of length ${x.shape[0]}, got shape ${segmentIds.shape}`);
  }
  const rows = x.shape[0];
  const inner = sizeOf(x.shape.slice(1));
  const out = backend.makeOutput([numSegments, ...x.shape.slice(1)], x.dtype);
  const ids = toInt32(backend, segmentIds);
  const src = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  const idView = backend.typedArrayFromHeap(ids.info) as Int32Array;
  dst.fill(0);
  for (let i = 0; i < rows; i++) {
    const s = idView[i];
    if (s < 0 || s >= numSegments) continue;
    const from = i * inner;
    const to = s * inner;
    for (let j = 0; j < inner; j++) dst[to + j] += src[from + j];
  }
  if (ids.owned) free(backend, ids.info);
  return out;
}

function toInt32(backend: WasmKernelArgs["backend"], ids: TensorInfo): { info: TensorInfo; owned: boolean } {
  if (ids.dtype === "int32") return { info: ids, owned: false };
  if (ids.dtype !== "float32") throw new Error(`UnsortedSegmentSum: segmentIds must be int32, got ${ids.dtype}`);
  const values = Int32Array.from(backend.typedArrayFromHeap(ids) as Float32Array, Math.trunc);
  return { info: backend.makeOutput(ids.shape, "int32", undefined, values), owned: true };
}
