/*
 * vae-lab-blas: a single-precision GEMM whose bits do not depend on the CPU.
 *
 * Every element of C is one chain of fused multiply-adds over k in order, started from zero:
 *   acc = 0; for p in 0..k-1: acc = fma(op(A)[i][p], op(B)[p][j], acc); C[i][j] = alpha·acc + beta·C[i][j]
 * (C is not read when beta is 0). The AVX-512 and AVX2 kernels only change how many elements run
 * side by side, never an element's chain, and the fallback does the same chain with fmaf, so an
 * AVX2 laptop, an AVX-512 server and an old CPU compute the same bits. No blocking over k, no
 * threads. op(B) is packed into k-major panels of NR columns; op(A) is read in place when it is A
 * itself, else packed into panels of MR rows.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include "gemm.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define VL_X86 1
#endif

#define MR 6
/* A product with at most this many rows and op(B) = Bᵀ of a B at least 8 times wider is computed as Cᵀ. */
#define SWAP_ROWS 48
#define NR_MAX 32

/* One tile: MR rows of op(A) (row r at ap[r·rs], the next k at ap + step) times a packed panel of B. */
typedef void (*gemm_kernel)(int64_t k, const float *ap, int64_t rs, int64_t step, const float *bp, float *tile);

/* The widest kernel (nr columns) and a 16-column one for the last columns of a product. */
typedef struct {
  int nr;
  gemm_kernel kernel, narrow;
} gemm_impl;

/* A grow-only buffer per thread: the packed panels of one call. */
static _Thread_local float *buffer;
static _Thread_local int64_t buffer_floats;

static float *scratch(int64_t floats) {
  if (floats <= buffer_floats) return buffer;
  free(buffer);
  buffer = aligned_alloc(64, (size_t)((floats * 4 + 63) / 64 * 64));
  buffer_floats = buffer ? floats : 0;
  return buffer;
}

static void kernel_scalar(int64_t k, const float *ap, int64_t rs, int64_t step, const float *bp, float *tile) {
  float acc[MR][16] = {{0}};
  for (int64_t p = 0; p < k; p++, ap += step, bp += 16) {
    for (int r = 0; r < MR; r++) {
      for (int c = 0; c < 16; c++) acc[r][c] = fmaf(ap[r * rs], bp[c], acc[r][c]);
    }
  }
  memcpy(tile, acc, sizeof acc);
}

#ifdef VL_X86
/*
 * MR rows by two vectors: twelve named accumulators (an array of vectors would live on the stack).
 * V is the vector type, L its load, B its broadcast, F its fused multiply-add, S its store, W its width.
 */
#define VL_KERNEL(name, isa, V, Z, L, B, F, S, W)                                                    \
  __attribute__((target(isa))) static void name(int64_t k, const float *ap, int64_t rs, int64_t step, const float *bp, float *tile) { \
    V c00 = Z(), c01 = Z(), c10 = Z(), c11 = Z(), c20 = Z(), c21 = Z();                              \
    V c30 = Z(), c31 = Z(), c40 = Z(), c41 = Z(), c50 = Z(), c51 = Z();                              \
    const float *a0 = ap, *a1 = ap + rs, *a2 = ap + 2 * rs, *a3 = ap + 3 * rs, *a4 = ap + 4 * rs, *a5 = ap + 5 * rs; \
    for (int64_t p = 0, q = 0; p < k; p++, q += step, bp += 2 * W) {                                  \
      const V b0 = L(bp), b1 = L(bp + W);                                                            \
      V a = B(a0[q]); c00 = F(a, b0, c00); c01 = F(a, b1, c01);                                      \
      a = B(a1[q]); c10 = F(a, b0, c10); c11 = F(a, b1, c11);                                        \
      a = B(a2[q]); c20 = F(a, b0, c20); c21 = F(a, b1, c21);                                        \
      a = B(a3[q]); c30 = F(a, b0, c30); c31 = F(a, b1, c31);                                        \
      a = B(a4[q]); c40 = F(a, b0, c40); c41 = F(a, b1, c41);                                        \
      a = B(a5[q]); c50 = F(a, b0, c50); c51 = F(a, b1, c51);                                        \
    }                                                                                                \
    S(tile, c00); S(tile + W, c01); S(tile + 2 * W, c10); S(tile + 3 * W, c11);                      \
    S(tile + 4 * W, c20); S(tile + 5 * W, c21); S(tile + 6 * W, c30); S(tile + 7 * W, c31);          \
    S(tile + 8 * W, c40); S(tile + 9 * W, c41); S(tile + 10 * W, c50); S(tile + 11 * W, c51);        \
  }

VL_KERNEL(kernel_avx2, "avx2,fma", __m256, _mm256_setzero_ps, _mm256_load_ps, _mm256_set1_ps, _mm256_fmadd_ps, _mm256_storeu_ps, 8)
VL_KERNEL(kernel_avx512, "avx512f", __m512, _mm512_setzero_ps, _mm512_load_ps, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_storeu_ps, 16)
#endif

static gemm_impl choose(void) {
#ifdef VL_X86
  const char *force = getenv("VAE_LAB_GEMM_ISA");
  const int any = force == NULL || force[0] == 0;
  __builtin_cpu_init();
  const int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if ((any || strcmp(force, "avx512") == 0) && __builtin_cpu_supports("avx512f")) return (gemm_impl){32, kernel_avx512, avx2 ? kernel_avx2 : NULL};
  if ((any || strcmp(force, "avx2") == 0) && avx2) return (gemm_impl){16, kernel_avx2, kernel_avx2};
#endif
  return (gemm_impl){16, kernel_scalar, kernel_scalar};
}

static gemm_impl impl;
static int use_openblas;

void vl_gemm_use_openblas(int on) {
  use_openblas = on;
}

