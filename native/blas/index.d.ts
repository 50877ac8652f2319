/** OpenBLAS as it reports itself. */
export interface BlasInfo {
  /** `openblas_get_config()`, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64". */
  config: string;
  /** The kernel family chosen for this CPU (`OPENBLAS_CORETYPE` overrides it at load), e.g. "SkylakeX". */
  coreName: string;
  /** Threads OpenBLAS will use for the next call. */
  threads: number;
  /** How OpenBLAS was built to run threads. */
  parallel: "sequential" | "pthreads" | "openmp" | "unknown";
}

/**
 * C = alpha·op(A)·op(B) + beta·C on row-major matrices by `cblas_sgemm`: op(A) is m×k, op(B) k×n,
 * C m×n; each matrix starts at its element offset in its array, rows `ld*` elements apart. With
 * `count` (default 1) it runs `count` products, advancing each operand by its stride (0 shares
 * it). The arrays are used in place (wasm heap views included); out-of-range or detached arrays
 * throw a RangeError. C must not overlap A or B.
 */
export function sgemm(
  transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float32Array, aOffset: number, lda: number,
  b: Float32Array, bOffset: number, ldb: number,
  beta: number, c: Float32Array, cOffset: number, ldc: number,
  count?: number, strideA?: number, strideB?: number, strideC?: number,
): void;

/** Sets OpenBLAS's thread count (1 to 1024) for later calls. */
export function setThreads(threads: number): void;

/** OpenBLAS's build string, chosen kernels, thread count and threading model. */
export function info(): BlasInfo;
