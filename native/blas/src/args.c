/* vae-lab-blas: argument checks for the Float32Array entry points (see args.h). */
#include <math.h>
#include <stdio.h>
#include "args.h"

#define MSG_LEN 200

float *vl_floats(napi_env env, napi_value v, const char *fn, const char *name, int64_t need, size_t *len) {
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

int vl_disjoint(napi_env env, const char *fn, const float *out, size_t n_out, const char *name, const float *in, size_t n_in) {
  char msg[MSG_LEN];
  if (in == NULL || n_out == 0 || n_in == 0 || out + n_out <= in || in + n_in <= out) return 1;
  snprintf(msg, MSG_LEN, "%s: the output overlaps %s", fn, name);
  vl_fail(env, 0, msg);
  return 0;
}

int vl_count(napi_env env, napi_value v, const char *fn, const char *name, int *out) {
  double d;
  char msg[MSG_LEN];
  if (!vl_number(env, v, fn, name, &d)) return 0;
  if (!(d >= 0 && d <= 2147483647.0 && floor(d) == d)) {
    snprintf(msg, MSG_LEN, "%s: %s must be a non-negative integer below 2^31, got %g", fn, name, d);
    vl_fail(env, 0, msg);
    return 0;
  }
  *out = (int)d;
  return 1;
}
