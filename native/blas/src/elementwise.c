/*
 * vae-lab-blas: the VAEs' loss terms, their gradients and column sums, each one pass over
 * Float32Arrays (views of the wasm heap work) instead of a chain of tfjs kernels.
 *
 * Rows are images (or codes), columns pixels (or latent dimensions). Per-row sums accumulate in
 * double in column order, so results are reproducible; element-wise terms are float arithmetic in
 * vectorised loops (vmath.h: e^x and log(1 + e) within 2 ulp), softplus(l) = max(l, 0) +
 * log(1 + e^−|l|). With s(l) = 1 / (1 + e^−l):
 *   bernoulliNll   out[b] = Σ_p softplus(l) − x·l          grad   dl = (s(l) − x)·dy[b]
 *   squaredError   out[b] = Σ_p (x − s(l))²                grad   dl = 2(s − x)·s(1 − s)·dy[b]
 *   gaussianKl     out[b] = −½ Σ_j (1 + v − m² − e^v)      grad   dm = m·dy[b], dv = ½(e^v − 1)·dy[b]
 *   columnSums     out[c] = Σ_r x[r][c], rows added four at a time in double, as lib/backend/wasm/sum.ts
 *   reluGrad       dx = dy·step(x), step(x) = 1 for x > 0, NaN for NaN, else 0: tfjs's Relu gradient
 *                  (Step, then Multiply) in one pass, the same float products
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "args.h"
#include "vmath.h"

#define MAX_ARRAYS 6
#define MSG_LEN 200

/*
 * What one entry point reads and writes, in argument order: in_full [rows, cols] inputs, in_rows
 * per-row inputs, then out_full, out_rows and out_cols outputs. `run` returns 0 when it cannot
 * allocate its scratch.
 */
typedef struct {
  const char *name;
  int in_full, in_rows, out_full, out_rows, out_cols;
  const char *args[MAX_ARRAYS];
  int (*run)(const float *const *in, float *const *out, long rows, long cols);
} kernel_spec;

/* Rows are cut into chunks of this many floats: element terms are vectorised into a chunk, then summed in order. */
#define CHUNK 1024

VL_CLONES static void bce_terms(const float *restrict x, const float *restrict l, float *restrict t, long n) {
  for (long p = 0; p < n; p++) t[p] = vl_softplus(l[p]) - x[p] * l[p];
}

VL_CLONES static void squared_terms(const float *restrict x, const float *restrict l, float *restrict t, long n) {
  for (long p = 0; p < n; p++) {
    const float d = x[p] - vl_sigmoid(l[p]);
    t[p] = d * d;
  }
}

/* out[b] = Σ_p term(x, l) over row b, the terms of each chunk computed first, then added in double in order. */
static void row_sums(void (*terms)(const float *restrict, const float *restrict, float *restrict, long), const float *x, const float *l,
                     float *out, long rows, long cols) {
  float t[CHUNK];
  for (long b = 0; b < rows; b++) {
    double acc = 0;
    for (long p0 = 0; p0 < cols; p0 += CHUNK) {
      const long n = cols - p0 < CHUNK ? cols - p0 : CHUNK;
      terms(x + b * cols + p0, l + b * cols + p0, t, n);
      for (long p = 0; p < n; p++) acc += t[p];
    }
    out[b] = (float)acc;
  }
}

static int bernoulli_nll(const float *const *in, float *const *out, long rows, long cols) {
  row_sums(bce_terms, in[0], in[1], out[0], rows, cols);
  return 1;
}

static int squared_error(const float *const *in, float *const *out, long rows, long cols) {
  row_sums(squared_terms, in[0], in[1], out[0], rows, cols);
  return 1;
}

VL_CLONES static int bernoulli_nll_grad(const float *const *in, float *const *out, long rows, long cols) {
  const float *restrict x = in[0], *restrict l = in[1], *restrict dy = in[2];
  float *restrict dl = out[0];
  for (long b = 0; b < rows; b++) {
    const float d = dy[b];
    for (long p = b * cols; p < (b + 1) * cols; p++) dl[p] = (vl_sigmoid(l[p]) - x[p]) * d;
  }
  return 1;
}

VL_CLONES static int squared_error_grad(const float *const *in, float *const *out, long rows, long cols) {
  const float *restrict x = in[0], *restrict l = in[1], *restrict dy = in[2];
  float *restrict dl = out[0];
  for (long b = 0; b < rows; b++) {
    const float d = dy[b];
    for (long p = b * cols; p < (b + 1) * cols; p++) {
      const float s = vl_sigmoid(l[p]);
      dl[p] = 2.0f * (s - x[p]) * (s * (1.0f - s)) * d;
    }
  }
  return 1;
}

static int gaussian_kl(const float *const *in, float *const *out, long rows, long cols) {
  const float *m = in[0], *v = in[1];
  for (long b = 0; b < rows; b++) {
    double acc = 0;
    for (long j = b * cols; j < (b + 1) * cols; j++) acc += 1.0 + v[j] - (double)m[j] * m[j] - exp(v[j]);
    out[0][b] = (float)(-0.5 * acc);
  }
  return 1;
}

