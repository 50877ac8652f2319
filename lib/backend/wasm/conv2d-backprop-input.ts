import { TensorInfo } from "@tensorflow/tfjs-core";
import { blasConvBackpropInput, nativeConv } from "./blas-conv";
import { ConvAttrs, patchCols, patchGeometry, patchRows } from "./conv-geometry";
import { backpropInputAsConv, preferConv } from "./backprop-input-as-conv";
import { backpropInputSubpixel, preferSubpixel } from "./backprop-input-subpixel";
import { col2im } from "./im2col";
import { fastMatMul } from "./matmul-core";
import { f32, free, relabel, runStock, WasmKernelArgs } from "./kernel-util";

/**
 * With fewer output channels (the GEMM's inner size) the patch matrix dy·Wᵀ costs more to write
 * than to compute: 32 -> 1 channels, stride 1, batch 128, took 33 ms against XNNPACK's 10 ms.
 */
const MIN_NATIVE_CHANNELS = 8;

/**
 * `Conv2DBackpropInput` for wasm (the input gradient of conv2d and the forward pass of
 * conv2dTranspose); the stock kernel is a scalar loop. The first route that applies runs:
 * - the OpenBLAS addon is loaded and there are 8+ output channels (or no XNNPACK route below):
 *   one native call, dy·Wᵀ by cblas_sgemm in cache-sized tiles, each added back onto dx (col2im)
 *   while it is in cache; 2.6-3x the XNNPACK routes on the VAEs' layers;
 * - 8+ input channels: XNNPACK's forward convolution, directly at stride 1, one convolution per
 *   output phase when strided;
 * - otherwise patches[batch*outH*outW, fh*fw*inC] = dy·Wᵀ as one GEMM, then a col2im scatter-add.
 * NHWC, any strides, 'same' / 'valid' / explicit padding, dilation 1; NCHW goes to the stock kernel.
 */
export function conv2dBackpropInput({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  const { dy, filter } = inputs;
  const a = attrs as unknown as ConvAttrs & { inputShape: number[] };
  if (a.dataFormat === "NCHW") return runStock("Conv2DBackpropInput", backend, { dy, filter }, attrs);
  const g = patchGeometry("Conv2DBackpropInput", a.inputShape, filter.shape, a);
  if (dy.shape.join() !== [g.batch, g.outH, g.outW, g.outC].join()) {
    throw new Error(`Conv2DBackpropInput: dy shape ${dy.shape} does not match the forward output ${[g.batch, g.outH, g.outW, g.outC]}`);
  }
  const native = nativeConv();
  const float = dy.dtype === "float32" && filter.dtype === "float32";
  if (native != null && float && (g.outC >= MIN_NATIVE_CHANNELS || !(preferConv(g) || preferSubpixel(g)))) {
    return blasConvBackpropInput(backend, native, dy, filter, g);
  }
  if (preferConv(g)) return backpropInputAsConv(backend, dy, filter, g);
  if (preferSubpixel(g)) return backpropInputSubpixel(backend, dy, filter, g);
  const rows = patchRows(g);
  const k = patchCols(g);
  const cols = fastMatMul(backend, relabel(dy, [rows, g.outC]), relabel(filter, [k, g.outC]), false, true);
  const dx = backend.makeOutput([g.batch, g.inH, g.inW, g.inC], "float32");
  col2im(f32(backend, cols), f32(backend, dx), g);
  free(backend, cols);
  return dx;
}
