/*
 * vae-lab-blas: 2-D convolutions (NHWC, dilation 1) as im2col + GEMM (vl_gemm) on Float32Arrays.
 *
 * Output pixels are the rows of the patch matrix, filter taps times input channels its columns, so
 * a filter [fh, fw, inC, outC] is already the row-major [fh*fw*inC, outC] right operand:
 *   forward       y[rows, outC]  = patches(x) · W          (+ bias, clamp)
 *   input grad    dx             = col2im(dy · Wᵀ)         (a scatter-add onto the input)
 *   filter grad   dW             = patches(x)ᵀ · dy
 * The rows are processed in tiles whose patch block stays in cache, in a fixed order, so results
 * are reproducible. The caller provides the scratch (conv-binding.c keeps one per node
 * environment, so worker threads never share one).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "conv.h"
#include "gemm.h"
#include "vmath.h"

/* Floats of one tile's patch block: 64K floats (256 KiB) measured best among 16K-1M on Zen 3. */
#ifndef TILE_FLOATS
#define TILE_FLOATS (1 << 16)
#endif

int64_t conv_rows(const conv_geom *g) { return (int64_t)g->batch * g->out_h * g->out_w; }
int64_t conv_taps(const conv_geom *g) { return (int64_t)g->f_h * g->f_w * g->in_c; }

/* A 1x1 filter at stride 1 without padding: the patch matrix is the input itself. */
static int pointwise(const conv_geom *g) {
  return g->f_h == 1 && g->f_w == 1 && g->s_h == 1 && g->s_w == 1 && g->pad_t == 0 && g->pad_l == 0 &&
         g->out_h == g->in_h && g->out_w == g->in_w;
}

/* Rows per tile: as many as fit TILE_FLOATS, at least one. */
static int64_t tile_rows(int64_t cols) {
  int64_t t = TILE_FLOATS / (cols > 0 ? cols : 1);
  return t > 0 ? t : 1;
}

int64_t conv_scratch_floats(const conv_geom *g) {
  return pointwise(g) ? 0 : tile_rows(conv_taps(g)) * conv_taps(g);
}

/* Patch rows [row0, row0 + n) of x into cols [n, fh*fw*inC]; taps in the padding are 0. */
static void im2col(const float *restrict x, const conv_geom *g, int64_t row0, int64_t n, float *restrict cols) {
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
        const int inside = iy >= 0 && iy < g->in_h && ix >= 0 && ix < g->in_w;
        if (c == 1) dst[0] = inside ? xb[(int64_t)iy * g->in_w + ix] : 0.0f;
        else if (!inside) memset(dst, 0, (size_t)c * sizeof(float));
        else memcpy(dst, xb + ((int64_t)iy * g->in_w + ix) * c, (size_t)c * sizeof(float));
      }
    }
  }
}

