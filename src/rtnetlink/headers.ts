// The fixed header after nlmsghdr in each rtnetlink message group (struct ifinfomsg, ifaddrmsg,
// rtmsg, ndmsg, fib_rule_hdr, ...), its fields named, and the RTM_* message types
// (<linux/rtnetlink.h>, <linux/if_addr.h>, <linux/neighbour.h>, <linux/fib_rules.h>, <linux/nexthop.h>).
import { AF, ARPHRD, FIB_RULE_F, FR_ACT, IFA_F, IFF, NH_F, NTF, NUD, RTM_F, RTN, RTPROT, SCOPE, TABLE } from './enums.js';

/** The groups of four message types (NEW, DEL, GET, SET) from RTM_BASE = 16, by group base. */
const GROUPS: Readonly<Record<number, string>> = {
  16: 'LINK', 20: 'ADDR', 24: 'ROUTE', 28: 'NEIGH', 32: 'RULE', 36: 'QDISC', 40: 'TCLASS', 44: 'TFILTER',
  48: 'ACTION', 52: 'PREFIX', 56: 'MULTICAST', 60: 'ANYCAST', 64: 'NEIGHTBL', 68: 'NDUSEROPT', 72: 'ADDRLABEL',
  76: 'DCB', 80: 'NETCONF', 84: 'MDB', 88: 'NSID', 92: 'STATS', 96: 'CACHEREPORT', 100: 'CHAIN', 104: 'NEXTHOP',
  108: 'LINKPROP', 112: 'VLAN', 116: 'NEXTHOPBUCKET', 120: 'TUNNEL',
};
/** Which of NEW/DEL/GET/SET exist in a group (most have NEW, DEL, GET). */
const ONLY: Readonly<Record<string, readonly number[]>> = {
  LINK: [0, 1, 2, 3], PREFIX: [0], MULTICAST: [0, 1, 2], ANYCAST: [0, 1, 2], NEIGHTBL: [0, 2, 3], NDUSEROPT: [0], DCB: [2, 3],
  STATS: [0, 2, 3], CACHEREPORT: [0], NETCONF: [0, 1, 2],
};
const VERB = ['NEW', 'DEL', 'GET', 'SET'] as const;

export function groupOf(type: number): string | undefined {
  return type >= 16 && type <= 123 ? GROUPS[type & ~3] : undefined;
}

/** RTM_NEWLINK ... for a message type, or undefined when rtnetlink has no such type. */
export function rtmName(type: number): string | undefined {
  const group = groupOf(type);
  if (!group) return undefined;
  const verb = type & 3;
  if (!(ONLY[group] ?? [0, 1, 2]).includes(verb)) return undefined;
  return `RTM_${VERB[verb]}${group}`;
}

/** 'new' for NEW and SET, 'del', 'get': which NLM_F names the bits from 0x100 take. */
export function rtmKind(type: number): 'new' | 'del' | 'get' {
  const verb = type & 3;
  return verb === 0 || verb === 3 ? 'new' : verb === 1 ? 'del' : 'get';
}

export type HeaderFieldKind = 'u8' | 'u16' | 'u32' | 's32';
export type HeaderField = readonly [name: string, kind: HeaderFieldKind, names?: Readonly<Record<number, string>>, bits?: Readonly<Record<number, string>>];
export interface HeaderStruct {
  name: string;
  /** Size on the wire, padded to 4 bytes. */
  size: number;
  fields: readonly HeaderField[];
}

export const FIELD_SIZE: Readonly<Record<HeaderFieldKind, number>> = { u8: 1, u16: 2, u32: 4, s32: 4 };

const s = (name: string, fields: readonly HeaderField[]): HeaderStruct => {
  const size = fields.reduce((n, f) => n + FIELD_SIZE[f[1]], 0);
  return { name, size: (size + 3) & ~3, fields };
};

