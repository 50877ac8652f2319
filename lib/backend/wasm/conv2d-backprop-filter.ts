import { TensorInfo } from "@tensorflow/tfjs-core";
import { blasConvBackpropFilter, nativeConv } from "./blas-conv";
import { ConvAttrs, patchCols, patchGeometry, patchRows } from "./conv-geometry";
import { filterGradAsConv, preferFilterConv } from "./filter-grad-as-conv";
import { im2colTransposed } from "./im2col";
import { fastMatMul } from "./matmul-core";
import { f32, free, relabel, WasmKernelArgs } from "./kernel-util";

/**
 * `Conv2DBackpropFilter` for wasm, which ships without it (so no conv layer could train):
 * dW[fh*fw*inC, outC] = patches(x)ᵀ · dy[batch*outH*outW, outC]. With the OpenBLAS addon, one
 * native call: the patches are gathered in cache-sized tiles, each accumulated into dW by
 * cblas_sgemm. Without it, one XNNPACK GEMM after an im2col gather that writes the patches
 * already transposed; stride-1 cases with many input channels run as an XNNPACK convolution
 * instead. NHWC, any strides, 'same' / 'valid' / explicit padding, dilation 1.
 */
export function conv2dBackpropFilter({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  const { x, dy } = inputs;
  const a = attrs as unknown as ConvAttrs & { filterShape: number[] };
  const g = patchGeometry("Conv2DBackpropFilter", x.shape, a.filterShape, a);
  if (dy.shape.join() !== [g.batch, g.outH, g.outW, g.outC].join()) {
    throw new Error(`Conv2DBackpropFilter: dy shape ${dy.shape} does not match the forward output ${[g.batch, g.outH, g.outW, g.outC]}`);
  }
  const native = nativeConv();
  if (native != null && x.dtype === "float32" && dy.dtype === "float32") {
    return relabel(blasConvBackpropFilter(backend, native, x, dy, g), a.filterShape);
  }
  if (preferFilterConv(g)) return filterGradAsConv(backend, x, dy, g);
  const rows = patchRows(g);
  const cols = backend.makeOutput([patchCols(g), rows], "float32");
  im2colTransposed(f32(backend, x), f32(backend, cols), g);
  const dw = fastMatMul(backend, cols, relabel(dy, [rows, g.outC]), false, false);
  free(backend, cols);
  return relabel(dw, a.filterShape);
}
