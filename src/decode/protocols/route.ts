// NETLINK_ROUTE, minimal: message type names (RTM_*), the fixed header of each message group
// (ifinfomsg, ifaddrmsg, rtmsg, ndmsg, ...) with its fields named, and the common attributes of
// links, addresses, routes and neighbours (IFLA_*, IFA_*, RTA_*, NDA_*); other groups' attributes
// are shown raw. No module owns rtnetlink, so these tables live here (<linux/rtnetlink.h>,
// <linux/if_link.h>, <linux/if_addr.h>, <linux/neighbour.h>).
import { DecodeError, EncodeError } from '../../netlink/errors.js';
import { NLM_F, Protocol } from '../../netlink/constants.js';
import { formatMac } from '../../netlink/addr.js';
import { attrSet, type AttrSet, type CustomCodec } from '../../netlink/schema.js';
import { decodeAttrList, type Problems } from '../attrs.js';
import type { DecodedMessage, FamilyHeader } from '../types.js';
import { attrsFrame } from './generic.js';
import type { ProtocolDecoder, RawMessage, RequestKind } from './types.js';

/** The groups of four message types (NEW, DEL, GET, SET) from RTM_BASE = 16, by group base. */
const GROUPS: Readonly<Record<number, string>> = {
  16: 'LINK', 20: 'ADDR', 24: 'ROUTE', 28: 'NEIGH', 32: 'RULE', 36: 'QDISC', 40: 'TCLASS', 44: 'TFILTER',
  48: 'ACTION', 52: 'PREFIX', 56: 'MULTICAST', 60: 'ANYCAST', 64: 'NEIGHTBL', 68: 'NDUSEROPT', 72: 'ADDRLABEL',
  76: 'DCB', 80: 'NETCONF', 84: 'MDB', 88: 'NSID', 92: 'STATS', 96: 'CACHEREPORT', 100: 'CHAIN', 104: 'NEXTHOP',
  108: 'LINKPROP', 112: 'VLAN', 116: 'NEXTHOPBUCKET', 120: 'TUNNEL',
};
/** Which of NEW/DEL/GET/SET exist in a group (most have NEW, DEL, GET). */
const ONLY: Readonly<Record<string, readonly number[]>> = {
  LINK: [0, 1, 2, 3], PREFIX: [0], MULTICAST: [2], ANYCAST: [2], NEIGHTBL: [0, 2, 3], NDUSEROPT: [0], DCB: [2, 3],
  STATS: [0, 2, 3], CACHEREPORT: [0],
};
const VERB = ['NEW', 'DEL', 'GET', 'SET'] as const;

export function rtmName(type: number): string | undefined {
  if (type < 16 || type > 123) return undefined;
  const base = type & ~3;
  const group = GROUPS[base];
  if (!group) return undefined;
  const verb = type - base;
  if (!(ONLY[group] ?? [0, 1, 2]).includes(verb)) return undefined;
  return `RTM_${VERB[verb]}${group}`;
}

// ---- fixed headers ----

type FieldKind = 'u8' | 'u16' | 'u32' | 's32';
type Field = readonly [name: string, kind: FieldKind, names?: Readonly<Record<number, string>>, bits?: Readonly<Record<number, string>>];
interface Struct {
  name: string;
  size: number;
  fields: readonly Field[];
}

