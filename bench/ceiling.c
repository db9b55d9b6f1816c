/* The kernel's ceiling for bench/roundtrip.ts: CTRL_CMD_GETFAMILY("nlctrl") with NLM_F_ACK from a
 * minimal C loop, no runtime around it. Serves commands on stdin, one JSON line per answer:
 *   seq N        N requests, one after another (send, read until the ACK)
 *   batch N K    N requests, K per sendmsg(), replies read with recvmmsg() until K ACKs
 *   lastack N K  the same with NLM_F_ACK on the last of each K only (as nlkit sends a batch:
 *                src/netlink/ack-group.ts), read until that ACK
 *   dump N       N small RTM_GETLINK dumps on a ROUTE socket, one after another, each read until
 *                NLMSG_DONE (recvmmsg of 2: the dump's part and its DONE)
 * Built by the benchmark with the system's cc; run inside the benchmark's namespace. */
#define _GNU_SOURCE
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define MAX_K 256
#define SLOTS 64
#define SLOT 65536

static unsigned char req[32];
static unsigned char out[MAX_K * 32];
static unsigned char in[SLOTS][SLOT];

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Reads until `acks` messages of type `end` (NLMSG_ERROR: ACKs; NLMSG_DONE) have arrived, at most `vlen`
 * datagrams per recvmmsg(): a lone request asks for 2 (its reply and ACK), so the call ends without an
 * attempt on an empty queue. */
static void read_until(int fd, int acks, unsigned vlen, int end) {
  static struct mmsghdr mm[SLOTS];
  static struct iovec iov[SLOTS];
  for (int i = 0; i < SLOTS; i++) {
    iov[i].iov_base = in[i];
    iov[i].iov_len = SLOT;
    memset(&mm[i].msg_hdr, 0, sizeof mm[i].msg_hdr);
    mm[i].msg_hdr.msg_iov = &iov[i];
    mm[i].msg_hdr.msg_iovlen = 1;
  }
  while (acks > 0) {
    int n = recvmmsg(fd, mm, vlen, MSG_WAITFORONE, NULL);
    if (n < 0) { perror("recvmmsg"); exit(1); }
    for (int i = 0; i < n; i++) {
      unsigned off = 0;
      while (off + NLMSG_HDRLEN <= mm[i].msg_len) {
        struct nlmsghdr *h = (struct nlmsghdr *)(in[i] + off);
        if (h->nlmsg_type == end) acks--;
        off += NLMSG_ALIGN(h->nlmsg_len);
      }
    }
  }
}

static double run(int fd, long n, int k, int last_ack_only) {
  unsigned seq = 1;
  double t = now();
  for (long done = 0; done < n; done += k) {
    for (int j = 0; j < k; j++) {
      memcpy(out + 32 * j, req, 32);
      ((struct nlmsghdr *)(out + 32 * j))->nlmsg_seq = seq++;
      if (last_ack_only && j < k - 1) ((struct nlmsghdr *)(out + 32 * j))->nlmsg_flags = NLM_F_REQUEST;
    }
    if (send(fd, out, 32 * (size_t)k, 0) < 0) { perror("send"); exit(1); }
    read_until(fd, last_ack_only ? 1 : k, k == 1 ? 2 : SLOTS, NLMSG_ERROR);
  }
  return n / (now() - t);
}

static double dumps(int fd, long n) {
  struct { struct nlmsghdr h; struct ifinfomsg i; } d = { { sizeof d, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 0, 0 }, { 0 } };
  double t = now();
  for (long i = 1; i <= n; i++) {
    d.h.nlmsg_seq = (unsigned)i;
    if (send(fd, &d, sizeof d, 0) < 0) { perror("send"); exit(1); }
    read_until(fd, 1, 2, NLMSG_DONE);
  }
  return n / (now() - t);
}

int main(void) {
  int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
  int route = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
  struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
  if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) { perror("socket"); return 1; }
  if (route < 0 || bind(route, (struct sockaddr *)&sa, sizeof sa) < 0) { perror("socket"); return 1; }
  int one = 1, rcvbuf = 4 << 20;
  setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
  setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf);
  struct nlmsghdr *h = (struct nlmsghdr *)req;
  h->nlmsg_len = 32;
  h->nlmsg_type = GENL_ID_CTRL;
  h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
  struct genlmsghdr *g = (struct genlmsghdr *)(req + NLMSG_HDRLEN);
  g->cmd = CTRL_CMD_GETFAMILY;
  g->version = 2;
  struct nlattr *a = (struct nlattr *)(req + NLMSG_HDRLEN + GENL_HDRLEN);
  a->nla_len = NLA_HDRLEN + 7;
  a->nla_type = CTRL_ATTR_FAMILY_NAME;
  memcpy((char *)a + NLA_HDRLEN, "nlctrl", 7);
  char cmd[16];
  long n;
  int k;
  char line[128];
  while (fgets(line, sizeof line, stdin)) {
    k = 1;
    if (sscanf(line, "%15s %ld %d", cmd, &n, &k) < 2) continue;
    if (strcmp(cmd, "dump") == 0) {
      printf("{\"rps\":%.0f}\n", dumps(route, n));
      fflush(stdout);
      continue;
    }
    int last_ack_only = strcmp(cmd, "lastack") == 0;
    if (strcmp(cmd, "seq") == 0) k = 1;
    else if ((strcmp(cmd, "batch") != 0 && !last_ack_only) || k < 1 || k > MAX_K) { printf("{\"error\":\"bad command\"}\n"); fflush(stdout); continue; }
    printf("{\"rps\":%.0f}\n", run(fd, n, k, last_ack_only));
    fflush(stdout);
  }
  return 0;
}
