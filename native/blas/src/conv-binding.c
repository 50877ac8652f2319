/*
 * vae-lab-blas: the N-API entry points of the convolutions in conv.c. Each checks its arguments
 * (a one-line TypeError or RangeError, before any memory is touched) and runs in place on the
 * arrays, which may be views of one wasm heap: outputs must not overlap inputs. The patch tiles
 * live in a scratch buffer per node environment (the main thread and each worker thread have
 * their own), freed with the environment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "args.h"
#include "conv.h"

#define MSG_LEN 200
#define GEOM_LEN 13

typedef struct {
  float *data;
  size_t cap;
} scratch;

static void free_scratch(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  scratch *s = data;
  free(s->data);
  free(s);
}

/* This environment's scratch buffer with room for n floats (at least 1), or NULL after throwing. */
static float *scratch_floats(napi_env env, const char *fn, int64_t want) {
  const size_t n = want > 0 ? (size_t)want : 1;
  scratch *s = NULL;
  char msg[MSG_LEN];
  napi_get_instance_data(env, (void **)&s);
  if (s == NULL) {
    s = calloc(1, sizeof *s);
    if (s == NULL || napi_set_instance_data(env, s, free_scratch, NULL) != napi_ok) {
      free(s);
      vl_fail(env, 0, "conv: cannot allocate the scratch buffer");
      return NULL;
    }
  }
  if (s->cap < n) {
    float *grown = realloc(s->data, n * sizeof(float));
    if (grown == NULL) {
      snprintf(msg, MSG_LEN, "%s: cannot allocate %zu floats of scratch", fn, n);
      vl_fail(env, 0, msg);
      return NULL;
    }
    s->data = grown;
    s->cap = n;
  }
  return s->data;
}

/* The geometry from an Int32Array of 13 entries; checks signs and that the sizes fit BLAS's ints. */
static int get_geom(napi_env env, napi_value v, const char *fn, conv_geom *g) {
  napi_typedarray_type type;
  size_t length;
  void *data;
  napi_value buffer;
  size_t byte_offset;
  bool is_typed = false;
  char msg[MSG_LEN];
  napi_is_typedarray(env, v, &is_typed);
  if (!is_typed || napi_get_typedarray_info(env, v, &type, &length, &data, &buffer, &byte_offset) != napi_ok ||
      type != napi_int32_array || length != GEOM_LEN) {
    snprintf(msg, MSG_LEN, "%s: geometry must be an Int32Array of %d entries", fn, GEOM_LEN);
    vl_fail(env, 1, msg);
    return 0;
  }
  memcpy(g, data, sizeof *g);
  const int *f = data;
  static const char *names[GEOM_LEN] = {"batch", "inH", "inW", "inC", "outH", "outW", "outC", "filterH", "filterW", "strideH", "strideW", "padTop", "padLeft"};
  for (int i = 0; i < GEOM_LEN; i++) {
    const int min = i >= 7 && i <= 10 ? 1 : 0;
    if (f[i] < min) {
      snprintf(msg, MSG_LEN, "%s: %s must be at least %d, got %d", fn, names[i], min, f[i]);
      vl_fail(env, 0, msg);
      return 0;
    }
  }
  if (conv_rows(g) > INT32_MAX || conv_taps(g) > INT32_MAX) {
    snprintf(msg, MSG_LEN, "%s: %lld patch rows of %lld taps exceed BLAS's int sizes", fn, (long long)conv_rows(g), (long long)conv_taps(g));
    vl_fail(env, 0, msg);
    return 0;
  }
  return 1;
}

/* conv2d(x, w, bias | null, y, geometry, activation): y = clamp(patches(x) · W + bias). */
static napi_value conv2d(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  conv_geom g;
  double act;
  napi_valuetype bias_type;
  size_t nx, nw, nb = 0, ny;
  char msg[MSG_LEN];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 6) {
    snprintf(msg, MSG_LEN, "conv2d: expected 6 arguments, got %zu", argc);
    return vl_fail(env, 1, msg);
  }
  if (!get_geom(env, argv[4], "conv2d", &g) || !vl_number(env, argv[5], "conv2d", "activation", &act)) return NULL;
  if (act != 0 && act != 1 && act != 2) {
    snprintf(msg, MSG_LEN, "conv2d: activation must be 0 (linear), 1 (relu) or 2 (relu6), got %g", act);
    return vl_fail(env, 0, msg);
  }
  const float *x = vl_floats(env, argv[0], "conv2d", "x", (int64_t)g.batch * g.in_h * g.in_w * g.in_c, &nx);
  const float *w = x ? vl_floats(env, argv[1], "conv2d", "w", conv_taps(&g) * g.out_c, &nw) : NULL;
  if (w == NULL) return NULL;
  const float *bias = NULL;
  napi_typeof(env, argv[2], &bias_type);
  if (bias_type != napi_null && (bias = vl_floats(env, argv[2], "conv2d", "bias", g.out_c, &nb)) == NULL) return NULL;
  float *y = vl_floats(env, argv[3], "conv2d", "y", conv_rows(&g) * g.out_c, &ny);
  if (y == NULL) return NULL;
  const size_t n_out = (size_t)(conv_rows(&g) * g.out_c);
  if (!vl_disjoint(env, "conv2d", y, n_out, "x", x, nx) || !vl_disjoint(env, "conv2d", y, n_out, "w", w, nw) ||
      !vl_disjoint(env, "conv2d", y, n_out, "bias", bias, nb)) {
    return NULL;
  }
  float *scratch = scratch_floats(env, "conv2d", conv_scratch_floats(&g));
  if (scratch == NULL) return NULL;
  if (!conv_forward(x, w, bias, y, &g, (int)act, scratch)) return vl_fail(env, 0, "conv2d: out of memory for the GEMM's packed panels");
  return NULL;
}

