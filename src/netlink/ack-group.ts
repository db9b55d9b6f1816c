// ACK elision: requests that go out together in one sendmsg() carry NLM_F_ACK on the last only.
//
// Why it holds: the kernel reads the messages of a datagram one after another, and for the
// protocols below every request is answered inside sendmsg(), before the next message is read
// (netlink_rcv_skb). So the replies of one request are queued before anything of a later one,
// and a reply or ACK of a later request in the group says that every earlier one is done. The
// ACK it did not send would have said nothing more: an error is sent whether or not NLM_F_ACK
// was asked for, and a success ACK's warnings are not surfaced by request(). The kernel then
// writes, and the socket reads, one datagram less per request (bench/roundtrip: 64 in flight).
import { NLM_F, Protocol } from './constants.js';
import type { Pending } from './pending.js';

/**
 * Protocols whose requests the kernel answers inside sendmsg(). Not AUDIT (it lists rules from a
 * kernel thread), nor the protocols whose peer may be a process (USERSOCK, ...).
 */
const ANSWERED_IN_SENDMSG = new Set<number>([Protocol.ROUTE, Protocol.SOCK_DIAG, Protocol.XFRM, Protocol.NETFILTER, Protocol.GENERIC]);

/** Whether a socket of this protocol elides ACKs, by its `elideAcks` option (default: by protocol). */
export function elidesAcks(protocol: number, option: boolean | undefined): boolean {
  return option ?? ANSWERED_IN_SENDMSG.has(protocol);
}

/**
 * Whether a request may be in a group: a plain request that asked for an ACK. A request with a
 * timeout keeps its own ACK: if the last of a group timed out, nothing would end the others.
 */
export function canGroup(p: Pending): boolean {
  return p.wantAck === true && p.dump === false && p.timer === undefined; // spelled out: runs per request
}

/** Requests sent in one sendmsg(), in order; only the last asked for an ACK. */
export class AckGroup {
  /** The first member not yet known to be done. */
  next = 0;
  constructor(readonly members: Pending[]) {}
}

/**
 * Makes a group of `members` (two or more, in the order they are in the datagram): clears
 * NLM_F_ACK in the encoded header of each but the last (its bytes are [start, end) of `buf`).
 */
export function groupAcks(buf: Uint8Array, members: Pending[]): void {
  const g = new AckGroup(members);
  for (let i = 0; i < members.length; i++) {
    const p = members[i]!;
    p.ackGroup = g;
    p.ackIndex = i;
    const at = p.start + 6; // nlmsg_flags, low byte (little-endian)
    if (i < members.length - 1) buf[at] = buf[at]! & ~NLM_F.ACK;
  }
}
