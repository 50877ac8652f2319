/*
 * vae-lab-blas: a GEMM on JavaScript Float32Arrays, VAE Lab's portable one (gemm.c) or the system
 * OpenBLAS's cblas_sgemm (and, from adam.c, a fused Adam update on them; from conv.c, convolutions as
 * im2col + GEMM; from elementwise.c, the loss terms, their gradients and column sums).
 *
 * Every multiply-add is done by vl_gemm; this file only checks arguments and passes pointers.
 * The arrays may be views of a WebAssembly memory: their data is used in place, with no copies,
 * and the call is synchronous, so no JavaScript (and no heap growth) runs meanwhile.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <node_api.h>
#include <cblas.h>
#include "fail.h"
#include "gemm.h"

#define MAX_ARGS 20
#define MSG_LEN 200

napi_value vl_fail(napi_env env, int type_error, const char *msg) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) {
    if (type_error) napi_throw_type_error(env, NULL, msg);
    else napi_throw_range_error(env, NULL, msg);
  }
  return NULL;
}

int vl_number(napi_env env, napi_value v, const char *fn, const char *name, double *out) {
  char msg[MSG_LEN];
  if (napi_get_value_double(env, v, out) == napi_ok) return 1;
  snprintf(msg, MSG_LEN, "%s: %s must be a number", fn, name);
  vl_fail(env, 1, msg);
  return 0;
}

/* A non-negative integer argument below 2^31, as BLAS takes int sizes. */
static int get_size(napi_env env, napi_value v, const char *name, int *out) {
  double d;
  char msg[MSG_LEN];
  if (!vl_number(env, v, "sgemm", name, &d)) return 0;
  if (!(d >= 0 && d <= 2147483647.0 && floor(d) == d)) {
    snprintf(msg, MSG_LEN, "sgemm: %s must be a non-negative integer below 2^31, got %g", name, d);
    vl_fail(env, 0, msg);
    return 0;
  }
  *out = (int)d;
  return 1;
}

static int get_float(napi_env env, napi_value v, const char *name, float *out) {
  double d;
  if (!vl_number(env, v, "sgemm", name, &d)) return 0;
  *out = (float)d;
  return 1;
}

/*
 * The data of a Float32Array holding `count` row-major rows x cols matrices, `stride` elements
 * apart, starting `offset` elements in, each row `ld` elements apart. A detached view (the wasm
 * memory grew after it was taken) has length 0 and fails the size check.
 */
static float *get_matrix(napi_env env, napi_value v, const char *name, int offset, int rows, int cols,
                         int ld, int count, int stride) {
  napi_typedarray_type type;
  size_t length;
  void *data;
  napi_value buffer;
  size_t byte_offset;
  char msg[MSG_LEN];
  bool is_typed = false;
  napi_is_typedarray(env, v, &is_typed);
  if (!is_typed || napi_get_typedarray_info(env, v, &type, &length, &data, &buffer, &byte_offset) != napi_ok ||
      type != napi_float32_array) {
    snprintf(msg, MSG_LEN, "sgemm: %s must be a Float32Array", name);
    vl_fail(env, 1, msg);
    return NULL;
  }
  if (ld < (cols > 1 ? cols : 1)) {
    snprintf(msg, MSG_LEN, "sgemm: leading dimension of %s is %d, needs at least %d", name, ld, cols);
    vl_fail(env, 0, msg);
    return NULL;
  }
  int64_t need = 0;
  if (rows > 0 && cols > 0 && count > 0) {
    need = (int64_t)offset + (int64_t)(count - 1) * stride + (int64_t)(rows - 1) * ld + cols;
  }
  if (need > (int64_t)length) {
    int n = snprintf(msg, MSG_LEN, "sgemm: %s has %zu elements, needs %lld (offset %d, %dx%d, ld %d", name, length,
                     (long long)need, offset, rows, cols, ld);
    if (count > 1 && n > 0 && n < MSG_LEN) n += snprintf(msg + n, MSG_LEN - n, ", %d matrices %d apart", count, stride);
    if (n > 0 && n < MSG_LEN) snprintf(msg + n, MSG_LEN - n, ")");
    vl_fail(env, 0, msg);
    return NULL;
  }
  static float empty;
  return data != NULL ? (float *)data + offset : &empty;
}

/*
 * sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc
 *       [, count, strideA, strideB, strideC])
 * C = alpha * op(A) * op(B) + beta * C, row-major, `count` times with each operand advanced by its
 * stride (0 shares it across the batch). Returns undefined; throws on a bad argument.
 */