/* Adds patch rows [row0, row0 + n) back onto dx at the pixels they were read from, skipping padding. */
static void col2im_add(const float *restrict cols, const conv_geom *g, int64_t row0, int64_t n, float *restrict dx) {
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

/*
 * Below this many taps times input channels the filter gradient's GEMM is thin (a 1-channel image's
 * 3x3 patches: 9 rows) and OpenBLAS spends its time packing; a plain loop over the output channels
 * measured 1.5-1.8x faster (1-channel 28x28 input, batch 128). The forward and input-gradient GEMMs
 * of such layers measured as fast as plain loops.
 */
#ifndef THIN_TAPS
#define THIN_TAPS 16
#endif

/* acc[k, co] += cols[n, k]ᵀ·dy[n, co], in float over blocks of 256 rows, each block added in double. */
VL_CLONES static void thin_backprop_filter(const float *restrict cols, const float *restrict dy, double *restrict acc, float *restrict part,
                                           int64_t n, int k, int co) {
  for (int64_t r0 = 0; r0 < n; r0 += 256) {
    const int64_t r1 = n - r0 < 256 ? n : r0 + 256;
    for (int64_t i = 0; i < (int64_t)k * co; i++) part[i] = 0;
    for (int64_t r = r0; r < r1; r++) {
      for (int t = 0; t < k; t++) {
        const float p = cols[r * k + t];
        float *restrict pt = part + (int64_t)t * co;
        const float *restrict dr = dy + r * co;
        for (int o = 0; o < co; o++) pt[o] += p * dr[o];
      }
    }
    for (int64_t i = 0; i < (int64_t)k * co; i++) acc[i] += part[i];
  }
}

int conv_forward(const float *x, const float *w, const float *bias, float *y, const conv_geom *g, int activation, float *scratch) {
  const int64_t rows = conv_rows(g), k = conv_taps(g), step = tile_rows(k);
  const int co = g->out_c;
  if (co == 0) return 1;
  for (int64_t row0 = 0; row0 < rows; row0 += step) {
    const int64_t n = rows - row0 < step ? rows - row0 : step;
    float *y0 = y + row0 * co;
    const float *a = x + row0 * g->in_c;
    if (!pointwise(g)) {
      im2col(x, g, row0, n, scratch);
      a = scratch;
    }
    if (bias != NULL) {
      for (int64_t r = 0; r < n; r++) memcpy(y0 + r * co, bias, (size_t)co * sizeof(float));
    }
    if (k > 0) {
      if (!vl_gemm(0, 0, n, co, k, 1.0f, a, k, w, co, bias != NULL ? 1.0f : 0.0f, y0, co)) return 0;
    } else if (bias == NULL) {
      memset(y0, 0, (size_t)(n * co) * sizeof(float));
    }
    clamp(y0, n * co, activation);
  }
  return 1;
}

int conv_backprop_input(const float *dy, const float *w, float *dx, const conv_geom *g, float *scratch) {
  const int64_t rows = conv_rows(g), k = conv_taps(g), step = tile_rows(k);
  const int co = g->out_c;
  if (pointwise(g) && co > 0) {
    return rows > 0 && k > 0 ? vl_gemm(0, 1, rows, k, co, 1.0f, dy, co, w, co, 0.0f, dx, k) : 1;
  }
  memset(dx, 0, (size_t)g->batch * g->in_h * g->in_w * g->in_c * sizeof(float));
  if (k == 0 || co == 0) return 1;
  for (int64_t row0 = 0; row0 < rows; row0 += step) {
    const int64_t n = rows - row0 < step ? rows - row0 : step;
    if (!vl_gemm(0, 1, n, k, co, 1.0f, dy + row0 * co, co, w, co, 0.0f, scratch, k)) return 0;
    col2im_add(scratch, g, row0, n, dx);
  }
  return 1;
}

int conv_backprop_filter(const float *x, const float *dy, float *dw, const conv_geom *g, float *scratch) {
  const int64_t rows = conv_rows(g), k = conv_taps(g), step = tile_rows(k);
  const int co = g->out_c;
  memset(dw, 0, (size_t)(k * co) * sizeof(float));
  if (k == 0 || co == 0) return 1;
  const int thin = k <= THIN_TAPS;
  double *acc = thin ? calloc((size_t)(k * co), sizeof(double)) : NULL;
  float *part = thin ? malloc((size_t)(k * co) * sizeof(float)) : NULL;
  if (thin && (acc == NULL || part == NULL)) {
    free(acc);
    free(part);
    return 0;
  }
  for (int64_t row0 = 0; row0 < rows; row0 += step) {
    const int64_t n = rows - row0 < step ? rows - row0 : step;
    const float *a = x + row0 * g->in_c;
    if (!pointwise(g)) {
      im2col(x, g, row0, n, scratch);
      a = scratch;
    }
    if (thin) thin_backprop_filter(a, dy + row0 * co, acc, part, n, (int)k, co);
    else if (!vl_gemm(1, 0, k, co, n, 1.0f, a, k, dy + row0 * co, co, 1.0f, dw, co)) {
      free(acc);
      free(part);
      return 0;
    }
  }
  if (thin) {
    for (int64_t i = 0; i < k * co; i++) dw[i] = (float)acc[i];
    free(acc);
    free(part);
  }
  return 1;
}
