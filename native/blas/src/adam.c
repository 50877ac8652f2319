/*
 * vae-lab-blas: one Adam step for one variable, element-wise, on JavaScript Float32Arrays.
 *
 * The arithmetic repeats tfjs-core 4.22's AdamOptimizer operation by operation, each result
 * rounded to float32 as tfjs's float32 kernels round it, so the outputs are bit-identical to
 * tf.train.adam on the wasm backend:
 *
 *   m' = m*b1 + g*(1-b1)            v' = v*b2 + (g*g)*(1-b2)
 *   w' = ((m'/c1) / (sqrt(v'/c2) + eps)) * (-lr) + w      c1 = 1-b1^t, c2 = 1-b2^t
 *
 * tfjs turns each JavaScript number into a float32 scalar tensor, so every constant is the float32
 * rounding of the double tfjs computes: (float)b1, (float)(1.0 - b1), (float)(-lr), (float)eps.
 * Bit-identity needs IEEE float arithmetic with no contraction into fused multiply-adds and no
 * fast-math reassociation: binding.gyp builds with -ffp-contract=off and -fno-fast-math (before
 * -fno-math-errno, which it would otherwise undo; dropping errno only lets sqrtf vectorise).
 * Division and square root stay true division and correctly rounded sqrt, vectorised or not.
 */
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <node_api.h>
#include "fail.h"

#define ADAM_ARGS 21
#define MSG_LEN 200

/* Float constants of one step, already rounded as tfjs rounds them. */
typedef struct {
  float beta1, one_minus_beta1, beta2, one_minus_beta2, neg_lr, eps, c1, c2;
} adam_consts;

/* One element, in tfjs's op order; every operation rounds to float32. */
static inline void adam_one(const float *w, const float *m, const float *v, const float *g, float *ow, float *om, float *ov,
                            long i, const adam_consts *kp) {
  const float gi = g[i];
  const float m_new = m[i] * kp->beta1 + gi * kp->one_minus_beta1;
  const float v_new = v[i] * kp->beta2 + (gi * gi) * kp->one_minus_beta2;
  const float step = ((m_new / kp->c1) / (sqrtf(v_new / kp->c2) + kp->eps)) * kp->neg_lr;
  const float w_new = step + w[i];
  om[i] = m_new;
  ov[i] = v_new;
  ow[i] = w_new;
}

/*
 * The element loop. Each block of W elements is read whole before it is written, so an output may
 * be its own input (the update in place): ow == w, om == m, ov == v. The vector loops use only IEEE
 * add, mul, div and sqrt, so the AVX-512, AVX2 and scalar loops give the same bits.
 */