static napi_value sgemm(napi_env env, napi_callback_info info) {
  size_t argc = MAX_ARGS;
  napi_value argv[MAX_ARGS];
  char msg[MSG_LEN];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 16 && argc != 20) {
    snprintf(msg, MSG_LEN, "sgemm: expected 16 or 20 arguments, got %zu", argc);
    return vl_fail(env, 1, msg);
  }
  bool ta, tb;
  if (napi_get_value_bool(env, argv[0], &ta) != napi_ok || napi_get_value_bool(env, argv[1], &tb) != napi_ok) {
    return vl_fail(env, 1, "sgemm: transA and transB must be booleans");
  }
  int m, n, k, ao, lda, bo, ldb, co, ldc, count = 1, sa = 0, sb = 0, sc = 0;
  float alpha, beta;
  if (!get_size(env, argv[2], "m", &m) || !get_size(env, argv[3], "n", &n) || !get_size(env, argv[4], "k", &k) ||
      !get_float(env, argv[5], "alpha", &alpha) || !get_size(env, argv[7], "aOffset", &ao) ||
      !get_size(env, argv[8], "lda", &lda) || !get_size(env, argv[10], "bOffset", &bo) ||
      !get_size(env, argv[11], "ldb", &ldb) || !get_float(env, argv[12], "beta", &beta) ||
      !get_size(env, argv[14], "cOffset", &co) || !get_size(env, argv[15], "ldc", &ldc)) {
    return NULL;
  }
  if (argc == 20 && (!get_size(env, argv[16], "count", &count) || !get_size(env, argv[17], "strideA", &sa) ||
                     !get_size(env, argv[18], "strideB", &sb) || !get_size(env, argv[19], "strideC", &sc))) {
    return NULL;
  }
  float *a = get_matrix(env, argv[6], "a", ao, ta ? k : m, ta ? m : k, lda, count, sa);
  float *b = a ? get_matrix(env, argv[9], "b", bo, tb ? n : k, tb ? k : n, ldb, count, sb) : NULL;
  float *c = b ? get_matrix(env, argv[13], "c", co, m, n, ldc, count, sc) : NULL;
  if (c == NULL) return NULL;
  if (m == 0 || n == 0) return NULL;
  for (int i = 0; i < count; i++) {
    if (!vl_gemm(ta, tb, m, n, k, alpha, a + (int64_t)i * sa, lda, b + (int64_t)i * sb, ldb, beta, c + (int64_t)i * sc, ldc)) {
      snprintf(msg, MSG_LEN, "sgemm: out of memory for the packed panels of a %dx%dx%d product", m, n, k);
      return vl_fail(env, 0, msg);
    }
  }
  return NULL;
}

/* useOpenBlas(on): later GEMMs run on OpenBLAS's cblas_sgemm (true) or on VAE Lab's portable GEMM (false, the default). */
static napi_value use_openblas(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  bool on;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 1 || napi_get_value_bool(env, argv[0], &on) != napi_ok) return vl_fail(env, 1, "useOpenBlas: expected one boolean");
  vl_gemm_use_openblas(on);
  return NULL;
}

/* gemmKernel(): the portable GEMM's kernel on this CPU, "avx512", "avx2" or "scalar" (the same bits from each). */
static napi_value gemm_kernel(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value v;
  napi_create_string_utf8(env, vl_gemm_isa(), NAPI_AUTO_LENGTH, &v);
  return v;
}

/* setThreads(n): OpenBLAS's thread count for later calls (1 = run on the calling thread). */
static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char msg[MSG_LEN];
  double n;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 1 || napi_get_value_double(env, argv[0], &n) != napi_ok) return vl_fail(env, 1, "setThreads: expected one number");
  if (!(n >= 1 && n <= 1024 && floor(n) == n)) {
    snprintf(msg, MSG_LEN, "setThreads: thread count must be an integer from 1 to 1024, got %g", n);
    return vl_fail(env, 0, msg);
  }
  openblas_set_num_threads((int)n);
  return NULL;
}

static void set_string(napi_env env, napi_value obj, const char *key, const char *value) {
  napi_value v;
  napi_create_string_utf8(env, value != NULL ? value : "", NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, obj, key, v);
}

/* info(): { config, coreName, threads, parallel } as OpenBLAS reports them. */
static napi_value get_info(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value obj, threads;
  napi_create_object(env, &obj);
  set_string(env, obj, "config", openblas_get_config());
  set_string(env, obj, "coreName", openblas_get_corename());
  napi_create_int32(env, openblas_get_num_threads(), &threads);
  napi_set_named_property(env, obj, "threads", threads);
  int p = openblas_get_parallel();
  set_string(env, obj, "parallel", p == 0 ? "sequential" : p == 1 ? "pthreads" : p == 2 ? "openmp" : "unknown");
  return obj;
}

/* adam.c: one fused Adam step on Float32Arrays. */
napi_value vae_lab_adam_update(napi_env env, napi_callback_info info);

/* conv-binding.c: conv2d, conv2dBackpropInput and conv2dBackpropFilter on Float32Arrays. */
void vl_define_conv(napi_env env, napi_value exports);

/* elementwise.c: the loss terms, their gradients and column sums on Float32Arrays. */
void vl_define_elementwise(napi_env env, napi_value exports);

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"sgemm", NULL, sgemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"info", NULL, get_info, NULL, NULL, NULL, napi_enumerable, NULL},
      {"useOpenBlas", NULL, use_openblas, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gemmKernel", NULL, gemm_kernel, NULL, NULL, NULL, napi_enumerable, NULL},
      {"adamUpdate", NULL, vae_lab_adam_update, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  vl_define_conv(env, exports);
  vl_define_elementwise(env, exports);
  return exports;
}
