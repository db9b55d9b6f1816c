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
#include "nlkit.h"

#define MAX_IOV 64

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
int recv_into(int fd, void *data, size_t len, uint32_t at, uint32_t slot, int32_t *out, size_t outlen, uint32_t max, int named) {
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


/* close(fd) -> 0 | -errno */
static napi_value nl_close(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (get_args(env, info, 1, argv)) return NULL;
  int32_t fd;
  if (get_i32(env, argv[0], &fd, "fd")) return NULL;
  unbind_fd(env, fd);
  return make_int(env, close(fd) < 0 ? -errno : 0);
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
