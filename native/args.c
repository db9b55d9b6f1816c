/* The argument helpers of every native call. */
#include <stdio.h>
#include "nlkit.h"

napi_value make_int(napi_env env, int64_t v) {
  napi_value out;
  /* Results are nearly always small: an int32 becomes a small integer directly, without a double. */
  if (v >= INT32_MIN && v <= INT32_MAX) napi_create_int32(env, (int32_t)v, &out);
  else napi_create_int64(env, v, &out);
  return out;
}

int get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return -1;
  if (argc < want) {
    napi_throw_type_error(env, NULL, "nlkit native: too few arguments");
    return -1;
  }
  return 0;
}

/* Between min and max arguments into argv: how many came, or -1 with a TypeError thrown. */
int get_args_between(napi_env env, napi_callback_info info, size_t min, size_t max, napi_value *argv, const char *name) {
  size_t argc = max;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < min) {
    char msg[96];
    snprintf(msg, sizeof msg, "nlkit native: %s takes %zu to %zu arguments", name, min, max);
    napi_throw_type_error(env, NULL, msg);
    return -1;
  }
  return (int)argc;
}

static int not_a_number(napi_env env, const char *what) {
  char msg[128];
  snprintf(msg, sizeof msg, "nlkit native: %s must be a number", what);
  napi_throw_type_error(env, NULL, msg);
  return -1;
}

int get_i32(napi_env env, napi_value v, int32_t *out, const char *what) {
  return napi_get_value_int32(env, v, out) == napi_ok ? 0 : not_a_number(env, what);
}

int get_u32(napi_env env, napi_value v, uint32_t *out, const char *what) {
  return napi_get_value_uint32(env, v, out) == napi_ok ? 0 : not_a_number(env, what);
}

/* Bytes of a TypedArray / Buffer (Uint8Array views). */
int get_bytes(napi_env env, napi_value v, void **data, size_t *len) {
  bool is_ta = false;
  napi_is_typedarray(env, v, &is_ta);
  if (is_ta) {
    napi_typedarray_type t;
    size_t n;
    napi_value ab;
    size_t off;
    if (napi_get_typedarray_info(env, v, &t, &n, data, &ab, &off) != napi_ok) return -1;
    if (t != napi_uint8_array && t != napi_int8_array && t != napi_uint8_clamped_array) {
      napi_throw_type_error(env, NULL, "nlkit native: expected a Uint8Array");
      return -1;
    }
    *len = n;
    return 0;
  }
  napi_throw_type_error(env, NULL, "nlkit native: expected a Uint8Array");
  return -1;
}
