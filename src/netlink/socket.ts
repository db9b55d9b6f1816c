// NetlinkSocket: the five ways to talk to the kernel (sendto, put,
// request/dump, get, recv) over one non-blocking socket driven by libuv.
import os from 'node:os';
import path from 'node:path';
import { native, type NativeAddon, type NativeWatcher } from '../native.js';
import {
  MSG_PEEK, NETLINK_ADD_MEMBERSHIP, NETLINK_CAP_ACK, NETLINK_DROP_MEMBERSHIP, NETLINK_EXT_ACK, NETLINK_GET_STRICT_CHK,
  NLMSG_DONE, NLMSG_ERROR, NLM_F, Protocol, SOL_NETLINK, SOL_SOCKET, SO_RCVBUF, SO_RCVBUFFORCE, type ProtocolName,
} from './constants.js';
import { NetlinkError, SocketClosedError } from './errors.js';
import { parseDone, parseError, parseMessages, writeMessage, type ErrorPayload, type NetlinkMessage } from './message.js';
import { Writer } from './writer.js';

const { EAGAIN, ENOBUFS, EINTR } = os.constants.errno;

export interface SocketOptions {
  /** Network namespace: a name from `ip netns` (/run/netns/NAME) or a path such as /proc/PID/ns/net. */
  netns?: string;
  /** Legacy multicast group bitmask for bind(). */
  groups?: number;
  /** NETLINK_EXT_ACK: kernel error messages and offsets (default true). */
  extAck?: boolean;
  /** NETLINK_CAP_ACK: ACKs without the echoed request (default true). */
  capAck?: boolean;
  /** NETLINK_GET_STRICT_CHK (default false: not every family supports it). */
  strictCheck?: boolean;
  /** Socket receive buffer in bytes (SO_RCVBUFFORCE when permitted, else SO_RCVBUF). Default 4 MiB. */
  rcvbuf?: number;
  /**
   * Largest datagram read in one go (default 64 KiB, twice the kernel's 32 KiB dump datagrams).
   * A bigger one fails the request it answers with EMSGSIZE, and the buffer grows to fit the next.
   */
  bufferSize?: number;
  /** Never lose an oversized datagram: peek at each one's size first (MSG_PEEK|MSG_TRUNC; one more syscall per datagram). */
  peek?: boolean;
  /** Requests on the wire at once; more wait their turn, so replies never overflow the receive buffer (default 256). */
  maxInFlight?: number;
  /** The system-call layer; the native addon unless a test supplies a fake kernel. */
  transport?: NativeAddon;
}

/** A message to send: the socket fills in the length, and the sequence number when not given. */
export interface OutMessage {
  type: number;
  flags?: number;
  seq?: number;
  pid?: number;
  /** The bytes after the netlink header, or a function that writes them. */
  body?: Uint8Array | ((w: Writer) => void);
}

export interface RequestOptions {
  /** Reject with ETIMEDOUT after this long (default: wait for the kernel). */
  timeoutMs?: number;
  /** Names the request in errors, e.g. "nlctrl CTRL_CMD_GETFAMILY". */
  command?: string;
  /** For dumps: most messages buffered before reading pauses (default 64). */
  highWaterMark?: number;
}


interface Pending {
  seq: number;
  command?: string;
  dump: boolean;
  wantAck: boolean;
  replies: NetlinkMessage[];
  settled: boolean;
  resolve(replies: NetlinkMessage[]): void;
  reject(err: Error): void;
  /** For dumps: wakes the iterator. */
  wake?: () => void;
  done: boolean;
  error?: Error;
  timer?: NodeJS.Timeout;
  highWaterMark: number;
  /** A dump whose reader stopped early: the rest is read and dropped. */
  discard?: boolean;
}

interface Waiter<T> {
  resolve(v: T): void;
  reject(e: Error): void;
}

const SLAB = 1 << 20;
/** Bytes per sendmsg() batch: well under the default send buffer (212992). */
const BATCH_BYTES = 128 * 1024;

function resolveNetns(netns: string | undefined): string | null {
  if (!netns) return null;
  if (netns.includes('/')) return netns;
  if (!/^[A-Za-z0-9_.-]+$/.test(netns) || netns === '.' || netns === '..') {
    throw new TypeError(`invalid network namespace name '${netns}'`);
  }
  return path.join('/run/netns', netns);
}

