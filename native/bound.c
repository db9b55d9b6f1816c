#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include "nlkit.h"

/* ---- buffers bound to a socket ----
 * A Uint8Array argument costs more to take apart (type checks, its buffer, its offset) than a
 * send() of a small request's bytes. A socket's own send buffer, receive slab and out array change
 * rarely: useBuffers() binds them once (and holds them), and sendBound()/recvBound() take only
 * offsets. Indexed by fd; close() forgets them. */
typedef struct {
  unsigned char *data[3]; /* send buffer, receive slab, out (int32) */
  size_t len[3];          /* bytes */
  napi_ref ref[3];
  /* The socket has joined a multicast group (bind or NETLINK_ADD_MEMBERSHIP): only then do its
   * bound reads ask for each datagram's sender address, which names the groups it came to. Without
   * groups every datagram is a unicast, and the address costs the kernel a copy per datagram (about
   * 3% of its time on 64 requests in flight). */
  int grouped;
} bound_t;
static bound_t *bound_fds;
static size_t bound_count;

static bound_t *bound_for(int fd, int grow) {
  if (fd < 0) return NULL;
  if ((size_t)fd >= bound_count) {
    if (!grow) return NULL;
    size_t n = bound_count ? bound_count : 64;
    while (n <= (size_t)fd) n *= 2;
    bound_t *b = realloc(bound_fds, n * sizeof *b);
    if (!b) return NULL;
    memset(b + bound_count, 0, (n - bound_count) * sizeof *b);
    bound_fds = b;
    bound_count = n;
  }
  return &bound_fds[fd];
}

/* Once grouped, always: a group dropped again is not worth tracking (the address is only a cost). */
void mark_grouped(int fd) {
  bound_t *b = bound_for(fd, 1);
  if (b) b->grouped = 1;
}

void unbind_fd(napi_env env, int fd) {
  bound_t *b = bound_for(fd, 0);
  if (!b) return;
  for (int i = 0; i < 3; i++) if (b->ref[i]) napi_delete_reference(env, b->ref[i]);
  memset(b, 0, sizeof *b);
}

/* useBuffers(fd, send | null, slab | null, out: Int32Array | null) -> 0
 * Binds each one given (null keeps what is bound) for sendBound() and recvBound(). */
napi_value nl_use_buffers(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (get_args(env, info, 4, argv)) return NULL;
  int32_t fd;
  if (get_i32(env, argv[0], &fd, "fd")) return NULL;
  bound_t *b = bound_for(fd, 1);
  if (!b) {
    napi_throw_error(env, NULL, "nlkit native: useBuffers: no memory for the table");
    return NULL;
  }
  for (int i = 0; i < 3; i++) {
    napi_valuetype vt;
    CHECK(napi_typeof(env, argv[i + 1], &vt));
    if (vt == napi_null || vt == napi_undefined) continue;
    void *data; size_t len;
    if (i < 2) {
      if (get_bytes(env, argv[i + 1], &data, &len)) return NULL;
    } else {
      napi_typedarray_type t; napi_value ab; size_t off;
      if (napi_get_typedarray_info(env, argv[3], &t, &len, &data, &ab, &off) != napi_ok || t != napi_int32_array || len < 4) {
        napi_throw_type_error(env, NULL, "nlkit native: out must be an Int32Array of 4 per datagram");
        return NULL;
      }
      len *= 4;
    }
    if (b->ref[i]) napi_delete_reference(env, b->ref[i]);
    CHECK(napi_create_reference(env, argv[i + 1], 1, &b->ref[i]));
    b->data[i] = data;
    b->len[i] = len;
  }
  return make_int(env, 0);
}

/* The bound send buffer's [start, end) to the kernel: bytes sent, or -1 with errno set. */
static ssize_t send_bound(int fd, const bound_t *b, uint32_t start, uint32_t end) {
  struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
  return sendto(fd, b->data[0] + start, end - start, 0, (struct sockaddr *)&sa, sizeof sa);
}

