// IFLA_INFO_DATA by IFLA_INFO_KIND, and IFLA_INFO_SLAVE_DATA by IFLA_INFO_SLAVE_KIND
// (<linux/if_link.h>, <linux/if_tunnel.h>, <linux/veth.h>; the newest from upstream's if_link.h).
import { attrSet, type AttrSet } from '../netlink/schema.js';
import { bridgeAttrs, bridgePortAttrs } from './link-bridge.js';
import { struct, uint } from './codecs.js';
import { ifinfomsg } from './headers.js';
import { linkAttrs } from './link.js';
import { decodeAttrsAt } from '../netlink/attrs.js';
import { DecodeError, EncodeError } from '../netlink/errors.js';
import type { CustomCodec } from '../netlink/schema.js';

const vlanQos = attrSet('rtnl.vlan_qos', 'IFLA_VLAN_QOS_', {
  1: ['mapping', 'custom', { custom: struct('ifla_vlan_qos_mapping', [['from', 'u32'], ['to', 'u32']]), multi: true }],
});
const vlan = attrSet('rtnl.vlan', 'IFLA_VLAN_', {
  1: ['id', 'u16'], 2: ['flags', 'custom', { custom: struct('ifla_vlan_flags', [['flags', 'u32'], ['mask', 'u32']]) }],
  3: ['egress_qos', 'nested', { set: vlanQos }], 4: ['ingress_qos', 'nested', { set: vlanQos }], 5: ['protocol', 'be16'],
});

const vxlan = attrSet('rtnl.vxlan', 'IFLA_VXLAN_', {
  1: ['id', 'u32'], 2: ['group', 'ipv4'], 3: ['link', 'u32'], 4: ['local', 'ipv4'], 5: ['ttl', 'u8'], 6: ['tos', 'u8'],
  7: ['learning', 'u8'], 8: ['ageing', 'u32'], 9: ['limit', 'u32'],
  10: ['port_range', 'custom', { custom: struct('ifla_vxlan_port_range', [['low', 'be16'], ['high', 'be16']]) }],
  11: ['proxy', 'u8'], 12: ['rsc', 'u8'], 13: ['l2miss', 'u8'], 14: ['l3miss', 'u8'], 15: ['port', 'be16'], 16: ['group6', 'ipv6'],
  17: ['local6', 'ipv6'], 18: ['udp_csum', 'u8'], 19: ['udp_zero_csum6_tx', 'u8'], 20: ['udp_zero_csum6_rx', 'u8'],
  21: ['remcsum_tx', 'u8'], 22: ['remcsum_rx', 'u8'], 23: ['gbp', 'flag'], 24: ['remcsum_nopartial', 'flag'],
  25: ['collect_metadata', 'u8'], 26: ['label', 'be32'], 27: ['gpe', 'flag'], 28: ['ttl_inherit', 'flag'],
  29: ['df', 'u8', { enum: { 0: 'VXLAN_DF_UNSET', 1: 'VXLAN_DF_SET', 2: 'VXLAN_DF_INHERIT' } }], 30: ['vnifilter', 'u8'],
  31: ['localbypass', 'u8'], 32: ['label_policy', 'u32', { enum: { 0: 'VXLAN_LABEL_FIXED', 1: 'VXLAN_LABEL_INHERIT' } }],
  33: ['reserved_bits', 'binary'], 34: ['mc_route', 'u8'], 35: ['localbind', 'u8'],
});

const adInfo = attrSet('rtnl.bond_ad_info', 'IFLA_BOND_AD_INFO_', {
  1: ['aggregator', 'u16'], 2: ['num_ports', 'u16'], 3: ['actor_key', 'u16'], 4: ['partner_key', 'u16'], 5: ['partner_mac', 'mac'],
});
const BOND_MODE = { 0: 'balance-rr', 1: 'active-backup', 2: 'balance-xor', 3: 'broadcast', 4: '802.3ad', 5: 'balance-tlb', 6: 'balance-alb' };
const bond = attrSet('rtnl.bond', 'IFLA_BOND_', {
  1: ['mode', 'u8', { enum: BOND_MODE }], 2: ['active_slave', 'u32'], 3: ['miimon', 'u32'], 4: ['updelay', 'u32'], 5: ['downdelay', 'u32'],
  6: ['use_carrier', 'u8'], 7: ['arp_interval', 'u32'], 8: ['arp_ip_target', 'array', { element: ['target', 'ipv4'] }],
  9: ['arp_validate', 'u32'], 10: ['arp_all_targets', 'u32'], 11: ['primary', 'u32'], 12: ['primary_reselect', 'u8'],
  13: ['fail_over_mac', 'u8'], 14: ['xmit_hash_policy', 'u8'], 15: ['resend_igmp', 'u32'], 16: ['num_peer_notif', 'u8'],
  17: ['all_slaves_active', 'u8'], 18: ['min_links', 'u32'], 19: ['lp_interval', 'u32'], 20: ['packets_per_slave', 'u32'],
  21: ['ad_lacp_rate', 'u8'], 22: ['ad_select', 'u8'], 23: ['ad_info', 'nested', { set: adInfo }], 24: ['ad_actor_sys_prio', 'u16'],
  25: ['ad_user_port_key', 'u16'], 26: ['ad_actor_system', 'mac'], 27: ['tlb_dynamic_lb', 'u8'], 28: ['peer_notif_delay', 'u32'],
  29: ['ad_lacp_active', 'u8'], 30: ['missed_max', 'u8'], 31: ['ns_ip6_target', 'array', { element: ['target', 'ipv6'] }],
  32: ['coupled_control', 'u8'], 33: ['broadcast_neigh', 'u8'],
});
const bondSlave = attrSet('rtnl.bond_slave', 'IFLA_BOND_SLAVE_', {
  1: ['state', 'u8', { enum: { 0: 'BOND_STATE_ACTIVE', 1: 'BOND_STATE_BACKUP' } }], 2: ['mii_status', 'u8'],
  3: ['link_failure_count', 'u32'], 4: ['perm_hwaddr', 'mac'], 5: ['queue_id', 'u16'], 6: ['ad_aggregator_id', 'u16'],
  7: ['ad_actor_oper_port_state', 'u8'], 8: ['ad_partner_oper_port_state', 'u16'], 9: ['prio', 's32'], 10: ['actor_port_prio', 'u16'],
});

