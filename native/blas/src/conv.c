/*
 * vae-lab-blas: 2-D convolutions (NHWC, dilation 1) as im2col + cblas_sgemm on Float32Arrays.
 *
 * Output pixels are the rows of the patch matrix, filter taps times input channels its columns, so
 * a filter [fh, fw, inC, outC] is already the row-major [fh*fw*inC, outC] right operand:
 *   forward       y[rows, outC]  = patches(x) · W          (+ bias, clamp)
 *   input grad    dx             = col2im(dy · Wᵀ)         (a scatter-add onto the input)
 *   filter grad   dW             = patches(x)ᵀ · dy
 * The rows are processed in tiles whose patch block stays in cache (a scratch buffer per node
 * environment, so worker threads never share one), in a fixed order: results are reproducible.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <node_api.h>
#include <cblas.h>
#include "fail.h"

#define MSG_LEN 200
#define GEOM_LEN 13
/* Floats of one tile's patch block: 64K floats (256 KiB) measured best among 16K-1M on Zen 3. */
#ifndef TILE_FLOATS
#define TILE_FLOATS (1 << 16)
#endif

typedef struct {
  int batch, in_h, in_w, in_c, out_h, out_w, out_c, f_h, f_w, s_h, s_w, pad_t, pad_l;
} geom;

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

/* This environment's scratch buffer with room for n floats, or NULL (and a thrown error). */
static float *scratch_floats(napi_env env, const char *fn, size_t n) {
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

static int64_t rows_of(const geom *g) { return (int64_t)g->batch * g->out_h * g->out_w; }
static int64_t taps_of(const geom *g) { return (int64_t)g->f_h * g->f_w * g->in_c; }

/* A 1x1 filter at stride 1 without padding: the patch matrix is the input itself. */
static int pointwise(const geom *g) {
  return g->f_h == 1 && g->f_w == 1 && g->s_h == 1 && g->s_w == 1 && g->pad_t == 0 && g->pad_l == 0 &&
         g->out_h == g->in_h && g->out_w == g->in_w;
}

/* Rows per tile: as many as fit TILE_FLOATS, at least one. */
static int64_t tile_rows(int64_t cols) {
  int64_t t = TILE_FLOATS / (cols > 0 ? cols : 1);
  return t > 0 ? t : 1;
}

/* Patch rows [row0, row0 + n) of x into cols [n, fh*fw*inC]; taps in the padding are 0. */
static void im2col(const float *restrict x, const geom *g, int64_t row0, int64_t n, float *restrict cols) {
  const int c = g->in_c;
  const int64_t per_image = (int64_t)g->out_h * g->out_w;
  for (int64_t r = 0; r < n; r++) {
    const int64_t row = row0 + r;
    const int64_t b = row / per_image;
    const int oy = (int)((row % per_image) / g->out_w);
    const int ox = (int)(row % g->out_w);
    const float *xb = x + b * g->in_h * g->in_w * c;
    float *dst = cols + r * g->f_h * g->f_w * c;
    for (int fy = 0; fy < g->f_h; fy++) {
      const int iy = oy * g->s_h - g->pad_t + fy;
      for (int fx = 0; fx < g->f_w; fx++, dst += c) {
        const int ix = ox * g->s_w - g->pad_l + fx;
        if (iy < 0 || iy >= g->in_h || ix < 0 || ix >= g->in_w) memset(dst, 0, (size_t)c * sizeof(float));
        else memcpy(dst, xb + ((int64_t)iy * g->in_w + ix) * c, (size_t)c * sizeof(float));
      }
    }
  }
}

/* Adds patch rows [row0, row0 + n) back onto dx at the pixels they were read from, skipping padding. */
static void col2im_add(const float *restrict cols, const geom *g, int64_t row0, int64_t n, float *restrict dx) {
  const int c = g->in_c;
  const int64_t per_image = (int64_t)g->out_h * g->out_w;
  for (int64_t r = 0; r < n; r++) {
    const int64_t row = row0 + r;
    const int64_t b = row / per_image;
    const int oy = (int)((row % per_image) / g->out_w);
    const int ox = (int)(row % g->out_w);
    float *xb = dx + b * g->in_h * g->in_w * c;
    const float *src = cols + r * g->f_h * g->f_w * c;
    for (int fy = 0; fy < g->f_h; fy++) {
      const int iy = oy * g->s_h - g->pad_t + fy;
      for (int fx = 0; fx < g->f_w; fx++, src += c) {
        const int ix = ox * g->s_w - g->pad_l + fx;
        if (iy < 0 || iy >= g->in_h || ix < 0 || ix >= g->in_w) continue;
        float *dst = xb + ((int64_t)iy * g->in_w + ix) * c;
        for (int k = 0; k < c; k++) dst[k] += src[k];
      }
    }
  }
}

/* relu (1) or relu6 (2) in place; NaN stays NaN, as in the tfjs kernels. */
static void clamp(float *y, int64_t n, int activation) {
  if (activation == 0) return;
  const float top = activation == 2 ? 6.0f : INFINITY;
  for (int64_t i = 0; i < n; i++) {
    const float v = y[i];
    if (v < 0) y[i] = 0;
    else if (v > top) y[i] = top;
  }
}

static void forward(const float *x, const float *w, const float *bias, float *y, const geom *g, int activation, float *tile) {
  const int64_t rows = rows_of(g), k = taps_of(g), step = tile_rows(k);
  const int co = g->out_c;
  if (co == 0) return;
  for (int64_t row0 = 0; row0 < rows; row0 += step) {
    const int64_t n = rows - row0 < step ? rows - row0 : step;
    float *y0 = y + row0 * co;
    const float *a = x + row0 * g->in_c;
    if (!pointwise(g)) {
      im2col(x, g, row0, n, tile);
      a = tile;
    }
    if (bias != NULL) {
      for (int64_t r = 0; r < n; r++) memcpy(y0 + r * co, bias, (size_t)co * sizeof(float));
    }
    if (k > 0) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, co, (int)k, 1.0f, a, (int)k, w, co,
                           bias != NULL ? 1.0f : 0.0f, y0, co);
    else if (bias == NULL) memset(y0, 0, (size_t)(n * co) * sizeof(float));
    clamp(y0, n * co, activation);
  }
}

