// A sync request's answer, taken straight from the read that follows its send: by then the kernel
// has usually queued exactly its replies and its ACK (a dump's first part and NLMSG_DONE), so no
// record, no table and no general routing are needed. Anything else is left to the socket's routing.
import { Nlmsg, NlmF } from './constants.js'; // const enums: literals in the output
import type { NetlinkMessage } from './message.js';
import { NO_REPLIES } from './pending.js';
import type { DatagramReader } from './reader.js';

/** NO_REPLIES under a name of this module: an imported binding is checked at every use, and this runs per datagram. */
const NONE = NO_REPLIES;

/** What has been taken for one sync request. */
export class OwnAnswer {
  /** NO_REPLIES until the first reply: an array per request only where there is one. */
  replies: NetlinkMessage[] = NONE;
  /** Its ACK (a dump: its NLMSG_DONE) was taken: the answer is complete. */
  over = false;
  constructor(readonly seq: number, readonly portId: number, readonly dump: boolean) {}
}

/**
 * Takes the datagrams [from, n) of the reader's last read while each is plainly the answer's: every
 * message carries its seq and our port (or the kernel's 0) and is a reply, or the plain ACK (a dump:
 * NLMSG_DONE) that ends it, last. Returns the index of the first datagram it did not take.
 */
export function takeOwn(r: DatagramReader, from: number, n: number, a: OwnAnswer): number {
  const { view, out, slot, ab, base } = r;
  let j = from;
  for (; j < n && !a.over; j++) {
    const start = out[4 * j]!, size = out[4 * j + 1]!;
    if (size > slot || out[4 * j + 3] !== 0 || !plainlyOwn(view, start, start + size, a)) break;
    for (let at = start, end = start + size; end - at >= Nlmsg.HDRLEN;) {
      const len = view.getUint32(at, true), type = view.getUint16(at + 4, true);
      if (type < Nlmsg.MIN_TYPE) {
        a.over = true;
        break;
      }
      const m = { type, flags: view.getUint16(at + 6, true), seq: a.seq, pid: view.getUint32(at + 12, true), payload: new Uint8Array(ab, base + at + Nlmsg.HDRLEN, len - Nlmsg.HDRLEN) };
      if (a.replies === NONE) a.replies = [m];
      else a.replies.push(m);
      at += (len + 3) & ~3;
    }
    if (a.replies !== NONE) r.keep(); // the replies are handed out: their slab is never written again
  }
  return j;
}

/** Whether every message of slab[start, end) is plainly the answer's (see takeOwn). */
function plainlyOwn(view: DataView, start: number, end: number, a: OwnAnswer): boolean {
  let at = start;
  while (end - at >= Nlmsg.HDRLEN) {
    const len = view.getUint32(at, true);
    if (len < Nlmsg.HDRLEN || len > end - at || view.getUint32(at + 8, true) !== a.seq) return false;
    const pid = view.getUint32(at + 12, true);
    if (pid !== a.portId && pid !== 0) return false;
    const type = view.getUint16(at + 4, true);
    if (type < Nlmsg.MIN_TYPE) {
      // The end, last in the datagram: success without extended-ACK attributes. Errors go the long way.
      return type === (a.dump ? Nlmsg.DONE : Nlmsg.ERROR) && len >= Nlmsg.HDRLEN + 4 && (view.getUint16(at + 6, true) & NlmF.ACK_TLVS) === 0 &&
        view.getInt32(at + Nlmsg.HDRLEN, true) === 0 && end - (at + ((len + 3) & ~3)) < 4;
    }
    at += (len + 3) & ~3;
  }
  return end - at < 4;
}
