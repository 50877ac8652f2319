/**
 * How the `vae-lab-blas` addon runs its GEMMs (the dense layers, the convolutions' im2col products):
 * - `portable` (the default): VAE Lab's own GEMM, in which every element of a product is one chain of
 *   fused multiply-adds over k in order. Its AVX-512, AVX2 and scalar kernels only change how many
 *   elements run side by side, so every x86-64 CPU (and any other, through the scalar kernel)
 *   computes the same bits;
 * - `native`: OpenBLAS's cblas_sgemm with the kernels OpenBLAS picks for the CPU (or
 *   `OPENBLAS_CORETYPE`), fastest on some machines, in other bits on each kind of CPU.
 */
export type BlasKernelSetting = "portable" | "native";

/** Validates `VAE_LAB_BLAS_KERNELS` (default `portable`). */
export function blasKernelSetting(env: NodeJS.ProcessEnv = process.env): BlasKernelSetting {
  const raw = env.VAE_LAB_BLAS_KERNELS || "portable";
  if (raw !== "portable" && raw !== "native") {
    throw new Error(`invalid VAE_LAB_BLAS_KERNELS: ${raw} (use portable or native)`);
  }
  return raw;
}

/** What OpenBLAS reports of itself. */
export interface OpenBlasInfo {
  version: string;
  coreName: string;
  threads: number;
}

/** The portable GEMM's line, the same on every machine (see {@link BlasKernelSetting}). */
export const PORTABLE_GEMM = "VAE Lab's GEMM (one fused multiply-add chain per element)";

/**
 * What a seed reproduces with the GEMM in use: `portable: VAE Lab's GEMM (...)`, or
 * `not portable: OpenBLAS 0.3.21 Cooperlake kernels, 1 thread (VAE_LAB_BLAS_KERNELS=native)`;
 * `portable` is false when the addon predates the portable GEMM (then OpenBLAS runs).
 */
export function blasGuarantee(setting: BlasKernelSetting, portable: boolean, openblas: OpenBlasInfo): string {
  if (portable) return `portable: ${PORTABLE_GEMM}`;
  const why = setting === "native" ? "VAE_LAB_BLAS_KERNELS=native" : "vae-lab-blas was built before its portable GEMM: npm ci";
  const threads = `${openblas.threads} ${openblas.threads === 1 ? "thread" : "threads"}`;
  return `not portable: OpenBLAS ${openblas.version} ${openblas.coreName} kernels, ${threads} (${why})`;
}
