// Per-family link data: IFLA_AF_SPEC (one nest per address family, or the bridge's own
// attributes in AF_BRIDGE messages), IFLA_PROTINFO, and the inet/inet6 configuration arrays
// named by index (<linux/if_link.h>, <linux/ip.h>, <linux/ipv6.h>, <linux/snmp.h>, <linux/if_bridge.h>).
import { attrSet } from '../netlink/schema.js';
import { namedArray, struct } from './codecs.js';
import { IF_RA, IN6_ADDR_GEN_MODE } from './enums.js';

const lower = (list: string): string[] => list.trim().split(/\s+/).map((n) => n.toLowerCase());

/** IPV4_DEVCONF_* from 1: element i of IFLA_INET_CONF is IPV4_DEVCONF_(i+1). */
const IPV4_DEVCONF = ['', ...lower(`FORWARDING MC_FORWARDING PROXY_ARP ACCEPT_REDIRECTS SECURE_REDIRECTS SEND_REDIRECTS
  SHARED_MEDIA RP_FILTER ACCEPT_SOURCE_ROUTE BOOTP_RELAY LOG_MARTIANS TAG ARPFILTER MEDIUM_ID NOXFRM NOPOLICY
  FORCE_IGMP_VERSION ARP_ANNOUNCE ARP_IGNORE PROMOTE_SECONDARIES ARP_ACCEPT ARP_NOTIFY ACCEPT_LOCAL SRC_VMARK
  PROXY_ARP_PVLAN ROUTE_LOCALNET IGMPV2_UNSOLICITED_REPORT_INTERVAL IGMPV3_UNSOLICITED_REPORT_INTERVAL
  IGNORE_ROUTES_WITH_LINKDOWN DROP_UNICAST_IN_L2_MULTICAST DROP_GRATUITOUS_ARP BC_FORWARDING ARP_EVICT_NOCARRIER`)];
/** DEVCONF_* from 0 (IFLA_INET6_CONF); FORCE_FORWARDING (59) from upstream's ipv6.h. */
const IPV6_DEVCONF = lower(`FORWARDING HOPLIMIT MTU6 ACCEPT_RA ACCEPT_REDIRECTS AUTOCONF DAD_TRANSMITS RTR_SOLICITS
  RTR_SOLICIT_INTERVAL RTR_SOLICIT_DELAY USE_TEMPADDR TEMP_VALID_LFT TEMP_PREFERED_LFT REGEN_MAX_RETRY
  MAX_DESYNC_FACTOR MAX_ADDRESSES FORCE_MLD_VERSION ACCEPT_RA_DEFRTR ACCEPT_RA_PINFO ACCEPT_RA_RTR_PREF
  RTR_PROBE_INTERVAL ACCEPT_RA_RT_INFO_MAX_PLEN PROXY_NDP OPTIMISTIC_DAD ACCEPT_SOURCE_ROUTE MC_FORWARDING
  DISABLE_IPV6 ACCEPT_DAD FORCE_TLLAO NDISC_NOTIFY MLDV1_UNSOLICITED_REPORT_INTERVAL MLDV2_UNSOLICITED_REPORT_INTERVAL
  SUPPRESS_FRAG_NDISC ACCEPT_RA_FROM_LOCAL USE_OPTIMISTIC ACCEPT_RA_MTU STABLE_SECRET USE_OIF_ADDRS_ONLY
  ACCEPT_RA_MIN_HOP_LIMIT IGNORE_ROUTES_WITH_LINKDOWN DROP_UNICAST_IN_L2_MULTICAST DROP_UNSOLICITED_NA
  KEEP_ADDR_ON_DOWN RTR_SOLICIT_MAX_INTERVAL SEG6_ENABLED SEG6_REQUIRE_HMAC ENHANCED_DAD ADDR_GEN_MODE
  DISABLE_POLICY ACCEPT_RA_RT_INFO_MIN_PLEN NDISC_TCLASS RPL_SEG_ENABLED RA_DEFRTR_METRIC IOAM6_ENABLED IOAM6_ID
  IOAM6_ID_WIDE NDISC_EVICT_NOCARRIER ACCEPT_UNTRACKED_NA ACCEPT_RA_MIN_LFT FORCE_FORWARDING`);
/**
 * IPSTATS_MIB_* from 0 (IFLA_INET6_STATS; element 0 is the count), as upstream names them since
 * 6.3: element 5 is OUTREQUESTS (the 6.1 header's OUTPKTS) and OUTPKTS (OutTransmits) is 37.
 */
