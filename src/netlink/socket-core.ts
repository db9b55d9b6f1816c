// The request machinery under NetlinkSocket (socket.ts): requests queue and go out together, one
// sendmsg() per microtask turn (or at once, for requestSync); replies are read in batches
// (reader.ts) and routed to their request by seq; events go to get(). Reading is driven by libuv
// readiness (the addon's watcher) and, right after a send, done at once: the kernel usually answers
// inside sendmsg().
import os from 'node:os';
import type { NativeAddon, NativeWatcher } from '../native.js';
import { Nlmsg, NlmF, align4 } from './constants.js';
import { DecodeError, NetlinkError, SocketClosedError } from './errors.js';
import { parseDone, parseError, type ErrorPayload, type NetlinkMessage } from './message.js';
import { canGroup, elidesAcks, groupAcks } from './ack-group.js';
import { NO_REPLIES, Pending, PendingTable, handOut, type Waiter } from './pending.js';
import { DatagramReader } from './reader.js';
import { OwnAnswer, takeOwn } from './own-answer.js';
import { errnoError, writeRequestAt, type OutMessage, type RequestOptions, type SocketOptions } from './socket-options.js';
import { Writer } from './writer.js';

const { EAGAIN, ENOBUFS, EINTR } = os.constants.errno;

const resolved = Promise.resolve();

/** Bytes per sendmsg() batch: well under the default send buffer (212992). */
const BATCH_BYTES = 128 * 1024;
/** Buffers per sendmsg() (the addon's iovec bound). */
const MAX_IOV = 64;

export class SocketCore {
  readonly protocol: number;
  readonly portId: number;
  readonly fd: number;
  protected readonly addon: NativeAddon;
  protected watcher: NativeWatcher | undefined;
  protected closed = false;
  protected paused = false;
  protected refed = true;
  protected seq: number;
  protected readonly reader: DatagramReader;
  protected readonly pending = new PendingTable();
  protected readonly events: (NetlinkMessage | Error)[] = [];
  protected readonly eventWaiters: Waiter<NetlinkMessage>[] = [];
  protected readonly rawWaiters: Waiter<Uint8Array>[] = [];
  /** Requests encoded but not sent: queued[queuedHead, queuedTail), by index as this runs per request; a fresh array
   *  once 64 went through (queuedSinceFresh), as a new request stored in an old array costs a write barrier. */
  protected queued: (Pending | undefined)[] = [];
  protected queuedHead = 0;
  protected queuedTail = 0;
  protected queuedSinceFresh = 0;
  /** Dumps waiting for the running one to end: the kernel runs one dump per socket at a time. */
  protected readonly dumpsWaiting: Pending[] = [];
  protected dumpRunning: Pending | undefined;
  protected readonly maxInFlight: number;
  protected readonly elideAcks: boolean;
  protected inFlight = 0;
  /** Queued requests are encoded back to back here, so a batch is usually one buffer. */
  protected readonly sendWriter = new Writer(16384);
  /** requestSync()'s message when the queue still holds requests the window keeps back. */
  protected syncWriter: Writer | undefined;
  /** The send buffer bound to the socket (addon.useBuffers). */
  protected boundSend: Uint8Array | undefined;
  /** The requestSync()/dumpSync() being read for: routed by its seq, outside the table. */
  protected syncPending: Pending | undefined;
  protected flushScheduled = false;
  protected flushing = false;
  protected draining = false;

