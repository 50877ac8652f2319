import { TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { blas, BlasBinding } from "./blas";
import { PatchGeometry } from "./conv-geometry";
import { f32 } from "./kernel-util";

/** The addon's convolution entry points. */
export type NativeConv = Required<Pick<BlasBinding, "conv2d" | "conv2dBackpropInput" | "conv2dBackpropFilter">>;

/** Clamps the native forward convolution fuses, by the code it takes. */
export const CONV_CLAMPS = { linear: 0, relu: 1, relu6: 2 } as const;
export type ConvClamp = keyof typeof CONV_CLAMPS;

/**
 * The native convolutions when the OpenBLAS addon is loaded, routing is on (`enableBlas`) and the
 * build has them; null otherwise (the XNNPACK kernels run instead).
 */
export function nativeConv(): NativeConv | null {
  const b = blas().binding;
  if (b?.conv2d == null || b.conv2dBackpropInput == null || b.conv2dBackpropFilter == null) return null;
  return b as NativeConv;
}

/**
 * The geometry as the addon reads it: [batch, inH, inW, inC, outH, outW, outC, filterH, filterW,
 * strideH, strideW, padTop, padLeft].
 */
export function convGeometry(g: PatchGeometry): Int32Array {
  return Int32Array.of(
    g.batch, g.inH, g.inW, g.inC,
    g.outH, g.outW, g.outC,
    g.filterH, g.filterW, g.strideH, g.strideW, g.padTop, g.padLeft,
  );
}

/** clamp(conv2d(x, filter) + bias) into a new [batch, outH, outW, outC] tensor; bias [outC] or null. */
export function blasConv2d(
  backend: BackendWasm,
  native: NativeConv,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | null,
  clamp: ConvClamp,
  g: PatchGeometry,
): TensorInfo {
  const y = backend.makeOutput([g.batch, g.outH, g.outW, g.outC], "float32");
  const b = bias == null ? null : f32(backend, bias);
  native.conv2d(f32(backend, x), f32(backend, filter), b, f32(backend, y), convGeometry(g), CONV_CLAMPS[clamp]);
  return y;
}

/** The input gradient [batch, inH, inW, inC] from dy [batch, outH, outW, outC] and the filter. */
export function blasConvBackpropInput(
  backend: BackendWasm,
  native: NativeConv,
  dy: TensorInfo,
  filter: TensorInfo,
  g: PatchGeometry,
): TensorInfo {
  const dx = backend.makeOutput([g.batch, g.inH, g.inW, g.inC], "float32");
  native.conv2dBackpropInput(f32(backend, dy), f32(backend, filter), f32(backend, dx), convGeometry(g));
  return dx;
}

/** The filter gradient [filterH, filterW, inC, outC] from the input x and dy. */
export function blasConvBackpropFilter(
  backend: BackendWasm,
  native: NativeConv,
  x: TensorInfo,
  dy: TensorInfo,
  g: PatchGeometry,
): TensorInfo {
  const dw = backend.makeOutput([g.filterH, g.filterW, g.inC, g.outC], "float32");
  native.conv2dBackpropFilter(f32(backend, x), f32(backend, dy), f32(backend, dw), convGeometry(g));
  return dw;
}