function errnoError(errno: number, what: string): NetlinkError {
  return new NetlinkError({ errno, command: what });
}

export class NetlinkSocket {
  readonly protocol: number;
  readonly portId: number;
  readonly fd: number;
  private readonly addon: NativeAddon;
  private watcher: NativeWatcher | undefined;
  private closed = false;
  private paused = false;
  private refed = true;
  private seq: number;
  private slab = new Uint8Array(SLAB);
  private slabPos = 0;
  private bufferSize: number;
  private readonly peek: boolean;
  private readonly out = new Int32Array(3);
  private readonly pending = new Map<number, Pending>();
  private readonly events: (NetlinkMessage | Error)[] = [];
  private readonly eventWaiters: Waiter<NetlinkMessage>[] = [];
  private readonly rawWaiters: Waiter<Uint8Array>[] = [];
  private readonly queued: { bytes: Uint8Array; p: Pending }[] = [];
  private readonly maxInFlight: number;
  private inFlight = 0;
  private readonly writer = new Writer(4096);

  private constructor(addon: NativeAddon, protocol: number, fd: number, portId: number, opts: SocketOptions) {
    this.addon = addon;
    this.protocol = protocol;
    this.fd = fd;
    this.portId = portId;
    this.bufferSize = Math.max(opts.bufferSize ?? 65536, 4096);
    this.peek = opts.peek ?? false;
    this.maxInFlight = opts.maxInFlight ?? 256;
    this.seq = (Date.now() ^ (process.pid << 16)) >>> 0 || 1;
    this.watcher = this.addon.watch(fd, this.onReadable);
    this.updateRef();
  }