const AF: Readonly<Record<number, string>> = { 0: 'AF_UNSPEC', 1: 'AF_UNIX', 2: 'AF_INET', 7: 'AF_BRIDGE', 10: 'AF_INET6', 17: 'AF_PACKET', 28: 'AF_MPLS', 129: 'RTNL_FAMILY_IPMR', 131: 'RTNL_FAMILY_IP6MR' };
const IFF: Readonly<Record<number, string>> = {
  0x1: 'UP', 0x2: 'BROADCAST', 0x4: 'DEBUG', 0x8: 'LOOPBACK', 0x10: 'POINTOPOINT', 0x20: 'NOTRAILERS', 0x40: 'RUNNING',
  0x80: 'NOARP', 0x100: 'PROMISC', 0x200: 'ALLMULTI', 0x400: 'MASTER', 0x800: 'SLAVE', 0x1000: 'MULTICAST',
  0x2000: 'PORTSEL', 0x4000: 'AUTOMEDIA', 0x8000: 'DYNAMIC', 0x10000: 'LOWER_UP', 0x20000: 'DORMANT', 0x40000: 'ECHO',
};
const ARPHRD: Readonly<Record<number, string>> = { 1: 'ETHER', 512: 'PPP', 768: 'TUNNEL', 769: 'TUNNEL6', 772: 'LOOPBACK', 776: 'SIT', 778: 'IPGRE', 801: 'IEEE80211', 803: 'IEEE80211_RADIOTAP', 824: 'NETLINK', 65534: 'NONE' };
const SCOPE: Readonly<Record<number, string>> = { 0: 'RT_SCOPE_UNIVERSE', 200: 'RT_SCOPE_SITE', 253: 'RT_SCOPE_LINK', 254: 'RT_SCOPE_HOST', 255: 'RT_SCOPE_NOWHERE' };
const TABLE: Readonly<Record<number, string>> = { 0: 'RT_TABLE_UNSPEC', 252: 'RT_TABLE_COMPAT', 253: 'RT_TABLE_DEFAULT', 254: 'RT_TABLE_MAIN', 255: 'RT_TABLE_LOCAL' };
const RTPROT: Readonly<Record<number, string>> = { 0: 'RTPROT_UNSPEC', 1: 'RTPROT_REDIRECT', 2: 'RTPROT_KERNEL', 3: 'RTPROT_BOOT', 4: 'RTPROT_STATIC', 16: 'RTPROT_DHCP', 186: 'RTPROT_BGP', 188: 'RTPROT_OSPF' };
const RTN: Readonly<Record<number, string>> = {
  0: 'RTN_UNSPEC', 1: 'RTN_UNICAST', 2: 'RTN_LOCAL', 3: 'RTN_BROADCAST', 4: 'RTN_ANYCAST', 5: 'RTN_MULTICAST',
  6: 'RTN_BLACKHOLE', 7: 'RTN_UNREACHABLE', 8: 'RTN_PROHIBIT', 9: 'RTN_THROW', 10: 'RTN_NAT', 11: 'RTN_XRESOLVE',
};
const NUD: Readonly<Record<number, string>> = { 0x1: 'INCOMPLETE', 0x2: 'REACHABLE', 0x4: 'STALE', 0x8: 'DELAY', 0x10: 'PROBE', 0x20: 'FAILED', 0x40: 'NOARP', 0x80: 'PERMANENT' };
const IFA_F: Readonly<Record<number, string>> = {
  0x1: 'SECONDARY', 0x2: 'NODAD', 0x4: 'OPTIMISTIC', 0x8: 'DADFAILED', 0x10: 'HOMEADDRESS', 0x20: 'DEPRECATED',
  0x40: 'TENTATIVE', 0x80: 'PERMANENT', 0x100: 'MANAGETEMPADDR', 0x200: 'NOPREFIXROUTE', 0x400: 'MCAUTOJOIN', 0x800: 'STABLE_PRIVACY',
};

const s = (name: string, fields: readonly Field[]): Struct => {
  const size = fields.reduce((n, f) => n + (f[1] === 'u8' ? 1 : f[1] === 'u16' ? 2 : 4), 0);
  return { name, size: (size + 3) & ~3, fields };
};
const ifinfomsg = s('ifinfomsg', [['family', 'u8', AF], ['pad', 'u8'], ['type', 'u16', ARPHRD], ['index', 's32'], ['flags', 'u32', undefined, IFF], ['change', 'u32']]);
const ifaddrmsg = s('ifaddrmsg', [['family', 'u8', AF], ['prefixlen', 'u8'], ['flags', 'u8', undefined, IFA_F], ['scope', 'u8', SCOPE], ['index', 'u32']]);
const rtmsg = s('rtmsg', [['family', 'u8', AF], ['dst_len', 'u8'], ['src_len', 'u8'], ['tos', 'u8'], ['table', 'u8', TABLE], ['protocol', 'u8', RTPROT], ['scope', 'u8', SCOPE], ['type', 'u8', RTN], ['flags', 'u32']]);
const ndmsg = s('ndmsg', [['family', 'u8', AF], ['pad1', 'u8'], ['pad2', 'u16'], ['ifindex', 's32'], ['state', 'u16', undefined, NUD], ['flags', 'u8'], ['type', 'u8', RTN]]);
const fibRule = s('fib_rule_hdr', [['family', 'u8', AF], ['dst_len', 'u8'], ['src_len', 'u8'], ['tos', 'u8'], ['table', 'u8', TABLE], ['res1', 'u8'], ['res2', 'u8'], ['action', 'u8'], ['flags', 'u32']]);
const tcmsg = s('tcmsg', [['family', 'u8', AF], ['pad1', 'u8'], ['pad2', 'u16'], ['ifindex', 's32'], ['handle', 'u32'], ['parent', 'u32'], ['info', 'u32']]);
const familyOnly = s('rtgenmsg', [['family', 'u8', AF]]);
const ifStats = s('if_stats_msg', [['family', 'u8', AF], ['pad1', 'u8'], ['pad2', 'u16'], ['ifindex', 'u32'], ['filter_mask', 'u32']]);
const nhmsg = s('nhmsg', [['family', 'u8', AF], ['scope', 'u8', SCOPE], ['protocol', 'u8', RTPROT], ['resvd', 'u8'], ['flags', 'u32']]);
const familyIfindex = (name: string) => s(name, [['family', 'u8', AF], ['pad1', 'u8'], ['pad2', 'u16'], ['ifindex', 'u32']]);
const prefixmsg = s('prefixmsg', [['family', 'u8', AF], ['pad1', 'u8'], ['pad2', 'u16'], ['ifindex', 's32'], ['type', 'u8'], ['len', 'u8'], ['flags', 'u8'], ['pad3', 'u8']]);
const ifaddrlblmsg = s('ifaddrlblmsg', [['family', 'u8', AF], ['reserved', 'u8'], ['prefixlen', 'u8'], ['flags', 'u8'], ['index', 'u32'], ['seq', 'u32']]);