const char *vl_gemm_isa(void) {
  if (!impl.kernel) impl = choose();
#ifdef VL_X86
  if (impl.kernel == kernel_avx512) return "avx512";
  if (impl.kernel == kernel_avx2) return "avx2";
#endif
  return "scalar";
}

/* op(A) rows i0..i0+MR-1 as a k-major panel, zero past row m. */
static void pack_a(int trans, int64_t m, int64_t k, const float *a, int64_t lda, int64_t i0, float *out) {
  const int rows = m - i0 < MR ? (int)(m - i0) : MR;
  for (int64_t p = 0; p < k; p++, out += MR) {
    int r = 0;
    for (; r < rows; r++) out[r] = trans ? a[p * lda + i0 + r] : a[(i0 + r) * lda + p];
    for (; r < MR; r++) out[r] = 0;
  }
}

/* op(B) columns j0..j0+nr-1 as a k-major panel, zero past column n. */
static void pack_b(int trans, int64_t n, int64_t k, const float *b, int64_t ldb, int64_t j0, int nr, float *out) {
  const int cols = n - j0 < nr ? (int)(n - j0) : nr;
  for (int64_t p = 0; p < k; p++, out += nr) {
    int c = 0;
    if (trans) for (; c < cols; c++) out[c] = b[(j0 + c) * ldb + p];
    else for (; c < cols; c++) out[c] = b[p * ldb + j0 + c];
    for (; c < nr; c++) out[c] = 0;
  }
}

/* C = alpha·tile + beta·C over rows × cols of a tile nr wide; C's element (i, j) at c[i·rs + j·cs]. */
static void store(const float *tile, int nr, int rows, int cols, float alpha, float beta, float *c, int64_t rs, int64_t cs) {
  for (int r = 0; r < rows; r++) {
    float *out = c + r * rs;
    const float *t = tile + r * nr;
    if (cs == 1 && beta == 0) for (int q = 0; q < cols; q++) out[q] = alpha * t[q];
    else if (cs == 1) for (int q = 0; q < cols; q++) out[q] = alpha * t[q] + beta * out[q];
    else if (beta == 0) for (int q = 0; q < cols; q++) out[q * cs] = alpha * t[q];
    else for (int q = 0; q < cols; q++) out[q * cs] = alpha * t[q] + beta * out[q * cs];
  }
}

/* One product with C's element (i, j) at c[i·rs + j·cs]: the public function passes C or, swapped, Cᵀ. */
static int gemm(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                const float *b, int64_t ldb, float beta, float *c, int64_t rs, int64_t cs) {
  const int64_t panels_a = (m + MR - 1) / MR;
  const int64_t a_floats = (panels_a * MR * k + 15) / 16 * 16, b_floats = (int64_t)impl.nr * k;
  float *ap = scratch(a_floats + b_floats + MR * NR_MAX);
  if (!ap) return 0;
  float *bp = ap + a_floats, *tile = bp + b_floats; /* 64-byte aligned: the kernels load panels of B aligned */
  /* op(A) = A: the kernels read its rows in place (MR sequential streams); only a last partial panel is packed. */
  const int direct = !trans_a;
  for (int64_t i = 0; i < panels_a; i++) {
    if (!direct || m - i * MR < MR) pack_a(trans_a, m, k, a, lda, i * MR, ap + i * MR * k);
  }
  for (int64_t j0 = 0; j0 < n; ) {
    /* The last 16 columns or fewer take the 16-wide kernel: a wider panel would be mostly zeros. */
    const int narrow = n - j0 <= 16 && impl.narrow != NULL;
    const int nr = narrow ? 16 : impl.nr;
    const gemm_kernel kernel = narrow ? impl.narrow : impl.kernel;
    const int cols = n - j0 < nr ? (int)(n - j0) : nr;
    pack_b(trans_b, n, k, b, ldb, j0, nr, bp);
    for (int64_t i = 0; i < panels_a; i++) {
      if (direct && m - i * MR >= MR) kernel(k, a + i * MR * lda, lda, 1, bp, tile);
      else kernel(k, ap + i * MR * k, 1, MR, bp, tile);
      const int rows = m - i * MR < MR ? (int)(m - i * MR) : MR;
      store(tile, nr, rows, cols, alpha, beta, c + i * MR * rs + j0 * cs, rs, cs);
    }
    j0 += cols;
  }
  return 1;
}

int vl_sgemm(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
             const float *b, int64_t ldb, float beta, float *c, int64_t ldc) {
  if (m <= 0 || n <= 0) return 1;
  if (!impl.kernel) impl = choose();
  /* A narrow C (a 2-D code's head) wastes most of a panel of NR columns: compute Cᵀ = op(B)ᵀ·op(A)ᵀ. Each
     element's chain is the same (a·b = b·a), so the bits are too. */
  if (n < 8 && m > n) return gemm(!trans_b, !trans_a, n, m, k, alpha, b, ldb, a, lda, beta, c, 1, ldc);
  /* So is a short C times op(B) = Bᵀ of a wide B (a dense layer's input gradient at a small batch): packing
     op(B) would gather all of B column by column, while as Cᵀ B is read in place and only op(A) is packed. */
  if (trans_b && !trans_a && m <= SWAP_ROWS && n >= 8 * m) return gemm(0, 1, n, m, k, alpha, b, ldb, a, lda, beta, c, 1, ldc);
  return gemm(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, 1);
}

int vl_gemm(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
            const float *b, int64_t ldb, float beta, float *c, int64_t ldc) {
  if (!use_openblas) return vl_sgemm(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans, (int)m, (int)n, (int)k,
              alpha, a, (int)lda, b, (int)ldb, beta, c, (int)ldc);
  return 1;
}
