import "@tensorflow/tfjs-backend-wasm";
import { batchMatMul } from "./batch-matmul";
import { conv2d, fusedConv2d } from "./conv2d";
import { conv2dBackpropFilter } from "./conv2d-backprop-filter";
import { conv2dBackpropInput } from "./conv2d-backprop-input";
import { fusedMatMul } from "./fused-matmul";
import { cast, identity } from "./identity";
import { registerReluGradient, reluGrad, RELU_GRAD_KERNEL } from "./relu-grad";
import { overrideKernel, WasmKernelFunc } from "./kernel-util";
import { sum } from "./sum";
import { unsortedSegmentSum } from "./unsorted-segment-sum";

export { fastMatMul } from "./matmul-core";
export { blas, blasThreads, enableBlas } from "./blas";
export type { BlasBinding, BlasStatus } from "./blas";
export { isOverridden, stockKernel } from "./kernel-util";
export { ADAM_UPDATE_KERNEL, fusedAdamReady } from "./adam-update";
export type { AdamUpdateAttrs } from "./adam-update";

/** Every kernel this module installs on the wasm backend, by tfjs kernel name. */
export const WASM_OVERRIDES: ReadonlyArray<readonly [string, WasmKernelFunc]> = [
  ["BatchMatMul", batchMatMul],
  ["_FusedMatMul", fusedMatMul],
  ["Conv2D", conv2d],
  ["FusedConv2D", fusedConv2d],
  ["Conv2DBackpropFilter", conv2dBackpropFilter],
  ["Conv2DBackpropInput", conv2dBackpropInput],
  ["UnsortedSegmentSum", unsortedSegmentSum],
  ["Sum", sum],
  ["Identity", identity],
  ["Cast", cast],
  [RELU_GRAD_KERNEL, reluGrad],
];

/**
 * Replaces or adds the wasm kernels listed in `WASM_OVERRIDES` and returns the names it
 * installed on this call (empty when they were already installed: the call is idempotent). Also
 * replaces relu's gradient with one that runs the fused kernel where it can (see relu-grad.ts).
 *
 * Works before or after `await tf.setBackend('wasm')`: the stock kernels' setup functions are kept
 * on the replacements, so they still bind their C++ entry points when the backend initialises.
 *
 * @example
 * await tf.setBackend("wasm");
 * installWasmKernels(); // ["BatchMatMul", "_FusedMatMul", ...]
 */
export function installWasmKernels(): string[] {
  const installed = WASM_OVERRIDES.filter(([name, func]) => overrideKernel(name, func)).map(([name]) => name);
  if (installed.length > 0) registerReluGradient();
  return installed;
}