const STRUCTS: Readonly<Record<string, Struct>> = {
  LINK: ifinfomsg, LINKPROP: ifinfomsg, ADDR: ifaddrmsg, MULTICAST: ifaddrmsg, ANYCAST: ifaddrmsg, ROUTE: rtmsg,
  NEIGH: ndmsg, RULE: fibRule, QDISC: tcmsg, TCLASS: tcmsg, TFILTER: tcmsg, CHAIN: tcmsg, ACTION: familyOnly,
  PREFIX: prefixmsg, NEIGHTBL: familyOnly, ADDRLABEL: ifaddrlblmsg, DCB: familyOnly, NETCONF: familyOnly,
  MDB: familyIfindex('br_port_msg'), NSID: familyOnly, STATS: ifStats, NEXTHOP: nhmsg, NEXTHOPBUCKET: nhmsg,
  VLAN: familyIfindex('br_vlan_msg'), TUNNEL: familyIfindex('tunnel_msg'), NDUSEROPT: familyIfindex('nduseroptmsg'),
  CACHEREPORT: rtmsg,
};

function bitNames(v: number, table: Readonly<Record<number, string>>): string {
  const out: string[] = [];
  let rest = v >>> 0;
  for (const [k, n] of Object.entries(table)) {
    const m = Number(k);
    if ((rest & m) === m) { out.push(n); rest = (rest & ~m) >>> 0; }
  }
  if (rest) out.push('0x' + rest.toString(16));
  return out.join('|');
}

function readStruct(st: Struct, p: Uint8Array): FamilyHeader {
  const v = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const out: FamilyHeader = { kind: st.name };
  let at = 0;
  for (const [name, kind, names, bits] of st.fields) {
    const size = kind === 'u8' ? 1 : kind === 'u16' ? 2 : 4;
    if (at + size > p.length) break;
    const n = kind === 'u8' ? v.getUint8(at) : kind === 'u16' ? v.getUint16(at, true) : kind === 'u32' ? v.getUint32(at, true) : v.getInt32(at, true);
    at += size;
    if (name.startsWith('pad') || name.startsWith('res')) continue;
    out[name] = n;
    if (names && names[n] !== undefined) out[`${name}Name`] = names[n];
    if (bits && n) out[`${name}Names`] = bitNames(n, bits);
  }
  return out;
}

// ---- attributes ----

/** A link-layer address: a MAC when 6 bytes, else hex. */
const lladdr: CustomCodec<string> = {
  decode(d) {
    return d.length === 6 ? formatMac(d) : Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('hex');
  },
  encode() {
    throw new EncodeError('the decoder does not encode link-layer addresses');
  },
};

const cacheinfo: CustomCodec<Record<string, number>> = {
  decode(d) {
    if (d.length < 16) throw new DecodeError(`struct ifa_cacheinfo: ${d.length} bytes, expected 16`, 0);
    const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
    return { prefered: v.getUint32(0, true), valid: v.getUint32(4, true), cstamp: v.getUint32(8, true), tstamp: v.getUint32(12, true) };
  },
  encode() {
    throw new EncodeError('the decoder does not encode ifa_cacheinfo');
  },
};

