import {
  getKernel,
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  NamedTensorInfoMap,
  registerKernel,
  TensorInfo,
  unregisterKernel,
} from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/** The arguments tfjs passes to a kernel function, with the wasm backend typed. */
export interface WasmKernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
  attrs?: NamedAttrMap;
}

/** A kernel body written against the wasm backend. */
export type WasmKernelFunc = (args: WasmKernelArgs) => TensorInfo;

const stockKernels = new Map<string, KernelFunc>();
const ourKernels = new Set<KernelFunc>();

/**
 * The kernel function that shipped with tfjs-backend-wasm for `name`, even after an override
 * replaced it; the current registration for kernels that were never overridden.
 */
export function stockKernel(name: string): KernelFunc {
  const saved = stockKernels.get(name);
  if (saved) return saved;
  const config = getKernel(name, "wasm");
  if (!config) throw new Error(`kernel not registered for wasm: ${name}`);
  return config.kernelFunc;
}

/** Runs the stock wasm kernel `name` on tensor infos and returns its single output. */
export function runStock(
  name: string,
  backend: BackendWasm,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {},
): TensorInfo {
  return stockKernel(name)({ inputs, backend, attrs }) as TensorInfo;
}

/**
 * Registers `kernelFunc` for `name` on wasm, keeping the stock config's `setupFunc` so the stock
 * kernel it may delegate to still gets bound when the backend initialises. Returns false when
 * this override is already installed.
 */
export function overrideKernel(name: string, kernelFunc: WasmKernelFunc): boolean {
  const existing = getKernel(name, "wasm");
  if (existing && ourKernels.has(existing.kernelFunc)) return false;
  const func = kernelFunc as unknown as KernelFunc;
  const config: KernelConfig = { kernelName: name, backendName: "wasm", kernelFunc: func };
  if (existing) {
    stockKernels.set(name, existing.kernelFunc);
    if (existing.setupFunc) config.setupFunc = existing.setupFunc;
    if (existing.disposeFunc) config.disposeFunc = existing.disposeFunc;
    unregisterKernel(name, "wasm");
  }
  ourKernels.add(func);
  registerKernel(config);
  return true;
}

/** True when `name` currently runs one of this module's overrides. */
export function isOverridden(name: string): boolean {
  const config = getKernel(name, "wasm");
  return config != null && ourKernels.has(config.kernelFunc);
}

/** Frees a temporary produced inside a kernel. */
export function free(backend: BackendWasm, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** The same data under another shape of equal size; shares storage, so never free it. */
export function relabel(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** A float32 view of a tensor's wasm heap memory; take it only after the last allocation. */
export function f32(backend: BackendWasm, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Product of the entries of `shape` (1 for a scalar). */
export function sizeOf(shape: number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
