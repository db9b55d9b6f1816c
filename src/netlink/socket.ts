// NetlinkSocket: the five ways to talk to the kernel (sendto, put,
// request/dump, get, recv) over one non-blocking socket driven by libuv.
// Requests queue and go out together, one sendmsg() per microtask turn;
// replies are read in batches (reader.ts) and routed to their request by seq.
import os from 'node:os';
import { native, type NativeAddon, type NativeWatcher } from '../native.js';
import {
  NETLINK_ADD_MEMBERSHIP, NETLINK_DROP_MEMBERSHIP, Nlmsg, NlmF, Protocol, SOL_NETLINK, align4, type ProtocolName,
} from './constants.js';
import { DecodeError, NetlinkError, SocketClosedError } from './errors.js';
import { parseDone, parseError, type ErrorPayload, type NetlinkMessage } from './message.js';
import { canGroup, elidesAcks, groupAcks } from './ack-group.js';
import { NO_REPLIES, Pending, PendingTable, dumpIterator, waitIn, type Waiter } from './pending.js';
import { DatagramReader } from './reader.js';
import { OwnAnswer, takeOwn } from './own-answer.js';
import { errnoError, openConfigured, writeRequest, writeRequestAt, type OutMessage, type RequestOptions, type SocketOptions } from './socket-options.js';
import { Writer } from './writer.js';

export type { OutMessage, RequestOptions, SocketOptions } from './socket-options.js';

const { EAGAIN, ENOBUFS, EINTR } = os.constants.errno;

const resolved = Promise.resolve();
const NO_OPTIONS: RequestOptions = {}; // shared, never written