const OPERSTATE = { 0: 'IF_OPER_UNKNOWN', 1: 'IF_OPER_NOTPRESENT', 2: 'IF_OPER_DOWN', 3: 'IF_OPER_LOWERLAYERDOWN', 4: 'IF_OPER_TESTING', 5: 'IF_OPER_DORMANT', 6: 'IF_OPER_UP' };
const RTEXT_FILTER = { 1: 'RTEXT_FILTER_VF', 2: 'RTEXT_FILTER_BRVLAN', 4: 'RTEXT_FILTER_BRVLAN_COMPRESSED', 8: 'RTEXT_FILTER_SKIP_STATS', 16: 'RTEXT_FILTER_MRP', 32: 'RTEXT_FILTER_CFM_CONFIG', 64: 'RTEXT_FILTER_CFM_STATUS', 128: 'RTEXT_FILTER_MST' };

const linkInfo = attrSet('route.linkinfo', 'IFLA_INFO_', {
  1: ['kind', 'string'], 2: ['data', 'binary'], 3: ['xstats', 'binary'], 4: ['slave_kind', 'string'], 5: ['slave_data', 'binary'],
});
const propList = attrSet('route.prop_list', 'IFLA_', { 53: ['alt_ifname', 'string'] });
const opaque = attrSet('route.opaque', 'IFLA_', {});

const linkAttrs = attrSet('route.link', 'IFLA_', {
  1: ['address', 'custom', { custom: lladdr }], 2: ['broadcast', 'custom', { custom: lladdr }], 3: ['ifname', 'string'],
  4: ['mtu', 'u32'], 5: ['link', 'u32'], 6: ['qdisc', 'string'], 7: ['stats', 'binary'], 8: ['cost', 'binary'],
  9: ['priority', 'binary'], 10: ['master', 'u32'], 11: ['wireless', 'binary'], 12: ['protinfo', 'nested', { set: opaque }],
  13: ['txqlen', 'u32'], 14: ['map', 'binary'], 15: ['weight', 'u32'], 16: ['operstate', 'u8', { enum: OPERSTATE }],
  17: ['linkmode', 'u8'], 18: ['linkinfo', 'nested', { set: linkInfo }], 19: ['net_ns_pid', 'u32'], 20: ['ifalias', 'string'],
  21: ['num_vf', 'u32'], 22: ['vfinfo_list', 'nested', { set: opaque }], 23: ['stats64', 'binary'], 24: ['vf_ports', 'nested', { set: opaque }],
  25: ['port_self', 'nested', { set: opaque }], 26: ['af_spec', 'nested', { set: opaque }], 27: ['group', 'u32'], 28: ['net_ns_fd', 's32'],
  29: ['ext_mask', 'u32', { bits: RTEXT_FILTER }], 30: ['promiscuity', 'u32'], 31: ['num_tx_queues', 'u32'], 32: ['num_rx_queues', 'u32'],
  33: ['carrier', 'u8'], 34: ['phys_port_id', 'binary'], 35: ['carrier_changes', 'u32'], 36: ['phys_switch_id', 'binary'],
  37: ['link_netnsid', 's32'], 38: ['phys_port_name', 'string'], 39: ['proto_down', 'u8'], 40: ['gso_max_segs', 'u32'],
  41: ['gso_max_size', 'u32'], 42: ['pad', 'binary'], 43: ['xdp', 'nested', { set: opaque }], 44: ['event', 'u32'],
  45: ['new_netnsid', 's32'], 46: ['if_netnsid', 's32'], 47: ['carrier_up_count', 'u32'], 48: ['carrier_down_count', 'u32'],
  49: ['new_ifindex', 's32'], 50: ['min_mtu', 'u32'], 51: ['max_mtu', 'u32'], 52: ['prop_list', 'nested', { set: propList }],
  53: ['alt_ifname', 'string'], 54: ['perm_address', 'custom', { custom: lladdr }], 55: ['proto_down_reason', 'nested', { set: opaque }],
  56: ['parent_dev_name', 'string'], 57: ['parent_dev_bus_name', 'string'], 58: ['gro_max_size', 'u32'], 59: ['tso_max_size', 'u32'],
  60: ['tso_max_segs', 'u32'], 61: ['allmulti', 'u32'], 62: ['devlink_port', 'nested', { set: opaque }], 63: ['gso_ipv4_max_size', 'u32'],
  64: ['gro_ipv4_max_size', 'u32'],
});

const addrAttrs = attrSet('route.addr', 'IFA_', {
  1: ['address', 'ip'], 2: ['local', 'ip'], 3: ['label', 'string'], 4: ['broadcast', 'ip'], 5: ['anycast', 'ip'],
  6: ['cacheinfo', 'custom', { custom: cacheinfo }], 7: ['multicast', 'ip'],
  8: ['flags', 'u32', { bits: Object.fromEntries(Object.entries(IFA_F).map(([k, v]) => [k, `IFA_F_${v}`])) }],
  9: ['rt_priority', 'u32'], 10: ['target_netnsid', 's32'], 11: ['proto', 'u8'],
});

