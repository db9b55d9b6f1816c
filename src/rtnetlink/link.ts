// RTM_NEWLINK / DELLINK / GETLINK / SETLINK: the IFLA_* attributes and their fixed nests
// (<linux/if_link.h>; IFLA_DPLL_PIN .. IFLA_TAILROOM from upstream's if_link.h, as the 6.18
// kernel sends them). Nests whose layout depends on the message (IFLA_INFO_DATA, IFLA_AF_SPEC,
// IFLA_PROTINFO) are chosen in ./select.ts.
import { attrSet } from '../netlink/schema.js';
import { lladdr, struct } from './codecs.js';
import { IFLA_EVENT, LINKMODE, OPERSTATE, RTEXT_FILTER, XDP_ATTACHED } from './enums.js';

const STATS = ['rx_packets', 'tx_packets', 'rx_bytes', 'tx_bytes', 'rx_errors', 'tx_errors', 'rx_dropped', 'tx_dropped',
  'multicast', 'collisions', 'rx_length_errors', 'rx_over_errors', 'rx_crc_errors', 'rx_frame_errors', 'rx_fifo_errors',
  'rx_missed_errors', 'tx_aborted_errors', 'tx_carrier_errors', 'tx_fifo_errors', 'tx_heartbeat_errors', 'tx_window_errors',
  'rx_compressed', 'tx_compressed', 'rx_nohandler', 'rx_otherhost_dropped'];
/** struct rtnl_link_stats (u32, ends at rx_nohandler) and rtnl_link_stats64 (kernels before 5.17 end there too). */
export const stats32 = struct('rtnl_link_stats', STATS.slice(0, 24).map((n) => [n, 'u32'] as const), 23);
export const stats64 = struct('rtnl_link_stats64', STATS.map((n) => [n, 'u64'] as const), 23);
const ifmap = struct('rtnl_link_ifmap', [['mem_start', 'u64'], ['mem_end', 'u64'], ['base_addr', 'u64'], ['irq', 'u16'], ['dma', 'u8'], ['port', 'u8']]);

/** IFLA_LINKINFO: INFO_DATA and SLAVE_DATA are typed by the kinds before them (./select.ts). */
export const linkInfoAttrs = attrSet('rtnl.linkinfo', 'IFLA_INFO_', {
  1: ['kind', 'string'], 2: ['data', 'nested', { set: () => opaque }], 3: ['xstats', 'binary'],
  4: ['slave_kind', 'string'], 5: ['slave_data', 'nested', { set: () => opaque }],
});
const opaque = attrSet('rtnl.opaque', 'IFLA_', {});

const xdp = attrSet('rtnl.xdp', 'IFLA_XDP_', {
  1: ['fd', 's32'], 2: ['attached', 'u8', { enum: XDP_ATTACHED }], 3: ['flags', 'u32'], 4: ['prog_id', 'u32'],
  5: ['drv_prog_id', 'u32'], 6: ['skb_prog_id', 'u32'], 7: ['hw_prog_id', 'u32'], 8: ['expected_fd', 's32'],
});
const propList = attrSet('rtnl.prop_list', 'IFLA_', { 53: ['alt_ifname', 'string', { multi: true }] });
const protoDownReason = attrSet('rtnl.proto_down_reason', 'IFLA_PROTO_DOWN_REASON_', { 1: ['mask', 'u32'], 2: ['value', 'u32'] });

const vfVlanInfo = attrSet('rtnl.vf_vlan_list', 'IFLA_VF_VLAN_', {
  1: ['info', 'custom', { custom: struct('ifla_vf_vlan_info', [['vf', 'u32'], ['vlan', 'u32'], ['qos', 'u32'], ['vlan_proto', 'be16']]), multi: true }],
});
const vfStats = attrSet('rtnl.vf_stats', 'IFLA_VF_STATS_', {
  0: ['rx_packets', 'u64'], 1: ['tx_packets', 'u64'], 2: ['rx_bytes', 'u64'], 3: ['tx_bytes', 'u64'], 4: ['broadcast', 'u64'],
  5: ['multicast', 'u64'], 6: ['pad', 'binary'], 7: ['rx_dropped', 'u64'], 8: ['tx_dropped', 'u64'],
});
const vf = attrSet('rtnl.vf', 'IFLA_VF_', {
  1: ['mac', 'custom', { custom: struct('ifla_vf_mac', [['vf', 'u32'], ['mac', 'mac']]) }],
  2: ['vlan', 'custom', { custom: struct('ifla_vf_vlan', [['vf', 'u32'], ['vlan', 'u32'], ['qos', 'u32']]) }],
  3: ['tx_rate', 'custom', { custom: struct('ifla_vf_tx_rate', [['vf', 'u32'], ['rate', 'u32']]) }],
  4: ['spoofchk', 'custom', { custom: struct('ifla_vf_spoofchk', [['vf', 'u32'], ['setting', 'u32']]) }],
  5: ['link_state', 'custom', { custom: struct('ifla_vf_link_state', [['vf', 'u32'], ['link_state', 'u32']]) }],
  6: ['rate', 'custom', { custom: struct('ifla_vf_rate', [['vf', 'u32'], ['min_tx_rate', 'u32'], ['max_tx_rate', 'u32']]) }],
  7: ['rss_query_en', 'custom', { custom: struct('ifla_vf_rss_query_en', [['vf', 'u32'], ['setting', 'u32']]) }],
  8: ['stats', 'nested', { set: vfStats }],
  9: ['trust', 'custom', { custom: struct('ifla_vf_trust', [['vf', 'u32'], ['setting', 'u32']]) }],
  10: ['ib_node_guid', 'custom', { custom: struct('ifla_vf_guid', [['vf', 'u32'], ['guid', 'u64']]) }],
  11: ['ib_port_guid', 'custom', { custom: struct('ifla_vf_guid', [['vf', 'u32'], ['guid', 'u64']]) }],
  12: ['vlan_list', 'nested', { set: vfVlanInfo }], 13: ['broadcast', 'binary'],
});
const vfInfoList = attrSet('rtnl.vfinfo_list', 'IFLA_VF_', { 1: ['info', 'nested', { set: vf, multi: true }] });
const port = attrSet('rtnl.port', 'IFLA_PORT_', {
  1: ['vf', 'u32'], 2: ['profile', 'string'], 3: ['vsi_type', 'binary'], 4: ['instance_uuid', 'binary'],
  5: ['host_uuid', 'binary'], 6: ['request', 'u8'], 7: ['response', 'u16'],
});
const vfPorts = attrSet('rtnl.vf_ports', 'IFLA_VF_', { 1: ['port', 'nested', { set: port, multi: true }] });