static void backprop_input(const float *dy, const float *w, float *dx, const geom *g, float *tile) {
  const int64_t rows = rows_of(g), k = taps_of(g), step = tile_rows(k);
  const int co = g->out_c;
  if (pointwise(g) && co > 0) {
    if (rows > 0 && k > 0) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)k, co, 1.0f, dy, co, w, co, 0.0f, dx, (int)k);
    return;
  }
  memset(dx, 0, (size_t)g->batch * g->in_h * g->in_w * g->in_c * sizeof(float));
  if (k == 0 || co == 0) return;
  for (int64_t row0 = 0; row0 < rows; row0 += step) {
    const int64_t n = rows - row0 < step ? rows - row0 : step;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)k, co, 1.0f, dy + row0 * co, co, w, co, 0.0f, tile, (int)k);
    col2im_add(tile, g, row0, n, dx);
  }
}

static void backprop_filter(const float *x, const float *dy, float *dw, const geom *g, float *tile) {
  const int64_t rows = rows_of(g), k = taps_of(g), step = tile_rows(k);
  const int co = g->out_c;
  memset(dw, 0, (size_t)(k * co) * sizeof(float));
  if (k == 0 || co == 0) return;
  for (int64_t row0 = 0; row0 < rows; row0 += step) {
    const int64_t n = rows - row0 < step ? rows - row0 : step;
    const float *a = x + row0 * g->in_c;
    if (!pointwise(g)) {
      im2col(x, g, row0, n, tile);
      a = tile;
    }
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)k, co, (int)n, 1.0f, a, (int)k, dy + row0 * co, co, 1.0f, dw, co);
  }
}

/* The geometry from an Int32Array of 13 entries; checks signs and that the sizes fit BLAS's ints. */
static int get_geom(napi_env env, napi_value v, const char *fn, geom *g) {
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
  if (rows_of(g) > INT32_MAX || taps_of(g) > INT32_MAX) {
    snprintf(msg, MSG_LEN, "%s: %lld patch rows of %lld taps exceed BLAS's int sizes", fn, (long long)rows_of(g), (long long)taps_of(g));
    vl_fail(env, 0, msg);
    return 0;
  }
  return 1;
}

/* A Float32Array with at least `need` elements; `*len` gets its length. */
static float *get_floats(napi_env env, napi_value v, const char *fn, const char *name, int64_t need, size_t *len) {
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
    snprintf(msg, MSG_LEN, "%s: %s must be a Float32Array", fn, name);
    vl_fail(env, 1, msg);
    return NULL;
  }
  if ((int64_t)length < need) {
    snprintf(msg, MSG_LEN, "%s: %s has %zu elements, needs %lld", fn, name, length, (long long)need);
    vl_fail(env, 0, msg);
    return NULL;
  }
  *len = length;
  static float empty;
  return data != NULL ? (float *)data : &empty;
}

/* Throws when the output's first n floats share memory with an input's. */
static int disjoint(napi_env env, const char *fn, const float *out, size_t n_out, const char *name, const float *in, size_t n_in) {
  char msg[MSG_LEN];
  if (in == NULL || n_out == 0 || n_in == 0 || out + n_out <= in || in + n_in <= out) return 1;
  snprintf(msg, MSG_LEN, "%s: the output overlaps %s", fn, name);
  vl_fail(env, 0, msg);
  return 0;
}

