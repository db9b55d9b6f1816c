// Numbers from <linux/netlink.h> and <linux/socket.h>.

export const Protocol = {
  ROUTE: 0, UNUSED: 1, USERSOCK: 2, FIREWALL: 3, SOCK_DIAG: 4, NFLOG: 5, XFRM: 6, SELINUX: 7,
  ISCSI: 8, AUDIT: 9, FIB_LOOKUP: 10, CONNECTOR: 11, NETFILTER: 12, IP6_FW: 13, DNRTMSG: 14,
  KOBJECT_UEVENT: 15, GENERIC: 16, SCSITRANSPORT: 18, ECRYPTFS: 19, RDMA: 20, CRYPTO: 21, SMC: 22,
} as const;
export type ProtocolName = keyof typeof Protocol;

/**
 * The numbers the socket reads every message with, as const enums: tsc writes their values in
 * place, where an imported const costs a load and a check at each use in optimized code.
 */
export const enum Nlmsg { NOOP = 1, ERROR = 2, DONE = 3, OVERRUN = 4, MIN_TYPE = 0x10, HDRLEN = 16 }
export const enum NlmF { REQUEST = 0x01, MULTI = 0x02, ACK = 0x04, DUMP = 0x300, ACK_TLVS = 0x200 }

export const NLMSG_NOOP = Nlmsg.NOOP;
export const NLMSG_ERROR = Nlmsg.ERROR;
export const NLMSG_DONE = Nlmsg.DONE;
export const NLMSG_OVERRUN = Nlmsg.OVERRUN;
export const NLMSG_MIN_TYPE = Nlmsg.MIN_TYPE;

export const NLM_F = {
  REQUEST: NlmF.REQUEST, MULTI: NlmF.MULTI, ACK: NlmF.ACK, ECHO: 0x08, DUMP_INTR: 0x10, DUMP_FILTERED: 0x20,
  // GET requests
  ROOT: 0x100, MATCH: 0x200, ATOMIC: 0x400, DUMP: NlmF.DUMP,
  // NEW requests
  REPLACE: 0x100, EXCL: 0x200, CREATE: 0x400, APPEND: 0x800,
  // DELETE requests
  NONREC: 0x100, BULK: 0x200,
  // ACK messages
  CAPPED: 0x100, ACK_TLVS: NlmF.ACK_TLVS,
} as const;

export const NLMSGERR_ATTR = { MSG: 1, OFFS: 2, COOKIE: 3, POLICY: 4, MISS_TYPE: 5, MISS_NEST: 6 } as const;

export const NLA_F_NESTED = 1 << 15;
export const NLA_F_NET_BYTEORDER = 1 << 14;
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

export const SOL_SOCKET = 1;
export const SO_RCVBUF = 8;
export const SO_SNDBUF = 7;
export const SO_RCVBUFFORCE = 33;
export const SOL_NETLINK = 270;
export const NETLINK_ADD_MEMBERSHIP = 1;
export const NETLINK_DROP_MEMBERSHIP = 2;
export const NETLINK_PKTINFO = 3;
export const NETLINK_BROADCAST_ERROR = 4;
export const NETLINK_NO_ENOBUFS = 5;
export const NETLINK_LISTEN_ALL_NSID = 8;
export const NETLINK_CAP_ACK = 10;
export const NETLINK_EXT_ACK = 11;
export const NETLINK_GET_STRICT_CHK = 12;

export const MSG_PEEK = 2;
export const MSG_TRUNC = 0x20;

export const NLMSG_HDRLEN = Nlmsg.HDRLEN;
export const NLA_HDRLEN = 4;
export const align4 = (n: number): number => (n + 3) & ~3;
