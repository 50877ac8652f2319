import * as tf from "@tensorflow/tfjs-core";

/** A padding as tf.conv2d takes it. */
export type Pad = "same" | "valid" | number | [[number, number], [number, number], [number, number], [number, number]];
/** One forward convolution: input and filter shapes, strides, padding and rounding. */
export interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
  dimRoundingMode?: "floor" | "round" | "ceil";
  /**
   * Kernels that stay on XNNPACK with the OpenBLAS addon loaded: input gradients with fewer than 8
   * output channels that XNNPACK's convolution can run.
   */
  xnnpack?: "Conv2DBackpropInput"[];
}

/**
 * Convolutions every conv kernel test runs: the VAEs' layers at batch 2, odd sizes, strides and
 * paddings, 1x1 ones (no patch gather at stride 1) and one large enough to span many of the native
 * route's tiles.
 */
export const CASES: ConvCase[] = [
  { x: [2, 28, 28, 1], filter: [3, 3, 1, 32], strides: 2, pad: "same" },
  { x: [2, 28, 28, 3], filter: [3, 3, 3, 32], strides: 2, pad: "same" },
  { x: [2, 14, 14, 32], filter: [3, 3, 32, 64], strides: 2, pad: "same" },
  { x: [2, 28, 28, 32], filter: [3, 3, 32, 1], strides: 1, pad: "same", xnnpack: ["Conv2DBackpropInput"] },
  { x: [3, 9, 7, 5], filter: [2, 3, 5, 4], strides: [2, 1], pad: "valid" },
  { x: [1, 8, 8, 3], filter: [3, 3, 3, 6], strides: 1, pad: "valid" },
  { x: [2, 10, 11, 4], filter: [3, 2, 4, 3], strides: [1, 3], pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  { x: [2, 9, 9, 2], filter: [3, 3, 2, 5], strides: 2, pad: 1, dimRoundingMode: "ceil" },
  { x: [1, 5, 5, 7], filter: [5, 5, 7, 2], strides: 3, pad: "same" },
  { x: [2, 9, 8, 10], filter: [3, 2, 10, 4], strides: 1, pad: [[0, 0], [2, 1], [0, 1], [0, 0]], xnnpack: ["Conv2DBackpropInput"] },
  { x: [1, 6, 6, 8], filter: [2, 2, 8, 3], strides: 1, pad: [[0, 0], [2, 0], [0, 0], [0, 0]] },
  { x: [1, 7, 9, 16], filter: [3, 3, 16, 5], strides: 1, pad: "valid", xnnpack: ["Conv2DBackpropInput"] },
  { x: [3, 10, 10, 20], filter: [3, 3, 20, 1], strides: 1, pad: "same", xnnpack: ["Conv2DBackpropInput"] },
  { x: [2, 8, 9, 16], filter: [2, 3, 16, 3], strides: 1, pad: [[0, 0], [1, 0], [2, 1], [0, 0]], xnnpack: ["Conv2DBackpropInput"] },
  { x: [2, 28, 28, 8], filter: [3, 3, 8, 16], strides: 2, pad: "same" },
  { x: [3, 9, 7, 9], filter: [2, 3, 9, 4], strides: [2, 1], pad: "valid", xnnpack: ["Conv2DBackpropInput"] },
  { x: [2, 10, 11, 12], filter: [3, 2, 12, 3], strides: [1, 3], pad: [[0, 0], [1, 2], [2, 0], [0, 0]], xnnpack: ["Conv2DBackpropInput"] },
  { x: [2, 9, 9, 10], filter: [3, 3, 10, 5], strides: 2, pad: 1, dimRoundingMode: "ceil", xnnpack: ["Conv2DBackpropInput"] },
  { x: [1, 11, 10, 8], filter: [5, 5, 8, 2], strides: 3, pad: "same", xnnpack: ["Conv2DBackpropInput"] },
  { x: [2, 7, 8, 8], filter: [1, 1, 8, 4], strides: 2, pad: "valid", xnnpack: ["Conv2DBackpropInput"] },
  { x: [1, 12, 12, 8], filter: [2, 2, 8, 3], strides: 2, pad: [[0, 0], [3, 1], [0, 4], [0, 0]], xnnpack: ["Conv2DBackpropInput"] },
  { x: [2, 5, 6, 8], filter: [1, 1, 8, 4], strides: 1, pad: "valid", xnnpack: ["Conv2DBackpropInput"] },
  { x: [2, 5, 6, 32], filter: [1, 1, 32, 8], strides: 1, pad: "valid" },
  { x: [2, 28, 28, 32], filter: [3, 3, 32, 8], strides: 1, pad: "same" },
];

/** The forward output shape, as tf.conv2d computes it. */
export function forwardShape(c: ConvCase): number[] {
  return tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.filter) as tf.Tensor4D, c.strides, c.pad, "NHWC", 1, c.dimRoundingMode).shape);
}

/** The attributes tfjs passes the conv kernels for this case. */
export function attrs(c: ConvCase): tf.NamedAttrMap {
  const base = { strides: c.strides, pad: c.pad, dataFormat: "NHWC" };
  return (c.dimRoundingMode ? { ...base, dimRoundingMode: c.dimRoundingMode } : base) as unknown as tf.NamedAttrMap;
}