export const ifinfomsg = s('ifinfomsg', [['family', 'u8', AF], ['pad', 'u8'], ['type', 'u16', ARPHRD], ['index', 's32'], ['flags', 'u32', undefined, IFF], ['change', 'u32']]);
const ifaddrmsg = s('ifaddrmsg', [['family', 'u8', AF], ['prefixlen', 'u8'], ['flags', 'u8', undefined, IFA_F], ['scope', 'u8', SCOPE], ['index', 'u32']]);
const rtmsg = s('rtmsg', [['family', 'u8', AF], ['dst_len', 'u8'], ['src_len', 'u8'], ['tos', 'u8'], ['table', 'u8', TABLE], ['protocol', 'u8', RTPROT], ['scope', 'u8', SCOPE], ['type', 'u8', RTN], ['flags', 'u32', undefined, RTM_F]]);
const ndmsg = s('ndmsg', [['family', 'u8', AF], ['pad1', 'u8'], ['pad2', 'u16'], ['ifindex', 's32'], ['state', 'u16', undefined, NUD], ['flags', 'u8', undefined, NTF], ['type', 'u8', RTN]]);
const fibRule = s('fib_rule_hdr', [['family', 'u8', AF], ['dst_len', 'u8'], ['src_len', 'u8'], ['tos', 'u8'], ['table', 'u8', TABLE], ['res1', 'u8'], ['res2', 'u8'], ['action', 'u8', FR_ACT], ['flags', 'u32', undefined, FIB_RULE_F]]);
const tcmsg = s('tcmsg', [['family', 'u8', AF], ['pad1', 'u8'], ['pad2', 'u16'], ['ifindex', 's32'], ['handle', 'u32'], ['parent', 'u32'], ['info', 'u32']]);
export const rtgenmsg = s('rtgenmsg', [['family', 'u8', AF]]);
const ifStats = s('if_stats_msg', [['family', 'u8', AF], ['pad1', 'u8'], ['pad2', 'u16'], ['ifindex', 'u32'], ['filter_mask', 'u32']]);
const nhmsg = s('nhmsg', [['family', 'u8', AF], ['scope', 'u8', SCOPE], ['protocol', 'u8', RTPROT], ['resvd', 'u8'], ['flags', 'u32', undefined, NH_F]]);
const familyIfindex = (name: string) => s(name, [['family', 'u8', AF], ['pad1', 'u8'], ['pad2', 'u16'], ['ifindex', 'u32']]);
const prefixmsg = s('prefixmsg', [['family', 'u8', AF], ['pad1', 'u8'], ['pad2', 'u16'], ['ifindex', 's32'], ['type', 'u8'], ['len', 'u8'], ['flags', 'u8'], ['pad3', 'u8']]);
const ifaddrlblmsg = s('ifaddrlblmsg', [['family', 'u8', AF], ['reserved', 'u8'], ['prefixlen', 'u8'], ['flags', 'u8'], ['index', 'u32'], ['seq', 'u32']]);
const ndtmsg = s('ndtmsg', [['family', 'u8', AF], ['pad1', 'u8'], ['pad2', 'u16']]);
const netconfmsg = s('netconfmsg', [['family', 'u8', AF]]);

export const HEADERS: Readonly<Record<string, HeaderStruct>> = {
  LINK: ifinfomsg, LINKPROP: ifinfomsg, ADDR: ifaddrmsg, MULTICAST: ifaddrmsg, ANYCAST: ifaddrmsg, ROUTE: rtmsg,
  NEIGH: ndmsg, RULE: fibRule, QDISC: tcmsg, TCLASS: tcmsg, TFILTER: tcmsg, CHAIN: tcmsg, ACTION: rtgenmsg,
  PREFIX: prefixmsg, NEIGHTBL: ndtmsg, ADDRLABEL: ifaddrlblmsg, DCB: rtgenmsg, NETCONF: netconfmsg,
  MDB: familyIfindex('br_port_msg'), NSID: rtgenmsg, STATS: ifStats, NEXTHOP: nhmsg, NEXTHOPBUCKET: nhmsg,
  VLAN: familyIfindex('br_vlan_msg'), TUNNEL: familyIfindex('tunnel_msg'), NDUSEROPT: familyIfindex('nduseroptmsg'),
  CACHEREPORT: rtmsg,
};
