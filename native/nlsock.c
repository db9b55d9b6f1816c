/*
 * nlkit's native layer: an AF_NETLINK socket for Node.js.
 *
 * Deliberately thin. It owns the file descriptor and the libuv readiness
 * watcher; everything about messages (headers, attributes, sequence numbers,
 * routing) lives in TypeScript. Every call is non-blocking and returns
 * -errno instead of throwing for the errors a caller is expected to handle
 * (EAGAIN, ENOBUFS, ...), so the hot receive loop never builds exceptions.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <node_api.h>
#include <uv.h>

#define MAX_IOV 64

#define CHECK(call)                                                          \
  do {                                                                       \
    napi_status s_ = (call);                                                 \
    if (s_ != napi_ok) {                                                     \
      napi_throw_error(env, NULL, "nlkit native: N-API call failed: " #call); \
      return NULL;                                                           \
    }                                                                        \
  } while (0)

static napi_value make_int(napi_env env, int64_t v) {
  napi_value out;
  /* Results are nearly always small: an int32 becomes a small integer directly, without a double. */
  if (v >= INT32_MIN && v <= INT32_MAX) napi_create_int32(env, (int32_t)v, &out);
  else napi_create_int64(env, v, &out);
  return out;
}

static int get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return -1;
  if (argc < want) {
    napi_throw_type_error(env, NULL, "nlkit native: too few arguments");
    return -1;
  }
  return 0;
}

/* Between min and max arguments into argv: how many came, or -1 with a TypeError thrown. */
static int get_args_between(napi_env env, napi_callback_info info, size_t min, size_t max, napi_value *argv, const char *name) {
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

static int get_i32(napi_env env, napi_value v, int32_t *out, const char *what) {
  return napi_get_value_int32(env, v, out) == napi_ok ? 0 : not_a_number(env, what);
}

static int get_u32(napi_env env, napi_value v, uint32_t *out, const char *what) {
  return napi_get_value_uint32(env, v, out) == napi_ok ? 0 : not_a_number(env, what);
}

/* Bytes of a TypedArray / Buffer (Uint8Array views). */
static int get_bytes(napi_env env, napi_value v, void **data, size_t *len) {
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

/* open(protocol, netnsPath | null) -> fd | -errno
 * With a namespace path the calling thread enters that namespace for socket()
 * only and returns to its own; the socket keeps the namespace it was made in. */
static napi_value nl_open(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (get_args(env, info, 2, argv)) return NULL;
  int32_t proto;
  if (get_i32(env, argv[0], &proto, "protocol")) return NULL;

  napi_valuetype vt;
  napi_typeof(env, argv[1], &vt);
  char path[4096];
  int use_ns = 0;
  if (vt == napi_string) {
    size_t n;
    napi_get_value_string_utf8(env, argv[1], path, sizeof path, &n);
    use_ns = n > 0;
  }

  int own = -1, target = -1, err = 0;
  if (use_ns) {
    own = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (own < 0) return make_int(env, -errno);
    target = open(path, O_RDONLY | O_CLOEXEC);
    if (target < 0) { err = errno; close(own); return make_int(env, -err); }
    if (setns(target, CLONE_NEWNET) < 0) {
      err = errno; close(own); close(target); return make_int(env, -err);
    }
  }
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
  if (fd < 0) err = errno;
  if (use_ns) {
    if (setns(own, CLONE_NEWNET) < 0) {
      /* Staying in the wrong namespace would silently misdirect every later
       * socket of this thread: better to stop loudly. */
      fprintf(stderr, "nlkit native: cannot return to the original network namespace: %s\n", strerror(errno));
      abort();
    }
    close(own);
    close(target);
  }
  return make_int(env, fd < 0 ? -err : fd);
}

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
static void mark_grouped(int fd) {
  bound_t *b = bound_for(fd, 1);
  if (b) b->grouped = 1;
}

/* bind(fd, groups, pid) -> 0 | -errno */
static napi_value nl_bind(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (get_args(env, info, 3, argv)) return NULL;
  int32_t fd; uint32_t groups, pid;
  if (get_i32(env, argv[0], &fd, "fd") || get_u32(env, argv[1], &groups, "groups") ||
      get_u32(env, argv[2], &pid, "pid")) return NULL;
  struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_pid = pid, .nl_groups = groups };
  int r = bind(fd, (struct sockaddr *)&sa, sizeof sa);
  if (r < 0) return make_int(env, -errno);
  if (groups != 0) mark_grouped(fd);
  return make_int(env, 0);
}

/* portId(fd) -> nl_pid | -errno */
static napi_value nl_port_id(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (get_args(env, info, 1, argv)) return NULL;
  int32_t fd;
  if (get_i32(env, argv[0], &fd, "fd")) return NULL;
  struct sockaddr_nl sa;
  socklen_t len = sizeof sa;
  memset(&sa, 0, sizeof sa);
  if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0) return make_int(env, -errno);
  return make_int(env, sa.nl_pid);
}

