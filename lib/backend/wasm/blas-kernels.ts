import * as fs from "node:fs";

/**
 * The OpenBLAS kernel family VAE Lab asks for on x86-64: Haswell's (AVX2 + FMA), which every Intel
 * CPU since 2013 and every AMD CPU since Zen runs. With one family, one OpenBLAS version computes
 * the same bits on any such machine; left to itself OpenBLAS picks per CPU (SkylakeX or Cooperlake
 * on AVX-512 machines, whose sums come out in other bits).
 */
export const PORTABLE_CORETYPE = "Haswell";

/** How OpenBLAS's kernels are chosen: `VAE_LAB_BLAS_KERNELS`, default `portable`. */
export type BlasKernelSetting = "portable" | "native";

/** What VAE Lab asks of OpenBLAS before it loads, and why. */
export interface BlasKernelChoice {
  /** The `OPENBLAS_CORETYPE` to set while OpenBLAS loads; undefined leaves the environment as it is. */
  coreType?: string;
  /**
   * Why the kernels are not the portable family, when VAE Lab knows before loading: an explicit
   * `OPENBLAS_CORETYPE`, the `native` opt-in, a CPU without AVX2 and FMA, another architecture.
   */
  reason?: string;
}

/** The CPU as far as the choice needs it: Node's `process.arch` and the feature flags, null when unknown. */
export interface CpuFeatures {
  arch: string;
  flags: ReadonlySet<string> | null;
}

/** This machine's architecture and, on Linux, the flags of /proc/cpuinfo (null elsewhere). */
export function cpuFeatures(): CpuFeatures {
  let flags: Set<string> | null = null;
  try {
    const line = /^flags\s*:(.*)$/m.exec(fs.readFileSync("/proc/cpuinfo", "utf8"))?.[1];
    if (line !== undefined) flags = new Set(line.trim().split(/\s+/));
  } catch {
    flags = null;
  }
  return { arch: process.arch, flags };
}

/** Validates `VAE_LAB_BLAS_KERNELS`. */
export function blasKernelSetting(env: NodeJS.ProcessEnv = process.env): BlasKernelSetting {
  const raw = env.VAE_LAB_BLAS_KERNELS || "portable";
  if (raw !== "portable" && raw !== "native") {
    throw new Error(`invalid VAE_LAB_BLAS_KERNELS: ${raw} (use portable or native)`);
  }
  return raw;
}

/**
 * Which kernels to ask OpenBLAS for. An explicit `OPENBLAS_CORETYPE` wins; `VAE_LAB_BLAS_KERNELS=native`
 * lets OpenBLAS pick the fastest kernels of the CPU at hand; otherwise, on x86-64 with AVX2 and FMA,
 * {@link PORTABLE_CORETYPE}.
 * @example chooseBlasKernels({}, { arch: "x64", flags: new Set(["avx2", "fma"]) }) // { coreType: "Haswell" }
 */
export function chooseBlasKernels(env: NodeJS.ProcessEnv = process.env, cpu: CpuFeatures = cpuFeatures()): BlasKernelChoice {
  const setting = blasKernelSetting(env);
  const explicit = env.OPENBLAS_CORETYPE;
  if (explicit) return { reason: `OPENBLAS_CORETYPE=${explicit}` };
  if (setting === "native") return { reason: "VAE_LAB_BLAS_KERNELS=native" };
  if (cpu.arch !== "x64") return { reason: `${cpu.arch}: no portable kernel family` };
  if (!cpu.flags) return { reason: "CPU features unknown" };
  if (!cpu.flags.has("avx2") || !cpu.flags.has("fma")) return { reason: "CPU without AVX2 and FMA" };
  return { coreType: PORTABLE_CORETYPE };
}

/**
 * What a seed reproduces with the kernels OpenBLAS reports it loaded, e.g.
 * `portable: OpenBLAS 0.3.21 Haswell kernels, 1 thread` or
 * `not portable: OpenBLAS 0.3.21 Cooperlake kernels (VAE_LAB_BLAS_KERNELS=native)`. Only the
 * portable family on x86-64 is portable; the thread count is part of it (OpenBLAS splits some
 * products differently with more threads).
 */
export function blasGuarantee(version: string, coreName: string, threads: number, choice: BlasKernelChoice, arch = process.arch): string {
  const kernels = `OpenBLAS ${version} ${coreName} kernels, ${threads} ${threads === 1 ? "thread" : "threads"}`;
  if (arch === "x64" && coreName === PORTABLE_CORETYPE) return `portable: ${kernels}`;
  return `not portable: ${kernels} (${choice.reason ?? "OpenBLAS did not take OPENBLAS_CORETYPE"})`;
}
