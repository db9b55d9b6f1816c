/* nlkit's native layer, shared by its files: the argument helpers and the calls init() exports. */
#ifndef NLKIT_NATIVE_H
#define NLKIT_NATIVE_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stddef.h>
#include <stdint.h>
#include <node_api.h>

#define CHECK(call)                                                          \
  do {                                                                       \
    napi_status s_ = (call);                                                 \
    if (s_ != napi_ok) {                                                     \
      napi_throw_error(env, NULL, "nlkit native: N-API call failed: " #call); \
      return NULL;                                                           \
    }                                                                        \
  } while (0)

/* Argument helpers (args.c): each throws a TypeError naming the argument and returns nonzero on bad input. */
napi_value make_int(napi_env env, int64_t v);
int get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv);
int get_args_between(napi_env env, napi_callback_info info, size_t min, size_t max, napi_value *argv, const char *name);
int get_i32(napi_env env, napi_value v, int32_t *out, const char *what);
int get_u32(napi_env env, napi_value v, uint32_t *out, const char *what);
int get_bytes(napi_env env, napi_value v, void **data, size_t *len);

/* nlsock.c */
int recv_into(int fd, void *data, size_t len, uint32_t at, uint32_t slot, int32_t *out, size_t outlen, uint32_t max, int named);

/* bound.c: buffers bound to a socket, and whether it has joined a group */
void mark_grouped(int fd);
void unbind_fd(napi_env env, int fd);
napi_value nl_use_buffers(napi_env env, napi_callback_info info);
napi_value nl_send_bound(napi_env env, napi_callback_info info);
napi_value nl_recv_bound(napi_env env, napi_callback_info info);
napi_value nl_exchange_bound(napi_env env, napi_callback_info info);

/* watch.c: readiness */
napi_value nl_watch(napi_env env, napi_callback_info info);
napi_value nl_ref(napi_env env, napi_callback_info info);
napi_value nl_unwatch(napi_env env, napi_callback_info info);

#endif