/* Whether one slot fits in the bound slab after `at` (else a RangeError is thrown). */
static int slot_fits(napi_env env, const bound_t *b, uint32_t at, uint32_t slot) {
  if (slot != 0 && at <= b->len[1] && b->len[1] - at >= slot) return 1;
  napi_throw_range_error(env, NULL, "nlkit native: no room for one slot after the offset");
  return 0;
}

/* recvmmsg into the bound slab and out (sender addresses only for a grouped socket). */
static napi_value read_bound(napi_env env, int fd, const bound_t *b, uint32_t at, uint32_t slot, uint32_t max) {
  return make_int(env, recv_into(fd, b->data[1], b->len[1], at, slot, (int32_t *)b->data[2], b->len[2] / 4, max, b->grouped));
}

/* sendBound(fd, start, end) -> bytes sent | -errno: the bound send buffer's [start, end), as sendAt. */
napi_value nl_send_bound(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (get_args(env, info, 3, argv)) return NULL;
  int32_t fd; uint32_t start, end;
  if (get_i32(env, argv[0], &fd, "fd") || get_u32(env, argv[1], &start, "start") || get_u32(env, argv[2], &end, "end")) return NULL;
  bound_t *b = bound_for(fd, 0);
  if (!b || !b->data[0] || start > end || end > b->len[0]) {
    napi_throw_range_error(env, NULL, "nlkit native: sendBound: no send buffer bound, or the range is outside it");
    return NULL;
  }
  ssize_t r = send_bound(fd, b, start, end);
  return make_int(env, r < 0 ? -errno : r);
}

/* recvBound(fd, at, slot[, max]) -> datagrams read | -errno: recvMany into the bound slab and out (sender pid
 * and groups 0 until the socket joins a group: see bound_t). */
napi_value nl_recv_bound(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  int argc = get_args_between(env, info, 3, 4, argv, "recvBound");
  if (argc < 0) return NULL;
  int32_t fd; uint32_t at, slot, max = 0;
  if (get_i32(env, argv[0], &fd, "fd") || get_u32(env, argv[1], &at, "offset") || get_u32(env, argv[2], &slot, "slot size")) return NULL;
  if (argc > 3 && get_u32(env, argv[3], &max, "max")) return NULL;
  bound_t *b = bound_for(fd, 0);
  if (!b || !b->data[1] || !b->data[2]) {
    napi_throw_range_error(env, NULL, "nlkit native: recvBound: no slab and out bound to this fd");
    return NULL;
  }
  if (!slot_fits(env, b, at, slot)) return NULL;
  return read_bound(env, fd, b, at, slot, max);
}

/* exchangeBound(fd, start, end, at, slot[, max]) -> datagrams read | -errno of the read | -4096 - errno of the send
 * sendBound() then recvBound() in one call: a request sent alone is answered inside sendmsg() on most
 * protocols, so its answer is read without a second crossing into native code. */
napi_value nl_exchange_bound(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  int argc = get_args_between(env, info, 5, 6, argv, "exchangeBound");
  if (argc < 0) return NULL;
  int32_t fd; uint32_t start, end, at, slot, max = 0;
  if (get_i32(env, argv[0], &fd, "fd") || get_u32(env, argv[1], &start, "start") || get_u32(env, argv[2], &end, "end") ||
      get_u32(env, argv[3], &at, "offset") || get_u32(env, argv[4], &slot, "slot size")) return NULL;
  if (argc > 5 && get_u32(env, argv[5], &max, "max")) return NULL;
  bound_t *b = bound_for(fd, 0);
  if (!b || !b->data[0] || !b->data[1] || !b->data[2] || start > end || end > b->len[0]) {
    napi_throw_range_error(env, NULL, "nlkit native: exchangeBound: buffers not bound, or the send range is outside them");
    return NULL;
  }
  if (!slot_fits(env, b, at, slot)) return NULL;
  if (send_bound(fd, b, start, end) < 0) return make_int(env, -4096 - errno);
  return read_bound(env, fd, b, at, slot, max);
}
