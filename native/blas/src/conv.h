/* vae-lab-blas: NHWC convolutions (dilation 1) as im2col + GEMM; see conv.c. */
#ifndef VAE_LAB_CONV_H
#define VAE_LAB_CONV_H
#include <stdint.h>

/* Output pixel (oy, ox), tap (fy, fx) reads input row oy*s_h - pad_t + fy, column ox*s_w - pad_l + fx. */
typedef struct {
  int batch, in_h, in_w, in_c, out_h, out_w, out_c, f_h, f_w, s_h, s_w, pad_t, pad_l;
} conv_geom;

/* Patch rows (batch*out_h*out_w) and taps times input channels (f_h*f_w*in_c). */
int64_t conv_rows(const conv_geom *g);
int64_t conv_taps(const conv_geom *g);

/* Floats of scratch the three functions below need (0 for a 1x1 filter at stride 1 without padding). */
int64_t conv_scratch_floats(const conv_geom *g);

/* y = clamp(patches(x)·w + bias): bias of out_c floats or NULL; activation 0 linear, 1 relu, 2 relu6. Each returns 0 when out of memory. */
int conv_forward(const float *x, const float *w, const float *bias, float *y, const conv_geom *g, int activation, float *scratch);

/* dx = col2im(dy·wᵀ). */
int conv_backprop_input(const float *dy, const float *w, float *dx, const conv_geom *g, float *scratch);

/* dw = patches(x)ᵀ·dy. */
int conv_backprop_filter(const float *x, const float *dy, float *dw, const conv_geom *g, float *scratch);

#endif
