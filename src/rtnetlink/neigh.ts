// RTM_NEWNEIGH / GETNEIGH (NDA_*) and the neighbour tables of RTM_NEWNEIGHTBL (NDTA_*, NDTPA_*)
// (<linux/neighbour.h>).
import { attrSet } from '../netlink/schema.js';
import { lladdr, struct } from './codecs.js';
import { NUD, RTPROT } from './enums.js';

const fdbExt = attrSet('rtnl.fdb_ext', 'NFEA_', { 1: ['activity_notify', 'u8'], 2: ['dont_refresh', 'flag'] });
const NTF_EXT = { 1: 'NTF_EXT_MANAGED', 2: 'NTF_EXT_LOCKED', 4: 'NTF_EXT_EXT_VALIDATED' };

export const neighAttrs = attrSet('rtnl.neigh', 'NDA_', {
  1: ['dst', 'ip'], 2: ['lladdr', 'custom', { custom: lladdr }],
  3: ['cacheinfo', 'custom', { custom: struct('nda_cacheinfo', [['confirmed', 'u32'], ['used', 'u32'], ['updated', 'u32'], ['refcnt', 'u32']]) }],
  4: ['probes', 'u32'], 5: ['vlan', 'u16'], 6: ['port', 'be16'], 7: ['vni', 'u32'], 8: ['ifindex', 'u32'], 9: ['master', 'u32'],
  10: ['link_netnsid', 's32'], 11: ['src_vni', 'u32'], 12: ['protocol', 'u8', { enum: RTPROT }], 13: ['nh_id', 'u32'],
  14: ['fdb_ext_attrs', 'nested', { set: fdbExt }], 15: ['flags_ext', 'u32', { bits: NTF_EXT }],
  16: ['ndm_state_mask', 'u16', { bits: NUD }], 17: ['ndm_flags_mask', 'u8'],
});

const parms = attrSet('rtnl.ndtpa', 'NDTPA_', {
  1: ['ifindex', 'u32'], 2: ['refcnt', 'u32'], 3: ['reachable_time', 'u64'], 4: ['base_reachable_time', 'u64'],
  5: ['retrans_time', 'u64'], 6: ['gc_staletime', 'u64'], 7: ['delay_probe_time', 'u64'], 8: ['queue_len', 'u32'],
  9: ['app_probes', 'u32'], 10: ['ucast_probes', 'u32'], 11: ['mcast_probes', 'u32'], 12: ['anycast_delay', 'u64'],
  13: ['proxy_delay', 'u64'], 14: ['proxy_qlen', 'u32'], 15: ['locktime', 'u64'], 16: ['queue_lenbytes', 'u32'],
  17: ['mcast_reprobes', 'u32'], 18: ['pad', 'binary'], 19: ['interval_probe_time_ms', 'u64'],
});
const ndtConfig = struct('ndt_config', [['key_len', 'u16'], ['entry_size', 'u16'], ['entries', 'u32'], ['last_flush', 'u32'], ['last_rand', 'u32'], ['hash_rnd', 'u32'], ['hash_mask', 'u32'], ['hash_chain_gc', 'u32'], ['proxy_qlen', 'u32']]);
const ndtStats = struct('ndt_stats', ['allocs', 'destroys', 'hash_grows', 'res_failed', 'lookups', 'hits', 'rcv_probes_mcast', 'rcv_probes_ucast', 'periodic_gc_runs', 'forced_gc_runs', 'table_fulls'].map((n) => [n, 'u64'] as const), 10);

export const neighTableAttrs = attrSet('rtnl.neightbl', 'NDTA_', {
  1: ['name', 'string'], 2: ['thresh1', 'u32'], 3: ['thresh2', 'u32'], 4: ['thresh3', 'u32'],
  5: ['config', 'custom', { custom: ndtConfig }], 6: ['parms', 'nested', { set: parms }], 7: ['stats', 'custom', { custom: ndtStats }],
  8: ['gc_interval', 'u64'], 9: ['pad', 'binary'],
});
