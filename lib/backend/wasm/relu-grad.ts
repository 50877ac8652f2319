import * as tf from "@tensorflow/tfjs-core";
import { registerGradient, TensorInfo } from "@tensorflow/tfjs-core";
import { blas } from "./blas";
import { f32, sizeOf, WasmKernelArgs } from "./kernel-util";

/** The tfjs kernel name of relu's fused gradient (wasm backend, native addon). */
export const RELU_GRAD_KERNEL = "VaeLabReluGrad";

/**
 * Kernel body: dx = dy·step(x) from inputs `dy` and `x` (float32, one shape) in one native pass,
 * the same float products as tfjs's Step then Multiply; throws without the addon.
 */
export function reluGrad({ inputs, backend }: WasmKernelArgs): TensorInfo {
  const native = blas().binding?.reluGrad;
  if (!native) throw new Error(`${RELU_GRAD_KERNEL}: the vae-lab-blas addon with reluGrad is not loaded (${blas().description})`);
  const { dy, x } = inputs;
  if (dy.dtype !== "float32" || x.dtype !== "float32" || sizeOf(dy.shape) !== sizeOf(x.shape)) {
    throw new Error(`${RELU_GRAD_KERNEL}: dy [${dy.shape}] ${dy.dtype} and x [${x.shape}] ${x.dtype} must be float32 of one size`);
  }
  const dx = backend.makeOutput(x.shape, "float32");
  native(f32(backend, dy), f32(backend, x), f32(backend, dx), sizeOf(x.shape), 1);
  return dx;
}

/**
 * Replaces the gradient of `Relu` (gradients are registered per kernel, for every backend): on
 * wasm with the OpenBLAS addon it is one {@link RELU_GRAD_KERNEL} pass (bit-identical, two kernel
 * launches and a pass over the activation fewer per relu); everywhere else it is tfjs's own
 * dy·cast(step(x)).
 */
export function registerReluGradient(): void {
  registerGradient({
    kernelName: "Relu",
    inputsToSave: ["x"],
    gradFunc: (dy, saved) => {
      const [x] = saved;
      const g = dy as tf.Tensor;
      if (tf.getBackend() === "wasm" && g.dtype === "float32" && x.dtype === "float32" && blas().binding?.reluGrad) {
        return { x: () => tf.engine().runKernel(RELU_GRAD_KERNEL, { dy: g, x }) as tf.Tensor };
      }
      return { x: () => tf.mul(g, tf.cast(tf.step(x), "float32")) };
    },
  });
}
