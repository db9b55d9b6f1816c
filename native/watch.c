#include <stdlib.h>
#include <uv.h>
#include "nlkit.h"

/* ---- readiness: one uv_poll_t per socket, no threads ---- */

typedef struct {
  uv_poll_t poll;
  napi_env env;
  napi_ref callback;
  napi_async_context async;
  int active;     /* polling, callback alive */
  int closed;     /* libuv has finished closing the handle */
  int finalized;  /* the JS external was collected */
} watcher_t;

/* A watcher is freed when both libuv and the JS heap are done with it. */
static void on_closed(uv_handle_t *h) {
  watcher_t *w = h->data;
  w->closed = 1;
  if (w->finalized) free(w);
}

static void stop_watcher(napi_env env, watcher_t *w) {
  if (!w->active) return;
  w->active = 0;
  napi_delete_reference(env, w->callback);
  napi_async_destroy(env, w->async);
  uv_poll_stop(&w->poll);
  uv_close((uv_handle_t *)&w->poll, on_closed);
}

static void on_readable(uv_poll_t *p, int status, int events) {
  watcher_t *w = p->data;
  if (!w->active) return;
  napi_env env = w->env;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  napi_value cb, recv, arg;
  napi_get_reference_value(env, w->callback, &cb);
  napi_get_global(env, &recv); /* make_callback wants an object as `this` */
  napi_create_int32(env, status, &arg);
  napi_value result;
  /* make_callback runs the microtask queue afterwards, so promises resolved
   * by the JS side settle before the next readiness event. */
  if (napi_make_callback(env, w->async, recv, cb, 1, &arg, &result) != napi_ok) {
    /* An exception thrown by the JS handler: report it as uncaught, like any callback. */
    napi_value exc;
    if (napi_get_and_clear_last_exception(env, &exc) == napi_ok) napi_fatal_exception(env, exc);
  }
  napi_close_handle_scope(env, scope);
}

static void watcher_finalize(napi_env env, void *data, void *hint) {
  watcher_t *w = data;
  /* Dropped without unwatch(): stop it here (the fd may still be open). */
  stop_watcher(env, w);
  w->finalized = 1;
  if (w->closed) free(w);
}

/* watch(fd, callback) -> handle; callback(status) runs when fd is readable. */
napi_value nl_watch(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (get_args(env, info, 2, argv)) return NULL;
  int32_t fd;
  if (get_i32(env, argv[0], &fd, "fd")) return NULL;
  uv_loop_t *loop;
  CHECK(napi_get_uv_event_loop(env, &loop));
  watcher_t *w = calloc(1, sizeof *w);
  if (!w) { napi_throw_error(env, NULL, "nlkit native: out of memory"); return NULL; }
  w->env = env;
  if (uv_poll_init(loop, &w->poll, fd) != 0) {
    free(w);
    napi_throw_error(env, NULL, "nlkit native: uv_poll_init failed");
    return NULL;
  }
  w->poll.data = w;
  CHECK(napi_create_reference(env, argv[1], 1, &w->callback));
  napi_value name;
  napi_create_string_utf8(env, "nlkit:netlink", NAPI_AUTO_LENGTH, &name);
  CHECK(napi_async_init(env, NULL, name, &w->async));
  w->active = 1;
  int rs = uv_poll_start(&w->poll, UV_READABLE, on_readable);
  if (rs != 0) {
    w->active = 0;
    napi_delete_reference(env, w->callback);
    napi_async_destroy(env, w->async);
    uv_close((uv_handle_t *)&w->poll, on_closed);
    w->finalized = 1; /* no external will own it */
    napi_throw_error(env, NULL, uv_strerror(rs));
    return NULL;
  }
  napi_value handle;
  CHECK(napi_create_external(env, w, watcher_finalize, NULL, &handle));
  return handle;
}

/* The watcher handle in argv[0] of a call taking `want` arguments, or NULL with an exception pending. */
static watcher_t *watcher_arg(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  if (get_args(env, info, want, argv)) return NULL;
  watcher_t *w = NULL;
  if (napi_get_value_external(env, argv[0], (void **)&w) != napi_ok || !w) {
    napi_throw_type_error(env, NULL, "nlkit native: expected a watcher handle");
    return NULL;
  }
  return w;
}

/* ref(handle, bool): whether a waiting socket keeps the process alive. */
napi_value nl_ref(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  watcher_t *w = watcher_arg(env, info, 2, argv);
  if (!w) return NULL;
  bool on;
  CHECK(napi_get_value_bool(env, argv[1], &on));
  if (w->active) {
    if (on) uv_ref((uv_handle_t *)&w->poll);
    else uv_unref((uv_handle_t *)&w->poll);
  }
  return NULL;
}

/* unwatch(handle): stop the watcher; call it before the fd is closed. */
napi_value nl_unwatch(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  watcher_t *w = watcher_arg(env, info, 1, argv);
  if (!w) return NULL;
  stop_watcher(env, w);
  return NULL;
}