const MACVLAN_MODE = { 1: 'MACVLAN_MODE_PRIVATE', 2: 'MACVLAN_MODE_VEPA', 4: 'MACVLAN_MODE_BRIDGE', 8: 'MACVLAN_MODE_PASSTHRU', 16: 'MACVLAN_MODE_SOURCE' };
const macvlanAddrs = attrSet('rtnl.macvlan_macaddr', 'IFLA_MACVLAN_', { 4: ['macaddr', 'mac', { multi: true }] });
const macvlan = attrSet('rtnl.macvlan', 'IFLA_MACVLAN_', {
  1: ['mode', 'u32', { enum: MACVLAN_MODE }], 2: ['flags', 'u16', { bits: { 1: 'MACVLAN_FLAG_NOPROMISC', 2: 'MACVLAN_FLAG_NODST' } }],
  3: ['macaddr_mode', 'u32'], 4: ['macaddr', 'mac'], 5: ['macaddr_data', 'nested', { set: macvlanAddrs }], 6: ['macaddr_count', 'u32'],
  7: ['bc_queue_len', 'u32'], 8: ['bc_queue_len_used', 'u32'], 9: ['bc_cutoff', 's32'],
});
const ipvlan = attrSet('rtnl.ipvlan', 'IFLA_IPVLAN_', {
  1: ['mode', 'u16', { enum: { 0: 'IPVLAN_MODE_L2', 1: 'IPVLAN_MODE_L3', 2: 'IPVLAN_MODE_L3S' } }],
  2: ['flags', 'u16', { bits: { 1: 'IPVLAN_F_PRIVATE', 2: 'IPVLAN_F_VEPA' } }],
});

