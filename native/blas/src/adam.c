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

/*
 * The element loop. GCC builds an AVX2 clone next to the baseline on x86-64 Linux and picks one
 * at load; both use only IEEE add, mul, div and sqrt on floats, so they give the same bits.
 */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("avx2", "default")))
#endif
static void adam_loop(const float *restrict w, const float *restrict m, const float *restrict v,
                      const float *restrict g, float *restrict ow, float *restrict om, float *restrict ov,
                      long n, const adam_consts *kp) {
  const float b1 = kp->beta1, omb1 = kp->one_minus_beta1, b2 = kp->beta2, omb2 = kp->one_minus_beta2;
  const float neg_lr = kp->neg_lr, eps = kp->eps, c1 = kp->c1, c2 = kp->c2;
  for (long i = 0; i < n; i++) {
    const float gi = g[i];
    const float m_new = m[i] * b1 + gi * omb1;
    const float v_new = v[i] * b2 + (gi * gi) * omb2;
    const float m_hat = m_new / c1;
    const float v_hat = v_new / c2;
    const float step = (m_hat / (sqrtf(v_hat) + eps)) * neg_lr;
    om[i] = m_new;
    ov[i] = v_new;
    ow[i] = step + w[i];
  }
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
 * given arrays (views of one wasm heap work). Inputs may share memory; an output must not overlap
 * another output or any input (the update is never in place).
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
