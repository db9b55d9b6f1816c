// The options and message shapes of NetlinkSocket (re-exported by socket.ts), opening's helpers, and the request writer.
import path from 'node:path';
import type { NativeAddon } from '../native.js';
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

export function errnoError(errno: number, what: string): NetlinkError {
  return new NetlinkError({ errno, command: what });
}

/** Writes a request in place: no header object or body closure, as this runs per request. */
export function writeRequest(w: Writer, msg: OutMessage, flags: number, seq: number): void {
  const start = beginMessage(w, msg.type, flags, seq, msg.pid ?? 0);
  writeBody(w, msg.body);
  endMessage(w, start);
}
