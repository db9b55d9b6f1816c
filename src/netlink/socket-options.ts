// The options and message shapes of NetlinkSocket (re-exported by socket.ts), opening's helpers, and the request writer.
import path from 'node:path';
import type { NativeAddon } from '../native.js';
import { NETLINK_CAP_ACK, NETLINK_EXT_ACK, NETLINK_GET_STRICT_CHK, SOL_NETLINK, SOL_SOCKET, SO_RCVBUF, SO_RCVBUFFORCE } from './constants.js';
import { NetlinkError } from './errors.js';
import { beginMessage, endMessage, writeBody } from './message.js';
import type { Writer } from './writer.js';

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
  /**
   * Requests sent together in one sendmsg() carry NLM_F_ACK on the last only; a reply or ACK of a later
   * one ends the earlier ones (the kernel answers in order: ack-group.ts). Default true on ROUTE,
   * SOCK_DIAG, XFRM, NETFILTER and GENERIC, whose requests are answered inside sendmsg(); false sends
   * every request with its own ACK.
   */
  elideAcks?: boolean;
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
  /**
   * For dump(): each message is only lent. Its payload may be read until the iterator's next step
   * (next() or return()) and not after: the socket then writes later datagrams into the same memory
   * instead of fresh memory for each. For readers that are done with a message before asking for the
   * next, keeping no view of it (ipset's listings). Default false: messages may be kept.
   */
  transient?: boolean;
}

export function resolveNetns(netns: string | undefined): string | null {
  if (!netns) return null;
  if (netns.includes('/')) return netns;
  if (!/^[A-Za-z0-9_.-]+$/.test(netns) || netns === '.' || netns === '..') {
    throw new TypeError(`invalid network namespace name '${netns}'`);
  }
  return path.join('/run/netns', netns);
}

/** socket(), the options, bind(): the fd and its port id, or a NetlinkError naming the failing call. */
export function openConfigured(addon: NativeAddon, proto: number, opts: SocketOptions): { fd: number; port: number } {
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
  return { fd, port };
}

export function errnoError(errno: number, what: string): NetlinkError {
  return new NetlinkError({ errno, command: what });
}

/** Writes a request in place: no header object or body closure, as this runs per request. */
export function writeRequest(w: Writer, msg: OutMessage, flags: number, seq: number): void {
  const start = beginMessage(w, msg.type, flags, seq, msg.pid ?? 0);
  writeBody(w, msg.body);
  endMessage(w, start);
}

/** writeRequest() at the writer's end, which it returns; a message that throws leaves nothing written. */
export function writeRequestAt(w: Writer, msg: OutMessage, flags: number, seq: number): number {
  const start = w.pos;
  try {
    writeRequest(w, msg, flags, seq);
  } catch (e) {
    w.pos = start;
    throw e;
  }
  return start;
}
