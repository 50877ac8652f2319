import { backend_util } from "@tensorflow/tfjs-core";

/**
 * Where every filter tap of a 2-D NHWC convolution lands: output pixel (oy, ox) and tap (fy, fx)
 * read input row `oy * strideH - padTop + fy` and column `ox * strideW - padLeft + fx`.
 */
export interface PatchGeometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  filterH: number;
  filterW: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
}

/** The attributes tfjs passes to both conv2d backprop kernels. */
export interface ConvAttrs {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/**
 * Resolves strides, 'same' / 'valid' / explicit padding and rounding exactly as tfjs does for the
 * forward convolution of input `inShape` with filter `filterShape` ([fh, fw, inC, outC]). The
 * backprop kernels carry no dilation (tfjs only differentiates dilation-1 convolutions); NCHW
 * throws.
 */
export function patchGeometry(
  kernel: string,
  inShape: number[],
  filterShape: number[],
  attrs: ConvAttrs,
): PatchGeometry {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== "NHWC") {
    throw new Error(`${kernel}: only dataFormat NHWC is supported, got ${attrs.dataFormat}`);
  }
  if (inShape.length !== 4 || filterShape.length !== 4) {
    throw new Error(`${kernel}: expected rank-4 input and filter, got ${inShape} and ${filterShape}`);
  }
  const info = backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    "channelsLast",
  );
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    filterH: info.filterHeight,
    filterW: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** Rows of the patch matrix: one per output pixel, batch * outH * outW. */
export function patchRows(g: PatchGeometry): number {
  return g.batch * g.outH * g.outW;
}

/** Columns of the patch matrix: one per filter tap and input channel, filterH * filterW * inC. */
export function patchCols(g: PatchGeometry): number {
  return g.filterH * g.filterW * g.inC;
}
