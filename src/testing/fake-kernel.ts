// A fake kernel: a transport (the addon's interface) that the real
// NetlinkSocket runs over, with a function from each request message to its
// reply datagrams standing in for the kernel. No root, no socket, no kernel.
import type { NativeAddon, NativeWatcher } from '../native.js';
import { NLMSG_ERROR, NLM_F, align4 } from '../netlink/constants.js';
import { parseMessages, type NetlinkMessage } from '../netlink/message.js';

export const FAKE_PORT = 4242;
const EAGAIN = 11;

/** What the fake kernel answers to one request: datagrams (each may hold several messages). */
export type Handler = (req: NetlinkMessage, raw: Uint8Array) => Uint8Array[];

export interface FakeKernel extends NativeAddon {
  /**
   * Queues a datagram as if the kernel sent it (groups != 0 marks a multicast event): to every
   * open socket that joined that group, else to the socket opened last.
   */
  inject(dgram: Uint8Array, groups?: number): void;
  /** Queues an error for the next recv of the socket opened last (e.g. ENOBUFS = 105). */
  injectErrno(errno: number): void;
  /** Every datagram sent, by any socket. */
  sent: Uint8Array[];
  /** Every group joined, by any socket. */
  memberships: number[];
  /** True once every socket opened is closed. */
  closed: boolean;
  /** Sockets opened and not closed. */
  readonly openSockets: number;
}

interface FakeSocket {
  queue: { dgram?: Uint8Array; groups: number; errno?: number }[];
  onReadable?: (status: number) => void;
  scheduled: boolean;
  groups: Set<number>;
  closed: boolean;
}

/**
 * A fake kernel. Each socket opened on it has its own receive queue and
 * memberships, so code that opens several sockets (a request socket and an
 * event socket) runs over it as over the kernel: replies go to the socket that
 * sent the request, multicast events to the sockets in the group.
 */
export function fakeKernel(handler: Handler): FakeKernel {
  const sockets = new Map<number, FakeSocket>();
  let nextFd = 99;
  let last = 99;
  const sock = (fd: number): FakeSocket => {
    let x = sockets.get(fd);
    if (!x) sockets.set(fd, (x = { queue: [], scheduled: false, groups: new Set(), closed: false }));
    return x;
  };
  const wake = (x: FakeSocket): void => {
    if (x.scheduled || !x.onReadable) return;
    x.scheduled = true;
    setImmediate(() => {
      x.scheduled = false;
      if (x.queue.length && x.onReadable) x.onReadable(0);
      if (x.queue.length) wake(x);
    });
  };
  const k: FakeKernel = {
    sent: [],
    memberships: [],
    closed: false,
    get openSockets() {
      return [...sockets.values()].filter((x) => !x.closed).length;
    },
    open: () => {
      last = nextFd++;
      sock(last);
      k.closed = false;
      return last;
    },
    bind: () => 0,
    portId: () => FAKE_PORT,
    setsockopt: (fd, level, opt, v) => {
      if (level === 270 && opt === 1) {
        k.memberships.push(v);
        sock(fd).groups.add(v);
      }
      if (level === 270 && opt === 2) sock(fd).groups.delete(v);
      return 0;
    },
    getsockopt: () => 0,
    send(fd, buffers) {
      const list = Array.isArray(buffers) ? buffers : [buffers];
      const x = sock(fd);
      let n = 0;
      for (const b of list) {
        n += b.length;
        k.sent.push(new Uint8Array(b));
        for (const m of parseMessages(b)) {
          for (const d of handler(m, b)) {
            const kept = withoutUnaskedAcks(d);
            if (kept.length) x.queue.push({ dgram: kept, groups: 0 });
          }
        }
      }
      wake(x);
      return n;
    },
    recv(fd, buf, flags, out) {
      const x = sock(fd);
      const item = flags & 2 /* MSG_PEEK */ ? x.queue[0] : x.queue.shift();
      if (!item) return -EAGAIN;
      if (item.errno) return -item.errno;
      const d = item.dgram!;
      buf.set(d.subarray(0, Math.min(d.length, buf.length)));
      out[0] = 0;
      out[1] = item.groups;
      out[2] = 0;
      return d.length;
    },
    close: (fd) => {
      sock(fd).closed = true;
      k.closed = [...sockets.values()].every((x) => x.closed);
      return 0;
    },
    watch(fd, cb) {
      const x = sock(fd);
      x.onReadable = cb;
      wake(x);
      return { fd } as unknown as NativeWatcher;
    },
    unwatch(watcher) {
      const fd = (watcher as unknown as { fd?: number }).fd;
      if (fd !== undefined) sock(fd).onReadable = undefined;
    },
    ref() {},
    inject(dgram, groups = 1) {
      const members = [...sockets.values()].filter((x) => !x.closed && x.groups.has(groups));
      const to = members.length ? members : [sock(last)];
      for (const x of to) {
        x.queue.push({ dgram, groups });
        wake(x);
      }
    },
    injectErrno(errno) {
      const x = sock(last);
      x.queue.push({ groups: 0, errno });
      wake(x);
    },
  };
  return k;
}

/**
 * The datagram without the success ACKs of requests that did not ask for one: the kernel sends an
 * ACK with errno 0 only for NLM_F_ACK (handlers here answer every request with ack(req), which
 * echoes the request's flags). Errors always go out.
 */
function withoutUnaskedAcks(d: Uint8Array): Uint8Array {
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const keep: Uint8Array[] = [];
  let dropped = false;
  for (let at = 0; at + 16 <= d.length;) {
    const len = v.getUint32(at, true);
    if (len < 16 || at + len > d.length) return d; // malformed on purpose: hand it over as it is
    const unasked = v.getUint16(at + 4, true) === NLMSG_ERROR && len >= 16 + 4 + 16 &&
      v.getInt32(at + 16, true) === 0 && (v.getUint16(at + 20 + 6, true) & NLM_F.ACK) === 0;
    const next = Math.min(at + align4(len), d.length); // with its padding, so the parts join as they are
    if (unasked) dropped = true;
    else keep.push(d.subarray(at, next));
    at = next;
  }
  return dropped ? Buffer.concat(keep) : d;
}