static int gaussian_kl_grad(const float *const *in, float *const *out, long rows, long cols) {
  const float *m = in[0], *v = in[1], *dy = in[2];
  for (long b = 0; b < rows; b++) {
    for (long j = b * cols; j < (b + 1) * cols; j++) {
      out[0][j] = m[j] * dy[b];
      out[1][j] = (float)(0.5 * (exp(v[j]) - 1.0) * dy[b]);
    }
  }
  return 1;
}

VL_CLONES static int relu_grad(const float *const *in, float *const *out, long rows, long cols) {
  const float *restrict dy = in[0], *restrict x = in[1];
  float *restrict dx = out[0];
  for (long i = 0; i < rows * cols; i++) {
    const float step = x[i] > 0 ? 1.0f : (x[i] != x[i] ? x[i] : 0.0f);
    dx[i] = dy[i] * step;
  }
  return 1;
}

VL_CLONES static void column_sums_loop(const float *restrict v, long rows, long cols, double *restrict acc) {
  long r = 0;
  for (; r + 4 <= rows; r += 4) {
    const float *o = v + r * cols;
    for (long c = 0; c < cols; c++) acc[c] += (double)o[c] + o[cols + c] + ((double)o[2 * cols + c] + o[3 * cols + c]);
  }
  for (; r < rows; r++) {
    for (long c = 0; c < cols; c++) acc[c] += v[r * cols + c];
  }
}

static int column_sums(const float *const *in, float *const *out, long rows, long cols) {
  double *acc = calloc(cols > 0 ? (size_t)cols : 1, sizeof(double));
  if (acc == NULL) return 0;
  column_sums_loop(in[0], rows, cols, acc);
  for (long c = 0; c < cols; c++) out[0][c] = (float)acc[c];
  free(acc);
  return 1;
}

static const kernel_spec SPECS[] = {
    {"bernoulliNll", 2, 0, 0, 1, 0, {"x", "logits", "out"}, bernoulli_nll},
    {"bernoulliNllGrad", 2, 1, 1, 0, 0, {"x", "logits", "dy", "dLogits"}, bernoulli_nll_grad},
    {"squaredError", 2, 0, 0, 1, 0, {"x", "logits", "out"}, squared_error},
    {"squaredErrorGrad", 2, 1, 1, 0, 0, {"x", "logits", "dy", "dLogits"}, squared_error_grad},
    {"gaussianKl", 2, 0, 0, 1, 0, {"mean", "logVar", "out"}, gaussian_kl},
    {"gaussianKlGrad", 2, 1, 2, 0, 0, {"mean", "logVar", "dy", "dMean", "dLogVar"}, gaussian_kl_grad},
    {"columnSums", 1, 0, 0, 0, 1, {"x", "out"}, column_sums},
    {"reluGrad", 2, 0, 1, 0, 0, {"dy", "x", "dx"}, relu_grad},
};

/* name(inputs..., outputs..., rows, cols): checks every array's size and that outputs overlap nothing. */
static napi_value call(napi_env env, napi_callback_info info) {
  size_t argc = MAX_ARRAYS + 2;
  napi_value argv[MAX_ARRAYS + 2];
  const kernel_spec *k;
  char msg[MSG_LEN];
  napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&k);
  const int n_in = k->in_full + k->in_rows, n_out = k->out_full + k->out_rows + k->out_cols;
  if (argc != (size_t)(n_in + n_out + 2)) {
    snprintf(msg, MSG_LEN, "%s: expected %d arguments, got %zu", k->name, n_in + n_out + 2, argc);
    return vl_fail(env, 1, msg);
  }
  int rows, cols;
  if (!vl_count(env, argv[n_in + n_out], k->name, "rows", &rows) || !vl_count(env, argv[n_in + n_out + 1], k->name, "cols", &cols)) return NULL;
  const float *in[MAX_ARRAYS];
  float *out[MAX_ARRAYS];
  size_t len[MAX_ARRAYS];
  for (int i = 0; i < n_in + n_out; i++) {
    const int full = i < k->in_full || (i >= n_in && i < n_in + k->out_full);
    const int by_cols = i >= n_in + k->out_full + k->out_rows;
    const int64_t need = full ? (int64_t)rows * cols : by_cols ? cols : rows;
    float *p = vl_floats(env, argv[i], k->name, k->args[i], need, &len[i]);
    if (p == NULL) return NULL;
    if (i < n_in) in[i] = p;
    else out[i - n_in] = p;
  }
  for (int o = 0; o < n_out; o++) {
    for (int j = 0; j < n_in + n_out; j++) {
      if (j == n_in + o) continue;
      const float *other = j < n_in ? in[j] : out[j - n_in];
      if (!vl_disjoint(env, k->name, out[o], len[n_in + o], k->args[j], other, len[j])) return NULL;
    }
  }
  if (!k->run(in, out, rows, cols)) {
    snprintf(msg, MSG_LEN, "%s: cannot allocate %d doubles of scratch", k->name, cols);
    return vl_fail(env, 0, msg);
  }
  return NULL;
}

void vl_define_elementwise(napi_env env, napi_value exports) {
  for (size_t i = 0; i < sizeof SPECS / sizeof SPECS[0]; i++) {
    napi_value fn;
    napi_create_function(env, SPECS[i].name, NAPI_AUTO_LENGTH, call, (void *)&SPECS[i], &fn);
    napi_set_named_property(env, exports, SPECS[i].name, fn);
  }
}
