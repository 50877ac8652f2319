import { requireOptional, type OptionalModules } from "../../util/modules";
import { blasGuarantee, blasKernelSetting } from "./blas-kernels";

/** The optional `vae-lab-blas` addon (native/blas): a portable GEMM, or OpenBLAS's, and fused kernels on Float32Arrays. */
export interface BlasBinding {
  /**
   * C = alpha·op(A)·op(B) + beta·C, row-major; op(A) is m×k, op(B) k×n. Each matrix starts at
   * an element offset of its array with rows `ld*` apart; `count` products advance each operand
   * by its stride (0 shares it). Arrays are used in place, so wasm heap views work.
   */
  sgemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: Float32Array, aOffset: number, lda: number,
    b: Float32Array, bOffset: number, ldb: number,
    beta: number, c: Float32Array, cOffset: number, ldc: number,
    count?: number, strideA?: number, strideB?: number, strideC?: number,
  ): void;
  /** OpenBLAS's thread count for later calls. */
  setThreads(threads: number): void;
  /**
   * Later GEMMs (sgemm and the convolutions) run on OpenBLAS (`true`) or on VAE Lab's portable GEMM
   * (`false`, the default: the same bits on every CPU). Absent, like gemmKernel, from addons built before it.
   */
  useOpenBlas?(on: boolean): void;
  /** The portable GEMM's kernel on this CPU: `avx512`, `avx2` or `scalar` (`VAE_LAB_GEMM_ISA` picks a lower one). */
  gemmKernel?(): string;
  /**
   * One Adam step for `n` elements, bit-identical to tfjs's float32 Adam: reads w, m, v and g,
   * writes the new weights and moments to outW, outM, outV (each array from its element offset).
   * Outputs must not overlap each other or the inputs. Absent from addons built before it existed.
   */
  adamUpdate?(
    w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array,
    outW: Float32Array, outM: Float32Array, outV: Float32Array,
    wOffset: number, mOffset: number, vOffset: number, gOffset: number,
    outWOffset: number, outMOffset: number, outVOffset: number,
    n: number, learningRate: number, beta1: number, beta2: number, epsilon: number,
    oneMinusAccBeta1: number, oneMinusAccBeta2: number,
  ): void;
  /**
   * y = clamp(patches(x)·W + bias) for an NHWC convolution with dilation 1, as im2col + cblas_sgemm
   * in cache-sized tiles; `activation` 0 linear, 1 relu, 2 relu6; `bias` of length outC or null.
   * `geometry` is {@link convGeometry}'s Int32Array. Absent from addons built before it existed.
   */
  conv2d?(x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array, geometry: Int32Array, activation: number): void;
  /** dx = col2im(dy·Wᵀ): the input gradient of that convolution (a transposed conv's forward pass). */
  conv2dBackpropInput?(dy: Float32Array, w: Float32Array, dx: Float32Array, geometry: Int32Array): void;
  /** dW = patches(x)ᵀ·dy: the filter gradient of that convolution. */
  conv2dBackpropFilter?(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: Int32Array): void;
  /**
   * Per-row loss terms of [rows, cols] arrays into `out` (rows floats), summed in double:
   * Σ softplus(l) − x·l, Σ (x − sigmoid(l))², and for a Gaussian −½ Σ (1 + v − m² − eᵛ).
   * Absent from addons built before them, as are the gradients and columnSums below.
   */
  bernoulliNll?(x: Float32Array, logits: Float32Array, out: Float32Array, rows: number, cols: number): void;
  squaredError?(x: Float32Array, logits: Float32Array, out: Float32Array, rows: number, cols: number): void;
  gaussianKl?(mean: Float32Array, logVar: Float32Array, out: Float32Array, rows: number, cols: number): void;
  /** Their gradients with respect to the logits (the log-variance for the KL), scaled by dy[row]. */
  bernoulliNllGrad?(x: Float32Array, logits: Float32Array, dy: Float32Array, dLogits: Float32Array, rows: number, cols: number): void;
  squaredErrorGrad?(x: Float32Array, logits: Float32Array, dy: Float32Array, dLogits: Float32Array, rows: number, cols: number): void;
  gaussianKlGrad?(
    mean: Float32Array,
    logVar: Float32Array,
    dy: Float32Array,
    dMean: Float32Array,
    dLogVar: Float32Array,
    rows: number,
    cols: number,
  ): void;
  /** out[c] = Σ_r x[r][c] over a [rows, cols] array, bit-identical to `columnSums` in sum.ts. */
  columnSums?(x: Float32Array, out: Float32Array, rows: number, cols: number): void;
  /** dx = dy·step(x) over rows·cols elements: relu's gradient as tfjs computes it, in one pass. */
  reluGrad?(dy: Float32Array, x: Float32Array, dx: Float32Array, rows: number, cols: number): void;
  /** OpenBLAS's build string, chosen kernel family, thread count and threading model. */
  info(): { config: string; coreName: string; threads: number; parallel: string };
}