/* setsockopt(fd, level, name, intValue) -> 0 | -errno */
static napi_value nl_setsockopt(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (get_args(env, info, 4, argv)) return NULL;
  int32_t fd, level, name, val;
  if (get_i32(env, argv[0], &fd, "fd") || get_i32(env, argv[1], &level, "level") ||
      get_i32(env, argv[2], &name, "option") || get_i32(env, argv[3], &val, "value")) return NULL;
  int r = setsockopt(fd, level, name, &val, sizeof val);
  if (r < 0) return make_int(env, -errno);
  if (level == SOL_NETLINK && name == NETLINK_ADD_MEMBERSHIP) mark_grouped(fd);
  return make_int(env, 0);
}

/* getsockopt(fd, level, name) -> int value (>= 0) | -errno */
static napi_value nl_getsockopt(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (get_args(env, info, 3, argv)) return NULL;
  int32_t fd, level, name;
  if (get_i32(env, argv[0], &fd, "fd") || get_i32(env, argv[1], &level, "level") ||
      get_i32(env, argv[2], &name, "option")) return NULL;
  int val = 0;
  socklen_t len = sizeof val;
  int r = getsockopt(fd, level, name, &val, &len);
  return make_int(env, r < 0 ? -errno : val);
}

/* send(fd, buffers[], destPid, destGroups) -> bytes sent | -errno
 * One sendmsg() for all the buffers: a batch of messages costs one syscall. */
static napi_value nl_send(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (get_args(env, info, 4, argv)) return NULL;
  int32_t fd; uint32_t pid, groups;
  if (get_i32(env, argv[0], &fd, "fd") || get_u32(env, argv[2], &pid, "destination pid") ||
      get_u32(env, argv[3], &groups, "destination groups")) return NULL;

  struct iovec iov[MAX_IOV];
  uint32_t count = 0;
  bool is_array = false;
  napi_is_array(env, argv[1], &is_array);
  if (is_array) {
    CHECK(napi_get_array_length(env, argv[1], &count));
    if (count > MAX_IOV) {
      napi_throw_range_error(env, NULL, "nlkit native: at most 64 buffers per send");
      return NULL;
    }
    for (uint32_t i = 0; i < count; i++) {
      napi_value el;
      CHECK(napi_get_element(env, argv[1], i, &el));
      if (get_bytes(env, el, &iov[i].iov_base, &iov[i].iov_len)) return NULL;
    }
  } else {
    if (get_bytes(env, argv[1], &iov[0].iov_base, &iov[0].iov_len)) return NULL;
    count = 1;
  }
  struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_pid = pid, .nl_groups = groups };
  struct msghdr mh = { .msg_name = &sa, .msg_namelen = sizeof sa, .msg_iov = iov, .msg_iovlen = count };
  ssize_t r = sendmsg(fd, &mh, 0);
  return make_int(env, r < 0 ? -errno : r);
}

/* sendAt(fd, buf, start, end) -> bytes sent | -errno
 * buf[start, end) to the kernel in one send(): the socket's batch goes out without a view
 * made for it (a subarray per request costs more than the call). */
