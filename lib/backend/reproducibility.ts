import type { BackendInfo } from "./index";
import { blasThreads } from "./wasm/blas";
import { blasKernelSetting } from "./wasm/blas-kernels";

/**
 * What the same seed reproduces on a backend, in one line that starts with `portable:` (the same
 * bits on any machine, given the same checkout and lock file) or `not portable:`.
 * - wasm: the wasm kernels are portable (WebAssembly's arithmetic is IEEE, its SIMD has no
 *   per-CPU variants); with the native addon, as portable as its GEMM (blasGuarantee).
 * - cpu: tfjs's JavaScript kernels, portable.
 * - tensorflow: libtensorflow picks its kernels and threads from the CPU.
 * - tensorflow-gpu and webgpu: the GPU, its driver and the compiler of its shaders decide.
 * @example reproducibility({ name: "cpu", ... }) // "portable: TensorFlow.js cpu kernels (JavaScript)"
 */
export function reproducibility(info: Pick<BackendInfo, "name" | "wasm" | "device">, blasGuarantee?: string): string {
  switch (info.name) {
    case "wasm": {
      const wasm = `wasm ${info.wasm?.simd ? "SIMD" : "scalar"} kernels`;
      if (info.wasm?.threads) return `not portable: ${wasm} with threads (the thread count can split sums)`;
      if (!blasGuarantee) return `portable: ${wasm}`;
      const [verdict, rest] = blasGuarantee.split(/: (.*)/s);
      return `${verdict}: ${wasm} + ${rest}`;
    }
    case "cpu":
      return "portable: TensorFlow.js cpu kernels (JavaScript)";
    case "tensorflow":
      return "not portable: libtensorflow picks its kernels and threads from the CPU";
    default:
      return `not portable: GPU kernels (${info.device ?? info.name})`;
  }
}

/** True when a {@link reproducibility} line promises the same bits on another machine. */
export function isPortable(line: string | null | undefined): boolean {
  return typeof line === "string" && line.startsWith("portable:");
}

/**
 * The settings a process reads from `env` that decide its bits on the CPU backends, as one line:
 * the backend asked for, the BLAS route, the kernels asked of OpenBLAS and its threads. A report
 * build keys its cache on it, so a notebook run with other kernels is not reused.
 * @example kernelSettings({}) // "backend=auto blas=auto kernels=portable threads=1 wasm=vae-lab"
 */
export function kernelSettings(env: NodeJS.ProcessEnv = process.env): string {
  const setting = blasKernelSetting(env);
  const kernels = setting === "portable" ? setting : `${setting}:${(env.OPENBLAS_CORETYPE || "cpu").toLowerCase()}`;
  const parts = [`backend=${env.VAE_LAB_BACKEND || "auto"}`, `blas=${env.VAE_LAB_BLAS || "auto"}`, `kernels=${kernels}`];
  return [...parts, `threads=${blasThreads(env)}`, `wasm=${env.VAE_LAB_WASM_KERNELS === "stock" ? "stock" : "vae-lab"}`].join(" ");
}