/* conv2d(x, w, bias | null, y, geometry, activation): y = clamp(patches(x) · W + bias). */
static napi_value conv2d(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  geom g;
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
  const float *x = get_floats(env, argv[0], "conv2d", "x", (int64_t)g.batch * g.in_h * g.in_w * g.in_c, &nx);
  const float *w = x ? get_floats(env, argv[1], "conv2d", "w", taps_of(&g) * g.out_c, &nw) : NULL;
  if (w == NULL) return NULL;
  const float *bias = NULL;
  napi_typeof(env, argv[2], &bias_type);
  if (bias_type != napi_null && (bias = get_floats(env, argv[2], "conv2d", "bias", g.out_c, &nb)) == NULL) return NULL;
  float *y = get_floats(env, argv[3], "conv2d", "y", rows_of(&g) * g.out_c, &ny);
  if (y == NULL) return NULL;
  const size_t n_out = (size_t)(rows_of(&g) * g.out_c);
  if (!disjoint(env, "conv2d", y, n_out, "x", x, nx) || !disjoint(env, "conv2d", y, n_out, "w", w, nw) ||
      !disjoint(env, "conv2d", y, n_out, "bias", bias, nb)) {
    return NULL;
  }
  float *tile = pointwise(&g) ? NULL : scratch_floats(env, "conv2d", (size_t)(tile_rows(taps_of(&g)) * taps_of(&g)));
  if (!pointwise(&g) && tile == NULL) return NULL;
  forward(x, w, bias, y, &g, (int)act, tile);
  return NULL;
}

/* conv2dBackpropInput(dy, w, dx, geometry): dx = col2im(dy · Wᵀ). */
static napi_value conv2d_backprop_input(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  geom g;
  size_t ndy, nw, ndx;
  const char *fn = "conv2dBackpropInput";
  char msg[MSG_LEN];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 4) {
    snprintf(msg, MSG_LEN, "%s: expected 4 arguments, got %zu", fn, argc);
    return vl_fail(env, 1, msg);
  }
  if (!get_geom(env, argv[3], fn, &g)) return NULL;
  const float *dy = get_floats(env, argv[0], fn, "dy", rows_of(&g) * g.out_c, &ndy);
  const float *w = dy ? get_floats(env, argv[1], fn, "w", taps_of(&g) * g.out_c, &nw) : NULL;
  float *dx = w ? get_floats(env, argv[2], fn, "dx", (int64_t)g.batch * g.in_h * g.in_w * g.in_c, &ndx) : NULL;
  if (dx == NULL) return NULL;
  const size_t n_out = (size_t)g.batch * g.in_h * g.in_w * g.in_c;
  if (!disjoint(env, fn, dx, n_out, "dy", dy, ndy) || !disjoint(env, fn, dx, n_out, "w", w, nw)) return NULL;
  float *tile = pointwise(&g) ? NULL : scratch_floats(env, fn, (size_t)(tile_rows(taps_of(&g)) * taps_of(&g)));
  if (!pointwise(&g) && tile == NULL) return NULL;
  backprop_input(dy, w, dx, &g, tile);
  return NULL;
}

/* conv2dBackpropFilter(x, dy, dw, geometry): dW = patches(x)ᵀ · dy. */
static napi_value conv2d_backprop_filter(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  geom g;
  size_t nx, ndy, ndw;
  const char *fn = "conv2dBackpropFilter";
  char msg[MSG_LEN];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 4) {
    snprintf(msg, MSG_LEN, "%s: expected 4 arguments, got %zu", fn, argc);
    return vl_fail(env, 1, msg);
  }
  if (!get_geom(env, argv[3], fn, &g)) return NULL;
  const float *x = get_floats(env, argv[0], fn, "x", (int64_t)g.batch * g.in_h * g.in_w * g.in_c, &nx);
  const float *dy = x ? get_floats(env, argv[1], fn, "dy", rows_of(&g) * g.out_c, &ndy) : NULL;
  float *dw = dy ? get_floats(env, argv[2], fn, "dw", taps_of(&g) * g.out_c, &ndw) : NULL;
  if (dw == NULL) return NULL;
  const size_t n_out = (size_t)(taps_of(&g) * g.out_c);
  if (!disjoint(env, fn, dw, n_out, "x", x, nx) || !disjoint(env, fn, dw, n_out, "dy", dy, ndy)) return NULL;
  float *tile = pointwise(&g) ? NULL : scratch_floats(env, fn, (size_t)(tile_rows(taps_of(&g)) * taps_of(&g)));
  if (!pointwise(&g) && tile == NULL) return NULL;
  backprop_filter(x, dy, dw, &g, tile);
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