const ENCAP = { 0: 'TUNNEL_ENCAP_NONE', 1: 'TUNNEL_ENCAP_FOU', 2: 'TUNNEL_ENCAP_GUE', 3: 'TUNNEL_ENCAP_MPLS' };
const gre = attrSet('rtnl.gre', 'IFLA_GRE_', {
  1: ['link', 'u32'], 2: ['iflags', 'be16'], 3: ['oflags', 'be16'], 4: ['ikey', 'be32'], 5: ['okey', 'be32'], 6: ['local', 'ip'],
  7: ['remote', 'ip'], 8: ['ttl', 'u8'], 9: ['tos', 'u8'], 10: ['pmtudisc', 'u8'], 11: ['encap_limit', 'u8'], 12: ['flowinfo', 'be32'],
  13: ['flags', 'u32'], 14: ['encap_type', 'u16', { enum: ENCAP }], 15: ['encap_flags', 'u16'], 16: ['encap_sport', 'be16'],
  17: ['encap_dport', 'be16'], 18: ['collect_metadata', 'flag'], 19: ['ignore_df', 'u8'], 20: ['fwmark', 'u32'],
  21: ['erspan_index', 'u32'], 22: ['erspan_ver', 'u8'], 23: ['erspan_dir', 'u8'], 24: ['erspan_hwid', 'u16'],
});
const iptun = attrSet('rtnl.iptun', 'IFLA_IPTUN_', {
  1: ['link', 'u32'], 2: ['local', 'ip'], 3: ['remote', 'ip'], 4: ['ttl', 'u8'], 5: ['tos', 'u8'], 6: ['encap_limit', 'u8'],
  7: ['flowinfo', 'be32'], 8: ['flags', 'custom', { custom: uint }], 9: ['proto', 'u8'], 10: ['pmtudisc', 'u8'], 11: ['6rd_prefix', 'ipv6'],
  12: ['6rd_relay_prefix', 'ipv4'], 13: ['6rd_prefixlen', 'u16'], 14: ['6rd_relay_prefixlen', 'u16'], 15: ['encap_type', 'u16', { enum: ENCAP }],
  16: ['encap_flags', 'u16'], 17: ['encap_sport', 'be16'], 18: ['encap_dport', 'be16'], 19: ['collect_metadata', 'flag'], 20: ['fwmark', 'u32'],
});
const vti = attrSet('rtnl.vti', 'IFLA_VTI_', {
  1: ['link', 'u32'], 2: ['ikey', 'be32'], 3: ['okey', 'be32'], 4: ['local', 'ip'], 5: ['remote', 'ip'], 6: ['fwmark', 'u32'],
});
const tun = attrSet('rtnl.tun', 'IFLA_TUN_', {
  1: ['owner', 'u32'], 2: ['group', 'u32'], 3: ['type', 'u8', { enum: { 1: 'IFF_TUN', 2: 'IFF_TAP' } }], 4: ['pi', 'u8'],
  5: ['vnet_hdr', 'u8'], 6: ['persist', 'u8'], 7: ['multi_queue', 'u8'], 8: ['num_queues', 'u32'], 9: ['num_disabled_queues', 'u32'],
});
const vrf = attrSet('rtnl.vrf', 'IFLA_VRF_', { 1: ['table', 'u32'] });
const vrfPort = attrSet('rtnl.vrf_port', 'IFLA_VRF_PORT_', { 1: ['table', 'u32'] });
const geneve = attrSet('rtnl.geneve', 'IFLA_GENEVE_', {
  1: ['id', 'u32'], 2: ['remote', 'ipv4'], 3: ['ttl', 'u8'], 4: ['tos', 'u8'], 5: ['port', 'be16'], 6: ['collect_metadata', 'flag'],
  7: ['remote6', 'ipv6'], 8: ['udp_csum', 'u8'], 9: ['udp_zero_csum6_tx', 'u8'], 10: ['udp_zero_csum6_rx', 'u8'], 11: ['label', 'be32'],
  12: ['ttl_inherit', 'u8'], 13: ['df', 'u8'], 14: ['inner_proto_inherit', 'flag'], 15: ['port_range', 'custom', { custom: struct('ifla_geneve_port_range', [['low', 'be16'], ['high', 'be16']]) }],
});
const xfrm = attrSet('rtnl.xfrm', 'IFLA_XFRM_', { 1: ['link', 'u32'], 2: ['if_id', 'u32'], 3: ['collect_metadata', 'flag'] });
const empty = (kind: string): AttrSet => attrSet(`rtnl.${kind}`, `IFLA_${kind.toUpperCase()}_`, {});

/** veth's VETH_INFO_PEER: a struct ifinfomsg, then the peer's IFLA_* attributes. */
const vethPeer: CustomCodec<Record<string, unknown>> = {
  decode(d) {
    if (d.length < ifinfomsg.size) throw new DecodeError(`VETH_INFO_PEER: ${d.length} bytes, shorter than struct ifinfomsg`, 0);
    const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
    return { index: v.getInt32(4, true), flags: v.getUint32(8, true), ...decodeAttrsAt(linkAttrs, d, ifinfomsg.size, d.length) };
  },
  encode() {
    throw new EncodeError('VETH_INFO_PEER is decoded only');
  },
};
const vethAttrs = attrSet('rtnl.veth', 'VETH_INFO_', { 1: ['peer', 'custom', { custom: vethPeer }] });

/** IFLA_INFO_DATA by kind. Kinds without data (dummy, ifb, nlmon) have empty sets. */
export const INFO_DATA: ReadonlyMap<string, AttrSet> = new Map([
  ['veth', vethAttrs], ['bridge', bridgeAttrs], ['bond', bond], ['vlan', vlan], ['vxlan', vxlan],
  ['macvlan', macvlan], ['macvtap', macvlan], ['ipvlan', ipvlan], ['ipvtap', ipvlan],
  ['gre', gre], ['gretap', gre], ['ip6gre', gre], ['ip6gretap', gre], ['erspan', gre], ['ip6erspan', gre],
  ['ipip', iptun], ['sit', iptun], ['ip6tnl', iptun], ['vti', vti], ['vti6', vti], ['tun', tun],
  ['vrf', vrf], ['geneve', geneve], ['xfrm', xfrm],
  ['dummy', empty('dummy')], ['ifb', empty('ifb')], ['nlmon', empty('nlmon')],
]);

/** IFLA_INFO_SLAVE_DATA by slave kind (the master's kind). */
export const INFO_SLAVE_DATA: ReadonlyMap<string, AttrSet> = new Map([
  ['bridge', bridgePortAttrs], ['bond', bondSlave], ['vrf', vrfPort],
]);
