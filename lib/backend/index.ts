import * as tf from "@tensorflow/tfjs-core";
import { noteOnce } from "../util/warn";
import { AUTO_ORDER, loaders, BackendName, BACKENDS, BackendUnavailable } from "./loaders";
import { reproducibility } from "./reproducibility";
import type { WebGpuAdapterInfo } from "./webgpu";

export { AUTO_ORDER, BackendName, BACKENDS, BackendUnavailable } from "./loaders";
export { isPortable, kernelSettings, reproducibility } from "./reproducibility";
export { countTraffic, type Traffic } from "./traffic";
export { releaseWebGpu, WebGpuAdapterInfo } from "./webgpu";
export { ImageValues, readAll, readAndDispose, readArray, readImageRows, readImages, readScalar, readValues } from "./read";

/** What runs the tensors: reported by {@link backendInfo} and recorded with every checkpoint. */
export interface BackendInfo {
  /** VAE Lab's name for the backend: `tensorflow-gpu`, `webgpu`, `tensorflow`, `wasm` or `cpu`. */
  name: BackendName;
  /** TensorFlow.js core version. */
  tfjsVersion: string;
  /** For wasm: whether SIMD and threads are in use. */
  wasm?: { simd: boolean; threads: boolean };
  /**
   * For the TensorFlow and WebGPU backends: the device the kernels run on; for webgpu the adapter,
   * vendor, architecture and driver, e.g. `llvmpipe-llvm-15-0-6-256-bits-, OpenGL version OpenGL ES 3.2 Mesa 22.3.6, software`.
   */
  device?: string;
  /** For webgpu: the adapter Dawn found, field by field. */
  webgpu?: WebGpuAdapterInfo;
  /** Backends tried first and skipped by the automatic choice, with the reason. */
  skipped: { name: BackendName; reason: string }[];
  /**
   * For wasm with VAE Lab's kernels: the native BLAS that runs the matmul and conv-backprop GEMMs,
   * e.g. `OpenBLAS 0.3.21 (Cooperlake, pthreads, 1 thread)`; absent when XNNPACK runs them (the
   * optional `vae-lab-blas` package did not build, or `VAE_LAB_BLAS=off`).
   */
  blas?: string;
  /**
   * What the same seed reproduces, e.g. `portable: wasm SIMD kernels + VAE Lab's GEMM (one fused
   * multiply-add chain per element)` (the same bits on any machine with the same checkout and lock file) or a line
   * that starts `not portable:` and says why; see {@link reproducibility}.
   */
  reproducibility: string;
  /** Kernels VAE Lab replaced or added on this backend (wasm: set `VAE_LAB_WASM_KERNELS=stock` to keep the stock ones). */
  kernelOverrides: string[];
}

export interface InitBackendOptions {
  /**
   * Force one backend instead of the automatic order (tensorflow-gpu, webgpu, wasm, cpu: see
   * AUTO_ORDER; `tensorflow` only by name). Defaults to the environment variable `VAE_LAB_BACKEND`,
   * else automatic. A forced backend that cannot load is an error. The automatic choice takes webgpu
   * only on a hardware adapter; a forced `webgpu` also runs on a software one (llvmpipe through
   * OpenGL ES), for tests.
   */
  backend?: BackendName | "auto";
  /** Do not print the one-line note about skipped backends. Default false. */
  quiet?: boolean;
  /**
   * Optional packages to treat as not installed, as on a machine where they did not install or
   * build: `["@tensorflow/tfjs-backend-wasm"]` makes the automatic choice skip wasm, `["vae-lab-blas"]`
   * runs wasm's GEMMs on XNNPACK (the addon is loaded once per process: only the first wasm start
   * reads it). For tests of the fallbacks; default none.
   */
  blocked?: readonly string[];
}

let current: BackendInfo | undefined;

/**
 * Picks and initialises the TensorFlow.js backend once per process and reports it.
 * `await initBackend()` before any tensor work; later calls return the same answer unless a
 * different backend is forced.
 * @example const info = await initBackend({ backend: "wasm" }); // info.name === "wasm"
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const wanted = parseBackend(options.backend ?? process.env.VAE_LAB_BACKEND ?? "auto");
  if (current && (wanted === "auto" || wanted === current.name)) return current;
  const order = wanted === "auto" ? AUTO_ORDER : [wanted];
  const skipped: BackendInfo["skipped"] = [];
  for (const name of order) {
    try {
      const { blasGuarantee, ...loaded } = await loaders[name](wanted !== "auto", { blocked: options.blocked });
      const found = { name, tfjsVersion: tf.version_core, skipped, ...loaded };
      current = { ...found, reproducibility: reproducibility(found, blasGuarantee) };
      if (skipped.length > 0 && !options.quiet) {
        noteOnce(`backend ${name}, ${current.reproducibility} (skipped ${skipped.map((s) => `${s.name}: ${s.reason}`).join("; ")})`);
      }
      return current;
    } catch (e) {
      const reason = e instanceof BackendUnavailable ? e.message : String((e as Error).message ?? e).split("\n")[0];
      if (wanted !== "auto") throw new BackendUnavailable(`backend ${name} cannot load: ${reason}`);
      skipped.push({ name, reason });
    }
  }
  throw new BackendUnavailable(`no backend could load: ${skipped.map((s) => `${s.name}: ${s.reason}`).join("; ")}`);
}

/** The backend in use, or undefined before {@link initBackend}. */
export function backendInfo(): BackendInfo | undefined {
  return current;
}

/**
 * One line for logs and reports, e.g. `wasm (tfjs 4.22.0, SIMD, 1 thread)`, with the GEMM's BLAS
 * when one is used: `wasm (tfjs 4.22.0, SIMD, 1 thread) + OpenBLAS 0.3.21 (Cooperlake, pthreads, 1 thread)`.
 */
export function describeBackend(info: BackendInfo): string {
  const extra = info.wasm
    ? `${info.wasm.simd ? "SIMD" : "no SIMD"}, ${info.wasm.threads ? "threads" : "1 thread"}`
    : info.device ?? "";
  return `${info.name} (tfjs ${info.tfjsVersion}${extra ? `, ${extra}` : ""})${info.blas ? ` + ${info.blas}` : ""}`;
}

/** Validates a backend name from a flag or the environment. */
export function parseBackend(value: string): BackendName | "auto" {
  if (value === "auto" || (BACKENDS as readonly string[]).includes(value)) return value as BackendName | "auto";
  throw new Error(`invalid backend: ${value} (choose one of auto, ${BACKENDS.join(", ")})`);
}
