// A fake kernel for unit tests of the socket logic: the real NetlinkSocket
// runs over it, with a function from each request message to its replies
// standing in for the kernel.
import type { NativeAddon, NativeWatcher } from '../../src/native.js';
import { parseMessages, type NetlinkMessage } from '../../src/netlink/message.js';

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

// ---- message builders for replies ----

function header(len: number, type: number, flags: number, seq: number, pid: number): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint32(0, len, true);
  v.setUint16(4, type, true);
  v.setUint16(6, flags, true);
  v.setUint32(8, seq, true);
  v.setUint32(12, pid, true);
  return b;
}

export function message(type: number, flags: number, seq: number, payload: Uint8Array = new Uint8Array(0), pid = FAKE_PORT): Uint8Array {
  const len = 16 + payload.length;
  const out = new Uint8Array((len + 3) & ~3);
  out.set(header(len, type, flags, seq, pid));
  out.set(payload, 16);
  return out;
}

/** An ACK (error 0) or an error for a request, capped (NLM_F_CAPPED), with an optional ext-ack message. */
export function ack(req: NetlinkMessage, errno = 0, extMsg?: string): Uint8Array {
  const tlv: number[] = [];
  if (extMsg) {
    const text = Buffer.from(extMsg + '\0');
    const len = 4 + text.length;
    const t = new Uint8Array((len + 3) & ~3);
    new DataView(t.buffer).setUint16(0, len, true);
    new DataView(t.buffer).setUint16(2, 1, true);
    t.set(text, 4);
    tlv.push(...t);
  }
  const p = new Uint8Array(4 + 16 + tlv.length);
  const v = new DataView(p.buffer);
  v.setInt32(0, -errno, true);
  p.set(header(16 + req.payload.length, req.type, req.flags, req.seq, req.pid), 4);
  p.set(tlv, 20);
  return message(2, 0x100 | (extMsg ? 0x200 : 0), req.seq, p);
}

export function done(seq: number, error = 0): Uint8Array {
  const p = new Uint8Array(4);
  new DataView(p.buffer).setInt32(0, error, true);
  return message(3, 0x2, seq, p);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