  /** Opens, configures and binds a socket. `protocol` is a number or a name such as 'GENERIC'. */
  static open(protocol: number | ProtocolName, opts: SocketOptions = {}): NetlinkSocket {
    const proto = typeof protocol === 'number' ? protocol : Protocol[protocol];
    if (proto === undefined || !Number.isInteger(proto) || proto < 0 || proto > 31) {
      throw new TypeError(`unknown netlink protocol '${String(protocol)}'`);
    }
    const addon = opts.transport ?? native();
    const nsPath = resolveNetns(opts.netns);
    const fd = addon.open(proto, nsPath);
    if (fd < 0) {
      const what = nsPath ? `socket(AF_NETLINK, ${proto}) in network namespace ${opts.netns}` : `socket(AF_NETLINK, ${proto})`;
      throw errnoError(-fd, what);
    }
    const fail = (r: number, what: string): never => {
      addon.close(fd);
      throw errnoError(-r, what);
    };
    const set = (level: number, opt: number, v: number): number => addon.setsockopt(fd, level, opt, v);
    const rcvbuf = opts.rcvbuf ?? 4 << 20;
    if (set(SOL_SOCKET, SO_RCVBUFFORCE, rcvbuf) < 0) set(SOL_SOCKET, SO_RCVBUF, rcvbuf);
    if (opts.extAck !== false) set(SOL_NETLINK, NETLINK_EXT_ACK, 1);
    if (opts.capAck !== false) set(SOL_NETLINK, NETLINK_CAP_ACK, 1);
    if (opts.strictCheck) {
      const r = set(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
      if (r < 0) fail(r, 'setsockopt(NETLINK_GET_STRICT_CHK)');
    }
    const b = addon.bind(fd, opts.groups ?? 0, 0);
    if (b < 0) fail(b, 'bind');
    const port = addon.portId(fd);
    if (port < 0) fail(port, 'getsockname');
    return new NetlinkSocket(addon, proto, fd, port, opts);
  }

  /** A fresh sequence number (never 0). */
  nextSeq(): number {
    this.seq = (this.seq + 1) >>> 0 || 1;
    return this.seq;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // ---- the five calls ----

  /** Raw bytes out (one or several buffers in one sendmsg). Returns bytes sent. */
  sendto(bytes: Uint8Array | Uint8Array[]): number {
    this.assertOpen();
    const r = this.addon.send(this.fd, bytes, 0, 0);
    if (r < 0) throw errnoError(-r, 'sendmsg');
    return r;
  }

  /** Encodes one message and sends it; no reply is awaited (errors arrive in get()). Returns its seq. */
  put(msg: OutMessage): number {
    const seq = msg.seq ?? this.nextSeq();
    this.sendto(this.encode({ ...msg, seq, flags: msg.flags ?? NLM_F.REQUEST }));
    return seq;
  }

  /**
   * Sends with a fresh sequence number and NLM_F_ACK, and resolves with the data
   * replies once the ACK arrives. An NLMSG_ERROR with a non-zero code rejects with NetlinkError.
   */
  request(msg: OutMessage, opts: RequestOptions = {}): Promise<NetlinkMessage[]> {
    const flags = (msg.flags ?? 0) | NLM_F.REQUEST | NLM_F.ACK;
    return this.submit(msg, flags, false, opts).promise;
  }

  /** Sends a dump request (NLM_F_DUMP) and iterates over the replies until NLMSG_DONE. */
  dump(msg: OutMessage, opts: RequestOptions = {}): AsyncIterableIterator<NetlinkMessage> {
    const flags = (msg.flags ?? 0) | NLM_F.REQUEST | NLM_F.DUMP;
    let started: Pending | undefined;
    const self = this;
    const start = (): Pending => (started ??= this.submit(msg, flags, true, opts).pending);
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next(): Promise<IteratorResult<NetlinkMessage>> {
        const p = start();
        for (;;) {
          const m = p.replies.shift();
          if (m) {
            if (self.paused && p.replies.length < p.highWaterMark / 2) self.resume();
            return { value: m, done: false };
          }
          if (p.error) throw p.error;
          if (p.done) return { value: undefined, done: true };
          await new Promise<void>((resolve) => (p.wake = resolve));
        }
      },
      async return(): Promise<IteratorResult<NetlinkMessage>> {
        // Stopping early: keep reading so the rest of the dump is drained and dropped.
        const p = started;
        if (p && !p.done) {
          p.discard = true;
          p.replies.length = 0;
          self.resume();
          while (!p.done) await new Promise<void>((resolve) => (p.wake = resolve));
        }
        return { value: undefined, done: true };
      },
    };
  }

  /** Convenience: the whole dump as an array. */
  async dumpAll(msg: OutMessage, opts: RequestOptions = {}): Promise<NetlinkMessage[]> {
    const out: NetlinkMessage[] = [];
    for await (const m of this.dump(msg, { ...opts, highWaterMark: Infinity })) out.push(m);
    return out;
  }

  /** The next message not claimed by a request (multicast events, late errors). */
  get(opts: { timeoutMs?: number } = {}): Promise<NetlinkMessage> {
    const ev = this.events.shift();
    if (ev) return ev instanceof Error ? Promise.reject(ev) : Promise.resolve(ev);
    if (this.closed) return Promise.reject(new SocketClosedError());
    return new Promise<NetlinkMessage>((resolve, reject) => {
      const w: Waiter<NetlinkMessage> = { resolve, reject };
      if (opts.timeoutMs !== undefined) {
        const t = setTimeout(() => {
          const i = this.eventWaiters.indexOf(w);
          if (i >= 0) this.eventWaiters.splice(i, 1);
          this.updateRef();
          reject(new NetlinkError({ errno: os.constants.errno.ETIMEDOUT, command: 'get' }));
        }, opts.timeoutMs);
        w.resolve = (v) => { clearTimeout(t); resolve(v); };
        w.reject = (e) => { clearTimeout(t); reject(e); };
      }
      this.eventWaiters.push(w);
      this.updateRef();
    });
  }

  /** The next raw datagram, taken before any routing. */
  recv(): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new SocketClosedError());
    return new Promise<Uint8Array>((resolve, reject) => {
      this.rawWaiters.push({ resolve, reject });
      this.updateRef();
    });
  }

  /** Unclaimed messages as an async iterator (ends when the socket closes). */
  async *messages(): AsyncIterableIterator<NetlinkMessage> {
    for (;;) {
      try {
        yield await this.get();
      } catch (e) {
        if (e instanceof SocketClosedError) return;
        throw e;
      }
    }
  }

  // ---- batches ----

  /**
   * Sends many requests, packing their messages into as few sendmsg calls as the
   * in-flight window allows. Each settles on its own: one failure loses nothing else.
   */
  requestMany(msgs: OutMessage[], opts: RequestOptions = {}): Promise<PromiseSettledResult<NetlinkMessage[]>>[] {
    const out: Promise<PromiseSettledResult<NetlinkMessage[]>>[] = [];
    this.corked = true;
    try {
      for (const m of msgs) {
        const flags = (m.flags ?? 0) | NLM_F.REQUEST | NLM_F.ACK;
        const { promise } = this.submit(m, flags, false, opts);
        out.push(promise.then((value) => ({ status: 'fulfilled', value }), (reason) => ({ status: 'rejected', reason })));
      }
    } finally {
      this.corked = false;
      this.flush();
    }
    return out;
  }

  // ---- membership & options ----

  addMembership(group: number): void {
    const r = this.addon.setsockopt(this.fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group);
    if (r < 0) throw errnoError(-r, `NETLINK_ADD_MEMBERSHIP ${group}`);
  }

  dropMembership(group: number): void {
    const r = this.addon.setsockopt(this.fd, SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, group);
    if (r < 0) throw errnoError(-r, `NETLINK_DROP_MEMBERSHIP ${group}`);
  }

  setOption(level: number, option: number, value: number): void {
    const r = this.addon.setsockopt(this.fd, level, option, value);
    if (r < 0) throw errnoError(-r, `setsockopt(${level}, ${option})`);
  }

  getOption(level: number, option: number): number {
    const r = this.addon.getsockopt(this.fd, level, option);
    if (r < 0) throw errnoError(-r, `getsockopt(${level}, ${option})`);
    return r;
  }

  /** Rejects every pending request and waiter, and releases the fd. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.watcher) this.addon.unwatch(this.watcher);
    this.watcher = undefined;
    this.addon.close(this.fd);
    const err = new SocketClosedError('netlink socket closed while the request was pending');
    for (const p of this.pending.values()) this.fail(p, err);
    for (const q of this.queued) this.fail(q.p, err);
    this.queued.length = 0;
    this.pending.clear();
    for (const w of this.eventWaiters.splice(0)) w.reject(new SocketClosedError());
    for (const w of this.rawWaiters.splice(0)) w.reject(new SocketClosedError());
  }

  [Symbol.dispose](): void {
    this.close();
  }

  // ---- internals ----

  private corked = false;
  private sendBuf: Uint8Array[] = [];

  /** Encodes into the socket's writer; the view is valid until the next encode. */
  private encodeView(msg: OutMessage, seq: number, flags: number): Uint8Array {
    const w = this.writer;
    w.reset();
    const body = msg.body;
    writeMessage(w, { type: msg.type, flags, seq, pid: msg.pid ?? 0 }, body instanceof Uint8Array ? (x) => x.bytes(body) : body);
    return w.buf.subarray(0, w.pos);
  }

  private encode(msg: OutMessage & { seq: number; flags: number }): Uint8Array {
    return this.encodeView(msg, msg.seq, msg.flags).slice();
  }

  private submit(msg: OutMessage, flags: number, dump: boolean, opts: RequestOptions): { pending: Pending; promise: Promise<NetlinkMessage[]> } {
    this.assertOpen();
    const seq = msg.seq ?? this.nextSeq();
    let resolve!: (r: NetlinkMessage[]) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<NetlinkMessage[]>((res, rej) => { resolve = res; reject = rej; });
    const p: Pending = {
      seq, command: opts.command, dump, wantAck: (flags & NLM_F.ACK) !== 0 && !dump, replies: [], settled: false,
      resolve, reject, done: false, highWaterMark: opts.highWaterMark ?? 64,
    };
    if (dump) promise.catch(() => {}); // dumps report through their iterator
    if (opts.timeoutMs !== undefined) {
      p.timer = setTimeout(() => this.fail(p, new NetlinkError({ errno: os.constants.errno.ETIMEDOUT, command: opts.command, seq })), opts.timeoutMs);
    }
    if (!this.corked && this.queued.length === 0 && this.inFlight < this.maxInFlight) {
      // Fast path: straight onto the wire from the writer, no copy, no queue.
      const bytes = this.encodeView(msg, seq, flags);
      this.pending.set(seq, p);
      this.inFlight++;
      const r = this.addon.send(this.fd, bytes, 0, 0);
      if (r < 0) this.fail(p, errnoError(-r, 'sendmsg'));
      else if (!this.paused) this.drain(true);
      this.updateRef();
    } else {
      this.queued.push({ bytes: this.encode({ ...msg, seq, flags }), p });
      if (!this.corked) this.flush();
    }
    return { pending: p, promise };
  }

  /** Moves queued requests onto the wire while the window allows, several per sendmsg. */
  private flush(): void {
    if (this.closed) return;
    let sent = false;
    while (this.queued.length && this.inFlight < this.maxInFlight) {
      // One sendmsg() is one datagram: the kernel refuses one larger than the
      // socket's send buffer (EMSGSIZE), so a batch stops at BATCH_BYTES.
      const batch: Uint8Array[] = [];
      let bytes = 0;
      while (batch.length < 64 && this.queued.length && this.inFlight < this.maxInFlight) {
        const q = this.queued[0]!;
        if (batch.length && bytes + q.bytes.length > BATCH_BYTES) break;
        this.queued.shift();
        if (q.p.settled) continue; // timed out while queued
        this.pending.set(q.p.seq, q.p);
        this.inFlight++;
        batch.push(q.bytes);
        bytes += q.bytes.length;
      }
      if (!batch.length) break;
      const r = this.addon.send(this.fd, batch, 0, 0);
      sent = true;
      if (r < 0) {
        // The kernel took none of them: fail exactly those.
        const err = errnoError(-r, 'sendmsg');
        for (const b of batch) {
          const seq = new DataView(b.buffer, b.byteOffset).getUint32(8, true);
          const p = this.pending.get(seq);
          if (p) this.fail(p, err);
        }
      }
    }
    // The kernel usually answers inside sendmsg(): read the replies now rather
    // than a loop turn later (halves the round trip of a request/await loop).
    if (sent && !this.paused) this.drain(true);
    this.updateRef();
  }

  private assertOpen(): void {
    if (this.closed) throw new SocketClosedError('netlink socket is closed');
  }

  private settle(p: Pending): void {
    if (p.settled) return;
    p.settled = true;
    p.done = true;
    if (p.timer) clearTimeout(p.timer);
    if (this.pending.get(p.seq) === p) {
      this.pending.delete(p.seq);
      this.inFlight--;
    }
  }

  private finish(p: Pending): void {
    if (p.settled) return;
    this.settle(p);
    p.resolve(p.dump ? [] : p.replies);
    p.wake?.();
    if (this.queued.length) this.flush();
    else this.updateRef();
  }

  private fail(p: Pending, err: Error): void {
    if (p.settled) return;
    this.settle(p);
    p.error = err;
    p.reject(err);
    p.wake?.();
    if (this.queued.length && !this.closed) this.flush();
    else this.updateRef();
  }

  private kernelError(p: Pending, e: ErrorPayload): NetlinkError {
    return new NetlinkError({
      errno: -e.error, kernelMessage: e.message, offset: e.offset, command: p.command, seq: p.seq,
      missingType: e.missingType, echoed: e.echoed,
    });
  }

  private deliver(p: Pending, m: NetlinkMessage): void {
    if (m.type === NLMSG_ERROR) {
      const e = parseError(m);
      if (e.error === 0) this.finish(p);
      else this.fail(p, this.kernelError(p, e));
      return;
    }
    if (m.type === NLMSG_DONE) {
      const d = parseDone(m);
      if (d.error < 0) this.fail(p, this.kernelError(p, d));
      else if (!p.wantAck) this.finish(p);
      return;
    }
    if (p.discard) return;
    p.replies.push(m);
    if (p.dump) {
      p.wake?.();
      if (p.replies.length >= p.highWaterMark) this.pause();
    } else if (!p.wantAck && !(m.flags & NLM_F.MULTI)) {
      this.finish(p);
    }
  }

  private pushEvent(ev: NetlinkMessage | Error): void {
    const w = this.eventWaiters.shift();
    if (w) {
      if (ev instanceof Error) w.reject(ev);
      else w.resolve(ev);
      this.updateRef();
    } else {
      this.events.push(ev);
    }
  }

  private route(dgram: Uint8Array, groups: number): void {
    let msgs: NetlinkMessage[];
    try {
      msgs = parseMessages(dgram);
    } catch (e) {
      this.pushEvent(e as Error);
      return;
    }
    for (const m of msgs) {
      // Multicast copies (groups != 0) are events even when they carry our seq.
      const p = groups === 0 ? this.pending.get(m.seq) : undefined;
      if (p && (m.pid === this.portId || m.pid === 0)) {
        try {
          this.deliver(p, m);
        } catch (e) {
          this.fail(p, e as Error);
        }
      } else {
        this.pushEvent(m);
      }
    }
  }

  private readonly onReadable = (status: number): void => {
    if (this.closed) return;
    if (status < 0) {
      // libuv reports POLLERR as EBADF and stops the watcher. On netlink, POLLERR
      // means a pending socket error (ENOBUFS after an overflow): rearm, then let
      // recv() below return that error and clear it.
      if (this.watcher) this.addon.unwatch(this.watcher);
      this.watcher = this.addon.watch(this.fd, this.onReadable);
      this.refed = true;
      this.updateRef();
    }
    this.drain();
  };

  private draining = false;

  /**
   * Reads the datagrams waiting on the socket (bounded per call) and routes them.
   * untilIdle: stop once no request is pending (the replies to what was just sent
   * are in); anything later is picked up by the readiness callback.
   */
  private drain(untilIdle = false): void {
    if (this.draining) return; // routing can send (queued requests); the outer loop reads on
    this.draining = true;
    try {
      this.readLoop(untilIdle);
    } finally {
      this.draining = false;
    }
  }

  private readLoop(untilIdle: boolean): void {
    for (let i = 0; i < 512 && !this.paused && !this.closed; i++) {
      if (untilIdle && this.pending.size === 0) break;
      if (SLAB - this.slabPos < this.bufferSize) {
        this.slab = new Uint8Array(Math.max(SLAB, this.bufferSize));
        this.slabPos = 0;
      }
      const view = this.slab.subarray(this.slabPos, this.slabPos + this.bufferSize);
      let peekResult = 0;
      if (this.peek) {
        peekResult = this.addon.recv(this.fd, view, MSG_PEEK, this.out);
        if (peekResult > view.length) {
          // Grow first, then take it whole on the next turn of the loop.
          this.bufferSize = peekResult;
          this.slab = new Uint8Array(Math.max(SLAB, peekResult));
          this.slabPos = 0;
          continue;
        }
      }
      // With peek, an error (EAGAIN, ENOBUFS) came from the peek itself: don't read again.
      const n = this.peek && peekResult < 0 ? peekResult : this.addon.recv(this.fd, view, 0, this.out);
      if (n === -EAGAIN) break;
      if (n === -EINTR) continue;
      if (n < 0) {
        // ENOBUFS: messages were lost, but the socket still works. Tell get(), carry on.
        this.pushEvent(errnoError(-n, n === -ENOBUFS ? 'receive (messages were lost)' : 'recvmsg'));
        if (n === -ENOBUFS) continue;
        break;
      }
      if (n > view.length) {
        this.onTruncated(view, n);
        continue;
      }
      const dgram = view.subarray(0, n);
      this.slabPos += (n + 7) & ~7;
      const raw = this.rawWaiters.shift();
      if (raw) {
        raw.resolve(dgram);
        this.updateRef();
        continue;
      }
      this.route(dgram, this.out[1]!);
    }
  }

  /** A datagram larger than the buffer lost its tail: fail whoever it was for, grow the buffer. */
  private onTruncated(head: Uint8Array, size: number): void {
    const err = new NetlinkError(
      { errno: os.constants.errno.EMSGSIZE, command: 'recvmsg' },
      `netlink datagram of ${size} bytes was larger than the ${head.length}-byte receive buffer and was truncated; the buffer now grows to fit`,
    );
    this.bufferSize = Math.max(this.bufferSize, size + 4096);
    const seq = head.length >= 16 ? new DataView(head.buffer, head.byteOffset).getUint32(8, true) : -1;
    const p = this.pending.get(seq);
    if (p) this.fail(p, err);
    else this.pushEvent(err);
  }

  private pause(): void {
    if (this.paused || !this.watcher) return;
    this.paused = true;
    this.addon.unwatch(this.watcher);
    this.watcher = undefined;
  }

  private resume(): void {
    if (!this.paused || this.closed) return;
    this.paused = false;
    this.watcher = this.addon.watch(this.fd, this.onReadable);
    this.refed = true;
    this.updateRef();
    // Data may already be waiting: libuv reports it on the next loop turn.
  }

  /** The socket keeps the process alive only while someone waits on it. */
  private updateRef(): void {
    if (!this.watcher) return;
    const want = this.pending.size > 0 || this.queued.length > 0 || this.eventWaiters.length > 0 || this.rawWaiters.length > 0;
    if (want !== this.refed) {
      this.refed = want;
      this.addon.ref(this.watcher, want);
    }
  }
}