const routeAttrs = attrSet('route.route', 'RTA_', {
  1: ['dst', 'ip'], 2: ['src', 'ip'], 3: ['iif', 'u32'], 4: ['oif', 'u32'], 5: ['gateway', 'ip'], 6: ['priority', 'u32'],
  7: ['prefsrc', 'ip'], 8: ['metrics', 'nested', { set: opaque }], 9: ['multipath', 'binary'], 10: ['protoinfo', 'binary'],
  11: ['flow', 'u32'], 12: ['cacheinfo', 'binary'], 13: ['session', 'binary'], 14: ['mp_algo', 'binary'], 15: ['table', 'u32', { enum: TABLE }],
  16: ['mark', 'u32'], 17: ['mfc_stats', 'binary'], 18: ['via', 'binary'], 19: ['newdst', 'binary'], 20: ['pref', 'u8'],
  21: ['encap_type', 'u16'], 22: ['encap', 'nested', { set: opaque }], 23: ['expires', 'u32'], 24: ['pad', 'binary'],
  25: ['uid', 'u32'], 26: ['ttl_propagate', 'u8'], 27: ['ip_proto', 'u8'], 28: ['sport', 'be16'], 29: ['dport', 'be16'], 30: ['nh_id', 'u32'],
});

const neighAttrs = attrSet('route.neigh', 'NDA_', {
  1: ['dst', 'ip'], 2: ['lladdr', 'custom', { custom: lladdr }], 3: ['cacheinfo', 'binary'], 4: ['probes', 'u32'],
  5: ['vlan', 'u16'], 6: ['port', 'be16'], 7: ['vni', 'u32'], 8: ['ifindex', 'u32'], 9: ['master', 'u32'],
  10: ['link_netnsid', 's32'], 11: ['src_vni', 'u32'], 12: ['protocol', 'u8'],
});

const ATTRS: Readonly<Record<string, AttrSet>> = { LINK: linkAttrs, ADDR: addrAttrs, ROUTE: routeAttrs, NEIGH: neighAttrs };

function groupOf(type: number): string | undefined {
  return type >= 16 && type <= 123 ? GROUPS[type & ~3] : undefined;
}

function kindOf(type: number): RequestKind | undefined {
  const verb = (type - 16) & 3;
  return verb === 0 || verb === 3 ? 'new' : verb === 1 ? 'del' : 'get';
}

export const route: ProtocolDecoder = {
  name: 'route',
  number: Protocol.ROUTE,

  typeName(type) {
    return rtmName(type);
  },

  decode(msg: RawMessage, out: DecodedMessage, _state, problems: Problems): void {
    const name = rtmName(msg.type);
    out.family = 'route';
    out.command = name ?? `type ${msg.type}`;
    const group = groupOf(msg.type);
    const st = group ? STRUCTS[group] : undefined;
    const p = msg.payload;
    if (!st) {
      if (p.length) out.payloadHex = Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('hex');
      return;
    }
    // Dump requests may carry only struct rtgenmsg (the family, padded to 4 bytes).
    if (p.length < st.size) {
      if (msg.flags & NLM_F.REQUEST && p.length >= 1 && p.length <= 4) {
        out.familyHeader = readStruct(familyOnly, p);
        return;
      }
      problems.add(`${out.command}: ${p.length} bytes, shorter than struct ${st.name} (${st.size})`, 0);
      out.familyHeader = readStruct(st, p);
      return;
    }
    out.familyHeader = readStruct(st, p);
    out.attrs = decodeAttrList(group ? ATTRS[group] : undefined, p, st.size, p.length, problems);
  },

  describe(type) {
    return { family: 'route', command: rtmName(type) ?? `type ${type}`, kind: kindOf(type) };
  },

  score(msg) {
    const group = groupOf(msg.type);
    if (!group || !rtmName(msg.type)) return 0;
    const st = STRUCTS[group];
    const p = msg.payload;
    if (!st) return 1;
    if (p.length < st.size) return msg.flags & NLM_F.REQUEST && p.length === 4 && AF[p[0]!] !== undefined ? 2 : 0;
    if (!attrsFrame(p, st.size).ok) return 0;
    // A family the kernel uses for this protocol makes it likely.
    return AF[p[0]!] !== undefined ? 2 : 1;
  },
};

/** The NLM_F request kind of a route message type (NEW/SET, DEL, GET). */
export const routeRequestKind = kindOf;
