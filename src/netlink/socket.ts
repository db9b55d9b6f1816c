// NetlinkSocket: the five ways to talk to the kernel (sendto, put, request/dump, get, recv), and
// requestSync/dumpSync, over one non-blocking socket. The machinery under them (queueing, sending,
// routing, reading) is SocketCore, socket-core.ts.
import os from 'node:os';
import { native, type NativeAddon } from '../native.js';
import { NETLINK_ADD_MEMBERSHIP, NETLINK_DROP_MEMBERSHIP, NlmF, Protocol, SOL_NETLINK, type ProtocolName } from './constants.js';
import { NetlinkError, SocketClosedError } from './errors.js';
import type { NetlinkMessage } from './message.js';
import { dumpIterator, waitIn } from './pending.js';
import { errnoError, openConfigured, writeRequest, type OutMessage, type RequestOptions, type SocketOptions } from './socket-options.js';
import { SocketCore } from './socket-core.js';
import { Writer } from './writer.js';

export type { OutMessage, RequestOptions, SocketOptions } from './socket-options.js';

const NO_OPTIONS: RequestOptions = {}; // shared, never written

export class NetlinkSocket extends SocketCore {
  private constructor(addon: NativeAddon, protocol: number, fd: number, portId: number, opts: SocketOptions) {
    super(addon, protocol, fd, portId, opts);
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

}