static void adam_loop_scalar(const float *w, const float *m, const float *v, const float *g, float *ow, float *om, float *ov,
                             long from, long n, const adam_consts *kp) {
  for (long i = from; i < n; i++) adam_one(w, m, v, g, ow, om, ov, i, kp);
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
/* V the vector type, P its width's prefix (_mm256 or _mm512), W its width. */
#define VL_ADAM_LOOP(name, isa, V, P, W)                                                                    \
  __attribute__((target(isa))) static long name(const float *w, const float *m, const float *v, const float *g,      \
                                                float *ow, float *om, float *ov, long n, const adam_consts *kp) {     \
    const V b1 = P##_set1_ps(kp->beta1), omb1 = P##_set1_ps(kp->one_minus_beta1);                                 \
    const V b2 = P##_set1_ps(kp->beta2), omb2 = P##_set1_ps(kp->one_minus_beta2);                                 \
    const V c1 = P##_set1_ps(kp->c1), c2 = P##_set1_ps(kp->c2), eps = P##_set1_ps(kp->eps);                     \
    const V neg_lr = P##_set1_ps(kp->neg_lr);                                                                      \
    long i = 0;                                                                                                    \
    for (; i + W <= n; i += W) {                                                                                   \
      const V gi = P##_loadu_ps(g + i), wi = P##_loadu_ps(w + i);                                                  \
      const V m_new = P##_add_ps(P##_mul_ps(P##_loadu_ps(m + i), b1), P##_mul_ps(gi, omb1));                       \
      const V v_new = P##_add_ps(P##_mul_ps(P##_loadu_ps(v + i), b2), P##_mul_ps(P##_mul_ps(gi, gi), omb2));       \
      const V den = P##_add_ps(P##_sqrt_ps(P##_div_ps(v_new, c2)), eps);                                          \
      const V step = P##_mul_ps(P##_div_ps(P##_div_ps(m_new, c1), den), neg_lr);                                  \
      P##_storeu_ps(om + i, m_new);                                                                                \
      P##_storeu_ps(ov + i, v_new);                                                                                \
      P##_storeu_ps(ow + i, P##_add_ps(step, wi));                                                                 \
    }                                                                                                              \
    return i;                                                                                                      \
  }

VL_ADAM_LOOP(adam_avx512, "avx512f", __m512, _mm512, 16)
VL_ADAM_LOOP(adam_avx2, "avx2", __m256, _mm256, 8)
#endif

/* A vector loop: the elements it covered, from 0; the scalar loop does the rest. */
typedef long (*adam_vector_loop)(const float *, const float *, const float *, const float *, float *, float *, float *, long,
                                 const adam_consts *);

/* The widest vector loop this CPU runs, chosen once (NULL: scalar only). */
static adam_vector_loop choose_loop(void) {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return adam_avx512;
  if (__builtin_cpu_supports("avx2")) return adam_avx2;
#endif
  return NULL;
}

static adam_vector_loop vector_loop;
static int loop_chosen;

static void adam_loop(const float *w, const float *m, const float *v, const float *g, float *ow, float *om, float *ov,
                      long n, const adam_consts *kp) {
  if (!loop_chosen) {
    vector_loop = choose_loop();
    loop_chosen = 1;
  }
  const long done = vector_loop ? vector_loop(w, m, v, g, ow, om, ov, n, kp) : 0;
  adam_loop_scalar(w, m, v, g, ow, om, ov, done, n, kp);
}

static int adam_size(napi_env env, napi_value v, const char *name, int64_t *out) {
  double d;
  char msg[MSG_LEN];
  if (!vl_number(env, v, "adamUpdate", name, &d)) return 0;
  if (!(d >= 0 && d <= 9007199254740991.0 && floor(d) == d)) {
    snprintf(msg, MSG_LEN, "adamUpdate: %s must be a non-negative integer, got %g", name, d);
    vl_fail(env, 0, msg);
    return 0;
  }
  *out = (int64_t)d;
  return 1;
}

/* n floats of a Float32Array from element `offset`; NULL (and a thrown error) when out of range. */
static float *adam_span(napi_env env, napi_value v, const char *name, int64_t offset, int64_t n) {
  napi_typedarray_type type;
  size_t length;
  void *data;
  napi_value buffer;
  size_t byte_offset;
  bool is_typed = false;
  char msg[MSG_LEN];
  napi_is_typedarray(env, v, &is_typed);
  if (!is_typed || napi_get_typedarray_info(env, v, &type, &length, &data, &buffer, &byte_offset) != napi_ok ||
      type != napi_float32_array) {
    snprintf(msg, MSG_LEN, "adamUpdate: %s must be a Float32Array", name);
    vl_fail(env, 1, msg);
    return NULL;
  }
  if (offset + n > (int64_t)length) {
    snprintf(msg, MSG_LEN, "adamUpdate: %s has %zu elements, needs %lld (offset %lld, n %lld)", name, length,
             (long long)(offset + n), (long long)offset, (long long)n);
    vl_fail(env, 0, msg);
    return NULL;
  }
  static float empty;
  return data != NULL ? (float *)data + offset : &empty;
}

/* True when [a, a+n) and [b, b+n) share memory. */
static int overlap(const float *a, const float *b, int64_t n) {
  return n > 0 && a < b + n && b < a + n;
}

/*
 * adamUpdate(w, m, v, g, outW, outM, outV, wOff, mOff, vOff, gOff, outWOff, outMOff, outVOff,
 *            n, lr, beta1, beta2, eps, oneMinusAccBeta1, oneMinusAccBeta2)
 * Writes n elements of the new weights, first and second moments from element offsets of the
 * given arrays (views of one wasm heap work). Inputs may share memory. An output may be its own
 * input, the same elements (outW = w, outM = m, outV = v: the update in place); otherwise it must
 * not overlap another output or any input.
 */
napi_value vae_lab_adam_update(napi_env env, napi_callback_info info) {
  size_t argc = ADAM_ARGS;
  napi_value argv[ADAM_ARGS];
  char msg[MSG_LEN];
  static const char *names[7] = {"w", "m", "v", "g", "outW", "outM", "outV"};
  static const char *offset_names[7] = {"wOff", "mOff", "vOff", "gOff", "outWOff", "outMOff", "outVOff"};
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != ADAM_ARGS) {
    snprintf(msg, MSG_LEN, "adamUpdate: expected %d arguments, got %zu", ADAM_ARGS, argc);
    return vl_fail(env, 1, msg);
  }
  int64_t offsets[7], n;
  for (int i = 0; i < 7; i++) {
    if (!adam_size(env, argv[7 + i], offset_names[i], &offsets[i])) return NULL;
  }
  if (!adam_size(env, argv[14], "n", &n)) return NULL;
  double lr, beta1, beta2, eps, c1, c2;
  if (!vl_number(env, argv[15], "adamUpdate", "lr", &lr) || !vl_number(env, argv[16], "adamUpdate", "beta1", &beta1) ||
      !vl_number(env, argv[17], "adamUpdate", "beta2", &beta2) || !vl_number(env, argv[18], "adamUpdate", "eps", &eps) ||
      !vl_number(env, argv[19], "adamUpdate", "oneMinusAccBeta1", &c1) || !vl_number(env, argv[20], "adamUpdate", "oneMinusAccBeta2", &c2)) {
    return NULL;
  }
  float *p[7];
  for (int i = 0; i < 7; i++) {
    p[i] = adam_span(env, argv[i], names[i], offsets[i], n);
    if (p[i] == NULL) return NULL;
  }
  for (int o = 4; o < 7; o++) {
    for (int j = 0; j < 7; j++) {
      if (j == o) continue;
      if (j == o - 4 && p[o] == p[j]) continue; /* in place: the output is its own input */
      if ((j < 4 || j < o) && overlap(p[o], p[j], n)) {
        snprintf(msg, MSG_LEN, "adamUpdate: %s overlaps %s", names[o], names[j]);
        return vl_fail(env, 0, msg);
      }
    }
  }
  adam_consts k;
  k.beta1 = (float)beta1;
  k.one_minus_beta1 = (float)(1.0 - beta1);
  k.beta2 = (float)beta2;
  k.one_minus_beta2 = (float)(1.0 - beta2);
  k.neg_lr = (float)(-lr);
  k.eps = (float)eps;
  k.c1 = (float)c1;
  k.c2 = (float)c2;
  adam_loop(p[0], p[1], p[2], p[3], p[4], p[5], p[6], (long)n, &k);
  return NULL;
}
