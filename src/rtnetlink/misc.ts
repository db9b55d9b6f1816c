// Addresses (IFA_*), policy rules (FRA_*), next hops (NHA_*), netconf (NETCONFA_*), address
// labels (IFAL_*), namespace ids (NETNSA_*) and prefixes (PREFIX_*) (<linux/if_addr.h>,
// <linux/fib_rules.h>, <linux/nexthop.h>, <linux/netconf.h>, <linux/net_namespace.h>; the
// newest attributes from upstream's headers).
import { attrSet } from '../netlink/schema.js';
import { struct, structList, uint } from './codecs.js';
import { IFA_F, LWTUNNEL_ENCAP, RTPROT, TABLE } from './enums.js';

const IFA_FLAGS = Object.fromEntries(Object.entries(IFA_F).map(([k, v]) => [k, `IFA_F_${v}`]));

export const addrAttrs = attrSet('rtnl.addr', 'IFA_', {
  1: ['address', 'ip'], 2: ['local', 'ip'], 3: ['label', 'string'], 4: ['broadcast', 'ip'], 5: ['anycast', 'ip'],
  6: ['cacheinfo', 'custom', { custom: struct('ifa_cacheinfo', [['prefered', 'u32'], ['valid', 'u32'], ['cstamp', 'u32'], ['tstamp', 'u32']]) }],
  7: ['multicast', 'ip'], 8: ['flags', 'u32', { bits: IFA_FLAGS }], 9: ['rt_priority', 'u32'], 10: ['target_netnsid', 's32'],
  11: ['proto', 'u8', { enum: { 0: 'IFAPROT_UNSPEC', 1: 'IFAPROT_KERNEL_LO', 2: 'IFAPROT_KERNEL_RA', 3: 'IFAPROT_KERNEL_LL' } }],
});

const range = (name: string, kind: 'u16' | 'u32') => ({ custom: struct(name, [['start', kind], ['end', kind]]) });

export const ruleAttrs = attrSet('rtnl.rule', 'FRA_', {
  1: ['dst', 'ip'], 2: ['src', 'ip'], 3: ['iifname', 'string'], 4: ['goto', 'u32'], 6: ['priority', 'u32'],
  10: ['fwmark', 'u32'], 11: ['flow', 'u32'], 12: ['tun_id', 'be64'], 13: ['suppress_ifgroup', 'u32'],
  14: ['suppress_prefixlen', 'u32'], 15: ['table', 'u32', { enum: TABLE }], 16: ['fwmask', 'u32'], 17: ['oifname', 'string'],
  18: ['pad', 'binary'], 19: ['l3mdev', 'u8'], 20: ['uid_range', 'custom', range('fib_rule_uid_range', 'u32')],
  21: ['protocol', 'u8', { enum: RTPROT }], 22: ['ip_proto', 'u8'], 23: ['sport_range', 'custom', range('fib_rule_port_range', 'u16')],
  24: ['dport_range', 'custom', range('fib_rule_port_range', 'u16')], 25: ['dscp', 'u8'], 26: ['flowlabel', 'be32'],
  27: ['flowlabel_mask', 'be32'], 28: ['sport_mask', 'u16'], 29: ['dport_mask', 'u16'], 30: ['dscp_mask', 'u8'],
});

const resGroup = attrSet('rtnl.nh_res_group', 'NHA_RES_GROUP_', {
  0: ['pad', 'binary'], 1: ['buckets', 'u16'], 2: ['idle_timer', 'u32'], 3: ['unbalanced_timer', 'u32'], 4: ['unbalanced_time', 'u64'],
});
const resBucket = attrSet('rtnl.nh_res_bucket', 'NHA_RES_BUCKET_', {
  0: ['pad', 'binary'], 1: ['index', 'u16'], 2: ['idle_time', 'u64'], 3: ['nh_id', 'u32'],
});
const groupStatsEntry = attrSet('rtnl.nh_grp_stats_entry', 'NHA_GROUP_STATS_ENTRY_', {
  1: ['id', 'u32'], 2: ['packets', 'custom', { custom: uint }], 3: ['packets_hw', 'custom', { custom: uint }],
});
const groupStats = attrSet('rtnl.nh_grp_stats', 'NHA_GROUP_STATS_', { 1: ['entry', 'nested', { set: groupStatsEntry, multi: true }] });
const nhEncap = attrSet('rtnl.nh_encap', 'NHA_ENCAP_', {});

export const nexthopAttrs = attrSet('rtnl.nexthop', 'NHA_', {
  1: ['id', 'u32'],
  2: ['group', 'custom', { custom: structList('nexthop_grp', [['id', 'u32'], ['weight', 'u8'], ['weight_high', 'u8'], ['resvd2', 'u16']], 8) }],
  3: ['group_type', 'u16', { enum: { 0: 'NEXTHOP_GRP_TYPE_MPATH', 1: 'NEXTHOP_GRP_TYPE_RES' } }], 4: ['blackhole', 'flag'],
  5: ['oif', 'u32'], 6: ['gateway', 'ip'], 7: ['encap_type', 'u16', { enum: LWTUNNEL_ENCAP }], 8: ['encap', 'nested', { set: nhEncap }],
  9: ['groups', 'flag'], 10: ['master', 'u32'], 11: ['fdb', 'flag'], 12: ['res_group', 'nested', { set: resGroup }],
  13: ['res_bucket', 'nested', { set: resBucket }], 14: ['op_flags', 'u32', { bits: { 1: 'NHA_OP_FLAG_DUMP_STATS', 2: 'NHA_OP_FLAG_DUMP_HW_STATS' } }],
  15: ['group_stats', 'nested', { set: groupStats }], 16: ['hw_stats_enable', 'u32'], 17: ['hw_stats_used', 'u32'],
});

export const netconfAttrs = attrSet('rtnl.netconf', 'NETCONFA_', {
  1: ['ifindex', 's32', { enum: { [-1]: 'NETCONFA_IFINDEX_ALL', [-2]: 'NETCONFA_IFINDEX_DEFAULT' } }], 2: ['forwarding', 's32'],
  3: ['rp_filter', 's32'], 4: ['mc_forwarding', 's32'], 5: ['proxy_neigh', 's32'], 6: ['ignore_routes_with_linkdown', 's32'],
  7: ['input', 's32'], 8: ['bc_forwarding', 's32'], 9: ['force_forwarding', 's32'],
});

export const addrLabelAttrs = attrSet('rtnl.addrlabel', 'IFAL_', { 1: ['address', 'ipv6'], 2: ['label', 'u32'] });

export const nsidAttrs = attrSet('rtnl.nsid', 'NETNSA_', {
  1: ['nsid', 's32'], 2: ['pid', 'u32'], 3: ['fd', 'u32'], 4: ['target_nsid', 's32'], 5: ['current_nsid', 's32'],
});

export const prefixAttrs = attrSet('rtnl.prefix', 'PREFIX_', {
  1: ['address', 'ipv6'],
  2: ['cacheinfo', 'custom', { custom: struct('prefix_cacheinfo', [['preferred_time', 'u32'], ['valid_time', 'u32']]) }],
});