/** What {@link blas} found: the binding and a one-line description, or why there is none. */
export interface BlasStatus {
  binding: BlasBinding | null;
  /**
   * E.g. `portable GEMM (avx512 kernel)` or, with `VAE_LAB_BLAS_KERNELS=native`,
   * `OpenBLAS 0.3.21 (Cooperlake, pthreads, 1 thread)`; without a binding, the reason.
   */
  description: string;
  /** With a binding: what a seed reproduces (see blasGuarantee). */
  guarantee?: string;
}

const MODULE = "vae-lab-blas";
let status: BlasStatus | undefined;

/**
 * Threads for OpenBLAS: `VAE_LAB_BLAS_THREADS`, default 1, because the report runs notebooks in
 * parallel, one per core, and two busy OpenBLAS pools on two cores slow each other down.
 */
export function blasThreads(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.VAE_LAB_BLAS_THREADS ?? "1";
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1024) {
    throw new Error(`invalid VAE_LAB_BLAS_THREADS: ${raw} (use an integer from 1 to 1024)`);
  }
  return n;
}

function load(modules: OptionalModules): BlasStatus {
  const setting = process.env.VAE_LAB_BLAS ?? "auto";
  if (setting === "off") return { binding: null, description: "off (VAE_LAB_BLAS=off)" };
  if (setting !== "auto" && setting !== "on") throw new Error(`invalid VAE_LAB_BLAS: ${setting} (use auto, on or off)`);
  const threads = blasThreads();
  const kernels = blasKernelSetting();
  // OpenBLAS sizes its thread pool when it loads: set the count before, then forget the variable.
  const presetThreads = process.env.OPENBLAS_NUM_THREADS;
  if (presetThreads === undefined) process.env.OPENBLAS_NUM_THREADS = String(threads);
  let binding: BlasBinding;
  try {
    // A plain copy: the addon's own properties are read-only, and tests wrap `sgemm` to count calls.
    binding = { ...requireOptional<BlasBinding>(MODULE, modules) };
  } catch (e) {
    const reason = String((e as Error).message).split("\n")[0];
    if (setting === "on") throw new Error(`VAE_LAB_BLAS=on but ${MODULE} cannot load: ${reason}`);
    const missing = (e as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND";
    const description = missing ? `${MODULE} not built (install libopenblas-dev, then npm ci)` : `${MODULE} failed to load: ${reason}`;
    return { binding: null, description };
  } finally {
    if (presetThreads === undefined) delete process.env.OPENBLAS_NUM_THREADS;
  }
  binding.setThreads(threads);
  const portable = kernels === "portable" && typeof binding.useOpenBlas === "function";
  binding.useOpenBlas?.(!portable);
  const info = binding.info();
  const version = /OpenBLAS\s+(\S+)/.exec(info.config)?.[1] ?? "?";
  const plural = info.threads === 1 ? "thread" : "threads";
  const description = portable
    ? `portable GEMM (${binding.gemmKernel!()} kernel)`
    : `OpenBLAS ${version} (${info.coreName}, ${info.parallel}, ${info.threads} ${plural})`;
  return { binding, description, guarantee: blasGuarantee(kernels, portable, { version, coreName: info.coreName, threads: info.threads }) };
}

/**
 * The native GEMM when the optional `vae-lab-blas` package built against OpenBLAS, loaded once
 * per process. `VAE_LAB_BLAS` chooses: `auto` (default) uses it when present, `off` never,
 * `on` throws when it cannot load. Its GEMMs run on VAE Lab's portable GEMM unless
 * `VAE_LAB_BLAS_KERNELS=native` hands them to OpenBLAS (see BlasKernelSetting). Threads (OpenBLAS's
 * only): see {@link blasThreads}. `modules` counts only on the call that loads it, the first
 * (`initBackend`'s `blocked` reaches it when wasm starts).
 * @example blas().description // "portable GEMM (avx2 kernel)"
 */
export function blas(modules: OptionalModules = {}): BlasStatus {
  status ??= load(modules);
  return routing ? status : { binding: null, description: "off (enableBlas(false))" };
}

let routing = true;

/**
 * Routes the wasm GEMMs to OpenBLAS (`true`, the default) or to XNNPACK (`false`) from now on,
 * e.g. to compare both in one process. Returns whether OpenBLAS is in use afterwards (false
 * when it is not available).
 */
export function enableBlas(on: boolean): boolean {
  routing = on;
  return blas().binding != null;
}
