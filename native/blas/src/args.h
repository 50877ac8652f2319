/* Argument checks shared by the binding's C files that take Float32Arrays and sizes. */
#ifndef VAE_LAB_ARGS_H
#define VAE_LAB_ARGS_H
#include <stddef.h>
#include <stdint.h>
#include <node_api.h>
#include "fail.h"

/*
 * The data of a Float32Array with at least `need` elements (its length in *len), or NULL after
 * throwing "<fn>: <name> must be a Float32Array" or "<fn>: <name> has N elements, needs M".
 */
float *vl_floats(napi_env env, napi_value v, const char *fn, const char *name, int64_t need, size_t *len);

/* 1 when out[0, n_out) and in[0, n_in) share no memory; otherwise throws "<fn>: the output overlaps <name>". */
int vl_disjoint(napi_env env, const char *fn, const float *out, size_t n_out, const char *name, const float *in, size_t n_in);

/* A non-negative integer below 2^31 into *out; otherwise throws a one-line RangeError and returns 0. */
int vl_count(napi_env env, napi_value v, const char *fn, const char *name, int *out);

#endif