  protected constructor(addon: NativeAddon, protocol: number, fd: number, portId: number, opts: SocketOptions) {
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

  /** A fresh sequence number (never 0). */
  nextSeq(): number {
    this.seq = (this.seq + 1) >>> 0 || 1;
    return this.seq;
  }

  // ---- sending ----

  protected submit(msg: OutMessage, flags: number, dump: boolean, opts: RequestOptions, collect = false): Pending {
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

  protected sync(msg: OutMessage, flags: number, dump: boolean, opts: RequestOptions): NetlinkMessage[] {
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
    if (a.over && j === n) return handOut(a.replies);
    // Else the long way: a record route() finds by its seq (not in the table; no promise).
    const p = new Pending(seq, opts.command, dump, !dump, true, Infinity, false, true);
    p.replies = a.replies;
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
    return handOut(p.replies);
  }

  /** The addon sends from buf from now on (a writer's buffer is replaced when it grows). */
  protected bindSend(buf: Uint8Array): void {
    if (buf !== this.boundSend) {
      this.addon.useBuffers!(this.fd, buf, null, null);
      this.boundSend = buf;
    }
  }

  /** buf[start, end) in one send(): through the bound buffer when the addon has one. */
  protected sendRange(buf: Uint8Array, start: number, end: number): number {
    const a = this.addon;
    if (a.sendBound) {
      this.bindSend(buf);
      return a.sendBound(this.fd, start, end);
    }
    return a.sendAt ? a.sendAt(this.fd, buf, start, end) : a.send(this.fd, buf.subarray(start, end), 0, 0);
  }

  protected scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    void resolved.then(this.flushTask);
  }

  protected readonly flushTask = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  /**
   * Sends what is queued, as the window allows, then reads the replies at once: the kernel
   * usually answers inside sendmsg(), so a request/await loop needs no turn of the event loop.
   */
  protected flush(): void {
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
  protected sendQueued(): boolean {
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

  protected assertOpen(): void {
    if (this.closed) throw new SocketClosedError('netlink socket is closed');
  }

  // ---- settling ----

  protected settle(p: Pending): void {
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
  protected finish(p: Pending): void {
    if (p.settled === true) return;
    this.settle(p);
    p.resolve(p.dump === true && p.collect === false ? [] : handOut(p.replies));
    if (p.wake !== undefined) p.wake();
    if (this.draining === false) this.updateRef();
  }

  protected fail(p: Pending, err: Error): void {
    if (p.settled === true) return;
    this.settle(p);
    p.error = err;
    p.reject(err);
    if (p.wake !== undefined) p.wake();
    if (this.draining === false) this.updateRef();
  }

  // ---- routing ----

  protected kernelError(p: Pending, e: ErrorPayload): NetlinkError {
    return new NetlinkError({
      errno: -e.error, kernelMessage: e.message, offset: e.offset, command: p.command, seq: p.seq,
      missingType: e.missingType, echoed: e.echoed,
    });
  }

  protected deliver(p: Pending, m: NetlinkMessage): void {
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
  protected earlierDone(p: Pending): void {
    const g = p.ackGroup!;
    while (g.next < p.ackIndex) {
      const m = g.members[g.next++]!;
      if (m.settled === false) this.finish(m);
    }
  }

  protected pushEvent(ev: NetlinkMessage | Error): void {
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
  protected route(view: DataView, start: number, end: number, groups: number): void {
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

  protected readonly onReadable = (status: number): void => {
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
  protected drain(untilIdle = false, until?: Pending): void {
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
  protected readLoop(untilIdle: boolean, until: Pending | undefined): void {
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
  protected readFailed(n: number): boolean {
    if (n === -EAGAIN) return false;
    if (n === -EINTR) return true;
    this.pushEvent(errnoError(-n, n === -ENOBUFS ? 'receive (messages were lost)' : 'recvmsg'));
    return n === -ENOBUFS;
  }

  /** Datagrams [from, n) of the last read: to a raw waiter, or routed. */
  protected dispatch(from: number, n: number): void {
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
  protected onTruncated(view: DataView, at: number, kept: number, size: number): void {
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

  protected pause(): void {
    if (this.paused || !this.watcher) return;
    this.paused = true;
    this.addon.unwatch(this.watcher);
    this.watcher = undefined;
  }

  protected resume(): void {
    if (!this.paused || this.closed) return;
    this.paused = false;
    this.watcher = this.addon.watch(this.fd, this.onReadable);
    this.refed = true;
    this.updateRef();
    // Data may already be waiting: libuv reports it on the next loop turn.
  }

  /** The socket keeps the process alive only while someone waits on it. */
  protected updateRef(): void {
    if (this.watcher === undefined) return;
    const want = this.pending.size > 0 || this.queuedHead < this.queuedTail || this.dumpsWaiting.length > 0 ||
      this.eventWaiters.length > 0 || this.rawWaiters.length > 0;
    if (want !== this.refed) {
      this.refed = want;
      this.addon.ref(this.watcher, want);
    }
  }
}
