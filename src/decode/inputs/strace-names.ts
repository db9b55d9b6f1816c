// Symbolic names that strace prints in decoded netlink traffic, mapped back to numbers.
// They come from the schemas (every attribute set, enum and bit table of rtnetlink, nl80211,
// ipset, nlctrl and the netlink core), so the decoder has one copy of each table. Only what no
// schema holds is listed here (address families and ARPHRD types beyond rtnetlink's, tc and
// sock_diag names, and the aliases strace prints). Names not found make a reconstruction
// inexact (the record is marked approximate), never wrong in length.
import { CTRL_CMD, ctrlAttrs } from '../../genl/ctrl.js';
import { GENL_ID_CTRL } from '../../genl/header.js';
import { NLMSGERR_ATTR, NLMSG_DONE, NLMSG_ERROR, NLMSG_MIN_TYPE, NLMSG_NOOP, NLMSG_OVERRUN, NLM_F, NLA_F_NESTED, NLA_F_NET_BYTEORDER, Protocol } from '../../netlink/constants.js';
import { AttrSet } from '../../netlink/schema.js';
import { NFNETLINK_V0, NFNL_SUBSYS } from '../../nfnetlink/header.js';
import { IPSET_CMD, adtAttrs, ipsetAdtCmdAttrs, ipsetCreateCmdAttrs, ipsetProtocolCmdAttrs, ipsetRenameCmdAttrs } from '../../ipset/schema.js';
import { NL80211_CMD, NL80211_ENUMS, nl80211 } from '../../nl80211/schema/index.js';
import { ATTRS, rtmName } from '../../rtnetlink/index.js';
import * as E from '../../rtnetlink/enums.js';
import { afSpecAttrs, bridgeAfSpecAttrs } from '../../rtnetlink/link-af.js';
import { INFO_DATA, INFO_SLAVE_DATA } from '../../rtnetlink/link-kinds.js';

/** Names no schema holds, as `PREFIX`, `NAME NAME=N ...` (a bare name takes the previous value + 1). */
const EXTRA: ReadonlyArray<readonly [string, string]> = [
  ['NLM_F_', 'DUMP=768'],
  ['IFA_F_', 'TEMPORARY=1'],
  ['FRA_', 'IFNAME=3 UNUSED2=5 UNUSED3=7 UNUSED4 UNUSED5'],
  ['IFLA_', 'IF_NETNSID=46'],
  ['NL80211_CMD_', 'NEW_BEACON=15 DEL_BEACON=16 REGISTER_ACTION=58 ACTION=59 ACTION_TX_STATUS=60'],
  ['NETCONFA_', 'IFINDEX_ALL=-1 IFINDEX_DEFAULT=-2'],
  ['NFNL_MSG_', `BATCH_BEGIN=${NLMSG_MIN_TYPE} BATCH_END`],
  ['TCA_', `UNSPEC=0 KIND OPTIONS STATS XSTATS RATE FCNT STATS2 STAB PAD DUMP_INVISIBLE CHAIN HW_OFFLOAD
    INGRESS_BLOCK EGRESS_BLOCK DUMP_FLAGS EXT_WARN_MSG`],
  ['SOCK_', 'DIAG_BY_FAMILY=20 DESTROY'],
  ['AF_', `UNSPEC=0 UNIX LOCAL=1 INET AX25 IPX APPLETALK NETROM BRIDGE ATMPVC X25 INET6 ROSE DECnet NETBEUI
    SECURITY KEY NETLINK PACKET ASH ECONET ATMSVC RDS SNA IRDA PPPOX WANPIPE LLC IB MPLS CAN TIPC
    BLUETOOTH IUCV RXRPC ISDN PHONET IEEE802154 CAIF ALG NFC VSOCK KCM QIPCRTR SMC XDP MCTP`],
  ['ARPHRD_', `NETROM=0 ETHER EETHER AX25 PRONET CHAOS IEEE802 ARCNET APPLETLK DLCI=15 ATM=19 METRICOM=23
    IEEE1394 EUI64=27 INFINIBAND=32 SLIP=256 CSLIP SLIP6 CSLIP6 RSRVD ADAPT=264 ROSE=270 X25 HWX25
    CAN=280 MCTP=290 PPP=512 CISCO HDLC=513 LAPB=516 DDCMP RAWHDLC RAWIP TUNNEL=768 TUNNEL6 FRAD
    SKIP LOOPBACK LOCALTLK FDDI BIF SIT IPDDP IPGRE PIMREG HIPPI ASH ECONET IRDA FCPP FCAL FCPL
    FCFABRIC IEEE802_TR=800 IEEE80211 IEEE80211_PRISM IEEE80211_RADIOTAP IEEE802154 IEEE802154_MONITOR
    PHONET=820 PHONET_PIPE CAIF IP6GRE NETLINK 6LOWPAN VSOCKMON NONE=65534 VOID=65535`],
  ['NUD_', 'NONE=0'],
  ['NETLINK_', 'INET_DIAG=4'],
  ['IPSET_CMD_', 'RESTORE=16 HELP VERSION QUIT COMMIT'],
  ...['RTA_', 'IFLA_', 'IFLA_INFO_', 'IFA_', 'CTRL_ATTR_', 'NDA_', 'FRA_', 'NETCONFA_'].map((p) => [p, 'UNSPEC=0'] as const),
];

/** A C constant name (values of enums like bond modes are words, not constants). */
const CONST = /^[A-Z][A-Z0-9_]*$/;

