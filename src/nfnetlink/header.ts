// The nfnetlink header (struct nfgenmsg, <linux/netfilter/nfnetlink.h>) and the
// subsystem ids: every NETLINK_NETFILTER message is (subsystem << 8) | command,
// followed by this 4-byte header and then the subsystem's attributes.
import { DecodeError } from '../netlink/errors.js';
import type { NetlinkMessage } from '../netlink/message.js';
import type { Writer } from '../netlink/writer.js';

export const NFNETLINK_V0 = 0;
export const NFGEN_HDRLEN = 4;

export const NFNL_SUBSYS = {
  NONE: 0, CTNETLINK: 1, CTNETLINK_EXP: 2, QUEUE: 3, ULOG: 4, OSF: 5, IPSET: 6, ACCT: 7,
  CTNETLINK_TIMEOUT: 8, CTHELPER: 9, NFTABLES: 10, NFT_COMPAT: 11, HOOK: 12,
} as const;
export type NfnlSubsysName = keyof typeof NFNL_SUBSYS;

export const NFNL_SUBSYS_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(NFNL_SUBSYS).map(([k, v]) => [v, `NFNL_SUBSYS_${k}`]),
);

/** Address families used in nfgen_family. */
export const NFPROTO = { UNSPEC: 0, INET: 1, IPV4: 2, ARP: 3, NETDEV: 5, BRIDGE: 7, IPV6: 10 } as const;

export interface NfgenHeader {
  family: number;
  version: number;
  resId: number;
}

export const nfMsgType = (subsys: number, cmd: number): number => ((subsys & 0xff) << 8) | (cmd & 0xff);
export const nfSubsys = (type: number): number => (type >> 8) & 0xff;
export const nfCmd = (type: number): number => type & 0xff;

/** Writes struct nfgenmsg: family u8, version u8, res_id be16. */
export function writeNfgen(w: Writer, family: number, resId = 0, version = NFNETLINK_V0): void {
  w.u8(family);
  w.u8(version);
  w.u16(resId, true);
}

export function readNfgen(payload: Uint8Array): NfgenHeader {
  if (payload.length < NFGEN_HDRLEN) throw new DecodeError(`nfnetlink message of ${payload.length} bytes has no nfgenmsg header`, 16);
  return { family: payload[0]!, version: payload[1]!, resId: (payload[2]! << 8) | payload[3]! };
}

/** The nfgenmsg header of a received message and where its attributes start in the payload. */
export function decodeNfgen(m: NetlinkMessage): NfgenHeader & { subsys: number; cmd: number; attrsAt: number } {
  return { ...readNfgen(m.payload), subsys: nfSubsys(m.type), cmd: nfCmd(m.type), attrsAt: NFGEN_HDRLEN };
}
