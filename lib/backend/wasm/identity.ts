import { TensorInfo } from "@tensorflow/tfjs-core";
import { runStock, WasmKernelArgs } from "./kernel-util";

/**
 * `Identity` for wasm without a copy: the output shares the input's heap memory under the
 * backend's reference count, as wasm's Reshape and the cpu backend's Identity do. tfjs's engine
 * clones every tensor a gradient keeps for the backward pass (82 clones of whole activations per
 * conv VAE training step, 61 per dense VAE step), and stock wasm copied each one. Sharing is safe
 * because no kernel writes into its inputs: every kernel, stock or VAE Lab's, writes a new output,
 * and a variable's assign switches storage rather than writing into it. Strings run the stock kernel.
 */
export function identity({ inputs, backend }: WasmKernelArgs): TensorInfo {
  const { x } = inputs;
  if (x.dtype === "string") return runStock("Identity", backend, { x });
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/**
 * `Cast` for wasm: to the tensor's own dtype it shares memory as {@link identity} does (relu's
 * gradient casts its float32 mask to float32, copying a whole activation); real conversions run
 * the stock kernel.
 */
export function cast({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  const { x } = inputs;
  const dtype = (attrs as { dtype: string }).dtype;
  if (dtype !== x.dtype || x.dtype === "string") return runStock("Cast", backend, { x }, attrs);
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
