import { TensorInfo } from "@tensorflow/tfjs-core";
import { blasConv2d, CONV_CLAMPS, ConvClamp, nativeConv } from "./blas-conv";
import { ConvAttrs, patchGeometry } from "./conv-geometry";
import { activate } from "./fused-matmul";
import { applyEpilogue } from "./matmul-core";
import { free, runStock, WasmKernelArgs } from "./kernel-util";

type ForwardAttrs = ConvAttrs & { dilations?: number | [number, number] };

/** True when the native route can run this forward convolution: float32, NHWC, dilation 1. */
function nativeShape(x: TensorInfo, filter: TensorInfo, a: ForwardAttrs): boolean {
  const d = a.dilations;
  const undilated = d == null || d === 1 || (Array.isArray(d) && d.every((v) => v === 1));
  return x.dtype === "float32" && filter.dtype === "float32" && (a.dataFormat ?? "NHWC") === "NHWC" && undilated;
}

/**
 * `Conv2D` for wasm: with the OpenBLAS addon, an NHWC convolution with dilation 1 runs as im2col +
 * cblas_sgemm on the wasm heap: 2.4-2.9x XNNPACK's 128-bit SIMD convolution on the VAEs' wide
 * layers, as fast on thin ones (1-3 input channels); any other convolution, and every one without
 * the addon, runs the stock XNNPACK kernel.
 */
export function conv2d({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  const { x, filter } = inputs;
  const a = attrs as unknown as ForwardAttrs;
  const native = nativeConv();
  if (native == null || !nativeShape(x, filter, a)) return runStock("Conv2D", backend, { x, filter }, attrs);
  return blasConv2d(backend, native, x, filter, null, "linear", patchGeometry("Conv2D", x.shape, filter.shape, a));
}

/**
 * `FusedConv2D` for wasm (inference: tfjs fuses only when no gradient is recorded, or when the
 * activation is linear): act(conv2d(x, filter) + bias). On the native route a bias of shape [outC]
 * and the relu / relu6 clamps are applied to each cache-sized tile of the GEMM's output; biases
 * of other shapes (broadcast as on the cpu backend) and other activations run as the stock
 * element-wise kernels afterwards. Without the addon the stock XNNPACK kernel runs (rank-1 biases only).
 */
export function fusedConv2d({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  const { x, filter } = inputs;
  const bias: TensorInfo | undefined = inputs.bias;
  const prelu: TensorInfo | undefined = inputs.preluActivationWeights;
  const a = attrs as unknown as ForwardAttrs & { activation: string; leakyreluAlpha?: number };
  const native = nativeConv();
  const outC = filter.shape[3];
  const fusableBias = bias == null || (bias.dtype === "float32" && bias.shape.length === 1 && bias.shape[0] === outC);
  if (native == null || !nativeShape(x, filter, a)) {
    return runStock("FusedConv2D", backend, prelu ? { x, filter, bias, preluActivationWeights: prelu } : { x, filter, bias }, attrs);
  }
  const g = patchGeometry("FusedConv2D", x.shape, filter.shape, a);
  const clamp = Object.hasOwn(CONV_CLAMPS, a.activation) ? (a.activation as ConvClamp) : "linear";
  let y: TensorInfo;
  if (fusableBias) {
    y = blasConv2d(backend, native, x, filter, bias ?? null, clamp, g);
  } else {
    y = applyEpilogue(backend, blasConv2d(backend, native, x, filter, null, "linear", g), { bias, activation: clamp });
  }
  if (clamp === a.activation) return y;
  const z = activate("FusedConv2D", backend, y, a.activation, prelu, a.leakyreluAlpha);
  free(backend, y);
  return z;
}