export const linkAttrs = attrSet('rtnl.link', 'IFLA_', {
  1: ['address', 'custom', { custom: lladdr }], 2: ['broadcast', 'custom', { custom: lladdr }], 3: ['ifname', 'string'],
  4: ['mtu', 'u32'], 5: ['link', 'u32'], 6: ['qdisc', 'string'], 7: ['stats', 'custom', { custom: stats32 }], 8: ['cost', 'binary'],
  9: ['priority', 'binary'], 10: ['master', 'u32'], 11: ['wireless', 'binary'], 12: ['protinfo', 'nested', { set: opaque }],
  13: ['txqlen', 'u32'], 14: ['map', 'custom', { custom: ifmap }], 15: ['weight', 'u32'], 16: ['operstate', 'u8', { enum: OPERSTATE }],
  17: ['linkmode', 'u8', { enum: LINKMODE }], 18: ['linkinfo', 'nested', { set: linkInfoAttrs }], 19: ['net_ns_pid', 'u32'], 20: ['ifalias', 'string'],
  21: ['num_vf', 'u32'], 22: ['vfinfo_list', 'nested', { set: vfInfoList }], 23: ['stats64', 'custom', { custom: stats64 }],
  24: ['vf_ports', 'nested', { set: vfPorts }], 25: ['port_self', 'nested', { set: port }], 26: ['af_spec', 'nested', { set: opaque }],
  27: ['group', 'u32'], 28: ['net_ns_fd', 's32'], 29: ['ext_mask', 'u32', { bits: RTEXT_FILTER }], 30: ['promiscuity', 'u32'],
  31: ['num_tx_queues', 'u32'], 32: ['num_rx_queues', 'u32'], 33: ['carrier', 'u8'], 34: ['phys_port_id', 'binary'],
  35: ['carrier_changes', 'u32'], 36: ['phys_switch_id', 'binary'], 37: ['link_netnsid', 's32'], 38: ['phys_port_name', 'string'],
  39: ['proto_down', 'u8'], 40: ['gso_max_segs', 'u32'], 41: ['gso_max_size', 'u32'], 42: ['pad', 'binary'],
  43: ['xdp', 'nested', { set: xdp }], 44: ['event', 'u32', { enum: IFLA_EVENT }], 45: ['new_netnsid', 's32'], 46: ['target_netnsid', 's32'],
  47: ['carrier_up_count', 'u32'], 48: ['carrier_down_count', 'u32'], 49: ['new_ifindex', 's32'], 50: ['min_mtu', 'u32'],
  51: ['max_mtu', 'u32'], 52: ['prop_list', 'nested', { set: propList }], 53: ['alt_ifname', 'string'],
  54: ['perm_address', 'custom', { custom: lladdr }], 55: ['proto_down_reason', 'nested', { set: protoDownReason }],
  56: ['parent_dev_name', 'string'], 57: ['parent_dev_bus_name', 'string'], 58: ['gro_max_size', 'u32'], 59: ['tso_max_size', 'u32'],
  60: ['tso_max_segs', 'u32'], 61: ['allmulti', 'u32'], 62: ['devlink_port', 'nested', { set: opaque }], 63: ['gso_ipv4_max_size', 'u32'],
  64: ['gro_ipv4_max_size', 'u32'], 65: ['dpll_pin', 'nested', { set: opaque }], 66: ['max_pacing_offload_horizon', 'u64'],
  67: ['netns_immutable', 'u8'], 68: ['headroom', 'u16'], 69: ['tailroom', 'u16'],
});

const offloadXstats = attrSet('rtnl.offload_xstats', 'IFLA_OFFLOAD_XSTATS_', {
  1: ['cpu_hit', 'custom', { custom: stats64 }], 2: ['hw_s_info', 'nested', { set: opaque }], 3: ['l3_stats', 'binary'],
});
/** RTM_NEWSTATS / GETSTATS (struct if_stats_msg, then IFLA_STATS_*). */
export const statsAttrs = attrSet('rtnl.stats', 'IFLA_STATS_', {
  1: ['link_64', 'custom', { custom: stats64 }], 2: ['link_xstats', 'nested', { set: opaque }],
  3: ['link_xstats_slave', 'nested', { set: opaque }], 4: ['link_offload_xstats', 'nested', { set: offloadXstats }],
  5: ['af_spec', 'nested', { set: opaque }],
});
