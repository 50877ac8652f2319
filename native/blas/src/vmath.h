/*
 * Float math for loops that GCC should vectorise: plain arithmetic, no calls into libm, the same
 * bits in the AVX2 clone and the baseline one (IEEE operations only; the build turns off
 * contraction into fused multiply-adds).
 */
#ifndef VAE_LAB_VMATH_H
#define VAE_LAB_VMATH_H
#include <stdint.h>
#include <string.h>

/* An AVX2 clone of a loop beside the baseline, picked when the library loads (GCC, x86-64 Linux). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define VL_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VL_CLONES
#endif

/*
 * e^x for x <= 0 within 2 ulp: 2^n·p(r), n = round(x·log2 e), r = x − n·ln 2 in two parts, p the
 * degree-7 Taylor polynomial (|r| <= ln2/2, truncation 5e-9). Below −87 (e^x under float's normal
 * range) it returns e^−87; NaN stays NaN.
 */
static inline float vl_exp_neg(float x) {
  x = x < -87.0f ? -87.0f : x;
  const float n = (x * 1.44269504f + 12582912.0f) - 12582912.0f;
  const float r = (x - n * 0.693145752f) - n * 1.42860677e-6f;
  const float p = 1.0f + r * (1.0f + r * (0.5f + r * (0.166666672f + r * (0.0416666679f + r * (0.00833333377f + r * (0.00138888892f + r * 0.000198412701f))))));
  const int32_t bits = ((int32_t)(n == n ? n : 0.0f) + 127) << 23;
  float scale;
  memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

/* log(1 + e) for e in [0, 1] within 2 ulp: 2·atanh(s), s = e / (2 + e) <= 1/3, seven terms of the series. */
static inline float vl_log1p_unit(float e) {
  const float s = e / (2.0f + e), z = s * s;
  return 2.0f * s * (1.0f + z * (0.333333343f + z * (0.2f + z * (0.142857149f + z * (0.111111112f + z * (0.0909090936f + z * 0.0769230798f))))));
}

/* softplus(l) = max(l, 0) + log(1 + e^−|l|); NaN stays NaN. */
static inline float vl_softplus(float l) {
  const float v = (l > 0 ? l : 0.0f) + vl_log1p_unit(vl_exp_neg(-(l < 0 ? -l : l)));
  return l == l ? v : l;
}

/* 1 / (1 + e^−l) from e = e^−|l| on either side, so neither branch overflows; NaN stays NaN. */
static inline float vl_sigmoid(float l) {
  const float e = vl_exp_neg(-(l < 0 ? -l : l));
  const float v = (l >= 0 ? 1.0f : e) / (1.0f + e);
  return l == l ? v : l;
}

#endif
