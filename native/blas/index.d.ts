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
 * C = alpha·op(A)·op(B) + beta·C on row-major matrices by the portable GEMM (one fused multiply-add
 * chain per element, the same bits on every CPU) or, after `useOpenBlas(true)`, OpenBLAS's
 * `cblas_sgemm`: op(A) is m×k, op(B) k×n,
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

/**
 * One Adam step on `n` elements, repeating tfjs-core's float32 AdamOptimizer operation by
 * operation (so the results are bit-identical to tf.train.adam on the wasm backend):
 * m' = m·b1 + g·(1−b1), v' = v·b2 + g²·(1−b2), w' = ((m'/c1) / (√(v'/c2) + eps))·(−lr) + w, with
 * c1 = `oneMinusAccBeta1` and c2 = `oneMinusAccBeta2` (1 − b^t, as float32). Each constant is
 * rounded to float32 as tfjs rounds it. Each array is read or written from its element offset;
 * inputs may share memory, outputs must not overlap each other or any input. Out-of-range,
 * overlapping or non-Float32Array arguments throw a one-line RangeError or TypeError.
 */
export function adamUpdate(
  w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array,
  outW: Float32Array, outM: Float32Array, outV: Float32Array,
  wOffset: number, mOffset: number, vOffset: number, gOffset: number,
  outWOffset: number, outMOffset: number, outVOffset: number,
  n: number, learningRate: number, beta1: number, beta2: number, epsilon: number,
  oneMinusAccBeta1: number, oneMinusAccBeta2: number,
): void;

/**
 * The geometry of an NHWC convolution with dilation 1, as an Int32Array of 13 entries: [batch,
 * inH, inW, inC, outH, outW, outC, filterH, filterW, strideH, strideW, padTop, padLeft]. Output
 * pixel (oy, ox) and filter tap (fy, fx) read input row oy·strideH − padTop + fy and column
 * ox·strideW − padLeft + fx; taps outside the input read 0. Filters are [filterH, filterW, inC, outC].
 */
export type ConvGeometry = Int32Array;

/**
 * y[batch, outH, outW, outC] = act(conv2d(x, w) + bias), by im2col + cblas_sgemm in tiles of
 * output rows whose patch block (256 KiB) stays in cache; `bias` has outC entries or is null;
 * `activation` 0 linear, 1 relu, 2 relu6 (NaN stays NaN). Arrays are used in place; y must not
 * overlap an input. Bad sizes, types or overlaps throw a one-line RangeError or TypeError.
 */
export function conv2d(x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array, geometry: ConvGeometry, activation: number): void;

/**
 * dx[batch, inH, inW, inC]: the input gradient of that convolution given dy[batch, outH, outW,
 * outC] (also the forward pass of a transposed convolution): dy·wᵀ per tile, scatter-added onto dx
 * in a fixed order.
 */
export function conv2dBackpropInput(dy: Float32Array, w: Float32Array, dx: Float32Array, geometry: ConvGeometry): void;

/**
 * dw[filterH, filterW, inC, outC] = patches(x)ᵀ·dy, accumulated tile by tile in a fixed order (at
 * most 16 taps x input channels: plain loops over 256-row float blocks, added in double).
 */
export function conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: ConvGeometry): void;

/**
 * Loss terms per row of [rows, cols] arrays (rows images, cols pixels), written to `out` (rows
 * floats), each row summed in double: bernoulliNll Σ softplus(l) − x·l, squaredError
 * Σ (x − sigmoid(l))², gaussianKl −½ Σ (1 + v − m² − eᵛ). Element terms are float arithmetic with
 * glibc's expf / logf. Outputs must not overlap inputs; bad sizes or types throw one line.
 */
export function bernoulliNll(x: Float32Array, logits: Float32Array, out: Float32Array, rows: number, cols: number): void;
export function squaredError(x: Float32Array, logits: Float32Array, out: Float32Array, rows: number, cols: number): void;
export function gaussianKl(mean: Float32Array, logVar: Float32Array, out: Float32Array, rows: number, cols: number): void;

/**
 * Their gradients scaled by dy[row]: dLogits = (sigmoid(l) − x)·dy and 2(s − x)·s(1 − s)·dy;
 * dMean = m·dy and dLogVar = ½(eᵛ − 1)·dy.
 */
export function bernoulliNllGrad(x: Float32Array, logits: Float32Array, dy: Float32Array, dLogits: Float32Array, rows: number, cols: number): void;
export function squaredErrorGrad(x: Float32Array, logits: Float32Array, dy: Float32Array, dLogits: Float32Array, rows: number, cols: number): void;
export function gaussianKlGrad(mean: Float32Array, logVar: Float32Array, dy: Float32Array, dMean: Float32Array, dLogVar: Float32Array, rows: number, cols: number): void;

/** out[c] = Σ_r x[r][c] for a [rows, cols] array: four rows at a time in double, in row order. */
export function columnSums(x: Float32Array, out: Float32Array, rows: number, cols: number): void;

/** dx = dy·step(x) over rows·cols elements (step: 1 for x > 0, NaN for NaN, else 0), as tfjs's relu gradient. */
export function reluGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, rows: number, cols: number): void;

/** Sets OpenBLAS's thread count (1 to 1024) for later calls. */
export function setThreads(threads: number): void;

/** OpenBLAS's build string, chosen kernels, thread count and threading model. */
export function info(): BlasInfo;

/** Later GEMMs (sgemm and the convolutions) run on OpenBLAS (`true`) or on the portable GEMM (`false`, the default). */
export function useOpenBlas(on: boolean): void;

/** The portable GEMM's kernel on this CPU: "avx512", "avx2" or "scalar" (`VAE_LAB_GEMM_ISA=avx2|scalar` picks a lower one). */
export function gemmKernel(): string;
