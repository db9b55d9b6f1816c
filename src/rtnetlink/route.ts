// RTM_NEWROUTE / DELROUTE / GETROUTE: RTA_* attributes, route metrics (RTAX_*), multipath next
// hops (struct rtnexthop) and route cache info (<linux/rtnetlink.h>; RTA_FLOWLABEL from upstream).
import { decodeAttrsAt } from '../netlink/attrs.js';
import { DecodeError, EncodeError } from '../netlink/errors.js';
import { attrSet, type CustomCodec } from '../netlink/schema.js';
import { rtvia, struct } from './codecs.js';
import { ICMPV6_ROUTER_PREF, LWTUNNEL_ENCAP, NH_F, TABLE } from './enums.js';

const metrics = attrSet('rtnl.metrics', 'RTAX_', {
  1: ['lock', 'u32'], 2: ['mtu', 'u32'], 3: ['window', 'u32'], 4: ['rtt', 'u32'], 5: ['rttvar', 'u32'], 6: ['ssthresh', 'u32'],
  7: ['cwnd', 'u32'], 8: ['advmss', 'u32'], 9: ['reordering', 'u32'], 10: ['hoplimit', 'u32'], 11: ['initcwnd', 'u32'],
  12: ['features', 'u32'], 13: ['rto_min', 'u32'], 14: ['initrwnd', 'u32'], 15: ['quickack', 'u32'], 16: ['cc_algo', 'string'],
  17: ['fastopen_no_cookie', 'u32'],
});

const encap = attrSet('rtnl.encap', 'RTA_ENCAP_', {});

const cacheinfo = struct('rta_cacheinfo', [['clntref', 'u32'], ['lastuse', 'u32'], ['expires', 's32'], ['error', 'u32'], ['used', 'u32'], ['id', 'u32'], ['ts', 'u32'], ['tsage', 'u32']], 5);
const mfcStats = struct('rta_mfc_stats', [['packets', 'u64'], ['bytes', 'u64'], ['wrong_if', 'u64']]);

/** RTA_MULTIPATH: struct rtnexthop (len, flags, hops, ifindex) each followed by its RTA_* attributes. */
const multipath: CustomCodec<Record<string, unknown>[]> = {
  decode(d) {
    const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
    const out: Record<string, unknown>[] = [];
    let at = 0;
    while (at + 8 <= d.length) {
      const len = v.getUint16(at, true);
      if (len < 8 || at + len > d.length) throw new DecodeError(`struct rtnexthop of length ${len} at byte ${at} does not fit`, at);
      const flags = d[at + 2]!;
      const hop: Record<string, unknown> = { flags, hops: d[at + 3]!, ifindex: v.getInt32(at + 4, true) };
      const names = Object.entries(NH_F).filter(([bit]) => flags & Number(bit)).map(([, n]) => n);
      if (names.length) hop.flagNames = names;
      Object.assign(hop, decodeAttrsAt(routeAttrs, d, at + 8, at + len));
      out.push(hop);
      at += (len + 3) & ~3;
    }
    return out;
  },
  encode() {
    throw new EncodeError('RTA_MULTIPATH is decoded only');
  },
};

export const routeAttrs = attrSet('rtnl.route', 'RTA_', {
  1: ['dst', 'ip'], 2: ['src', 'ip'], 3: ['iif', 'u32'], 4: ['oif', 'u32'], 5: ['gateway', 'ip'], 6: ['priority', 'u32'],
  7: ['prefsrc', 'ip'], 8: ['metrics', 'nested', { set: metrics }], 9: ['multipath', 'custom', { custom: multipath }],
  10: ['protoinfo', 'binary'], 11: ['flow', 'u32'], 12: ['cacheinfo', 'custom', { custom: cacheinfo }], 13: ['session', 'binary'],
  14: ['mp_algo', 'binary'], 15: ['table', 'u32', { enum: TABLE }], 16: ['mark', 'u32'], 17: ['mfc_stats', 'custom', { custom: mfcStats }],
  18: ['via', 'custom', { custom: rtvia }], 19: ['newdst', 'binary'], 20: ['pref', 'u8', { enum: ICMPV6_ROUTER_PREF }],
  21: ['encap_type', 'u16', { enum: LWTUNNEL_ENCAP }], 22: ['encap', 'nested', { set: encap }], 23: ['expires', 'u64'], 24: ['pad', 'binary'],
  25: ['uid', 'u32'], 26: ['ttl_propagate', 'u8'], 27: ['ip_proto', 'u8'], 28: ['sport', 'be16'], 29: ['dport', 'be16'], 30: ['nh_id', 'u32'],
  31: ['flowlabel', 'be32'],
});
