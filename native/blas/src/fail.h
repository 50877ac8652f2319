/* Shared by the binding's C files: throw one JavaScript error per call. */
#ifndef VAE_LAB_FAIL_H
#define VAE_LAB_FAIL_H
#include <node_api.h>

/* Throws a RangeError (or TypeError) unless a previous call already threw; returns NULL. */
napi_value vl_fail(napi_env env, int type_error, const char *msg);

/* Reads a number argument into *out; otherwise throws "<fn>: <name> must be a number" and returns 0. */
int vl_number(napi_env env, napi_value v, const char *fn, const char *name, double *out);

#endif