static napi_value nl_send_at(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (get_args(env, info, 4, argv)) return NULL;
  int32_t fd; uint32_t start, end;
  void *data; size_t len;
  if (get_i32(env, argv[0], &fd, "fd") || get_bytes(env, argv[1], &data, &len) ||
      get_u32(env, argv[2], &start, "start") || get_u32(env, argv[3], &end, "end")) return NULL;
  if (start > end || end > len) {
    napi_throw_range_error(env, NULL, "nlkit native: sendAt range is outside the buffer");
    return NULL;
  }
  struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
  ssize_t r = sendto(fd, (unsigned char *)data + start, end - start, 0, (struct sockaddr *)&sa, sizeof sa);
  return make_int(env, r < 0 ? -errno : r);
}

/* recv(fd, buf, flags, out: Int32Array(3)) -> datagram length | -errno
 * MSG_TRUNC is always set, so the result is the datagram's real length even
 * when it exceeded buf: the caller sees the truncation and can grow its buffer
 * (or peek with MSG_PEEK first). out = [sender pid, sender groups, msg_flags]. */
static napi_value nl_recv(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (get_args(env, info, 4, argv)) return NULL;
  int32_t fd, flags;
  void *data; size_t len;
  void *outp; size_t outlen;
  if (get_i32(env, argv[0], &fd, "fd") || get_bytes(env, argv[1], &data, &len) ||
      get_i32(env, argv[2], &flags, "flags")) return NULL;
  napi_typedarray_type t; napi_value ab; size_t off;
  if (napi_get_typedarray_info(env, argv[3], &t, &outlen, &outp, &ab, &off) != napi_ok ||
      t != napi_int32_array || outlen < 3) {
    napi_throw_type_error(env, NULL, "nlkit native: out must be an Int32Array(3)");
    return NULL;
  }
  struct sockaddr_nl sa;
  memset(&sa, 0, sizeof sa);
  struct iovec iov = { .iov_base = data, .iov_len = len };
  struct msghdr mh = { .msg_name = &sa, .msg_namelen = sizeof sa, .msg_iov = &iov, .msg_iovlen = 1 };
  ssize_t r = recvmsg(fd, &mh, flags | MSG_TRUNC | MSG_DONTWAIT);
  int32_t *out = outp;
  if (r < 0) return make_int(env, -errno);
  out[0] = (int32_t)sa.nl_pid;
  out[1] = (int32_t)sa.nl_groups;
  out[2] = mh.msg_flags;
  return make_int(env, r);
}

#define MAX_BATCH 64
/* The recvmmsg() of recvMany and recvBound: the count read, or -errno. */
static int recv_into(int fd, void *data, size_t len, uint32_t at, uint32_t slot, int32_t *out, size_t outlen, uint32_t max, int named) {
  size_t k = (len - at) / slot;
  if (k > outlen / 4) k = outlen / 4;
  if (k > MAX_BATCH) k = MAX_BATCH;
  if (max > 0 && k > max) k = max;
  struct mmsghdr mm[MAX_BATCH];
  struct iovec iov[MAX_BATCH];
  struct sockaddr_nl sa[MAX_BATCH];
  unsigned char *base = (unsigned char *)data + at;
  for (size_t i = 0; i < k; i++) {
    iov[i].iov_base = base + i * slot;
    iov[i].iov_len = slot;
    memset(&mm[i], 0, sizeof mm[i]);
    if (named) {
      mm[i].msg_hdr.msg_name = &sa[i];
      mm[i].msg_hdr.msg_namelen = sizeof sa[i];
    }
    mm[i].msg_hdr.msg_iov = &iov[i];
    mm[i].msg_hdr.msg_iovlen = 1;
  }
  int n = recvmmsg(fd, mm, (unsigned)k, MSG_TRUNC | MSG_DONTWAIT, NULL);
  if (n < 0) return -errno;
  size_t pos = 0;
  for (int i = 0; i < n; i++) {
    size_t real = mm[i].msg_len;
    size_t kept = real < slot ? real : slot;
    if (i > 0 && pos != (size_t)i * slot) memmove(base + pos, base + (size_t)i * slot, kept);
    out[4 * i] = (int32_t)(at + pos);
    out[4 * i + 1] = (int32_t)real;
    out[4 * i + 2] = named ? (int32_t)sa[i].nl_pid : 0;
    out[4 * i + 3] = named ? (int32_t)sa[i].nl_groups : 0;
    pos += (kept + 7) & ~(size_t)7;
  }
  return n;
}

