import { TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { PatchGeometry } from "./conv-geometry";
import { free, runStock } from "./kernel-util";

/** Below this many input channels XNNPACK's convolution was slower than GEMM + col2im. */
const MIN_CONV_CHANNELS = 8;

/** Padding of the equivalent stride-1 forward convolution, or null when it would be negative. */
function fullPadding(g: PatchGeometry): [number, number, number, number] | null {
  const pads: [number, number, number, number] = [
    g.filterH - 1 - g.padTop,
    g.filterH - 1 - g.padBottom,
    g.filterW - 1 - g.padLeft,
    g.filterW - 1 - g.padRight,
  ];
  return pads.every((p) => p >= 0) ? pads : null;
}

/**
 * True when the input gradient of this convolution is better computed by XNNPACK's own
 * convolution: stride 1 (no zero-stuffing), a padding that stays non-negative, and enough input
 * channels. The GEMM + col2im route materialises batch*outH*outW*fh*fw*inC patch values, which is
 * 30x the work for a 32 -> 1 channel layer.
 */
export function preferConv(g: PatchGeometry): boolean {
  return g.strideH === 1 && g.strideW === 1 && g.inC >= MIN_CONV_CHANNELS && fullPadding(g) !== null;
}

/**
 * dx = conv2d(dy, W') for a stride-1 convolution, where W'[i, j, o, c] = W[fh-1-i, fw-1-j, c, o]
 * (the filter rotated by 180° with its channel axes swapped) and the padding is the complement
 * fh-1-top, fh-1-bottom, fw-1-left, fw-1-right, run by the stock XNNPACK Conv2D kernel.
 */
export function backpropInputAsConv(backend: BackendWasm, dy: TensorInfo, filter: TensorInfo, g: PatchGeometry): TensorInfo {
  const pads = fullPadding(g);
  if (pads == null) {
    throw new Error(`backpropInputAsConv: negative equivalent padding for pads ${[g.padTop, g.padBottom, g.padLeft, g.padRight]}`);
  }
  const rotated = runStock("Reverse", backend, { x: filter }, { dims: [0, 1] });
  const swapped = runStock("Transpose", backend, { x: rotated }, { perm: [0, 1, 3, 2] });
  free(backend, rotated);
  const pad = [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]];
  const dx = runStock("Conv2D", backend, { x: dy, filter: swapped }, { strides: 1, pad, dataFormat: "NHWC", dilations: 1 });
  free(backend, swapped);
  return dx;
}