function addTable(map: Map<string, number>, table: Readonly<Record<string | number, string>> | undefined, prefix = ''): void {
  if (!table) return;
  for (const [k, name] of Object.entries(table)) {
    const full = prefix + name;
    if (CONST.test(full) && !map.has(full)) map.set(full, Number(k));
  }
}

function addObject(map: Map<string, number>, values: Readonly<Record<string, number>>, prefix: string): void {
  for (const [k, v] of Object.entries(values)) if (!map.has(prefix + k)) map.set(prefix + k, v);
}

/** Every attribute of a set and of the sets below it, with the names of their values. */
function addSet(map: Map<string, number>, set: AttrSet | undefined, seen: Set<AttrSet>): void {
  if (!set || seen.has(set)) return;
  seen.add(set);
  for (const spec of set.specs) {
    if (!spec) continue;
    if (!map.has(spec.kernelName)) map.set(spec.kernelName, spec.type);
    addTable(map, spec.enum);
    addTable(map, spec.bits);
    addSet(map, AttrSet.nestedOf(spec), seen);
    const el = spec.element?.[2]?.set;
    addSet(map, typeof el === 'function' ? el() : el, seen);
  }
}

function build(): Map<string, number> {
  const map = new Map<string, number>();
  addObject(map, Protocol, 'NETLINK_');
  addObject(map, { NOOP: NLMSG_NOOP, ERROR: NLMSG_ERROR, DONE: NLMSG_DONE, OVERRUN: NLMSG_OVERRUN, MIN_TYPE: NLMSG_MIN_TYPE }, 'NLMSG_');
  addObject(map, NLM_F, 'NLM_F_');
  addObject(map, { NESTED: NLA_F_NESTED, NET_BYTEORDER: NLA_F_NET_BYTEORDER }, 'NLA_F_');
  addObject(map, { UNUSED: 0, ...NLMSGERR_ATTR }, 'NLMSGERR_ATTR_');
  addObject(map, NFNL_SUBSYS, 'NFNL_SUBSYS_');
  map.set('NFNETLINK_V0', NFNETLINK_V0);
  addObject(map, CTRL_CMD, 'CTRL_CMD_');
  addObject(map, NL80211_CMD, 'NL80211_CMD_');
  addObject(map, IPSET_CMD, 'IPSET_CMD_');
  for (let t = 16; t < 124; t++) {
    const n = rtmName(t);
    if (n) map.set(n, t);
  }
  // rtnetlink's header fields and values
  for (const [table, prefix] of [[E.AF, ''], [E.ARPHRD, 'ARPHRD_'], [E.IFF, 'IFF_'], [E.IFA_F, 'IFA_F_'], [E.SCOPE, ''], [E.TABLE, ''],
    [E.RTPROT, ''], [E.RTN, ''], [E.RTM_F, ''], [E.NH_F, ''], [E.NUD, 'NUD_'], [E.NTF, 'NTF_'], [E.FR_ACT, ''], [E.FIB_RULE_F, ''],
    [E.RTEXT_FILTER, ''], [E.OPERSTATE, '']] as const) addTable(map, table, prefix);
  for (const e of NL80211_ENUMS) addObject(map, e.values, e.prefix);
  const seen = new Set<AttrSet>();
  for (const set of [...Object.values(ATTRS), afSpecAttrs, bridgeAfSpecAttrs, ...INFO_DATA.values(), ...INFO_SLAVE_DATA.values(),
    ctrlAttrs, nl80211.attrs, adtAttrs, ipsetAdtCmdAttrs, ipsetCreateCmdAttrs, ipsetProtocolCmdAttrs, ipsetRenameCmdAttrs]) addSet(map, set, seen);
  for (const [prefix, list] of EXTRA) {
    let next = 0;
    for (const token of list.split(/\s+/)) {
      if (!token) continue;
      const eq = token.indexOf('=');
      const name = eq < 0 ? token : token.slice(0, eq);
      const value = eq < 0 ? next : Number(token.slice(eq + 1));
      if (!map.has(prefix + name)) map.set(prefix + name, value);
      next = value + 1;
    }
  }
  return map;
}

/** Every symbolic constant strace may print, by full name ('NLM_F_REQUEST' -> 1). */
export const CONSTANTS: ReadonlyMap<string, number> = build();

/** Generic netlink families whose id is fixed; others are learned from CTRL_CMD_NEWFAMILY replies. */
export const STATIC_GENL_FAMILIES: ReadonlyMap<string, number> = new Map([['nlctrl', GENL_ID_CTRL]]);

export { NLMSG_ERROR };
/** The link type of nlmon devices (ARPHRD_NETLINK). */
export const ARPHRD_NETLINK = CONSTANTS.get('ARPHRD_NETLINK')!;

/**
 * The netlink protocol a message type name printed by strace implies, for sockets whose
 * socket() call is not in the trace: strace itself only decodes names when it knows it.
 */
export function protocolOfTypeName(name: string): number | undefined {
  if (name.startsWith('RTM_')) return 0;
  if (name.startsWith('NFNL_') || name.startsWith('IPSET_') || name.startsWith('IPCTNL_')) return 12;
  if (name.startsWith('SOCK_DIAG_') || name.startsWith('TCPDIAG_') || name.startsWith('DCCPDIAG_')) return 4;
  if (name.startsWith('XFRM_MSG_')) return 6;
  if (name.startsWith('SELNL_MSG_')) return 7;
  if (name.startsWith('AUDIT_')) return 9;
  if (name.startsWith('CRYPTO_MSG_')) return 21;
  if (/^[a-z][a-z0-9_]*$/.test(name)) return 16; // generic netlink family name (nlctrl, nl80211, ...)
  return undefined;
}