/** Bytes per sendmsg() batch: well under the default send buffer (212992). */
const BATCH_BYTES = 128 * 1024;
/** Buffers per sendmsg() (the addon's iovec bound). */
const MAX_IOV = 64;

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
  private readonly reader: DatagramReader;
  private readonly pending = new PendingTable();
  private readonly events: (NetlinkMessage | Error)[] = [];
  private readonly eventWaiters: Waiter<NetlinkMessage>[] = [];
  private readonly rawWaiters: Waiter<Uint8Array>[] = [];
  /** Requests encoded but not sent: queued[queuedHead, queuedTail), by index as this runs per request; a fresh array
   *  once 64 went through (queuedSinceFresh), as a new request stored in an old array costs a write barrier. */
  private queued: (Pending | undefined)[] = [];
  private queuedHead = 0;
  private queuedTail = 0;
  private queuedSinceFresh = 0;
  /** Dumps waiting for the running one to end: the kernel runs one dump per socket at a time. */
  private readonly dumpsWaiting: Pending[] = [];
  private dumpRunning: Pending | undefined;
  private readonly maxInFlight: number;
  private readonly elideAcks: boolean;
  private inFlight = 0;
  /** Queued requests are encoded back to back here, so a batch is usually one buffer. */
  private readonly sendWriter = new Writer(16384);
  /** requestSync()'s message when the queue still holds requests the window keeps back. */
  private syncWriter: Writer | undefined;
  /** The send buffer bound to the socket (addon.useBuffers). */
  private boundSend: Uint8Array | undefined;
  /** The requestSync()/dumpSync() being read for: routed by its seq, outside the table. */
  private syncPending: Pending | undefined;
  private flushScheduled = false;
  private flushing = false;
  private draining = false;

  private constructor(addon: NativeAddon, protocol: number, fd: number, portId: number, opts: SocketOptions) {
    this.addon = addon;
    this.protocol = protocol;
    this.fd = fd;
    this.portId = portId;
    this.reader = new DatagramReader(addon, fd, Math.max(opts.bufferSize ?? 65536, 4096), opts.peek ?? false);
    this.maxInFlight = opts.maxInFlight ?? 256;
    this.elideAcks = elidesAcks(protocol, opts.elideAcks);
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
    const { fd, port } = openConfigured(addon, proto, opts);
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
    const w = new Writer(256);
    writeRequest(w, msg, msg.flags ?? NlmF.REQUEST, seq);
    this.sendto(w.buf.subarray(0, w.pos));
    return seq;
  }

  /**
   * Sends with a fresh sequence number and NLM_F_ACK, and resolves with the data
   * replies once the ACK arrives. An NLMSG_ERROR with a non-zero code rejects with NetlinkError.
   * Requests made in the same turn go out together in one sendmsg().
   */
  request(msg: OutMessage, opts: RequestOptions = NO_OPTIONS): Promise<NetlinkMessage[]> {
    const flags = (msg.flags ?? 0) | NlmF.REQUEST | NlmF.ACK;
    return this.submit(msg, flags, false, opts).promise;
  }

  /**
   * Sends a dump request (NLM_F_DUMP) and iterates over the replies until NLMSG_DONE.
   * The kernel runs one dump per socket at a time: a dump started while another runs
   * waits for it to end (other requests do not wait).
   */
  dump(msg: OutMessage, opts: RequestOptions = NO_OPTIONS): AsyncIterableIterator<NetlinkMessage> {
    const flags = (msg.flags ?? 0) | NlmF.REQUEST | NlmF.DUMP;
    return dumpIterator(() => this.submit(msg, flags, true, opts), {
      paused: () => this.paused,
      resume: () => this.resume(),
      giveBack: (u) => this.reader.giveBack(u),
    });
  }

  /** Convenience: the whole dump as an array. */
  dumpAll(msg: OutMessage, opts: RequestOptions = NO_OPTIONS): Promise<NetlinkMessage[]> {
    const flags = (msg.flags ?? 0) | NlmF.REQUEST | NlmF.DUMP;
    return this.submit(msg, flags, true, opts, true).promise;
  }

  /**
   * request() without a promise: sends at once and returns the data replies, or throws the
   * kernel's NetlinkError. It holds the thread until the ACK is read. On ROUTE, GENERIC,
   * NETFILTER, SOCK_DIAG and XFRM the kernel has answered by the time sendmsg() returns, so
   * that is one more system call, not a wait; elsewhere it waits up to timeoutMs (default 5000).
   * Requests queued earlier in this turn are sent first.
   */
  requestSync(msg: OutMessage, opts: RequestOptions = NO_OPTIONS): NetlinkMessage[] {
    return this.sync(msg, (msg.flags ?? 0) | NlmF.REQUEST | NlmF.ACK, false, opts);
  }

  /** dumpAll() without a promise, as requestSync(). Not while a dump() runs on this socket. */
  dumpSync(msg: OutMessage, opts: RequestOptions = NO_OPTIONS): NetlinkMessage[] {
    return this.sync(msg, (msg.flags ?? 0) | NlmF.REQUEST | NlmF.DUMP, true, opts);
  }

  /** The next message not claimed by a request (multicast events, late errors). */
  get(opts: { timeoutMs?: number } = {}): Promise<NetlinkMessage> {
    const ev = this.events.shift();
    if (ev) return ev instanceof Error ? Promise.reject(ev) : Promise.resolve(ev);
    if (this.closed) return Promise.reject(new SocketClosedError());
    const timedOut = () => new NetlinkError({ errno: os.constants.errno.ETIMEDOUT, command: 'get' });
    return waitIn(this.eventWaiters, this.waitersChanged, opts.timeoutMs, timedOut);
  }

  /** The next raw datagram, taken before any routing. */
  recv(): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new SocketClosedError());
    return waitIn(this.rawWaiters, this.waitersChanged);
  }

  private readonly waitersChanged = (): void => this.updateRef();

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
  requestMany(msgs: OutMessage[], opts: RequestOptions = NO_OPTIONS): Promise<PromiseSettledResult<NetlinkMessage[]>>[] {
    const out: Promise<PromiseSettledResult<NetlinkMessage[]>>[] = [];
    for (const m of msgs) {
      const flags = (m.flags ?? 0) | NlmF.REQUEST | NlmF.ACK;
      out.push(this.submit(m, flags, false, opts).promise.then((value) => ({ status: 'fulfilled', value }), (reason) => ({ status: 'rejected', reason })));
    }
    this.flush();
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
    for (let i = this.queuedHead; i < this.queuedTail; i++) this.fail(this.queued[i]!, err);
    for (const q of this.dumpsWaiting) this.fail(q, err);
    this.queued.length = 0;
    this.queuedHead = this.queuedTail = 0;
    this.dumpsWaiting.length = 0;
    this.pending.clear();
    for (const w of this.eventWaiters.splice(0)) w.reject(new SocketClosedError());
    for (const w of this.rawWaiters.splice(0)) w.reject(new SocketClosedError());
  }

  [Symbol.dispose](): void {
    this.close();
  }

  // ---- sending ----

  private submit(msg: OutMessage, flags: number, dump: boolean, opts: RequestOptions, collect = false): Pending {
    this.assertOpen();
    const seq = msg.seq ?? this.nextSeq();
    // Encoded now, so a bad message throws here, in the caller's stack.
    const w = this.sendWriter;
    const start = writeRequestAt(w, msg, flags, seq);
    const p = new Pending(seq, opts.command, dump, (flags & NlmF.ACK) !== 0 && !dump, collect, collect ? Infinity : opts.highWaterMark ?? 64,
      dump && !collect && opts.transient === true);
    if (dump && !collect) p.promise.catch(() => {}); // dumps report through their iterator
    if (opts.timeoutMs !== undefined) {
      p.timer = setTimeout(() => this.fail(p, new NetlinkError({ errno: os.constants.errno.ETIMEDOUT, command: opts.command, seq })), opts.timeoutMs);
    }
    if (dump && (this.dumpRunning || this.dumpsWaiting.length)) {
      // Its own copy: the send writer is reused once the queue empties.
      p.own = w.buf.slice(start, w.pos);
      p.end = w.pos - start;
      this.dumpsWaiting.push(p);
      w.pos = start;
      return p;
    }
    if (dump) this.dumpRunning = p;
    p.start = start;
    p.end = w.pos;
    this.queued[this.queuedTail++] = p;
    this.scheduleFlush();
    return p;
  }

  private sync(msg: OutMessage, flags: number, dump: boolean, opts: RequestOptions): NetlinkMessage[] {
    this.assertOpen();
    if (this.queuedHead < this.queuedTail) this.flush();
    if (dump && (this.dumpRunning || this.dumpsWaiting.length)) {
      throw new Error('dumpSync: a dump is still running on this socket (the kernel runs one at a time); finish it first or use another socket');
    }
    const seq = msg.seq ?? this.nextSeq();
    // The queue is empty after the flush, unless the window is full: then a writer of its own.
    const w = this.queuedHead >= this.queuedTail ? this.sendWriter : (this.syncWriter ??= new Writer(256));
    const start = writeRequestAt(w, msg, flags, seq);
    // The kernel has usually answered by the time sendmsg() returns: read at once (in the same native
    // call where the addon can), and take its own datagrams straight (own-answer.ts).
    const max = 2 * this.pending.size + 2;
    let n = 0;
    if (this.reader.canExchange && this.rawWaiters.length === 0) {
      this.bindSend(w.buf);
      n = this.reader.sendAndRead(start, w.pos, max);
      w.pos = start;
      if (n <= -4096) throw errnoError(-(n + 4096), 'sendmsg');
    } else {
      const r = this.sendRange(w.buf, start, w.pos);
      w.pos = start;
      if (r < 0) throw errnoError(-r, 'sendmsg');
      if (this.rawWaiters.length === 0) n = this.reader.read(max);
    }
    const a = new OwnAnswer(seq, this.portId, dump);
    const j = n > 0 ? takeOwn(this.reader, 0, n, a) : 0;
    if (a.over && j === n) return a.result();
    // Else the long way: a record route() finds by its seq (not in the table; no promise).
    const p = new Pending(seq, opts.command, dump, !dump, true, Infinity, false, true);
    p.replies = a.result();
    if (a.over) p.settled = true;
    this.syncPending = p;
    try {
      if (n > 0) this.dispatch(j, n); // the rest of that read
      else if (n < 0) this.readFailed(n);
      let deadline = 0;
      while (!p.settled) {
        this.drain(false, p);
        if (p.settled || this.closed) break;
        // Nothing more to read yet: only a kernel side that answers later gets here.
        const now = performance.now();
        deadline ||= now + (opts.timeoutMs ?? 5000);
        const got = this.addon.waitReadable?.(this.fd, Math.max(0, Math.ceil(deadline - now))) ?? 0;
        if (got === 0 || (got < 0 && got !== -EINTR)) {
          this.fail(p, got < 0 ? errnoError(-got, 'poll') : new NetlinkError({ errno: os.constants.errno.ETIMEDOUT, command: opts.command, seq }));
        }
      }
    } finally {
      this.syncPending = undefined;
    }
    if (p.error) throw p.error;
    return p.replies === NO_REPLIES ? [] : p.replies;
  }

  /** The addon sends from buf from now on (a writer's buffer is replaced when it grows). */
  private bindSend(buf: Uint8Array): void {
    if (buf !== this.boundSend) {
      this.addon.useBuffers!(this.fd, buf, null, null);
      this.boundSend = buf;
    }
  }

  /** buf[start, end) in one send(): through the bound buffer when the addon has one. */
  private sendRange(buf: Uint8Array, start: number, end: number): number {
    const a = this.addon;
    if (a.sendBound) {
      this.bindSend(buf);
      return a.sendBound(this.fd, start, end);
    }
    return a.sendAt ? a.sendAt(this.fd, buf, start, end) : a.send(this.fd, buf.subarray(start, end), 0, 0);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    void resolved.then(this.flushTask);
  }

  private readonly flushTask = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  /**
   * Sends what is queued, as the window allows, then reads the replies at once: the kernel
   * usually answers inside sendmsg(), so a request/await loop needs no turn of the event loop.
   */
  private flush(): void {
    if (this.closed || this.flushing) return;
    this.flushing = true;
    try {
      while (this.sendQueued() && !this.paused) {
        this.drain(true);
        if (this.queuedHead >= this.queuedTail || this.inFlight >= this.maxInFlight) break;
      }
    } finally {
      this.flushing = false;
    }
    this.updateRef();
  }

  /** One sendmsg() of queued requests (up to BATCH_BYTES and the window). Whether anything was sent. */
  private sendQueued(): boolean {
    const q = this.queued;
    const buf = this.sendWriter.buf;
    const from = this.queuedHead;
    // Usually one run of adjacent bytes in the send writer: [runStart, runEnd). Only a batch that
    // mixes in own copies (waiting dumps) needs an iovec array.
    let iov: Uint8Array[] | undefined;
    let runStart = -1, runEnd = -1;
    let bytes = 0;
    // The requests that may share one ACK (ack-group.ts); an array only from the second on.
    let first: Pending | undefined;
    let group: Pending[] | undefined;
    let i = from;
    while (i < this.queuedTail && this.inFlight < this.maxInFlight) {
      const e = q[i]!;
      const size = e.end - e.start;
      // One sendmsg() is one datagram: the kernel refuses one larger than the send buffer (EMSGSIZE).
      if (bytes && bytes + size > BATCH_BYTES) break;
      const adjacent = e.own === undefined && e.start === runEnd;
      if (!adjacent && (iov?.length ?? 0) + (runStart >= 0 ? 1 : 0) >= MAX_IOV) break;
      i++;
      if (e.settled === true) continue; // timed out while queued
      if (adjacent) runEnd = e.end;
      else {
        if (runStart >= 0) (iov ??= []).push(buf.subarray(runStart, runEnd));
        if (e.own !== undefined) { (iov ??= []).push(e.own); runStart = runEnd = -1; } else { runStart = e.start; runEnd = e.end; }
      }
      this.pending.set(e);
      this.inFlight++;
      bytes += size;
      if (this.elideAcks === true && canGroup(e)) {
        if (first === undefined) first = e;
        else (group ??= [first]).push(e);
      }
    }
    if (group !== undefined) groupAcks(buf, group);
    this.queuedHead = i;
    let r = 0;
    const sent = bytes > 0;
    if (sent) {
      if (!iov) r = this.sendRange(buf, runStart, runEnd);
      else {
        const run = runStart >= 0 ? buf.subarray(runStart, runEnd) : undefined;
        if (iov && run) iov.push(run);
        r = this.addon.send(this.fd, iov ?? run!, 0, 0);
      }
    }
    if (r < 0) {
      // The kernel took none of them: fail exactly those.
      const err = errnoError(-r, 'sendmsg');
      for (let j = from; j < i; j++) if (this.pending.get(q[j]!.seq) === q[j]) this.fail(q[j]!, err);
    }
    for (let j = from; j < i; j++) q[j] = undefined;
    if (this.queuedHead >= this.queuedTail) {
      this.queuedHead = this.queuedTail = 0;
      if ((this.queuedSinceFresh += i - from) >= 64) { this.queued = []; this.queuedSinceFresh = 0; }
      // The writer is free again once nothing queued points into it (the kernel has copied the bytes).
      this.sendWriter.reset();
    }
    return sent;
  }

  private assertOpen(): void {
    if (this.closed) throw new SocketClosedError('netlink socket is closed');
  }

  // ---- settling ----

  private settle(p: Pending): void {
    p.settled = true;
    if (p.timer !== undefined) clearTimeout(p.timer);
    if (p !== this.syncPending && this.pending.delete(p)) this.inFlight--;
    if (this.dumpRunning === p) {
      this.dumpRunning = undefined;
      let next = this.dumpsWaiting.shift();
      while (next?.settled) next = this.dumpsWaiting.shift(); // timed out while waiting
      if (next && !this.closed) {
        this.dumpRunning = next;
        this.queued[this.queuedTail++] = next;
      }
    }
    if (this.queuedHead < this.queuedTail && this.closed === false) this.scheduleFlush();
  }

  // Tests spelled out (=== true, !== undefined): a bare truthiness test is several compares in optimized code. Draining: drain() updates the ref.
  private finish(p: Pending): void {
    if (p.settled === true) return;
    this.settle(p);
    p.resolve((p.dump === true && p.collect === false) || p.replies === NO_REPLIES ? [] : p.replies);
    if (p.wake !== undefined) p.wake();
    if (this.draining === false) this.updateRef();
  }

  private fail(p: Pending, err: Error): void {
    if (p.settled === true) return;
    this.settle(p);
    p.error = err;
    p.reject(err);
    if (p.wake !== undefined) p.wake();
    if (this.draining === false) this.updateRef();
  }

  // ---- routing ----

  private kernelError(p: Pending, e: ErrorPayload): NetlinkError {
    return new NetlinkError({
      errno: -e.error, kernelMessage: e.message, offset: e.offset, command: p.command, seq: p.seq,
      missingType: e.missingType, echoed: e.echoed,
    });
  }

  private deliver(p: Pending, m: NetlinkMessage): void {
    if (m.type === Nlmsg.ERROR || m.type === Nlmsg.DONE) this.reader.keep(); // an error may hold views of it
    if (m.type === Nlmsg.ERROR) {
      const e = parseError(m);
      if (e.error === 0) this.finish(p);
      else this.fail(p, this.kernelError(p, e));
      return;
    }
    if (m.type === Nlmsg.DONE) {
      const d = parseDone(m);
      if (d.error < 0) this.fail(p, this.kernelError(p, d));
      else if (p.wantAck === false) this.finish(p);
      return;
    }
    if (p.discard === true) return;
    // A request's first reply makes an array of one: push() onto [] would make room for 17.
    if (p.replies === NO_REPLIES) p.replies = [m];
    else p.replies.push(m);
    if (p.leases !== undefined) p.leases.push(this.reader.lend());
    else this.reader.keep();
    if (p.dump === true) {
      if (p.wake !== undefined) p.wake();
      if (p.replies.length >= p.highWaterMark) this.pause();
    } else if (p.wantAck === false && (m.flags & NlmF.MULTI) === 0) {
      this.finish(p);
    }
  }

  /** A message for p: the members of its ACK group sent before it are done (ack-group.ts). */
  private earlierDone(p: Pending): void {
    const g = p.ackGroup!;
    while (g.next < p.ackIndex) {
      const m = g.members[g.next++]!;
      if (m.settled === false) this.finish(m);
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

  /** Routes the messages of one datagram (slab[start, end)) to their requests, or to get(). */
  private route(view: DataView, start: number, end: number, groups: number): void {
    let at = start;
    // Payloads are made by the constructor on the slab's memory: subarray() costs more (its species lookup).
    const { ab, base } = this.reader;
    while (end - at >= Nlmsg.HDRLEN) {
      const len = view.getUint32(at, true);
      if (len < Nlmsg.HDRLEN) return this.pushEvent(new DecodeError(`message length ${len} is shorter than the netlink header`, at - start));
      if (len > end - at) return this.pushEvent(new DecodeError(`message length ${len} runs past the datagram (${end - at} bytes left)`, at - start));
      const type = view.getUint16(at + 4, true);
      const flags = view.getUint16(at + 6, true);
      const seq = view.getUint32(at + 8, true);
      const pid = view.getUint32(at + 12, true);
      // Multicast copies (groups != 0) are events even when they carry our seq.
      const p = groups !== 0 ? undefined : seq === this.syncPending?.seq ? this.syncPending : this.pending.get(seq);
      if (p !== undefined && (pid === this.portId || pid === 0)) {
        if (p.ackGroup !== undefined && p.ackGroup.next < p.ackIndex) this.earlierDone(p);
        // A plain ACK, or the NLMSG_DONE of a dump that went well: nothing to read in it.
        const ok = (flags & NlmF.ACK_TLVS) === 0 && (len < Nlmsg.HDRLEN + 4 || view.getInt32(at + Nlmsg.HDRLEN, true) === 0);
        if (ok && (type === Nlmsg.DONE ? p.wantAck === false : type === Nlmsg.ERROR && len >= Nlmsg.HDRLEN + 4)) {
          this.finish(p);
        } else {
          try {
            this.deliver(p, { type, flags, seq, pid, payload: new Uint8Array(ab, base + at + Nlmsg.HDRLEN, len - Nlmsg.HDRLEN) });
          } catch (e) {
            this.fail(p, e as Error);
          }
        }
      } else {
        this.reader.keep();
        this.pushEvent({ type, flags, seq, pid, payload: new Uint8Array(ab, base + at + Nlmsg.HDRLEN, len - Nlmsg.HDRLEN) });
      }
      at += align4(len);
    }
    if (end - at >= 4) this.pushEvent(new DecodeError(`${end - at} trailing bytes after the last message`, at - start));
  }

  // ---- reading ----

  private readonly onReadable = (status: number): void => {
    if (this.closed) return;
    if (status < 0) {
      // libuv reports POLLERR as EBADF and stops the watcher. On netlink, POLLERR
      // means a pending socket error (ENOBUFS after an overflow): rearm, then let
      // the read below return that error and clear it.
      if (this.watcher) this.addon.unwatch(this.watcher);
      this.watcher = this.addon.watch(this.fd, this.onReadable);
      this.refed = true;
      this.updateRef();
    }
    this.drain();
  };

  /**
   * Reads the datagrams waiting on the socket (bounded per call) and routes them.
   * untilIdle: stop once no request is pending (the replies to what was just sent
   * are in); anything later is picked up by the readiness callback.
   */
  private drain(untilIdle = false, until?: Pending): void {
    if (this.draining) return; // routing can send (queued requests); the outer loop reads on
    this.draining = true;
    try {
      this.readLoop(untilIdle, until);
    } finally {
      this.draining = false;
    }
    this.updateRef();
  }

  /** until: a sync request, read for even while a dump's reader has paused the socket. */
  private readLoop(untilIdle: boolean, until: Pending | undefined): void {
    const r = this.reader;
    for (let i = 0; i < 256 && (this.paused === false || until !== undefined) && this.closed === false; i++) {
      if (until ? until.settled : untilIdle && this.pending.size === 0) break;
      // Right after a send, the kernel has answered: usually a reply and an ACK per request.
      // Asking for no more spares recvmmsg() a last attempt on an empty queue (about 4% of a
      // GETFAMILY round trip); later reads take whatever is there.
      const n = r.read(i > 0 ? 0 : until ? 2 * this.pending.size + 2 : untilIdle ? 2 * this.pending.size : 0);
      if (n > 0) this.dispatch(0, n);
      else if (n < 0 && !this.readFailed(n)) break;
    }
  }

  /** A read's error: whether to read on (EINTR; ENOBUFS, told to get(): messages were lost, the socket works). */
  private readFailed(n: number): boolean {
    if (n === -EAGAIN) return false;
    if (n === -EINTR) return true;
    this.pushEvent(errnoError(-n, n === -ENOBUFS ? 'receive (messages were lost)' : 'recvmsg'));
    return n === -ENOBUFS;
  }

  /** Datagrams [from, n) of the last read: to a raw waiter, or routed. */
  private dispatch(from: number, n: number): void {
    const r = this.reader;
    const { slab, view, out, slot } = r;
    for (let j = from; j < n && this.closed === false; j++) {
      const at = out[4 * j]!;
      const len = out[4 * j + 1]!;
      if (len > slot) {
        this.onTruncated(view, at, slot, len);
        continue;
      }
      if (this.rawWaiters.length !== 0) {
        r.keep();
        this.rawWaiters.shift()!.resolve(slab.subarray(at, at + len));
        this.updateRef();
        continue;
      }
      this.route(view, at, at + len, out[4 * j + 3]!);
    }
  }

  /** A datagram larger than the buffer lost its tail: fail whoever it was for, grow the buffer. */
  private onTruncated(view: DataView, at: number, kept: number, size: number): void {
    const err = new NetlinkError(
      { errno: os.constants.errno.EMSGSIZE, command: 'recvmsg' },
      `netlink datagram of ${size} bytes was larger than the ${kept}-byte receive buffer and was truncated; the buffer now grows to fit`,
    );
    this.reader.grow(size + 4096);
    const seq = kept >= 16 ? view.getUint32(at + 8, true) : undefined;
    const p = seq === undefined ? undefined : seq === this.syncPending?.seq ? this.syncPending : this.pending.get(seq);
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
    if (this.watcher === undefined) return;
    const want = this.pending.size > 0 || this.queuedHead < this.queuedTail || this.dumpsWaiting.length > 0 ||
      this.eventWaiters.length > 0 || this.rawWaiters.length > 0;
    if (want !== this.refed) {
      this.refed = want;
      this.addon.ref(this.watcher, want);
    }
  }
}
