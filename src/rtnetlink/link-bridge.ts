// The bridge's IFLA_INFO_DATA (IFLA_BR_*) and its ports' attributes (IFLA_BRPORT_*, both as
// IFLA_INFO_SLAVE_DATA of kind "bridge" and as IFLA_PROTINFO in AF_BRIDGE messages)
// (<linux/if_link.h>, <linux/if_bridge.h>; the newest from upstream's if_link.h).
import { attrSet } from '../netlink/schema.js';
import { struct } from './codecs.js';

const bridgeId = { custom: struct('ifla_bridge_id', [['prio', 'be16'], ['addr', 'mac']]) };
const BR_STATE = { 0: 'BR_STATE_DISABLED', 1: 'BR_STATE_LISTENING', 2: 'BR_STATE_LEARNING', 3: 'BR_STATE_FORWARDING', 4: 'BR_STATE_BLOCKING' };
const MCAST_ROUTER = { 0: 'MDB_RTR_TYPE_DISABLED', 1: 'MDB_RTR_TYPE_TEMP_QUERY', 2: 'MDB_RTR_TYPE_PERM', 3: 'MDB_RTR_TYPE_TEMP' };

const querierState = attrSet('rtnl.bridge_querier', 'BRIDGE_QUERIER_', {
  1: ['ip_address', 'ipv4'], 2: ['ip_port', 'u32'], 3: ['ip_other_timer', 'u64'], 4: ['pad', 'binary'],
  5: ['ipv6_address', 'ipv6'], 6: ['ipv6_port', 'u32'], 7: ['ipv6_other_timer', 'u64'],
});

export const bridgeAttrs = attrSet('rtnl.bridge', 'IFLA_BR_', {
  1: ['forward_delay', 'u32'], 2: ['hello_time', 'u32'], 3: ['max_age', 'u32'], 4: ['ageing_time', 'u32'],
  5: ['stp_state', 'u32'], 6: ['priority', 'u16'], 7: ['vlan_filtering', 'u8'], 8: ['vlan_protocol', 'be16'],
  9: ['group_fwd_mask', 'u16'], 10: ['root_id', 'custom', bridgeId], 11: ['bridge_id', 'custom', bridgeId],
  12: ['root_port', 'u16'], 13: ['root_path_cost', 'u32'], 14: ['topology_change', 'u8'], 15: ['topology_change_detected', 'u8'],
  16: ['hello_timer', 'u64'], 17: ['tcn_timer', 'u64'], 18: ['topology_change_timer', 'u64'], 19: ['gc_timer', 'u64'],
  20: ['group_addr', 'mac'], 21: ['fdb_flush', 'flag'], 22: ['mcast_router', 'u8', { enum: MCAST_ROUTER }], 23: ['mcast_snooping', 'u8'],
  24: ['mcast_query_use_ifaddr', 'u8'], 25: ['mcast_querier', 'u8'], 26: ['mcast_hash_elasticity', 'u32'], 27: ['mcast_hash_max', 'u32'],
  28: ['mcast_last_member_cnt', 'u32'], 29: ['mcast_startup_query_cnt', 'u32'], 30: ['mcast_last_member_intvl', 'u64'],
  31: ['mcast_membership_intvl', 'u64'], 32: ['mcast_querier_intvl', 'u64'], 33: ['mcast_query_intvl', 'u64'],
  34: ['mcast_query_response_intvl', 'u64'], 35: ['mcast_startup_query_intvl', 'u64'], 36: ['nf_call_iptables', 'u8'],
  37: ['nf_call_ip6tables', 'u8'], 38: ['nf_call_arptables', 'u8'], 39: ['vlan_default_pvid', 'u16'], 40: ['pad', 'binary'],
  41: ['vlan_stats_enabled', 'u8'], 42: ['mcast_stats_enabled', 'u8'], 43: ['mcast_igmp_version', 'u8'], 44: ['mcast_mld_version', 'u8'],
  45: ['vlan_stats_per_port', 'u8'], 46: ['multi_boolopt', 'custom', { custom: struct('br_boolopt_multi', [['optval', 'u32'], ['optmask', 'u32']]) }],
  47: ['mcast_querier_state', 'nested', { set: querierState }], 48: ['fdb_n_learned', 'u32'], 49: ['fdb_max_learned', 'u32'],
});

export const bridgePortAttrs = attrSet('rtnl.bridge_port', 'IFLA_BRPORT_', {
  1: ['state', 'u8', { enum: BR_STATE }], 2: ['priority', 'u16'], 3: ['cost', 'u32'], 4: ['mode', 'u8'], 5: ['guard', 'u8'],
  6: ['protect', 'u8'], 7: ['fast_leave', 'u8'], 8: ['learning', 'u8'], 9: ['unicast_flood', 'u8'], 10: ['proxyarp', 'u8'],
  11: ['learning_sync', 'u8'], 12: ['proxyarp_wifi', 'u8'], 13: ['root_id', 'custom', bridgeId], 14: ['bridge_id', 'custom', bridgeId],
  15: ['designated_port', 'u16'], 16: ['designated_cost', 'u16'], 17: ['id', 'u16'], 18: ['no', 'u16'],
  19: ['topology_change_ack', 'u8'], 20: ['config_pending', 'u8'], 21: ['message_age_timer', 'u64'],
  22: ['forward_delay_timer', 'u64'], 23: ['hold_timer', 'u64'], 24: ['flush', 'flag'], 25: ['multicast_router', 'u8', { enum: MCAST_ROUTER }],
  26: ['pad', 'binary'], 27: ['mcast_flood', 'u8'], 28: ['mcast_to_ucast', 'u8'], 29: ['vlan_tunnel', 'u8'], 30: ['bcast_flood', 'u8'],
  31: ['group_fwd_mask', 'u16'], 32: ['neigh_suppress', 'u8'], 33: ['isolated', 'u8'], 34: ['backup_port', 'u32'],
  35: ['mrp_ring_open', 'u8'], 36: ['mrp_in_open', 'u8'], 37: ['mcast_eht_hosts_limit', 'u32'], 38: ['mcast_eht_hosts_cnt', 'u32'],
  39: ['locked', 'u8'], 40: ['mab', 'u8'], 41: ['mcast_n_groups', 'u32'], 42: ['mcast_max_groups', 'u32'],
  43: ['neigh_vlan_suppress', 'u8'], 44: ['backup_nhid', 'u32'],
});