/* recvMany(fd, buf, at, slot, out: Int32Array(4k)[, max]) -> datagrams read (>= 1) | -errno
 * Every datagram waiting, up to k and up to what fits in buf from `at` in
 * slots of `slot` bytes, in one recvmmsg(): one system call for a burst of
 * replies. The datagrams are then packed 8-byte aligned from `at`, so a
 * buffer is used by the bytes received, not by the slots. For datagram i:
 * out[4i] = its offset in buf, out[4i+1] = its real length (more than slot
 * when truncated: MSG_TRUNC), out[4i+2] = sender pid, out[4i+3] = groups. With `max` (> 0), at
 * most that many: a caller that expects n datagrams asks for n, and recvmmsg() then stops without
 * the extra attempt that would only find the queue empty. */
static napi_value nl_recv_many(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  int argc = get_args_between(env, info, 5, 6, argv, "recvMany");
  if (argc < 0) return NULL;
  int32_t fd; uint32_t at, slot;
  void *data; size_t len;
  void *outp; size_t outlen;
  if (get_i32(env, argv[0], &fd, "fd") || get_bytes(env, argv[1], &data, &len) ||
      get_u32(env, argv[2], &at, "offset") || get_u32(env, argv[3], &slot, "slot size")) return NULL;
  napi_typedarray_type t; napi_value ab; size_t off;
  if (napi_get_typedarray_info(env, argv[4], &t, &outlen, &outp, &ab, &off) != napi_ok ||
      t != napi_int32_array || outlen < 4) {
    napi_throw_type_error(env, NULL, "nlkit native: out must be an Int32Array of 4 per datagram");
    return NULL;
  }
  if (slot == 0 || at > len || len - at < slot) {
    napi_throw_range_error(env, NULL, "nlkit native: no room for one slot after the offset");
    return NULL;
  }
  uint32_t max = 0;
  if (argc > 5 && get_u32(env, argv[5], &max, "max")) return NULL;
  return make_int(env, recv_into(fd, data, len, at, slot, outp, outlen, max, 1));
}

/*
 * waitReadable(fd, timeoutMs) -> 1 (something to read, or a pending error) | 0 (timed out) | -errno.
 * The one call that blocks: for requestSync() on protocols whose kernel side answers later.
 */
static napi_value nl_wait_readable(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (get_args(env, info, 2, argv)) return NULL;
  int32_t fd, ms;
  if (get_i32(env, argv[0], &fd, "fd") || get_i32(env, argv[1], &ms, "timeout")) return NULL;
  struct pollfd pfd = { .fd = fd, .events = POLLIN };
  int r = poll(&pfd, 1, ms);
  return make_int(env, r < 0 ? -errno : r > 0 ? 1 : 0);
}


static void unbind_fd(napi_env env, int fd) {
  bound_t *b = bound_for(fd, 0);
  if (!b) return;
  for (int i = 0; i < 3; i++) if (b->ref[i]) napi_delete_reference(env, b->ref[i]);
  memset(b, 0, sizeof *b);
}

/* useBuffers(fd, send | null, slab | null, out: Int32Array | null) -> 0
 * Binds each one given (null keeps what is bound) for sendBound() and recvBound(). */
