import { TensorInfo } from "@tensorflow/tfjs-core";
import { ConvAttrs, patchCols, patchGeometry, patchRows } from "./conv-geometry";
import { col2im } from "./im2col";
import { fastMatMul } from "./matmul-core";
import { f32, free, relabel, WasmKernelArgs } from "./kernel-util";

/**
 * `Conv2DBackpropInput` for wasm (the input gradient of conv2d and the forward pass of
 * conv2dTranspose): patches[batch*outH*outW, fh*fw*inC] = dy · Wᵀ as one XNNPACK GEMM, then a
 * col2im scatter-add. The stock kernel is a scalar loop. NHWC, any strides, 'same' / 'valid' /
 * explicit padding, dilation 1.
 */
export function conv2dBackpropInput({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  const { dy, filter } = inputs;
  const a = attrs as unknown as ConvAttrs & { inputShape: number[] };
  const g = patchGeometry("Conv2DBackpropInput", a.inputShape, filter.shape, a);
  if (dy.shape.join() !== [g.batch, g.outH, g.outW, g.outC].join()) {
    throw new Error(`Conv2DBackpropInput: dy shape ${dy.shape} does not match the forward output ${[g.batch, g.outH, g.outW, g.outC]}`);
  }
  const rows = patchRows(g);
  const k = patchCols(g);
  const cols = fastMatMul(backend, relabel(dy, [rows, g.outC]), relabel(filter, [k, g.outC]), false, true);
  const dx = backend.makeOutput([g.batch, g.inH, g.inW, g.inC], "float32");
  col2im(f32(backend, cols), f32(backend, dx), g);
  free(backend, cols);
  return dx;
}
