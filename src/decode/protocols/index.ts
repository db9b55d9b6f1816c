// The protocol registry: which decoder handles which netlink protocol, and the guess for
// captures that do not say (hex dumps, raw files).
//
// The guess, per record (one buffer that crossed one socket): every message of type >= 0x10 is
// scored by each protocol (see ProtocolDecoder.score) and the protocol with the highest total
// wins; ties go to netfilter, then generic, then route. In practice:
//  - types whose high byte is a known nfnetlink subsystem (NFNL_SUBSYS_IPSET << 8 | cmd = 0x6xx),
//    with an nfgenmsg of version 0 and well-framed attributes -> netfilter;
//  - type 0x10 with a genlmsghdr (reserved 0, a CTRL_CMD_* command) -> generic (nlctrl);
//    a type named by options.families or learned from CTRL_CMD_NEWFAMILY -> generic;
//  - types 16..123 that are RTM_* messages whose fixed header (ifinfomsg, ifaddrmsg, rtmsg...)
//    is followed by well-framed attributes and starts with an address family -> route;
//  - an unknown type with a genlmsghdr and clean attributes -> generic (a dynamic family id).
// An NLMSG_ERROR alone is placed by the request it echoes; a record with nothing to go by gets
// the protocol last seen on the same (pid, fd), else the last one guessed in the capture.
import { Protocol } from '../../netlink/constants.js';
import { generic } from './generic.js';
import { netfilter } from './netfilter.js';
import { route } from './route.js';
import type { CaptureState, ProtocolDecoder, RawMessage } from './types.js';

export type { CaptureState, ProtocolDecoder, RawMessage } from './types.js';

/** Decoders in tie-break order. */
export const PROTOCOLS: readonly ProtocolDecoder[] = [netfilter, generic, route];

const byNumber = new Map<number, ProtocolDecoder>(PROTOCOLS.map((p) => [p.number, p]));

const ALIASES: Readonly<Record<string, number>> = {
  rtnetlink: Protocol.ROUTE, rtnl: Protocol.ROUTE, genl: Protocol.GENERIC, genetlink: Protocol.GENERIC,
  nfnetlink: Protocol.NETFILTER, nfnl: Protocol.NETFILTER, nl80211: Protocol.GENERIC, nlctrl: Protocol.GENERIC,
  ipset: Protocol.NETFILTER,
};

/** A protocol's number from its name ('route', 'NETLINK_GENERIC', 'genl', 'netfilter') or number text ('16'). */
export function protocolNumber(spec: string | number): number | undefined {
  if (typeof spec === 'number') return Number.isInteger(spec) && spec >= 0 && spec < 32 ? spec : undefined;
  const t = spec.trim();
  if (/^(0x[0-9a-f]+|\d+)$/i.test(t)) return protocolNumber(Number(t));
  const key = t.toUpperCase().replace(/^NETLINK_/, '');
  if (key in Protocol) return Protocol[key as keyof typeof Protocol];
  return ALIASES[t.toLowerCase()];
}

/** The lower-case name of a protocol number ('route', 'generic', 'sock_diag'); 'netlink N' when it has none. */
const names = new Map<number, string>(Object.entries(Protocol).map(([k, v]) => [v, k.toLowerCase()]));

export function protocolName(n: number): string {
  return names.get(n) ?? `netlink ${n}`;
}

export function decoderFor(n: number | undefined): ProtocolDecoder | undefined {
  return n === undefined ? undefined : byNumber.get(n);
}

/** Names the protocols `--protocol` accepts, for help and errors. */
export function protocolNames(): string[] {
  return [...Object.keys(Protocol).map((k) => k.toLowerCase()), ...Object.keys(ALIASES)];
}

/**
 * The best protocol for these messages (types >= 0x10 and error-echoed requests), or undefined
 * when nothing fits. `requests` are the types of requests echoed by NLMSG_ERRORs.
 */
export function guessProtocol(messages: readonly RawMessage[], requests: readonly number[], state: CaptureState): ProtocolDecoder | undefined {
  const totals = new Map<ProtocolDecoder, number>();
  let any = false;
  for (const m of messages) {
    if (m.type < 0x10) continue;
    any = true;
    for (const p of PROTOCOLS) {
      const s = p.score(m, state);
      if (s > 0) totals.set(p, (totals.get(p) ?? 0) + s);
    }
  }
  if (!any) {
    // Only control messages: the echoed request's type is all there is (no payload to check).
    for (const type of requests) {
      for (const p of PROTOCOLS) {
        const s = p.score({ type, flags: 0, seq: 0, pid: 0, len: 16, payload: new Uint8Array(0) }, state)
          || (p === generic && (type === 0x10 || state.genlFamilies.has(type)) ? 1 : 0)
          || (p === netfilter && type > 0xff && type < 0x0d00 ? 1 : 0);
        if (s > 0) totals.set(p, (totals.get(p) ?? 0) + s);
      }
    }
  }
  let best: ProtocolDecoder | undefined;
  let bestScore = 0;
  for (const p of PROTOCOLS) {
    const s = totals.get(p) ?? 0;
    if (s > bestScore) { best = p; bestScore = s; }
  }
  return best;
}
