// A fake kernel: a transport (the addon's interface) that the real
// NetlinkSocket runs over, with a function from each request message to its
// reply datagrams standing in for the kernel. No root, no socket, no kernel.
import type { NativeAddon, NativeWatcher } from '../native.js';
import { parseMessages, type NetlinkMessage } from '../netlink/message.js';

export const FAKE_PORT = 4242;
const EAGAIN = 11;

/** What the fake kernel answers to one request: datagrams (each may hold several messages). */
export type Handler = (req: NetlinkMessage, raw: Uint8Array) => Uint8Array[];

export interface FakeKernel extends NativeAddon {
  /** Queues a datagram as if the kernel sent it (groups != 0 marks a multicast event). */
  inject(dgram: Uint8Array, groups?: number): void;
  /** Queues an error for the next recv (e.g. ENOBUFS = 105). */
  injectErrno(errno: number): void;
  sent: Uint8Array[];
  memberships: number[];
  closed: boolean;
}

export function fakeKernel(handler: Handler): FakeKernel {
  const queue: { dgram?: Uint8Array; groups: number; errno?: number }[] = [];
  let onReadable: ((status: number) => void) | undefined;
  let scheduled = false;
  const wake = (): void => {
    if (scheduled || !onReadable) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (queue.length && onReadable) onReadable(0);
      if (queue.length) wake();
    });
  };
  const k: FakeKernel = {
    sent: [],
    memberships: [],
    closed: false,
    open: () => 99,
    bind: () => 0,
    portId: () => FAKE_PORT,
    setsockopt: (_fd, level, opt, v) => {
      if (level === 270 && opt === 1) k.memberships.push(v);
      return 0;
    },
    getsockopt: () => 0,
    send(_fd, buffers) {
      const list = Array.isArray(buffers) ? buffers : [buffers];
      let n = 0;
      for (const b of list) {
        n += b.length;
        k.sent.push(new Uint8Array(b));
        for (const m of parseMessages(b)) for (const d of handler(m, b)) queue.push({ dgram: d, groups: 0 });
      }
      wake();
      return n;
    },
    recv(_fd, buf, flags, out) {
      const item = flags & 2 /* MSG_PEEK */ ? queue[0] : queue.shift();
      if (!item) return -EAGAIN;
      if (item.errno) return -item.errno;
      const d = item.dgram!;
      buf.set(d.subarray(0, Math.min(d.length, buf.length)));
      out[0] = 0;
      out[1] = item.groups;
      out[2] = 0;
      return d.length;
    },
    close: () => {
      k.closed = true;
      return 0;
    },
    watch(_fd, cb) {
      onReadable = cb;
      wake();
      return {} as NativeWatcher;
    },
    unwatch() {
      onReadable = undefined;
    },
    ref() {},
    inject(dgram, groups = 1) {
      queue.push({ dgram, groups });
      wake();
    },
    injectErrno(errno) {
      queue.push({ groups: 0, errno });
      wake();
    },
  };
  return k;
}
