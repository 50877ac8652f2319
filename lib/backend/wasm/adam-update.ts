import { getKernel, registerKernel, TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { blas } from "./blas";
import { f32, sizeOf, WasmKernelArgs } from "./kernel-util";

/** The tfjs kernel name of the fused Adam step (wasm backend only, native addon required). */
export const ADAM_UPDATE_KERNEL = "VaeLabAdamUpdate";

/** The step's constants, as the kernel's attributes; see {@link adamUpdateKernel}. */
export interface AdamUpdateAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 − beta1^t rounded to float32, as tfjs's Adam computes it from its float32 accumulator. */
  oneMinusAccBeta1: number;
  /** 1 − beta2^t rounded to float32. */
  oneMinusAccBeta2: number;
}

/**
 * Kernel body: inputs `w`, `m`, `v`, `g` (float32, one shape); outputs new [w, m, v] in freshly
 * allocated tensors (the inputs are never written: variables and their clones share storage), by
 * one `adamUpdate` call of the OpenBLAS addon on the wasm heap.
 */
export function adamUpdateKernel({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo[] {
  const native = blas().binding?.adamUpdate;
  if (!native) throw new Error(`${ADAM_UPDATE_KERNEL}: the vae-lab-blas addon with adamUpdate is not loaded (${blas().description})`);
  const { w, m, v, g } = inputs;
  for (const [name, t] of [["w", w], ["m", m], ["v", v], ["g", g]] as const) {
    if (t == null) throw new Error(`${ADAM_UPDATE_KERNEL}: missing input ${name}`);
    if (t.dtype !== "float32") throw new Error(`${ADAM_UPDATE_KERNEL}: ${name} has dtype ${t.dtype}, needs float32`);
    if (sizeOf(t.shape) !== sizeOf(w.shape)) throw new Error(`${ADAM_UPDATE_KERNEL}: ${name} has shape [${t.shape}], w has [${w.shape}]`);
  }
  const a = attrs as unknown as AdamUpdateAttrs;
  const wasm = backend as BackendWasm;
  const outs = [w, m, v].map((t) => wasm.makeOutput(t.shape, "float32"));
  const n = sizeOf(w.shape);
  if (n === 0) return outs;
  // Views are taken after the last allocation: a heap growth would detach earlier ones.
  const [ow, om, ov] = outs.map((t) => f32(wasm, t));
  native(f32(wasm, w), f32(wasm, m), f32(wasm, v), f32(wasm, g), ow, om, ov, 0, 0, 0, 0, 0, 0, 0, n,
    a.learningRate, a.beta1, a.beta2, a.epsilon, a.oneMinusAccBeta1, a.oneMinusAccBeta2);
  return outs;
}

/**
 * The same step as {@link adamUpdateKernel}, written into `w`, `m` and `v` themselves: no new
 * tensors, and the weights cross memory once less. Only when no other tensor shares their memory
 * (the wasm backend's reference count of each is 1: no clone, reshape or saved copy of them is
 * alive) and the gradient is none of them. Returns false, having written nothing, otherwise.
 */
export function adamUpdateInPlace(backend: BackendWasm, w: TensorInfo, m: TensorInfo, v: TensorInfo, g: TensorInfo,
  attrs: AdamUpdateAttrs): boolean {
  const native = blas().binding?.adamUpdate;
  const owned = [w, m, v].every((t) => t.dtype === "float32" && backend.refCount(t.dataId) === 1 && t.dataId !== g.dataId);
  const n = sizeOf(w.shape);
  if (!native || !owned || g.dtype !== "float32" || [m, v, g].some((t) => sizeOf(t.shape) !== n)) return false;
  const [vw, vm, vv] = [w, m, v].map((t) => f32(backend, t));
  native(vw, vm, vv, f32(backend, g), vw, vm, vv, 0, 0, 0, 0, 0, 0, 0, n,
    attrs.learningRate, attrs.beta1, attrs.beta2, attrs.epsilon, attrs.oneMinusAccBeta1, attrs.oneMinusAccBeta2);
  return true;
}

/**
 * True when the fused Adam step can run now: the wasm backend is active and the OpenBLAS addon
 * (routing enabled, see `enableBlas`) has `adamUpdate`. Registers the kernel on first success.
 */
export function fusedAdamReady(backendName: string): boolean {
  if (backendName !== "wasm" || typeof blas().binding?.adamUpdate !== "function") return false;
  if (!getKernel(ADAM_UPDATE_KERNEL, "wasm")) {
    registerKernel({ kernelName: ADAM_UPDATE_KERNEL, backendName: "wasm", kernelFunc: adamUpdateKernel as never });
  }
  return true;
}