/* conv2dBackpropInput(dy, w, dx, geometry): dx = col2im(dy · Wᵀ). */
static napi_value conv2d_backprop_input(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  conv_geom g;
  size_t ndy, nw, ndx;
  const char *fn = "conv2dBackpropInput";
  char msg[MSG_LEN];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 4) {
    snprintf(msg, MSG_LEN, "%s: expected 4 arguments, got %zu", fn, argc);
    return vl_fail(env, 1, msg);
  }
  if (!get_geom(env, argv[3], fn, &g)) return NULL;
  const float *dy = vl_floats(env, argv[0], fn, "dy", conv_rows(&g) * g.out_c, &ndy);
  const float *w = dy ? vl_floats(env, argv[1], fn, "w", conv_taps(&g) * g.out_c, &nw) : NULL;
  float *dx = w ? vl_floats(env, argv[2], fn, "dx", (int64_t)g.batch * g.in_h * g.in_w * g.in_c, &ndx) : NULL;
  if (dx == NULL) return NULL;
  const size_t n_out = (size_t)g.batch * g.in_h * g.in_w * g.in_c;
  if (!vl_disjoint(env, fn, dx, n_out, "dy", dy, ndy) || !vl_disjoint(env, fn, dx, n_out, "w", w, nw)) return NULL;
  float *scratch = scratch_floats(env, fn, conv_scratch_floats(&g));
  if (scratch == NULL) return NULL;
  if (!conv_backprop_input(dy, w, dx, &g, scratch)) {
    snprintf(msg, MSG_LEN, "%s: out of memory for the GEMM's packed panels", fn);
    return vl_fail(env, 0, msg);
  }
  return NULL;
}

/* conv2dBackpropFilter(x, dy, dw, geometry): dW = patches(x)ᵀ · dy. */
static napi_value conv2d_backprop_filter(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  conv_geom g;
  size_t nx, ndy, ndw;
  const char *fn = "conv2dBackpropFilter";
  char msg[MSG_LEN];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 4) {
    snprintf(msg, MSG_LEN, "%s: expected 4 arguments, got %zu", fn, argc);
    return vl_fail(env, 1, msg);
  }
  if (!get_geom(env, argv[3], fn, &g)) return NULL;
  const float *x = vl_floats(env, argv[0], fn, "x", (int64_t)g.batch * g.in_h * g.in_w * g.in_c, &nx);
  const float *dy = x ? vl_floats(env, argv[1], fn, "dy", conv_rows(&g) * g.out_c, &ndy) : NULL;
  float *dw = dy ? vl_floats(env, argv[2], fn, "dw", conv_taps(&g) * g.out_c, &ndw) : NULL;
  if (dw == NULL) return NULL;
  const size_t n_out = (size_t)(conv_taps(&g) * g.out_c);
  if (!vl_disjoint(env, fn, dw, n_out, "x", x, nx) || !vl_disjoint(env, fn, dw, n_out, "dy", dy, ndy)) return NULL;
  float *scratch = scratch_floats(env, fn, conv_scratch_floats(&g));
  if (scratch == NULL) return NULL;
  if (!conv_backprop_filter(x, dy, dw, &g, scratch)) {
    snprintf(msg, MSG_LEN, "%s: out of memory for %lld accumulators or the GEMM's panels", fn, (long long)(conv_taps(&g) * g.out_c));
    return vl_fail(env, 0, msg);
  }
  return NULL;
}

void vl_define_conv(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"conv2d", NULL, conv2d, NULL, NULL, NULL, napi_enumerable, NULL},
      {"conv2dBackpropInput", NULL, conv2d_backprop_input, NULL, NULL, NULL, napi_enumerable, NULL},
      {"conv2dBackpropFilter", NULL, conv2d_backprop_filter, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
}