static napi_value nl_use_buffers(napi_env env, napi_callback_info info) {
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

/* sendBound(fd, start, end) -> bytes sent | -errno: the bound send buffer's [start, end), as sendAt. */
static napi_value nl_send_bound(napi_env env, napi_callback_info info) {
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
static napi_value nl_recv_bound(napi_env env, napi_callback_info info) {
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
  if (slot == 0 || at > b->len[1] || b->len[1] - at < slot) {
    napi_throw_range_error(env, NULL, "nlkit native: no room for one slot after the offset");
    return NULL;
  }
  return make_int(env, recv_into(fd, b->data[1], b->len[1], at, slot, (int32_t *)b->data[2], b->len[2] / 4, max, b->grouped));
}

/* exchangeBound(fd, start, end, at, slot[, max]) -> datagrams read | -errno of the read | -4096 - errno of the send
 * sendBound() then recvBound() in one call: a request sent alone is answered inside sendmsg() on most
 * protocols, so its answer is read without a second crossing into native code. */
static napi_value nl_exchange_bound(napi_env env, napi_callback_info info) {
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
  if (slot == 0 || at > b->len[1] || b->len[1] - at < slot) {
    napi_throw_range_error(env, NULL, "nlkit native: no room for one slot after the offset");
    return NULL;
  }
  if (send_bound(fd, b, start, end) < 0) return make_int(env, -4096 - errno);
  return make_int(env, recv_into(fd, b->data[1], b->len[1], at, slot, (int32_t *)b->data[2], b->len[2] / 4, max, b->grouped));
}

/* close(fd) -> 0 | -errno */
static napi_value nl_close(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (get_args(env, info, 1, argv)) return NULL;
  int32_t fd;
  if (get_i32(env, argv[0], &fd, "fd")) return NULL;
  unbind_fd(env, fd);
  return make_int(env, close(fd) < 0 ? -errno : 0);
}

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
static napi_value nl_watch(napi_env env, napi_callback_info info) {
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

/* ref(handle, bool): whether a waiting socket keeps the process alive. */
static napi_value nl_ref(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (get_args(env, info, 2, argv)) return NULL;
  watcher_t *w;
  CHECK(napi_get_value_external(env, argv[0], (void **)&w));
  bool on;
  CHECK(napi_get_value_bool(env, argv[1], &on));
  if (w->active) {
    if (on) uv_ref((uv_handle_t *)&w->poll);
    else uv_unref((uv_handle_t *)&w->poll);
  }
  return NULL;
}

/* unwatch(handle): stop the watcher; call it before the fd is closed. */
static napi_value nl_unwatch(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (get_args(env, info, 1, argv)) return NULL;
  watcher_t *w;
  CHECK(napi_get_value_external(env, argv[0], (void **)&w));
  stop_watcher(env, w);
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "open", NULL, nl_open, NULL, NULL, NULL, napi_enumerable, NULL },
    { "bind", NULL, nl_bind, NULL, NULL, NULL, napi_enumerable, NULL },
    { "portId", NULL, nl_port_id, NULL, NULL, NULL, napi_enumerable, NULL },
    { "setsockopt", NULL, nl_setsockopt, NULL, NULL, NULL, napi_enumerable, NULL },
    { "getsockopt", NULL, nl_getsockopt, NULL, NULL, NULL, napi_enumerable, NULL },
    { "send", NULL, nl_send, NULL, NULL, NULL, napi_enumerable, NULL },
    { "sendAt", NULL, nl_send_at, NULL, NULL, NULL, napi_enumerable, NULL },
    { "recv", NULL, nl_recv, NULL, NULL, NULL, napi_enumerable, NULL },
    { "recvMany", NULL, nl_recv_many, NULL, NULL, NULL, napi_enumerable, NULL },
    { "useBuffers", NULL, nl_use_buffers, NULL, NULL, NULL, napi_enumerable, NULL },
    { "sendBound", NULL, nl_send_bound, NULL, NULL, NULL, napi_enumerable, NULL },
    { "recvBound", NULL, nl_recv_bound, NULL, NULL, NULL, napi_enumerable, NULL },
    { "exchangeBound", NULL, nl_exchange_bound, NULL, NULL, NULL, napi_enumerable, NULL },
    { "waitReadable", NULL, nl_wait_readable, NULL, NULL, NULL, napi_enumerable, NULL },
    { "close", NULL, nl_close, NULL, NULL, NULL, napi_enumerable, NULL },
    { "watch", NULL, nl_watch, NULL, NULL, NULL, napi_enumerable, NULL },
    { "unwatch", NULL, nl_unwatch, NULL, NULL, NULL, napi_enumerable, NULL },
    { "ref", NULL, nl_ref, NULL, NULL, NULL, napi_enumerable, NULL },
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