const IPSTATS_MIB = lower(`NUM INPKTS INOCTETS INDELIVERS OUTFORWDATAGRAMS OUTREQUESTS OUTOCTETS INHDRERRORS
  INTOOBIGERRORS INNOROUTES INADDRERRORS INUNKNOWNPROTOS INTRUNCATEDPKTS INDISCARDS OUTDISCARDS OUTNOROUTES
  REASMTIMEOUT REASMREQDS REASMOKS REASMFAILS FRAGOKS FRAGFAILS FRAGCREATES INMCASTPKTS OUTMCASTPKTS INBCASTPKTS
  OUTBCASTPKTS INMCASTOCTETS OUTMCASTOCTETS INBCASTOCTETS OUTBCASTOCTETS CSUMERRORS NOECTPKTS ECT1PKTS ECT0PKTS
  CEPKTS REASM_OVERLAPS OUTPKTS`);
/** ICMP6_MIB_* from 0 (IFLA_INET6_ICMP6STATS). */
const ICMP6_MIB = lower('NUM INMSGS INERRORS OUTMSGS OUTERRORS CSUMERRORS RATELIMITHOST');

export const inetAttrs = attrSet('rtnl.inet', 'IFLA_INET_', {
  1: ['conf', 'custom', { custom: namedArray('IFLA_INET_CONF', 'u32', IPV4_DEVCONF, 1) }],
});

export const inet6Attrs = attrSet('rtnl.inet6', 'IFLA_INET6_', {
  1: ['flags', 'u32', { bits: IF_RA }],
  2: ['conf', 'custom', { custom: namedArray('IFLA_INET6_CONF', 's32', IPV6_DEVCONF) }],
  3: ['stats', 'custom', { custom: namedArray('IFLA_INET6_STATS', 'u64', IPSTATS_MIB) }],
  4: ['mcast', 'binary'],
  5: ['cacheinfo', 'custom', { custom: struct('ifla_cacheinfo', [['max_reasm_len', 'u32'], ['tstamp', 'u32'], ['reachable_time', 'u32'], ['retrans_time', 'u32']]) }],
  6: ['icmp6stats', 'custom', { custom: namedArray('IFLA_INET6_ICMP6STATS', 'u64', ICMP6_MIB) }],
  7: ['token', 'ipv6'],
  8: ['addr_gen_mode', 'u8', { enum: IN6_ADDR_GEN_MODE }],
  9: ['ra_mtu', 'u32'],
});

const mplsStats = attrSet('rtnl.mpls', 'MPLS_STATS_', {
  1: ['link', 'custom', { custom: struct('mpls_link_stats', [['rx_packets', 'u64'], ['tx_packets', 'u64'], ['rx_bytes', 'u64'], ['tx_bytes', 'u64'], ['rx_errors', 'u64'], ['tx_errors', 'u64'], ['rx_dropped', 'u64'], ['tx_dropped', 'u64'], ['rx_noroute', 'u64']]) }],
});

/** IFLA_AF_SPEC outside AF_BRIDGE: one nest per address family, typed by AF_* number. */
export const afSpecAttrs = attrSet('rtnl.af_spec', 'AF_', {
  2: ['inet', 'nested', { set: inetAttrs }],
  10: ['inet6', 'nested', { set: inet6Attrs }],
  28: ['mpls', 'nested', { set: mplsStats }],
});

const vlanTunnel = attrSet('rtnl.bridge_vlan_tunnel', 'IFLA_BRIDGE_VLAN_TUNNEL_', {
  1: ['id', 'u32'], 2: ['vid', 'u16'], 3: ['flags', 'u16'],
});
const mstEntry = attrSet('rtnl.bridge_mst_entry', 'IFLA_BRIDGE_MST_ENTRY_', { 1: ['msti', 'u16'], 2: ['state', 'u8'] });
const mst = attrSet('rtnl.bridge_mst', 'IFLA_BRIDGE_MST_', { 1: ['entry', 'nested', { set: mstEntry, multi: true }] });
const opaque = attrSet('rtnl.opaque', 'IFLA_BRIDGE_', {});

/** IFLA_AF_SPEC in AF_BRIDGE messages (`bridge link`, `bridge vlan`). */
export const bridgeAfSpecAttrs = attrSet('rtnl.bridge_af_spec', 'IFLA_BRIDGE_', {
  0: ['flags', 'u16', { bits: { 1: 'BRIDGE_FLAGS_MASTER', 2: 'BRIDGE_FLAGS_SELF' } }],
  1: ['mode', 'u16', { enum: { 0: 'BRIDGE_MODE_VEB', 1: 'BRIDGE_MODE_VEPA' } }],
  2: ['vlan_info', 'custom', { custom: struct('bridge_vlan_info', [['flags', 'u16'], ['vid', 'u16']]), multi: true }],
  3: ['vlan_tunnel_info', 'nested', { set: vlanTunnel, multi: true }],
  4: ['mrp', 'nested', { set: opaque }],
  5: ['cfm', 'nested', { set: opaque }],
  6: ['mst', 'nested', { set: mst }],
});
