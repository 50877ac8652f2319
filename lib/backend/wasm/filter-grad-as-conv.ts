import { TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { PatchGeometry } from "./conv-geometry";
import { free, runStock } from "./kernel-util";

/** From this many input channels XNNPACK's convolution beat im2col + GEMM (2-3x at 32). */
const MIN_CONV_CHANNELS = 16;

/**
 * True when the filter gradient of this convolution is better computed by XNNPACK's convolution:
 * stride 1 and many input channels. The im2col route materialises fh*fw*inC values per output
 * pixel and XNNPACK packs dy, which dominates when outC is small (a 32 -> 1 channel layer: 140 ms
 * against 50 ms at batch 128, 28x28). With stride 2 the dilated form measured no faster.
 */
export function preferFilterConv(g: PatchGeometry): boolean {
  return g.strideH === 1 && g.strideW === 1 && g.inC >= MIN_CONV_CHANNELS;
}

/**
 * dW[fy, fx, c, o] = Σ_{b, oy, ox} x[b, oy+fy-top, ox+fx-left, c] · dy[b, oy, ox, o] for a stride-1
 * convolution, computed as a forward convolution in which the input channels play the batch,
 * the batch plays the channels and dy is the filter: conv2d(xᵀ [inC, H, W, batch],
 * dyᵀ [outH, outW, batch, outC]) with the forward padding gives [inC, fh, fw, outC].
 */
export function filterGradAsConv(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, g: PatchGeometry): TensorInfo {
  const xt = runStock("Transpose", backend, { x }, { perm: [3, 1, 2, 0] });
  const dyt = runStock("Transpose", backend, { x: dy }, { perm: [1, 2, 0, 3] });
  const pad = [[0, 0], [g.padTop, g.padBottom], [g.padLeft, g.padRight], [0, 0]];
  const w = runStock("Conv2D", backend, { x: xt, filter: dyt }, { strides: 1, pad, dataFormat: "NHWC", dilations: 1 });
  free(backend, xt, dyt);
  const dw = runStock("Transpose", backend, { x: w }, { perm: [1, 2, 0, 3] });
  free(backend, w);
  return dw;
}
