/* vae-lab-blas: a GEMM whose bits do not depend on the CPU; see gemm.c. */
#ifndef VAE_LAB_GEMM_H
#define VAE_LAB_GEMM_H
#include <stdint.h>

/* C = alpha·op(A)·op(B) + beta·C, row-major, op(A) m×k, op(B) k×n; returns 0 when it cannot allocate. */
int vl_sgemm(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
             const float *b, int64_t ldb, float beta, float *c, int64_t ldc);

/* Every GEMM of the addon: vl_sgemm, or OpenBLAS's cblas_sgemm after vl_gemm_use_openblas(1); 0 when out of memory. */
int vl_gemm(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
            const float *b, int64_t ldb, float beta, float *c, int64_t ldc);
void vl_gemm_use_openblas(int on);

/* The kernel in use: "avx512", "avx2" or "scalar" (VAE_LAB_GEMM_ISA=avx2 or scalar picks a lower one). */
const char *vl_gemm_isa(void);

#endif
