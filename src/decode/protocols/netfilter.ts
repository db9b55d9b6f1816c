// NETLINK_NETFILTER: message type = subsystem << 8 | command, then struct nfgenmsg, then the
// subsystem's attributes. ipset is decoded by the ipset module's schema; other subsystems are
// named and shown with raw attributes.
import { NLMSG_MIN_TYPE, Protocol } from '../../netlink/constants.js';
import { ipsetErrorMessage, ipsetErrorName } from '../../ipset/errors.js';
import { ipsetProtocol } from '../../ipset/schema.js';
import { NFGEN_HDRLEN, NFNL_SUBSYS, NFNL_SUBSYS_NAMES, NFPROTO, nfCmd, nfSubsys, readNfgen } from '../../nfnetlink/header.js';
import { decodeAttrList, type Problems } from '../attrs.js';
import type { DecodedMessage } from '../types.js';
import { attrsFrame } from './generic.js';
import { kindOfCommand, type ProtocolDecoder, type RawMessage } from './types.js';

/** Batch delimiters (<linux/netfilter/nfnetlink.h>), subsystem 0: res_id names the batch's subsystem. */
const BATCH: Readonly<Record<number, string>> = { [NLMSG_MIN_TYPE]: 'NFNL_MSG_BATCH_BEGIN', [NLMSG_MIN_TYPE + 1]: 'NFNL_MSG_BATCH_END' };

const NFPROTO_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(NFPROTO).map(([k, v]) => [v, k.toLowerCase()]),
);

/** The subsystems the decoder has schemas for. */
const subsystems: ReadonlyMap<number, typeof ipsetProtocol> = new Map([[ipsetProtocol.subsystem, ipsetProtocol]]);

function subsysFamily(subsys: number): string {
  const s = subsystems.get(subsys);
  if (s) return s.name;
  const n = NFNL_SUBSYS_NAMES[subsys];
  return n ? n.replace('NFNL_SUBSYS_', '').toLowerCase() : `subsys ${subsys}`;
}

function commandName(type: number): string {
  if (BATCH[type]) return BATCH[type]!;
  const s = subsystems.get(nfSubsys(type));
  return s?.commands[nfCmd(type)] ?? `cmd ${nfCmd(type)}`;
}

function typeNameOf(type: number): string {
  if (BATCH[type]) return BATCH[type]!;
  const subsys = nfSubsys(type);
  const sname = NFNL_SUBSYS_NAMES[subsys] ?? `${subsys}`;
  const s = subsystems.get(subsys);
  const cname = s?.commands[nfCmd(type)] ?? `${nfCmd(type)}`;
  return `${sname}<<8|${cname}`;
}

/** Type names worked out so far: a capture repeats a few types, and each name is two lookups and a concatenation. */
const typeNames = new Map<number, string>();

export const netfilter: ProtocolDecoder = {
  name: 'netfilter',
  number: Protocol.NETFILTER,

  typeName(type) {
    let name = typeNames.get(type);
    if (name === undefined) {
      name = typeNameOf(type);
      if (typeNames.size < 4096) typeNames.set(type, name);
    }
    return name;
  },

  decode(msg: RawMessage, out: DecodedMessage, _state, problems: Problems): void {
    const subsys = nfSubsys(msg.type);
    out.family = BATCH[msg.type] ? 'nfnetlink' : subsysFamily(subsys);
    out.command = commandName(msg.type);
    const p = msg.payload;
    if (p.length < NFGEN_HDRLEN) {
      problems.add(`nfnetlink message of ${p.length} bytes has no nfgenmsg header`, 0);
      return;
    }
    const h = readNfgen(p);
    const familyName = NFPROTO_NAMES[h.family];
    out.familyHeader = familyName !== undefined
      ? { kind: 'nfgen', family: h.family, familyName, version: h.version, resId: h.resId }
      : { kind: 'nfgen', family: h.family, version: h.version, resId: h.resId };
    const s = BATCH[msg.type] ? undefined : subsystems.get(subsys);
    out.attrs = decodeAttrList(s?.attrsFor(nfCmd(msg.type)), p, NFGEN_HDRLEN, p.length, problems);
  },

  describe(type) {
    const command = commandName(type);
    return { family: BATCH[type] ? 'nfnetlink' : subsysFamily(nfSubsys(type)), command, kind: kindOfCommand(command) };
  },

  score(msg) {
    const p = msg.payload;
    if (BATCH[msg.type]) return p.length >= NFGEN_HDRLEN && p[1] === 0 ? 1 : 0;
    const subsys = nfSubsys(msg.type);
    if (subsys === 0 || NFNL_SUBSYS_NAMES[subsys] === undefined) return 0;
    if (p.length < NFGEN_HDRLEN || p[1] !== 0) return 0; // nfgenmsg.version is NFNETLINK_V0
    if (!attrsFrame(p, NFGEN_HDRLEN).ok) return 0;
    const s = subsystems.get(subsys);
    return s && s.commands[nfCmd(msg.type)] ? 3 : 2;
  },
};

/** ipset's own names and words for its error codes (below -4096), when the request went to ipset. */
export function netfilterErrorName(requestType: number, code: number): { name: string; text: string } | undefined {
  if (nfSubsys(requestType) !== NFNL_SUBSYS.IPSET || code >= 0) return undefined;
  const errno = -code;
  const name = ipsetErrorName(errno);
  if (!name) return undefined;
  return { name, text: ipsetErrorMessage(errno, nfCmd(requestType)) };
}
